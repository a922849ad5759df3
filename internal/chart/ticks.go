package chart

import (
	"math"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// monthLabel is how the time axis names a month.
const monthLabel = "Jan 2006"

// monthTicks marks every month of the window that starts with the month of first: a
// labelled tick on the months that open a block of every months (January, and with every=3
// also April, July and October), a minor tick on the others. Tick values are month
// positions, 0 for first.
func monthTicks(first time.Time, months, every int) []plot.Tick {
	ticks := make([]plot.Tick, months)
	for i := range ticks {
		m := first.AddDate(0, i, 0)
		ticks[i].Value = float64(i)
		if (int(m.Month())-1)%every == 0 {
			ticks[i].Label = m.Format(monthLabel)
		}
	}
	return ticks
}

// unlabelled keeps the tick positions and drops the labels' text, for the upper panel whose
// dates the lower panel already shows. A single space keeps a tick major, so the grid still
// draws it.
func unlabelled(ticks []plot.Tick) []plot.Tick {
	out := make([]plot.Tick, len(ticks))
	for i, t := range ticks {
		out[i].Value = t.Value
		if t.Label != "" {
			out[i].Label = " "
		}
	}
	return out
}

// monthLabelEvery picks how many months apart the date labels stand, 3, 6 or 12: the
// smallest spacing that leaves each label half its width again as room on an axis of
// length avail.
func monthLabelEvery(avail, labelWidth vg.Length, months int) int {
	for _, every := range []int{3, 6} {
		if avail*vg.Length(every)/vg.Length(months) >= labelWidth*1.5 {
			return every
		}
	}
	return 12
}

// linearScale is an axis range rounded out to whole steps, with a tick on every step.
type linearScale struct {
	min, max, step float64
	// decimals is how many decimals the step needs to be written exactly.
	decimals int
}

// niceLinear rounds [lo, hi] out to about target steps of 1, 2, 2.5 or 5 times a power of
// ten, no smaller than minStep. An empty range widens by a tenth of its value each way (or
// to [0, 1] at zero) so the one value sits mid-axis.
func niceLinear(lo, hi float64, target int, minStep float64) linearScale {
	if hi <= lo {
		d := math.Abs(hi) / 10
		if d == 0 {
			lo, hi = 0, 1
		} else {
			lo, hi = max(lo-d, 0), hi+d
		}
	}
	step, decimals := niceStep((hi - lo) / float64(target))
	if step < minStep {
		step, decimals = niceStep(minStep)
	}
	s := linearScale{
		min:      math.Floor(lo/step+1e-9) * step,
		max:      math.Ceil(hi/step-1e-9) * step,
		step:     step,
		decimals: decimals,
	}
	if s.max <= s.min {
		// Values far below the smallest step all round to one tick.
		s.max = s.min + step
	}
	return s
}

// niceStep rounds raw up to the next 1, 2, 2.5 or 5 times a power of ten, and says how many
// decimals that step needs.
func niceStep(raw float64) (float64, int) {
	exp := math.Floor(math.Log10(raw))
	mag := math.Pow(10, exp)
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*mag*(1+1e-9) {
			if m == 10 {
				m, exp = 1, exp+1
			}
			decimals := max(0, -int(exp))
			if m == 2.5 {
				decimals = max(0, 1-int(exp))
			}
			return m * math.Pow(10, exp), decimals
		}
	}
	panic("unreachable")
}

// ticks returns one labelled tick per step, written by label.
func (s linearScale) ticks(label func(v float64, decimals int) string) []plot.Tick {
	n := int(math.Round((s.max - s.min) / s.step))
	out := make([]plot.Tick, 0, n+1)
	for k := 0; k <= n; k++ {
		v := s.min + float64(k)*s.step
		out = append(out, plot.Tick{Value: v, Label: label(v, s.decimals)})
	}
	return out
}

// percentTickLabel writes a rate already in percent with a fixed number of decimals, so
// every label on an axis lines up; zero is plain "0". Absurd magnitudes, which only broken
// data produce, switch to three significant digits so a label stays short.
func percentTickLabel(v float64, decimals int) string {
	switch {
	case math.Abs(v) < 1e-12:
		return "0"
	case decimals > 6 || math.Abs(v) >= 1e6:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// followersTickLabel writes a follower count the way people say it: 950, 12K, 1.25M, 2B.
func followersTickLabel(v float64, _ int) string {
	units := []struct {
		size   float64
		suffix string
	}{{1e9, "B"}, {1e6, "M"}, {1e3, "K"}}
	for _, u := range units {
		if math.Abs(v) >= u.size {
			return strconv.FormatFloat(math.Round(v/u.size*100)/100, 'f', -1, 64) + u.suffix
		}
	}
	return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
}

// logScaleRatio is how many times the largest follower count must exceed the smallest before
// the follower axis turns logarithmic: past it, the smaller accounts would lie flat on the
// floor of a linear axis.
const logScaleRatio = 50

// useLogScale reports whether follower counts from lo to hi need a logarithmic axis. A zero
// count has no place on one, so it keeps the axis linear.
func useLogScale(lo, hi float64) bool {
	return lo > 0 && hi/lo > logScaleRatio
}

// logScale is a logarithmic axis range from one 1-2-5 mark to another, with its ticks.
type logScale struct {
	min, max float64
	ticks    []plot.Tick
}

// labelSets are the multiples of each power of ten a logarithmic axis may label, densest
// first, with the smallest distance between two neighbours in decades.
var labelSets = []struct {
	marks []float64
	gap   float64
}{
	{[]float64{1, 2, 5}, math.Log10(2)},
	{[]float64{1, 3}, math.Log10(3)},
	{[]float64{1}, 1},
}

// niceLog spans [lo, hi] (both above zero) from the 1-2-5 mark below lo to the one above
// hi. It labels the densest of 1-2-5, 1-3 or the powers of ten alone whose neighbours stand
// at least minGap of the axis length apart, and puts a minor tick on every other whole
// multiple of a power of ten.
func niceLog(lo, hi, minGap float64) logScale {
	var s logScale
	s.min, s.max = markBelow(lo, labelSets[0].marks), markAbove(hi, labelSets[0].marks)
	decades := math.Log10(s.max / s.min)
	marks := labelSets[len(labelSets)-1].marks
	for _, set := range labelSets {
		if set.gap/decades >= minGap {
			marks = set.marks
			break
		}
	}
	for exp := math.Floor(math.Log10(s.min)); ; exp++ {
		mag := math.Pow(10, exp)
		for m := 1.0; m <= 9; m++ {
			v := m * mag
			if v < s.min*(1-1e-9) {
				continue
			}
			if v > s.max*(1+1e-9) {
				return s
			}
			t := plot.Tick{Value: v}
			if isMark(m, marks) {
				t.Label = followersTickLabel(v, 0)
			}
			s.ticks = append(s.ticks, t)
		}
	}
}

func isMark(m float64, marks []float64) bool {
	for _, k := range marks {
		if m == k {
			return true
		}
	}
	return false
}

// markBelow is the largest mark times a power of ten not above v.
func markBelow(v float64, marks []float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(v)))
	for i := len(marks) - 1; i >= 0; i-- {
		if marks[i]*mag <= v*(1+1e-9) {
			return marks[i] * mag
		}
	}
	return mag
}

// markAbove is the smallest mark times a power of ten not below v.
func markAbove(v float64, marks []float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range marks {
		if m*mag >= v*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}
