package engagement

import (
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestWindowBounds(t *testing.T) {
	noon := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	tests := []struct {
		name      string
		now       time.Time
		yearsBack int
		from, to  time.Time
	}{
		{"now: the 90 days up to now", noon(2026, 3, 15), 0, noon(2025, 12, 15), noon(2026, 3, 15)},
		{"1y: the same days a calendar year earlier", noon(2026, 3, 15), 1, noon(2024, 12, 15), noon(2025, 3, 15)},
		{"3y: three calendar years earlier", noon(2026, 3, 15), 3, noon(2022, 12, 15), noon(2023, 3, 15)},
		{"29 February shifts to 1 March in a common year", noon(2028, 2, 29), 1, noon(2026, 12, 1), noon(2027, 3, 1)},
		{"29 February stays in a leap year four years back", noon(2028, 2, 29), 4, noon(2023, 12, 1), noon(2024, 2, 29)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := WindowBounds(tt.now, tt.yearsBack)
			if !from.Equal(tt.from) || !to.Equal(tt.to) {
				t.Errorf("WindowBounds = (%v, %v]; want (%v, %v]", from, to, tt.from, tt.to)
			}
		})
	}
}

func TestNowWindow(t *testing.T) {
	// The now window for 15 April 2026 is (15 Jan 2026, 15 Apr 2026].
	now := date(2026, 4, 15)
	ig := rapport.Instagram
	hiddenLikes := rated(ig, monthEnd(2026, 2), 10000, 0)
	hiddenLikes.AvgLikes = rapport.Unknown
	noEngagement := rated(ig, monthEnd(2026, 1), 10000, 0)
	noFollowers := rated(ig, monthEnd(2026, 2), 0, 300)

	tests := []struct {
		name          string
		snaps         []rapport.Snapshot
		wantOK        bool
		wantN         int
		wantMedian    float64
		wantFollowers float64
	}{
		{"odd count: the middle rate", []rapport.Snapshot{
			rated(ig, monthEnd(2026, 1), 10000, 200), rated(ig, monthEnd(2026, 2), 12000, 600), rated(ig, monthEnd(2026, 3), 11000, 330),
		}, true, 3, 0.03, 11000},
		{"even count: the mean of the middle two; a period ending exactly now counts", []rapport.Snapshot{
			rated(ig, monthEnd(2026, 1), 10000, 200), rated(ig, monthEnd(2026, 2), 10000, 500),
			rated(ig, monthEnd(2026, 3), 10000, 300), rated(ig, now, 10000, 400),
		}, true, 4, 0.035, 10000},
		{"a period ending exactly at the window start belongs to the window before", []rapport.Snapshot{
			rated(ig, date(2026, 1, 15), 10000, 1000), rated(ig, monthEnd(2026, 1), 10000, 200), rated(ig, monthEnd(2026, 2), 10000, 400),
		}, true, 2, 0.03, 10000},
		{"one period is not enough data", []rapport.Snapshot{
			rated(ig, monthEnd(2025, 12), 10000, 900), rated(ig, monthEnd(2026, 3), 10000, 300),
		}, false, 1, 0, 10000},
		{"nothing in the window", []rapport.Snapshot{
			rated(ig, monthEnd(2025, 10), 10000, 300), rated(ig, monthEnd(2025, 11), 10000, 300),
		}, false, 0, 0, 0},
		{"zero engagement is a rate of 0; unknown likes are no rate", []rapport.Snapshot{
			noEngagement, hiddenLikes, rated(ig, monthEnd(2026, 3), 10000, 200),
		}, true, 2, 0.01, 10000},
		{"zero followers give no rate but still a follower count", []rapport.Snapshot{
			rated(ig, monthEnd(2026, 1), 10000, 200), noFollowers, rated(ig, monthEnd(2026, 3), 10000, 400),
		}, true, 2, 0.03, 10000},
		{"a missing month leaves the others", []rapport.Snapshot{
			rated(ig, monthEnd(2026, 1), 10000, 200), rated(ig, monthEnd(2026, 3), 10000, 400),
		}, true, 2, 0.03, 10000},
		{"periods after now are ignored", []rapport.Snapshot{
			rated(ig, monthEnd(2026, 2), 10000, 200), rated(ig, monthEnd(2026, 3), 10000, 400), rated(ig, monthEnd(2026, 4), 10000, 5000),
		}, true, 2, 0.03, 10000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Analyze(tt.snaps, now, Benchmarks{})
			w := platformOf(t, a, ig).Rates[0].Windows[WindowNow]
			if w.OK != tt.wantOK || w.N != tt.wantN || !near(w.Median, tt.wantMedian) {
				t.Errorf("window = OK %v, N %d, median %v; want OK %v, N %d, median %v", w.OK, w.N, w.Median, tt.wantOK, tt.wantN, tt.wantMedian)
			}
			if w.Followers != tt.wantFollowers || w.FollowersOK != (tt.wantFollowers > 0) {
				t.Errorf("window followers = %v (%v); want %v", w.Followers, w.FollowersOK, tt.wantFollowers)
			}
			if !w.From.Equal(date(2026, 1, 15)) || !w.To.Equal(now) || w.Label() != "now" {
				t.Errorf("window bounds (%v, %v] %q", w.From, w.To, w.Label())
			}
		})
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{0.02}, 0.02},
		{[]float64{3, 1}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{5, 1, 3}, 3},
		{[]float64{1e308, 1e308}, 1e308}, // no overflow
	}
	for _, tt := range tests {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v; want %v", tt.in, got, tt.want)
		}
	}
}
