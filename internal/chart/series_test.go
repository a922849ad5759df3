package chart

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/plotter"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// runs writes segments as "x:y x:y | x:y", rounding y to 4 decimals.
func runs(segs []plotter.XYs) string {
	var parts []string
	for _, seg := range segs {
		var pts []string
		for _, p := range seg {
			pts = append(pts, fmt.Sprintf("%g:%g", p.X, math.Round(p.Y*1e4)/1e4))
		}
		parts = append(parts, strings.Join(pts, " "))
	}
	return strings.Join(parts, " | ")
}

func TestSplitSegments(t *testing.T) {
	// Each case is a month pattern: a digit is that month's value, "." a month without one.
	tests := []struct {
		name, months, want string
	}{
		{"no month with data", "....", ""},
		{"every month", "1234", "0:1 1:2 2:3 3:4"},
		{"a gap splits the line", "12.45", "0:1 1:2 | 3:4 4:5"},
		{"a month alone is a run of one", "1.3.5", "0:1 | 2:3 | 4:5"},
		{"leading and trailing gaps", "..34..", "2:3 3:4"},
		{"a long gap", "1....6", "0:1 | 5:6"},
		{"zero is data", "0.0", "0:0 | 2:0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			segs := splitSegments(len(tc.months), func(i int) (float64, bool) {
				c := tc.months[i]
				return float64(c - '0'), c != '.'
			})
			if got := runs(segs); got != tc.want {
				t.Errorf("splitSegments(%q) = %q, want %q", tc.months, got, tc.want)
			}
		})
	}
}

func TestBuildTrendBucketsMonths(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	rated := func(p rapport.Platform, asOf time.Time, followers, likes float64) rapport.Snapshot {
		return snapshot(p, asOf, followers, likes, 0, -1)
	}
	tests := []struct {
		name  string
		now   time.Time
		snaps []rapport.Snapshot
		first time.Time
		// want maps each platform, in chart order, to its rate runs and follower runs.
		want []string
	}{{
		name: "month ends land on their month's position",
		now:  time.Date(2026, time.January, 20, 9, 0, 0, 0, time.UTC),
		snaps: []rapport.Snapshot{
			rated(rapport.Instagram, day(2023, time.January, 31), 1000, 10), // before the window
			rated(rapport.Instagram, day(2023, time.February, 28), 1000, 30),
			rated(rapport.Instagram, day(2023, time.March, 31), 1000, 20),
			rated(rapport.Instagram, day(2025, time.January, 31), 2000, 50),
			rated(rapport.Instagram, day(2025, time.December, 31), 4000, 40),
			rated(rapport.Instagram, day(2026, time.January, 31), 4000, 40), // after now
		},
		first: day(2023, time.February, 1),
		want:  []string{"instagram er=0:3 1:2 | 23:2.5 | 34:1 followers=0:1000 1:1000 | 23:2000 | 34:4000"},
	}, {
		name: "weekly periods of one month make one point: the median rate, the latest followers",
		now:  time.Date(2024, time.July, 3, 0, 0, 0, 0, time.UTC),
		snaps: []rapport.Snapshot{
			rated(rapport.TikTok, day(2024, time.June, 7), 10000, 500),
			rated(rapport.TikTok, day(2024, time.June, 14), 10000, 100),
			rated(rapport.TikTok, day(2024, time.June, 21), 10000, 300),
			rated(rapport.TikTok, day(2024, time.June, 28), 20000, 800),
		},
		first: day(2021, time.August, 1),
		// Rates 5 %, 1 %, 3 %, 4 %: the median is 3.5 %.
		want: []string{"tiktok er=34:3.5 followers=34:20000"},
	}, {
		name: "the window follows now's zone; an as_of date stays in its own month",
		// 1 January 03:00 in Auckland is still 31 December in UTC.
		now: time.Date(2026, time.January, 1, 3, 0, 0, 0, time.FixedZone("NZDT", 13*3600)),
		snaps: []rapport.Snapshot{
			rated(rapport.YouTube, day(2025, time.December, 31), 1e6, 10000),
		},
		first: time.Date(2023, time.February, 1, 0, 0, 0, 0, time.FixedZone("NZDT", 13*3600)),
		want:  []string{"youtube er=34:1 followers=34:1e+06"},
	}, {
		name: "hidden likes and followers-only accounts keep their follower line; the largest audience comes first",
		now:  time.Date(2026, time.January, 20, 0, 0, 0, 0, time.UTC),
		snaps: []rapport.Snapshot{
			snapshot(rapport.Instagram, day(2025, time.November, 30), 5000, 0, 40, -1), // likes hidden
			snapshot(rapport.Instagram, day(2025, time.December, 31), 5100, 100, 2, -1),
			snapshot(rapport.X, day(2025, time.December, 31), 9000, -1, -1, -1),
		},
		first: day(2023, time.February, 1),
		want: []string{
			"x er= followers=34:9000",
			"instagram er=34:2 followers=33:5000 34:5100",
		},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := buildTrend(tc.snaps, tc.now)
			if !tr.first.Equal(tc.first) || tr.first.Location().String() != tc.first.Location().String() || tr.months != 36 {
				t.Errorf("window starts %v and spans %d months, want %v and 36", tr.first, tr.months, tc.first)
			}
			var got []string
			for _, l := range tr.lines {
				got = append(got, fmt.Sprintf("%s er=%s followers=%s", l.platform, runs(l.er), runs(l.followers)))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("lines\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestBuildTrendLeavesOutAccountsWithNothingInTheWindow(t *testing.T) {
	now := time.Date(2026, time.January, 20, 0, 0, 0, 0, time.UTC)
	old := snapshot(rapport.Facebook, time.Date(2021, time.May, 31, 0, 0, 0, 0, time.UTC), 1000, 10, 1, -1)
	blank := snapshot(rapport.Twitch, time.Date(2025, time.May, 31, 0, 0, 0, 0, time.UTC), -1, -1, -1, -1)
	if tr := buildTrend([]rapport.Snapshot{old, blank}, now); len(tr.lines) != 0 {
		t.Errorf("got %d lines, want none", len(tr.lines))
	}
}

func TestValueRange(t *testing.T) {
	lines := []platformLine{
		{followers: []plotter.XYs{{{X: 0, Y: 5}, {X: 1, Y: 9}}, {{X: 3, Y: 2}}}},
		{followers: nil},
		{followers: []plotter.XYs{{{X: 4, Y: 12}}}},
	}
	lo, hi, ok := valueRange(lines, func(l platformLine) []plotter.XYs { return l.followers })
	if lo != 2 || hi != 12 || !ok {
		t.Errorf("valueRange = %g, %g, %v; want 2, 12, true", lo, hi, ok)
	}
	if _, _, ok := valueRange(lines, func(l platformLine) []plotter.XYs { return l.er }); ok {
		t.Error("valueRange over no points should say so")
	}
}
