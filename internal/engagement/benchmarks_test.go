package engagement

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestDefaultBenchmarksParse(t *testing.T) {
	b, err := ParseBenchmarks(defaultBenchmarksYAML())
	if err != nil {
		t.Fatalf("shipped benchmarks.yaml: %v", err)
	}
	for _, tier := range Tiers {
		if row, ok := b.Lookup("mastodon", tier, PerFollower); !ok || row.Platform != DefaultPlatform || row.Tier != tier {
			t.Errorf("no default ER/followers row for %s: %+v", tier, row)
		}
		for _, p := range []rapport.Platform{rapport.Instagram, rapport.TikTok, rapport.YouTube} {
			if row, ok := b.Lookup(p, tier, PerFollower); !ok || row.Platform != p || row.Tier != tier {
				t.Errorf("no %s %s row: %+v", p, tier, row)
			}
		}
		if row, ok := b.Lookup(rapport.Twitch, tier, PerView); !ok || row.Platform != DefaultPlatform {
			t.Errorf("no default ER/views row for %s: %+v", tier, row)
		}
	}
	for _, row := range b.Rows() {
		if !strings.Contains(row.Source, "20") || row.Line == 0 {
			t.Errorf("row %+v should name its report's year and line", row)
		}
	}
	if len(DefaultBenchmarks().Rows()) != len(b.Rows()) {
		t.Error("DefaultBenchmarks differs from the shipped file")
	}
}

func TestBandFallback(t *testing.T) {
	raw, err := os.ReadFile("testdata/benchmarks/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseBenchmarks(raw)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		platform     rapport.Platform
		tier         Tier
		formula      Formula
		er           float64
		want         Band
		wantPlatform rapport.Platform
		wantTier     Tier
		wantOK       bool
	}{
		{"own row, below low", rapport.Instagram, Micro, PerFollower, 0.009, BandLow, rapport.Instagram, Micro, true},
		{"own row, exactly low is average", rapport.Instagram, Micro, PerFollower, 0.01, BandAverage, rapport.Instagram, Micro, true},
		{"own row, exactly high is average", rapport.Instagram, Micro, PerFollower, 0.03, BandAverage, rapport.Instagram, Micro, true},
		{"own row, above high", rapport.Instagram, Micro, PerFollower, 0.031, BandHigh, rapport.Instagram, Micro, true},
		{"platform without the tier falls to the default row for the tier", rapport.Instagram, Nano, PerFollower, 0.01, BandAverage, DefaultPlatform, "", true},
		{"platform's any-tier row", rapport.TikTok, Mega, PerView, 0.04, BandLow, rapport.TikTok, "", true},
		{"unknown platform, tier row", "mastodon", Micro, PerFollower, 0.025, BandHigh, DefaultPlatform, Micro, true},
		{"unknown platform, any-tier row", "mastodon", Mega, PerFollower, 0.005, BandAverage, DefaultPlatform, "", true},
		{"video platform without rows, per view", rapport.YouTube, Micro, PerView, 0.07, BandHigh, DefaultPlatform, "", true},
		{"unknown tier uses any-tier rows", rapport.Instagram, "", PerFollower, 0.005, BandAverage, DefaultPlatform, "", true},
		{"per view never applies to a photo platform", rapport.Instagram, Micro, PerView, 0.05, "", "", "", false},
		{"not a number", rapport.Instagram, Micro, PerFollower, math.NaN(), "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			band, row, ok := b.Band(tt.platform, tt.tier, tt.formula, tt.er)
			if ok != tt.wantOK || band != tt.want || row.Platform != tt.wantPlatform || row.Tier != tt.wantTier {
				t.Errorf("Band = %q, %+v, %v; want %q from %s/%q", band, row, ok, tt.want, tt.wantPlatform, tt.wantTier)
			}
			if ok && (row.Formula != tt.formula || row.Source == "") {
				t.Errorf("row %+v does not match formula %v or lacks a source", row, tt.formula)
			}
		})
	}

	// The fallback for a tier a platform lacks is the default row for that tier.
	if _, row, _ := b.Band(rapport.Instagram, Micro+"x", PerFollower, 0.01); row.Tier != "" {
		t.Errorf("unknown tier matched %+v", row)
	}
	if _, _, ok := (Benchmarks{}).Band(rapport.Instagram, Micro, PerFollower, 0.01); ok {
		t.Error("the zero Benchmarks has no rows")
	}
}

func TestParseBenchmarksErrors(t *testing.T) {
	row := func(body string) string { return "benchmarks:\n  - " + strings.ReplaceAll(body, "\n", "\n    ") + "\n" }
	const ok = "platform: instagram\ntier: micro\ner_followers: {low: 1, high: 3}\nsource: \"Report 2025\""
	if _, err := ParseBenchmarks([]byte(row(ok))); err != nil {
		t.Fatalf("valid file rejected: %v", err)
	}
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top-level key", "rows: []\n", "field rows not found"},
		{"unknown row key", row(ok + "\nnote: x"), "field note not found"},
		{"unknown mark key", row("platform: instagram\ntier: micro\ner_followers: {low: 1, hi: 3}\nsource: s"), "field hi not found"},
		{"low equal to high", row("platform: instagram\ntier: micro\ner_followers: {low: 3, high: 3}\nsource: s"), "line 2 (instagram, micro): er_followers low 3 must be below high 3"},
		{"low above high", row("platform: instagram\ntier: micro\ner_followers: {low: 5, high: 2}\nsource: s"), "low 5 must be below high 2"},
		{"missing source", row("platform: instagram\ntier: micro\ner_followers: {low: 1, high: 3}"), "source is missing"},
		{"blank source", row("platform: instagram\ntier: micro\ner_followers: {low: 1, high: 3}\nsource: \"  \""), "source is missing"},
		{"unknown tier", row("platform: instagram\ntier: giga\ner_followers: {low: 1, high: 3}\nsource: s"), `unknown tier "giga"`},
		{"missing tier", row("platform: instagram\ner_followers: {low: 1, high: 3}\nsource: s"), "tier is missing"},
		{"missing platform", row("tier: micro\ner_followers: {low: 1, high: 3}\nsource: s"), "platform is missing"},
		{"bad platform", row("platform: insta gram\ntier: micro\ner_followers: {low: 1, high: 3}\nsource: s"), "plain name"},
		{"missing high", row("platform: instagram\ntier: micro\ner_followers: {low: 1}\nsource: s"), "needs both low and high"},
		{"no marks", row("platform: instagram\ntier: micro\nsource: s"), "no marks"},
		{"views on a photo platform", row("platform: instagram\ntier: micro\ner_views: {low: 1, high: 3}\nsource: s"), "er_views applies to video platforms only"},
		{"percent out of range", row("platform: instagram\ntier: micro\ner_followers: {low: 1, high: 300}\nsource: s"), "between 0 and 100"},
		{"not a number", row("platform: instagram\ntier: micro\ner_followers: {low: .nan, high: 3}\nsource: s"), "must be numbers"},
		{"duplicate row", row(ok) + "  - " + strings.ReplaceAll(ok, "\n", "\n    ") + "\n", "line 6 (instagram, micro): duplicates the row on line 2"},
		{"alias duplicates", row(ok) + "  - " + strings.ReplaceAll(strings.Replace(ok, "instagram", "IG", 1), "\n", "\n    ") + "\n", "duplicates the row on line 2"},
		{"empty file", "", "empty"},
		{"no rows", "benchmarks: []\n", "no rows"},
		{"not YAML", "benchmarks: [\n", "benchmarks: yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseBenchmarks([]byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseBenchmarks error = %v; want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseBenchmarksReportsEveryProblem(t *testing.T) {
	raw := "benchmarks:\n" +
		"  - {platform: instagram, tier: micro, er_followers: {low: 3, high: 1}, source: s}\n" +
		"  - {platform: tiktok, tier: nano, er_followers: {low: 1, high: 3}}\n"
	_, err := ParseBenchmarks([]byte(raw))
	if err == nil || !strings.Contains(err.Error(), "line 2 (instagram, micro)") || !strings.Contains(err.Error(), "line 3 (tiktok, nano): source is missing") {
		t.Errorf("error = %v; want both rows reported", err)
	}
}
