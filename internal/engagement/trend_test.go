package engagement

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestDirectionFor(t *testing.T) {
	tests := []struct {
		ratio float64
		want  Direction
	}{
		{0, Declining},
		{0.69, Declining},
		{0.7, Steady}, // exactly the threshold is not flagged
		{2.1 / 3.0, Steady},
		{1, Steady},
		{1.3, Steady}, // exactly the threshold is not flagged
		{2.6 / 2.0, Steady},
		{1.31, Rising},
	}
	for _, tt := range tests {
		if got := DirectionFor(tt.ratio); got != tt.want {
			t.Errorf("DirectionFor(%v) = %q; want %q", tt.ratio, got, tt.want)
		}
	}
}

func TestTrendBetween(t *testing.T) {
	ok := func(m float64) Window { return Window{Median: m, N: 3, OK: true} }
	tests := []struct {
		name     string
		now, ago Window
		want     Trend
	}{
		{"both windows", ok(0.02), ok(0.04), Trend{Ratio: 0.5, OK: true, Direction: Declining}},
		{"now not enough data", Window{N: 1}, ok(0.04), Trend{}},
		{"a year ago not enough data", ok(0.02), Window{N: 1}, Trend{}},
		{"a year ago zero: no ratio", ok(0.02), ok(0), Trend{}},
		{"now zero against a real rate", ok(0), ok(0.04), Trend{Ratio: 0, OK: true, Direction: Declining}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TrendBetween(tt.now, tt.ago); got != tt.want {
				t.Errorf("TrendBetween = %+v; want %+v", got, tt.want)
			}
		})
	}
}

// yearOnYear is an Instagram account with constant followers whose interactions per period are
// ago in January–March 2025 and now in January–March 2026, analysed on 15 April 2026.
func yearOnYear(followersAgo, ago, followersNow, now float64) []rapport.Snapshot {
	s := monthly(rapport.Instagram, 2025, 1, 3, func(int) (float64, float64) { return followersAgo, ago })
	return append(s, monthly(rapport.Instagram, 2026, 1, 3, func(int) (float64, float64) { return followersNow, now })...)
}

func TestTrendFlags(t *testing.T) {
	tests := []struct {
		name      string
		ago, now  float64 // interactions on 10,000 followers
		wantRatio float64
		wantDir   Direction
		wantFlags []FlagKind
	}{
		{"3.0% → 2.1% is exactly 0.7: steady", 300, 210, 0.7, Steady, []FlagKind{}},
		{"3.0% → 2.09% is below 0.7: declining", 300, 209, 2.09 / 3.0, Declining, []FlagKind{FlagDeclining}},
		{"2.0% → 2.6% is exactly 1.3: steady", 200, 260, 1.3, Steady, []FlagKind{}},
		{"2.0% → 2.61% is above 1.3: rising", 200, 261, 2.61 / 2.0, Rising, []FlagKind{FlagRising}},
		{"unchanged", 250, 250, 1, Steady, []FlagKind{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Analyze(yearOnYear(10000, tt.ago, 10000, tt.now), date(2026, 4, 15), Benchmarks{})
			pa := platformOf(t, a, rapport.Instagram)
			tr := pa.Rates[0].Trend
			if !tr.OK || math.Abs(tr.Ratio-tt.wantRatio) > 1e-9 || tr.Direction != tt.wantDir {
				t.Errorf("trend = %+v; want ratio %v, %q", tr, tt.wantRatio, tt.wantDir)
			}
			if got := kinds(pa.Flags); !slices.Equal(got, tt.wantFlags) {
				t.Errorf("flags = %v; want %v", got, tt.wantFlags)
			}
			if a.Summary.Trend != tr {
				t.Errorf("summary trend = %+v; want the primary platform's %+v", a.Summary.Trend, tr)
			}
		})
	}
}

func TestDecliningFlagWording(t *testing.T) {
	a := Analyze(yearOnYear(10000, 310, 10000, 180), date(2026, 4, 15), Benchmarks{})
	f := platformOf(t, a, rapport.Instagram).Flags[0]
	wantMsg := "Instagram engagement down 42% year on year (ER/followers 3.1% → 1.8%) — worth a look before booking"
	wantEv := "ER/followers: median 1.8% over the 3 periods in the 90 days to 15 Apr 2026, against 3.1% over 3 periods a year earlier; ratio 0.58 (flagged below 0.70)."
	if f.Kind != FlagDeclining || f.Message != wantMsg || f.Evidence != wantEv || f.Platform != rapport.Instagram {
		t.Errorf("flag = %+v\nwant message %q\nwant evidence %q", f, wantMsg, wantEv)
	}
}

func TestDivergence(t *testing.T) {
	tests := []struct {
		name                  string
		followersAgo, ago     float64
		followersNow, nowRate float64 // nowRate is interactions ÷ followers now
		want                  []FlagKind
	}{
		{"followers +25% exactly with a flat rate", 10000, 300, 12500, 0.03, []FlagKind{FlagDivergence}},
		{"followers +24.9% with a flat rate", 10000, 300, 12490, 0.03, []FlagKind{}},
		{"followers +40% with the rate up a little", 10000, 300, 14000, 0.0303, []FlagKind{}},
		{"followers +40% with the rate down to 0.8×", 10000, 300, 14000, 0.024, []FlagKind{FlagDivergence}},
		{"followers +40% with the rate halved also declines", 10000, 300, 14000, 0.015, []FlagKind{FlagDeclining, FlagDivergence}},
		{"followers shrinking", 10000, 300, 7000, 0.02, []FlagKind{FlagDeclining}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snaps := yearOnYear(tt.followersAgo, tt.ago, tt.followersNow, tt.nowRate*tt.followersNow)
			pa := platformOf(t, Analyze(snaps, date(2026, 4, 15), Benchmarks{}), rapport.Instagram)
			if got := kinds(pa.Flags); !slices.Equal(got, tt.want) {
				t.Errorf("flags = %v; want %v", got, tt.want)
			}
		})
	}

	pa := platformOf(t, Analyze(yearOnYear(10000, 300, 14000, 0.024*14000), date(2026, 4, 15), Benchmarks{}), rapport.Instagram)
	f := pa.Flags[0]
	wantMsg := "Instagram followers up 40% in a year while engagement did not keep pace (ER/followers 3.0% → 2.4%) — worth checking where the new followers come from"
	wantEv := "Median followers 14,000 in the 90 days to 15 Apr 2026 against 10,000 a year earlier (+40.0%); ER/followers ratio 0.80. Flagged when followers grow 25% or more while the ratio is 1.00 or below."
	if f.Message != wantMsg || f.Evidence != wantEv {
		t.Errorf("divergence flag:\n got %q\n     %q\nwant %q\n     %q", f.Message, f.Evidence, wantMsg, wantEv)
	}
}

func TestVideoPlatformFlagsEachFormula(t *testing.T) {
	// Views held at 20,000, interactions halved year on year: both rates halve, and each
	// flag names its own formula.
	var snaps []rapport.Snapshot
	for _, y := range []int{2025, 2026} {
		x := 1000.0
		if y == 2026 {
			x = 500
		}
		for m := range 3 {
			s := rated(rapport.TikTok, monthEnd(y, 1+timeMonth(m)), 50000, x)
			s.AvgViews = rapport.Known(20000)
			snaps = append(snaps, s)
		}
	}
	pa := platformOf(t, Analyze(snaps, date(2026, 4, 15), Benchmarks{}), rapport.TikTok)
	if got := kinds(pa.Flags); !slices.Equal(got, []FlagKind{FlagDeclining, FlagDeclining}) {
		t.Fatalf("flags = %v", got)
	}
	if !strings.Contains(pa.Flags[0].Message, "ER/followers 2.0% → 1.0%") || !strings.Contains(pa.Flags[1].Message, "ER/views 5.0% → 2.5%") {
		t.Errorf("messages:\n%s\n%s", pa.Flags[0].Message, pa.Flags[1].Message)
	}
}
