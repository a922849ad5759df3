package engagement

import (
	"math"
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
