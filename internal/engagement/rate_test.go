package engagement

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }

func TestPeriodRate(t *testing.T) {
	k := rapport.Known
	tests := []struct {
		name   string
		snap   rapport.Snapshot
		f      Formula
		want   float64
		wantOK bool
	}{
		{"followers with shares", rapport.Snapshot{Platform: rapport.Instagram, Followers: k(10000), AvgLikes: k(300), AvgComments: k(50), AvgShares: k(50)}, PerFollower, 0.04, true},
		{"shares unknown count as unreported", rapport.Snapshot{Platform: rapport.Instagram, Followers: k(10000), AvgLikes: k(300), AvgComments: k(100)}, PerFollower, 0.04, true},
		{"likes unknown", rapport.Snapshot{Platform: rapport.Instagram, Followers: k(10000), AvgComments: k(100)}, PerFollower, 0, false},
		{"likes hidden (0 with comments)", rapport.Snapshot{Platform: rapport.Instagram, Followers: k(10000), AvgLikes: k(0), AvgComments: k(12)}, PerFollower, 0, false},
		{"no engagement at all is a real zero", rapport.Snapshot{Platform: rapport.Instagram, Followers: k(10000), AvgLikes: k(0), AvgComments: k(0)}, PerFollower, 0, true},
		{"zero followers", rapport.Snapshot{Platform: rapport.Instagram, Followers: k(0), AvgLikes: k(3), AvgComments: k(1)}, PerFollower, 0, false},
		{"followers unknown", rapport.Snapshot{Platform: rapport.Instagram, AvgLikes: k(3), AvgComments: k(1)}, PerFollower, 0, false},
		{"views on video platform", rapport.Snapshot{Platform: rapport.YouTube, Followers: k(1e6), AvgViews: k(200000), AvgLikes: k(9000), AvgComments: k(800), AvgShares: k(200)}, PerView, 0.05, true},
		{"views not for photo platform", rapport.Snapshot{Platform: rapport.Instagram, Followers: k(1e6), AvgViews: k(200000), AvgLikes: k(9000), AvgComments: k(800)}, PerView, 0, false},
		{"views unknown", rapport.Snapshot{Platform: rapport.TikTok, Followers: k(1e6), AvgLikes: k(9000), AvgComments: k(800)}, PerView, 0, false},
		{"inactive month is a real zero", rapport.Snapshot{Platform: rapport.Instagram, Followers: k(25000), Posts: k(0)}, PerFollower, 0, true},
		{"inactive month ignores averages over no posts", rapport.Snapshot{Platform: rapport.Instagram, Followers: k(25000), Posts: k(0), AvgLikes: k(900), AvgComments: k(40)}, PerFollower, 0, true},
		{"inactive month without followers has no divisor", rapport.Snapshot{Platform: rapport.Instagram, Posts: k(0)}, PerFollower, 0, false},
		{"inactive month has no ER/views", rapport.Snapshot{Platform: rapport.TikTok, Followers: k(25000), Posts: k(0), AvgViews: k(9000), AvgLikes: k(900), AvgComments: k(40)}, PerView, 0, false},
		{"broken post count is not inactivity", rapport.Snapshot{Platform: rapport.Instagram, Followers: k(10000), Posts: k(math.Inf(1))}, PerFollower, 0, false},
		{"posts known and above zero keep the averages' rate", rapport.Snapshot{Platform: rapport.Instagram, Followers: k(10000), Posts: k(3), AvgLikes: k(300), AvgComments: k(100)}, PerFollower, 0.04, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := PeriodRate(tt.snap, tt.f)
			if ok != tt.wantOK || math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("PeriodRate = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestLatestSkipsUnknownPeriods(t *testing.T) {
	k := rapport.Known
	snaps := []rapport.Snapshot{
		{Platform: rapport.Instagram, AsOf: day(10, 31), Followers: k(1000)}, // latest but no interactions
		{Platform: rapport.Instagram, AsOf: day(8, 31), Followers: k(1000), AvgLikes: k(10), AvgComments: k(10)},
		{Platform: rapport.Instagram, AsOf: day(9, 30), Followers: k(1000), AvgLikes: k(30), AvgComments: k(10)},
	}
	r, ok := Latest(snaps, PerFollower)
	if !ok || !r.AsOf.Equal(day(9, 30)) || math.Abs(r.Rate-0.04) > 1e-12 || r.Formula != PerFollower {
		t.Errorf("Latest = %+v, %v", r, ok)
	}
	f, at, ok := LatestFollowers(snaps)
	if !ok || f != 1000 || !at.Equal(day(10, 31)) {
		t.Errorf("LatestFollowers = %v, %v, %v", f, at, ok)
	}
	if _, ok := Latest(nil, PerFollower); ok {
		t.Error("Latest of nothing should not be ok")
	}
}

func TestFormulaLabelsDiffer(t *testing.T) {
	if PerFollower.Label() == PerView.Label() || PerFollower.Explain() == PerView.Explain() {
		t.Error("the two formulas must be labelled apart")
	}
}

// TestInactiveMonthsCountAsZero follows a creator who stops posting: the silent months
// enter the windows as ER 0, so the median, the trend and the series show the decline,
// and the inactive flag still names the silence.
func TestInactiveMonthsCountAsZero(t *testing.T) {
	ig := rapport.Instagram
	silent := func(asOf time.Time) rapport.Snapshot {
		// As a metrics import or the sample data writes it: 0 posts, averages unknown.
		return rapport.Snapshot{Platform: ig, AsOf: asOf, Followers: rapport.Known(25000), Posts: rapport.Known(0)}
	}
	active := func(asOf time.Time, interactions float64) rapport.Snapshot {
		return rated(ig, asOf, 25000, interactions)
	}
	yearAgo := []rapport.Snapshot{ // 4% a year earlier
		active(monthEnd(2025, 1), 1000), active(monthEnd(2025, 2), 1000), active(monthEnd(2025, 3), 1000),
	}
	tests := []struct {
		name       string
		recent     []rapport.Snapshot // Jan to Mar 2026
		wantMedian float64
		wantTrend  Direction
		wantFlags  []FlagKind
	}{
		{"every month active", []rapport.Snapshot{
			active(monthEnd(2026, 1), 1000), active(monthEnd(2026, 2), 1000), active(monthEnd(2026, 3), 1000),
		}, 0.04, Steady, []FlagKind{}},
		{"one silent month pulls the median down to the lower active month", []rapport.Snapshot{
			active(monthEnd(2026, 1), 1000), active(monthEnd(2026, 2), 800), silent(monthEnd(2026, 3)),
		}, 0.032, Steady, []FlagKind{FlagInactive}},
		{"two silent months of three: the median is 0 and the trend declines", []rapport.Snapshot{
			active(monthEnd(2026, 1), 1000), silent(monthEnd(2026, 2)), silent(monthEnd(2026, 3)),
		}, 0, Declining, []FlagKind{FlagDeclining, FlagInactive}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pa := platformOf(t, Analyze(slices.Concat(yearAgo, tt.recent), date(2026, 4, 15), DefaultBenchmarks()), ig)
			fa := pa.Rates[0]
			if w := fa.Windows[WindowNow]; !w.OK || w.N != 3 || !near(w.Median, tt.wantMedian) {
				t.Errorf("now window = %+v; want 3 periods, median %v", w, tt.wantMedian)
			}
			if fa.Trend.Direction != tt.wantTrend {
				t.Errorf("trend = %+v; want %s", fa.Trend, tt.wantTrend)
			}
			if got := kinds(pa.Flags); !slices.Equal(got, tt.wantFlags) {
				t.Errorf("flags = %v; want %v", got, tt.wantFlags)
			}
			march := fa.Series[len(fa.Series)-2] // the series ends with April, the month of now
			if want, _ := PeriodRate(tt.recent[2], PerFollower); !march.OK || !near(march.ER, want) {
				t.Errorf("March point = %+v; want %v", march, want)
			}
		})
	}
}
