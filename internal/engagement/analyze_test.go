package engagement

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestSeasonality(t *testing.T) {
	// Analysed on 10 January 2026 the windows end on 10 January of each year, so each holds
	// the October, November and December periods of its year. A December peak is compared
	// with the previous December, never with a quiet summer.
	a := Analyze(loadSnapshots(t, "seasonal.csv"), date(2026, 1, 10), DefaultBenchmarks())

	ig := platformOf(t, a, rapport.Instagram)
	if len(ig.Rates) != 1 {
		t.Fatalf("Instagram has %d formulas; want ER/followers only", len(ig.Rates))
	}
	type want struct {
		ok     bool
		n      int
		median float64
	}
	checkWindows := func(name string, fa FormulaAnalysis, wants [4]want) {
		t.Helper()
		for i, w := range fa.Windows {
			if w.OK != wants[i].ok || w.N != wants[i].n || !near(w.Median, wants[i].median) || w.YearsBack != i {
				t.Errorf("%s %s window: OK %v, N %d, median %v; want %+v", name, w.Label(), w.OK, w.N, w.Median, wants[i])
			}
		}
	}
	// Oct 2%, Nov 3%, Dec 4% each year; the 3y window (Oct 2022 – 10 Jan 2023) holds only
	// December 2022.
	checkWindows("instagram", ig.Rates[0], [4]want{{true, 3, 0.03}, {true, 3, 0.03}, {true, 3, 0.03}, {false, 1, 0}})
	if tr := ig.Rates[0].Trend; !tr.OK || tr.Direction != Steady || !near(tr.Ratio, 1) {
		t.Errorf("instagram trend = %+v; want steady at 1.0", tr)
	}
	if len(ig.Flags) != 0 {
		t.Errorf("instagram flags = %+v; want none", ig.Flags)
	}
	// 20,000 followers is micro; 3.0% sits exactly on the micro high mark: average.
	if ig.Tier != Micro || !ig.Rates[0].BandOK || ig.Rates[0].Band != BandAverage || ig.Rates[0].Benchmark.Platform != rapport.Instagram {
		t.Errorf("instagram tier %q band %q (%v) from %+v", ig.Tier, ig.Rates[0].Band, ig.Rates[0].BandOK, ig.Rates[0].Benchmark)
	}

	tt := platformOf(t, a, rapport.TikTok)
	if len(tt.Rates) != 2 || tt.Rates[0].Formula != PerFollower || tt.Rates[1].Formula != PerView {
		t.Fatalf("TikTok formulas = %+v; want ER/followers then ER/views", tt.Rates)
	}
	// 2025: 1,000 / 1,500 / 2,000 interactions; 2024: twice that; 2y holds only Dec 2023.
	checkWindows("tiktok ER/followers", tt.Rates[0], [4]want{{true, 3, 0.03}, {true, 3, 0.06}, {false, 1, 0}, {false, 0, 0}})
	checkWindows("tiktok ER/views", tt.Rates[1], [4]want{{true, 3, 0.015}, {true, 3, 0.03}, {false, 1, 0}, {false, 0, 0}})
	for _, fa := range tt.Rates {
		if !fa.Trend.OK || fa.Trend.Direction != Declining || !near(fa.Trend.Ratio, 0.5) {
			t.Errorf("tiktok %s trend = %+v; want declining at 0.5", fa.Formula.Label(), fa.Trend)
		}
		if !fa.BandOK || fa.Band != BandLow || fa.Benchmark.Formula != fa.Formula {
			t.Errorf("tiktok %s band %q from %+v", fa.Formula.Label(), fa.Band, fa.Benchmark)
		}
	}
	if got := kinds(tt.Flags); !slices.Equal(got, []FlagKind{FlagDeclining, FlagDeclining}) {
		t.Errorf("tiktok flags = %v", got)
	}

	// TikTok has the larger audience, so it comes first and is the primary platform.
	if a.Platforms[0].Platform != rapport.TikTok || a.Platforms[1].Platform != rapport.Instagram {
		t.Errorf("platform order = %s, %s", a.Platforms[0].Platform, a.Platforms[1].Platform)
	}
	wantSummary := Summary{Primary: rapport.TikTok, Followers: 50000, FollowersOK: true, Tier: Micro,
		Trend: tt.Rates[0].Trend, CombinedFollowers: 70000, FlagCount: 2}
	if a.Summary != wantSummary {
		t.Errorf("summary = %+v; want %+v", a.Summary, wantSummary)
	}
	if len(a.Flags()) != 2 {
		t.Errorf("Analysis.Flags = %+v", a.Flags())
	}
}

func TestSeries(t *testing.T) {
	a := Analyze(loadSnapshots(t, "seasonal.csv"), date(2026, 1, 10), Benchmarks{})
	tt := platformOf(t, a, rapport.TikTok)
	s := tt.Rates[0].Series
	if len(s) != SeriesMonths || !s[0].Month.Equal(date(2023, 2, 1)) || !s[35].Month.Equal(date(2026, 1, 1)) {
		t.Fatalf("series of %d months from %v to %v; want Feb 2023 – Jan 2026", len(s), s[0].Month, s[len(s)-1].Month)
	}
	// Min 2%, max 8%: 8% █, 6% ▆, 4% ▃, 3% ▂, 2% ▁. No data before Dec 2023, none for March
	// 2025, no rate for June 2025 (likes unknown), none yet for January 2026.
	want := strings.Repeat("·", 10) + "█" + strings.Repeat("▃", 10) + "▆█" + "▁▁·▁▁·▁▁▁▁▂▃" + "·"
	if got := s.ERSparkline(); got != want {
		t.Errorf("ER sparkline\n got %s\nwant %s", got, want)
	}
	june := s[28]
	if !june.Month.Equal(date(2025, 6, 1)) || june.OK || !june.FollowersOK || !june.AsOf.Equal(date(2025, 6, 30)) {
		t.Errorf("June 2025 = %+v; want followers but no rate", june)
	}
	march := s[25]
	if march.OK || march.FollowersOK || !march.AsOf.IsZero() {
		t.Errorf("March 2025 = %+v; want a gap", march)
	}
	if got, want := tt.Rates[1].Series.ERSparkline(), want; got != want {
		// ER/views is ER/followers halved here, so the shape is the same.
		t.Errorf("views sparkline\n got %s\nwant %s", got, want)
	}
	ig := platformOf(t, a, rapport.Instagram)
	if got, want := ig.Rates[0].Series.FollowersSparkline(), strings.Repeat("▄", 35)+"·"; got != want {
		t.Errorf("followers sparkline\n got %s\nwant %s", got, want)
	}
}

func TestSeriesMonthsFollowTheDateNotTheZone(t *testing.T) {
	// In New York it is still 31 March when the UTC date 1 April begins, but an as_of date is
	// a calendar date: a period labelled 31 March is March's, one labelled 1 April is April's,
	// and the series ends with the month of now in now's own zone.
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	now := time.Date(2026, 4, 20, 9, 0, 0, 0, ny)
	snaps := []rapport.Snapshot{
		rated(rapport.Instagram, date(2026, 3, 31), 10000, 300),
		rated(rapport.Instagram, date(2026, 4, 1), 10000, 200),
	}
	s := Analyze(snaps, now, Benchmarks{}).Platforms[0].Rates[0].Series
	last, prev := s[len(s)-1], s[len(s)-2]
	if !last.Month.Equal(time.Date(2026, 4, 1, 0, 0, 0, 0, ny)) || !last.OK || !near(last.ER, 0.02) {
		t.Errorf("April = %+v", last)
	}
	if !prev.Month.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, ny)) || !prev.OK || !near(prev.ER, 0.03) {
		t.Errorf("March = %+v", prev)
	}
}

func TestAnalyzeOrdersPlatformsAndKeepsOnePeriodPerDate(t *testing.T) {
	now := date(2026, 4, 15)
	unknownFollowers := rated(rapport.Threads, monthEnd(2026, 3), 0, 10)
	unknownFollowers.Followers = rapport.Unknown
	snaps := []rapport.Snapshot{
		rated(rapport.X, monthEnd(2026, 3), 5000, 10),
		unknownFollowers,
		rated(rapport.Instagram, monthEnd(2026, 2), 120000, 1200),
		rated(rapport.Instagram, monthEnd(2026, 3), 110000, 1100),
		rated(rapport.Instagram, monthEnd(2026, 3), 130000, 1300), // the same period again: the later wins
		rated(rapport.Facebook, monthEnd(2026, 3), 5000, 10),
		rated(rapport.Instagram, monthEnd(2026, 5), 900000, 1), // after now: ignored
	}
	a := Analyze(snaps, now, Benchmarks{})
	var order []rapport.Platform
	for _, pa := range a.Platforms {
		order = append(order, pa.Platform)
	}
	want := []rapport.Platform{rapport.Instagram, rapport.Facebook, rapport.X, rapport.Threads}
	if !slices.Equal(order, want) {
		t.Errorf("order = %v; want %v (largest first, ties by name, unknown last)", order, want)
	}
	ig := a.Platforms[0]
	if ig.LatestFollowers != 130000 || ig.Periods != 2 || ig.Tier != Mid || !ig.LatestAsOf.Equal(monthEnd(2026, 3)) {
		t.Errorf("instagram = followers %v, %d periods, tier %q, latest %v", ig.LatestFollowers, ig.Periods, ig.Tier, ig.LatestAsOf)
	}
	if th := a.Platforms[3]; th.FollowersOK || th.Tier != "" {
		t.Errorf("threads = %+v; want no follower count and no tier", th)
	}
	if a.Summary.Primary != rapport.Instagram || a.Summary.CombinedFollowers != 140000 || a.Summary.Tier != Mid {
		t.Errorf("summary = %+v", a.Summary)
	}
}

func TestAnalyzeNothing(t *testing.T) {
	a := Analyze(nil, date(2026, 1, 1), DefaultBenchmarks())
	if len(a.Platforms) != 0 || a.Summary != (Summary{}) {
		t.Errorf("Analyze(nil) = %+v", a)
	}
	future := []rapport.Snapshot{rated(rapport.Instagram, date(2027, 1, 1), 100, 1)}
	if a := Analyze(future, date(2026, 1, 1), DefaultBenchmarks()); len(a.Platforms) != 0 {
		t.Errorf("only future periods: %+v", a.Platforms)
	}
}

// TestAnalyzeNeverMixesFormulas checks, over random histories, that every figure is worked
// out with the formula it is labelled with and that no per-view figure appears on a platform
// without views. The windows and series are recomputed directly from PeriodRate.
func TestAnalyzeNeverMixesFormulas(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 2))
	platforms := []rapport.Platform{rapport.Instagram, rapport.TikTok, rapport.YouTube, rapport.X, rapport.Twitch, "mastodon"}
	quantity := func(scale float64) rapport.Quantity {
		switch r.IntN(8) {
		case 0:
			return rapport.Unknown
		case 1:
			return rapport.Known(0)
		}
		return rapport.Known(float64(r.IntN(int(scale))))
	}
	b := DefaultBenchmarks()
	var okWindows, perView, bands int
	for iter := range 300 {
		var snaps []rapport.Snapshot
		for _, p := range platforms {
			if r.IntN(3) == 0 {
				continue
			}
			start, n := r.IntN(24), r.IntN(60)
			for m := range n {
				if r.IntN(5) == 0 {
					continue // a missing month
				}
				snaps = append(snaps, rapport.Snapshot{
					Platform: p, AsOf: monthEnd(2021, time.Month(1+start+m)),
					Followers: quantity(2e6), Posts: quantity(20), AvgLikes: quantity(5e4),
					AvgComments: quantity(2e3), AvgShares: quantity(1e3), AvgViews: quantity(5e5),
				})
			}
		}
		r.Shuffle(len(snaps), func(i, j int) { snaps[i], snaps[j] = snaps[j], snaps[i] })
		now := time.Date(2025+r.IntN(2), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), 0, 0, 0, time.UTC)
		a := Analyze(snaps, now, b)
		if got, want := Summarize(snaps, now, b), withoutSeries(a); !reflect.DeepEqual(got, want) {
			t.Fatalf("iteration %d: Summarize differs from Analyze without its series:\n got %+v\nwant %+v", iter, got, want)
		}

		for _, pa := range a.Platforms {
			if got, want := formulasOf(pa), Formulas(pa.Platform); !slices.Equal(got, want) {
				t.Fatalf("iteration %d: %s has formulas %v; want %v", iter, pa.Platform, got, want)
			}
			for _, fa := range pa.Rates {
				if fa.Formula == PerView {
					perView++
				}
				if fa.BandOK {
					bands++
				}
				for _, w := range fa.Windows {
					var rates []float64
					for _, s := range snaps {
						if s.Platform == pa.Platform && s.AsOf.After(w.From) && !s.AsOf.After(w.To) {
							if v, ok := PeriodRate(s, fa.Formula); ok {
								rates = append(rates, v)
							}
						}
					}
					ok := len(rates) >= MinWindowPeriods
					if ok {
						okWindows++
					}
					if w.N != len(rates) || w.OK != ok || (ok && !near(w.Median, median(rates))) {
						t.Fatalf("iteration %d: %s %s %s window = %+v; recomputed %v", iter, pa.Platform, fa.Formula.Label(), w.Label(), w, rates)
					}
				}
				for _, pt := range fa.Series {
					var want float64
					found := false
					for _, s := range snaps {
						if s.Platform == pa.Platform && monthIndex(s.AsOf) == monthIndex(pt.Month) && !s.AsOf.After(now) {
							want, found = PeriodRate(s, fa.Formula)
						}
					}
					if pt.OK != found || (found && !near(pt.ER, want)) {
						t.Fatalf("iteration %d: %s %s point %v = %+v; want %v (%v)", iter, pa.Platform, fa.Formula.Label(), pt.Month, pt, want, found)
					}
				}
				if fa.BandOK && fa.Benchmark.Formula != fa.Formula {
					t.Fatalf("iteration %d: %s band for %s from a %s row", iter, pa.Platform, fa.Formula.Label(), fa.Benchmark.Formula.Label())
				}
			}
			if !pa.Platform.IsVideo() {
				for _, f := range pa.Flags {
					if strings.Contains(f.Message+f.Evidence, PerView.Label()) {
						t.Fatalf("iteration %d: %s flag mentions %s: %+v", iter, pa.Platform, PerView.Label(), f)
					}
				}
			}
		}
	}
	if okWindows == 0 || perView == 0 || bands == 0 {
		t.Errorf("the random histories exercised too little: %d windows with data, %d per-view analyses, %d bands", okWindows, perView, bands)
	}
}

func formulasOf(pa PlatformAnalysis) []Formula {
	var out []Formula
	for _, fa := range pa.Rates {
		out = append(out, fa.Formula)
	}
	return out
}

// withoutSeries is a copy of a with every series dropped, as Summarize returns it.
func withoutSeries(a Analysis) Analysis {
	out := a
	out.Platforms = slices.Clone(a.Platforms)
	for i, pa := range a.Platforms {
		pa.Rates = slices.Clone(pa.Rates)
		for k := range pa.Rates {
			pa.Rates[k].Series = nil
		}
		out.Platforms[i] = pa
	}
	return out
}
