package chart

import (
	"time"

	"gonum.org/v1/plot/plotter"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// trend is what the chart shows, before any drawing: one line pair per platform over the
// window's months.
type trend struct {
	// first is the first instant of the oldest month; month positions count from it.
	first  time.Time
	months int
	lines  []platformLine
}

// platformLine is one account's monthly figures, each split into runs of consecutive months
// with data. X is the month position, Y the rate in percent or the follower count.
type platformLine struct {
	platform  rapport.Platform
	er        []plotter.XYs
	followers []plotter.XYs
}

// hasER reports whether any month of the window has a rate for the account.
func (l platformLine) hasER() bool { return len(l.er) > 0 }

// buildTrend reads the monthly series of engagement.Analyze, so every point is the figure
// the profile card would show for that month. Platforms keep the card's order (largest
// audience first); one without a single figure in the window is left out.
func buildTrend(snaps []rapport.Snapshot, now time.Time) trend {
	a := engagement.Analyze(snaps, now, engagement.Benchmarks{})
	tr := trend{
		first:  time.Date(now.Year(), now.Month()-(engagement.SeriesMonths-1), 1, 0, 0, 0, 0, now.Location()),
		months: engagement.SeriesMonths,
	}
	for _, pa := range a.Platforms {
		fa, ok := pa.Rate(engagement.PerFollower)
		if !ok {
			continue
		}
		s := fa.Series
		if len(s) > 0 {
			// The series' own months, so positions follow engagement's bucketing exactly.
			tr.first, tr.months = s[0].Month, len(s)
		}
		l := platformLine{
			platform: pa.Platform,
			er: splitSegments(len(s), func(i int) (float64, bool) {
				return s[i].ER * 100, s[i].OK
			}),
			followers: splitSegments(len(s), func(i int) (float64, bool) {
				return s[i].Followers, s[i].FollowersOK
			}),
		}
		if len(l.er) == 0 && len(l.followers) == 0 {
			continue
		}
		tr.lines = append(tr.lines, l)
	}
	return tr
}

// splitSegments turns n monthly values into runs of consecutive months that have one, so a
// line never bridges a month without data. A month alone between gaps is a run of one
// point: it shows as a marker without a line.
func splitSegments(n int, at func(i int) (float64, bool)) []plotter.XYs {
	var out []plotter.XYs
	var run plotter.XYs
	for i := range n {
		v, ok := at(i)
		if !ok {
			if len(run) > 0 {
				out = append(out, run)
				run = nil
			}
			continue
		}
		run = append(run, plotter.XY{X: float64(i), Y: v})
	}
	if len(run) > 0 {
		out = append(out, run)
	}
	return out
}

// valueRange is the smallest and largest Y over every segment of every line that get
// picks, and false when there are none.
func valueRange(lines []platformLine, get func(platformLine) []plotter.XYs) (lo, hi float64, ok bool) {
	for _, l := range lines {
		for _, seg := range get(l) {
			for _, p := range seg {
				if !ok {
					lo, hi, ok = p.Y, p.Y, true
					continue
				}
				lo, hi = min(lo, p.Y), max(hi, p.Y)
			}
		}
	}
	return lo, hi, ok
}
