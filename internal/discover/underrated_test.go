package discover

import (
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestUnderratedPoints(t *testing.T) {
	igMicro := engagement.Benchmark{Platform: rapport.Instagram, Tier: engagement.Micro, Low: 0.01, High: 0.03}
	ttMicro := engagement.Benchmark{Platform: rapport.TikTok, Tier: engagement.Micro, Low: 0.04, High: 0.12}
	t.Run("engagement", func(t *testing.T) {
		tests := []struct {
			name   string
			er     float64
			b      engagement.Benchmark
			want   float64
			wantOK bool
		}{
			{"below the typical rate is not underrated", 0.0199, igMicro, 0, false},
			{"the typical rate, the middle of the band, scores 0", 0.02, igMicro, 0, true},
			{"halfway to the high mark", 0.025, igMicro, 0.5, true},
			{"the high mark", 0.03, igMicro, 1, true},
			{"as far again above it", 0.04, igMicro, 2, true},
			{"capped at 2", 0.09, igMicro, 2, true},
			{"the baker: 9.4% on TikTok micro", 0.094, ttMicro, 0.35, true},
			{"not a number", math.NaN(), igMicro, 0, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, ok := engagementPoints(tt.er, tt.b)
				if ok != tt.wantOK || math.Abs(got-tt.want) > 1e-9 {
					t.Errorf("engagementPoints(%v) = %v, %v; want %v, %v", tt.er, got, ok, tt.want, tt.wantOK)
				}
			})
		}
	})
	t.Run("trend", func(t *testing.T) {
		tests := []struct {
			name string
			tr   engagement.Trend
			want float64
		}{
			{"unknown counts as flat", engagement.Trend{}, 0.5},
			{"declining at the threshold", engagement.Trend{Ratio: 0.7, OK: true}, 0},
			{"declining further", engagement.Trend{Ratio: 0.4, OK: true}, 0},
			{"flat", engagement.Trend{Ratio: 1, OK: true}, 0.5},
			{"halfway to rising", engagement.Trend{Ratio: 1.15, OK: true}, 0.75},
			{"rising at the threshold", engagement.Trend{Ratio: 1.3, OK: true}, 1},
			{"the baker: 9.4% against 7%", engagement.Trend{Ratio: 0.094 / 0.07, OK: true}, 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := trendPoints(tt.tr); math.Abs(got-tt.want) > 1e-9 {
					t.Errorf("trendPoints(%+v) = %v; want %v", tt.tr, got, tt.want)
				}
			})
		}
	})
	t.Run("audience", func(t *testing.T) {
		tests := []struct {
			name              string
			followers, median float64
			want              float64
		}{
			{"at the median scores 0", 180_000, 180_000, 0},
			{"above the median scores 0", 200_000, 180_000, 0},
			{"half the median", 90_000, 180_000, 0.5},
			{"a quarter of the median", 45_000, 180_000, 1},
			{"the baker: 25K against 180K", 25_000, 180_000, 1},
			{"no followers at all", 0, 180_000, 1},
			{"no median", 25_000, math.NaN(), 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := audiencePoints(tt.followers, tt.median); math.Abs(got-tt.want) > 1e-9 {
					t.Errorf("audiencePoints(%v, %v) = %v; want %v", tt.followers, tt.median, got, tt.want)
				}
			})
		}
	})
	t.Run("use", func(t *testing.T) {
		tests := []struct {
			name      string
			days      int
			never     bool
			campaigns int
			want      float64
		}{
			{"never contacted, never in a campaign", 0, true, 0, 1},
			{"the baker: contacted 35 days ago", 35, false, 0, (35.0/120 + 1) / 2},
			{"contact counts fully after 120 days", 200, false, 0, 1},
			{"one campaign halves that part", 200, false, 1, 0.75},
			{"contacted today, three campaigns", 0, false, 3, 0.125},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := usePoints(tt.days, tt.never, tt.campaigns); math.Abs(got-tt.want) > 1e-9 {
					t.Errorf("usePoints(%d, %v, %d) = %v; want %v", tt.days, tt.never, tt.campaigns, got, tt.want)
				}
			})
		}
	})
}

// TestUnderratedScores checks each part of the score on the shared roster, whose median
// following is 50K.
func TestUnderratedScores(t *testing.T) {
	want := map[string]UnderratedScore{
		// 4% on Instagram micro (1–3%), ×1.1, 40K, contacted 90 days ago.
		"ava.moreau": {Engagement: 2, Trend: 0.4 / 0.6, Audience: math.Log2(50.0/40) / 2, Use: (0.75 + 1) / 2},
		// 3.5% on Instagram micro, no trend yet, 15K, contacted 60 days ago.
		"hera": {Engagement: 1.5, Trend: 0.5, Audience: math.Log2(50.0/15) / 2, Use: (0.5 + 1) / 2},
		// 14% on TikTok micro (4–12%), ×1.5, 60K (above the median), never contacted.
		"chloe": {Engagement: 1.5, Trend: 1, Audience: 0, Use: 1},
		// Scored on TikTok (16%, nano 5–15%), where she stands out, not on Instagram (2%).
		"gia": {Engagement: 1.2, Trend: 0.5, Audience: math.Log2(50.0/20) / 2, Use: 1},
		"ivy": {Engagement: 1.2, Trend: 0.5, Audience: 0.5, Use: (59.0/120 + 1) / 2},
		// 1.5% on Instagram mid (0.8–2%), ×0.6, 200K, contacted 10 days ago.
		"ben": {Engagement: 0.1 / 0.6, Trend: 0, Audience: 0, Use: (10.0/120 + 1) / 2},
	}
	rs := Search(mustParse(t, "underrated"), roster(), me, now)
	if len(rs) != len(want) {
		t.Fatalf("underrated = %q; want %d rows", handles(rs), len(want))
	}
	for i, r := range rs {
		w := want[r.Influencer.Handle]
		got := r.Underrated
		if math.Abs(got.Engagement-w.Engagement) > 1e-9 || math.Abs(got.Trend-w.Trend) > 1e-9 ||
			math.Abs(got.Audience-w.Audience) > 1e-9 || math.Abs(got.Use-w.Use) > 1e-9 {
			t.Errorf("%s: score %+v; want %+v", r.Influencer.Handle, got, w)
		}
		if i > 0 && got.Total() > rs[i-1].Underrated.Total() {
			t.Errorf("%s (%.2f) ranks below %s (%.2f)", r.Influencer.Handle, got.Total(), rs[i-1].Influencer.Handle, rs[i-1].Underrated.Total())
		}
		if got.Total() < 0 || got.Total() > MaxUnderratedScore {
			t.Errorf("%s: total %v out of range", r.Influencer.Handle, got.Total())
		}
	}
	if rs[3].Platform != rapport.TikTok {
		t.Errorf("gia's row is about %q; want TikTok, where she stands out", rs[3].Platform)
	}
	if got := Search(mustParse(t, "tag:beauty"), roster(), me, now); got[0].Underrated != (UnderratedScore{}) || got[0].Misses != nil {
		t.Errorf("a search without underrated scores rows: %+v", got[0])
	}
}

func TestUnderratedLeavesOut(t *testing.T) {
	ig := rapport.Instagram
	strong := func(handle string, opts ...option) Candidate { // 4% on Instagram micro: high
		return cand(handle, append([]option{metrics(analysis(account(ig, 40_000, 0.04)))}, opts...)...)
	}
	noBenchmark := account(ig, 40_000, 0.04)
	noBenchmark.Rates[0].Band, noBenchmark.Rates[0].Benchmark, noBenchmark.Rates[0].BandOK = "", engagement.Benchmark{}, false
	tests := []struct {
		name  string
		query string
		cands []Candidate
		want  []string
	}{
		{"no ER figure for now", "underrated", []Candidate{
			strong("a"), cand("x", metrics(analysis(account(ig, 20_000, -1))))}, []string{"a"}},
		{"no metrics at all", "underrated", []Candidate{strong("a"), cand("x")}, []string{"a"}},
		{"no benchmark to judge the rate by", "underrated", []Candidate{
			strong("a"), cand("x", metrics(analysis(noBenchmark)))}, []string{"a"}},
		{"an unknown following has no tier, so no band", "underrated", []Candidate{
			strong("a"), cand("x", metrics(engagement.Analysis{Platforms: []engagement.PlatformAnalysis{{Platform: ig}}}))}, []string{"a"}},
		{"below the typical rate for the tier", "underrated", []Candidate{
			strong("a"), cand("typical", metrics(analysis(account(ig, 20_000, 0.02)))),
			cand("below", metrics(analysis(account(ig, 20_000, 0.0199))))}, []string{"a", "typical"}},
		{"paused", "underrated", []Candidate{strong("a"), strong("p", status(rapport.StatusPaused))}, []string{"a"}},
		{"paused, unless asked for", "underrated status:paused", []Candidate{strong("a"), strong("p", status(rapport.StatusPaused))}, []string{"p"}},
		{"do-not-contact", "underrated", []Candidate{strong("a"), strong("d", status(rapport.StatusDoNotContact))}, []string{"a"}},
		{"do-not-contact, unless asked for", "underrated status:dnc", []Candidate{strong("a"), strong("d", status(rapport.StatusDoNotContact))}, []string{"d"}},
		{"nobody has followers", "underrated", []Candidate{cand("x"), cand("y")}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := handles(Search(mustParse(t, tt.query), tt.cands, me, now)); !slices.Equal(got, tt.want) {
				t.Errorf("%s = %q; want %q", tt.query, got, tt.want)
			}
		})
	}
}

// TestUnderratedReasonsAndMisses: every criterion is either a reason or a miss, never
// both. The roster around the one creator puts the median following at 50K, whatever
// the creator's own.
func TestUnderratedReasonsAndMisses(t *testing.T) {
	ig, tt := rapport.Instagram, rapport.TikTok
	var others []Candidate
	for i, f := range []float64{30_000, 50_000, 50_000, 70_000} { // ER far below typical: never listed
		others = append(others, cand(string(rune('m'+i)), metrics(analysis(account(ig, f, 0.001)))))
	}
	tests := []struct {
		name       string
		c          Candidate
		why, miss  []string
		wantPlatfm rapport.Platform
	}{
		{"everything holds", cand("x", contacted(90), metrics(analysis(trending(account(ig, 12_000, 0.06), 1.4)))),
			[]string{"ER 6.0% on Instagram — above the micro band (1–3%)", "rising ×1.40 year on year",
				"12K followers, below the roster median of 50K", "last contact 90 days ago", "no campaigns with the brand yet"},
			nil, ig},
		{"everything misses but engagement", cand("x", contacted(1), campaigns(3), metrics(analysis(trending(account(ig, 80_000, 0.021), 0.5)))),
			[]string{"ER 2.1% on Instagram — upper half of the micro band (1–3%)"},
			[]string{"declining ×0.50 year on year", "80K followers, not below the roster median of 50K",
				"contacted 1 day ago (under 60)", "already in 3 campaigns with the brand"}, ig},
		{"contact exactly 60 days ago is not recent", cand("x", contacted(60), campaigns(1), metrics(analysis(account(ig, 12_000, 0.028)))),
			[]string{"ER 2.8% on Instagram — top of the micro band (1–3%)", "12K followers, below the roster median of 50K",
				"last contact 60 days ago", "1 campaign with the brand"},
			[]string{"no year-on-year trend yet"}, ig},
		{"contact 59 days ago is", cand("x", contacted(59), metrics(analysis(trending(account(ig, 12_000, 0.028), 1)))),
			[]string{"ER 2.8% on Instagram — top of the micro band (1–3%)", "steady ×1.00 year on year",
				"12K followers, below the roster median of 50K", "no campaigns with the brand yet"},
			[]string{"contacted 59 days ago (under 60)"}, ig},
		{"contacted today", cand("x", contacted(0), metrics(analysis(trending(account(ig, 12_000, 0.028), 1)))),
			[]string{"ER 2.8% on Instagram — top of the micro band (1–3%)", "steady ×1.00 year on year",
				"12K followers, below the roster median of 50K", "no campaigns with the brand yet"},
			[]string{"contacted today (under 60)"}, ig},
		{"the following is the primary platform's", cand("x", metrics(analysis(account(ig, 30_000, 0.005), trending(account(tt, 8_000, 0.2), 1.35)))),
			[]string{"ER 20.0% on TikTok — above the nano band (5–15%)", "rising ×1.35 year on year",
				"30K followers on Instagram, below the roster median of 50K", "never contacted", "no campaigns with the brand yet"},
			nil, tt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs := Search(mustParse(t, "underrated"), append(slices.Clone(others), tc.c), me, now)
			if len(rs) != 1 || rs[0].Influencer.Handle != "x" {
				t.Fatalf("underrated = %q; want [x]", handles(rs))
			}
			r := rs[0]
			if r.Platform != tc.wantPlatfm || !reflect.DeepEqual(r.Why, tc.why) || !reflect.DeepEqual(r.Misses, tc.miss) {
				t.Errorf("on %s\nWhy    = %q\nMisses = %q\nwant on %s\nWhy    = %q\nMisses = %q", r.Platform, r.Why, r.Misses, tc.wantPlatfm, tc.why, tc.miss)
			}
		})
	}
}

// TestUnderratedBaker is the case that made underrated a ranking: a TikTok baker at 9.4% ER
// (up from 7% a year ago) with 25K followers, last contacted 35 days ago. The old filter
// wanted a high band (hers is the top of the average one) and no contact in 60 days, and
// answered "No influencer matches". She now comes first, with her reasons and the one
// criterion she misses.
func TestUnderratedBaker(t *testing.T) {
	// Monthly periods ending March 2025 back to January 2024 and from December 2025 to
	// February 2026: the 1y window holds Dec 2024 – Feb 2025, the now window Dec 2025 –
	// Feb 2026 (now is 15 March 2026).
	monthly := func(p rapport.Platform, followers float64, erAt func(m time.Time) float64) []rapport.Snapshot {
		var out []rapport.Snapshot
		for i := range 26 {
			asOf := time.Date(2024, time.February+time.Month(i), 0, 0, 0, 0, 0, time.UTC)
			out = append(out, rapport.Snapshot{Platform: p, AsOf: asOf, Followers: rapport.Known(followers),
				Posts: rapport.Known(12), AvgLikes: rapport.Known(math.Round(followers * erAt(asOf))), AvgComments: rapport.Known(0)})
		}
		return out
	}
	flat := func(er float64) func(time.Time) float64 { return func(time.Time) float64 { return er } }
	analyze := func(snaps []rapport.Snapshot) engagement.Analysis {
		return engagement.Analyze(snaps, now, engagement.DefaultBenchmarks())
	}
	baker := cand("sweetcrumbs.bakes", named("Maya Baker"), tagged("food", "baking"), in("FR"), contacted(35),
		metrics(analyze(monthly(rapport.TikTok, 25_000, func(m time.Time) float64 {
			if m.After(time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)) {
				return 0.094
			}
			return 0.07
		}))))
	cands := []Candidate{
		baker,
		// What the old filter listed: a high band, below the median, no contact in 60 days;
		// but only just above the high mark, steady, and in two campaigns already.
		cand("nailsbynina", tagged("beauty"), contacted(70), campaigns(2),
			metrics(analyze(monthly(rapport.Instagram, 60_000, flat(0.031))))),
		// The median following: a high band, but contacted last week and in campaigns.
		cand("ava.moreau", contacted(7), campaigns(2), metrics(analyze(monthly(rapport.Instagram, 180_000, flat(0.021))))),
		cand("glowwithjade", contacted(5), campaigns(3), metrics(analyze(monthly(rapport.Instagram, 1_200_000, flat(0.010))))),
		// Below the typical rate for their tiers: never listed.
		cand("bigfit", metrics(analyze(monthly(rapport.Instagram, 400_000, flat(0.012))))),
		cand("travelwithtom", metrics(analyze(monthly(rapport.Instagram, 300_000, flat(0.010))))),
		cand("tinytravels", metrics(analyze(monthly(rapport.Instagram, 8_000, flat(0.03))))),
	}

	rs := Search(mustParse(t, "underrated"), cands, me, now)
	if got, want := handles(rs), []string{"sweetcrumbs.bakes", "nailsbynina", "ava.moreau", "glowwithjade"}; !slices.Equal(got, want) {
		t.Fatalf("underrated = %q; want %q", got, want)
	}
	r := rs[0]
	wantWhy := []string{
		"ER 9.4% on TikTok — top of the micro band (4–12%)",
		"rising ×1.34 year on year",
		"25K followers, below the roster median of 180K",
		"no campaigns with the brand yet",
	}
	if !reflect.DeepEqual(r.Why, wantWhy) {
		t.Errorf("Why = %q\nwant  %q", r.Why, wantWhy)
	}
	if want := []string{"contacted 35 days ago (under 60)"}; !reflect.DeepEqual(r.Misses, want) {
		t.Errorf("Misses = %q; want %q", r.Misses, want)
	}
	if fa := r.Analysis.Platforms[0].Rates[0]; fa.Band != engagement.BandAverage {
		t.Errorf("the baker's band = %q; the case is that it is average, not high", fa.Band)
	}
	if r.Platform != rapport.TikTok || r.Underrated.Total() <= rs[1].Underrated.Total() {
		t.Errorf("baker on %q scores %.3f, next %.3f", r.Platform, r.Underrated.Total(), rs[1].Underrated.Total())
	}

	// underrated still combines with the other filters.
	for q, want := range map[string][]string{
		"underrated tag:baking":             {"sweetcrumbs.bakes"},
		"underrated market:FR platform:tt":  {"sweetcrumbs.bakes"},
		"underrated tag:beauty":             {"nailsbynina"},
		"underrated platform:ig tier:micro": {"nailsbynina"},
	} {
		if got := handles(Search(mustParse(t, q), cands, me, now)); !slices.Equal(got, want) {
			t.Errorf("%s = %q; want %q", q, got, want)
		}
	}
}

func TestNewCandidate(t *testing.T) {
	at := now.AddDate(0, 0, -35)
	p := rapport.Profile{
		Influencer:     rapport.Influencer{Handle: "sweetcrumbs.bakes"},
		LastTouchpoint: &rapport.Touchpoint{At: at},
		Campaigns: []rapport.CampaignRecord{
			{Campaign: rapport.Campaign{ID: "past"}},
			{Campaign: rapport.Campaign{ID: "planned", LaunchAt: now.AddDate(0, 1, 0)}},
			{Campaign: rapport.Campaign{ID: "called-off", Cancelled: true}},
		},
	}
	c := NewCandidate(p, engagement.Analysis{Now: now})
	if c.Influencer.Handle != "sweetcrumbs.bakes" || !c.LastContact.Equal(at) || c.Campaigns != 2 || !c.Analysis.Now.Equal(now) {
		t.Errorf("NewCandidate = %+v; want the last contact and 2 campaigns (past and planned, not the cancelled one)", c)
	}
	if c := NewCandidate(rapport.Profile{}, engagement.Analysis{}); !c.LastContact.IsZero() || c.Campaigns != 0 {
		t.Errorf("never contacted, no campaigns = %+v", c)
	}
}
