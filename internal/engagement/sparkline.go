package engagement

import (
	"strings"
)

// SparkGap stands for a missing value in a sparkline.
const SparkGap = '·'

var sparkBars = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws values as bars scaled from their minimum (▁) to their maximum (█), one
// rune per value. A value whose ok is false, or that is NaN or infinite, is drawn as
// SparkGap; ok may be nil, meaning every value is present, and a value beyond the end of ok
// counts as missing. A series whose present values are all equal draws mid-height bars (▄),
// since there is no spread to scale.
func Sparkline(values []float64, ok []bool) string {
	return sparkline(len(values), func(i int) (float64, bool) {
		if ok != nil && (i >= len(ok) || !ok[i]) {
			return 0, false
		}
		return values[i], true
	})
}

func sparkline(n int, at func(int) (float64, bool)) string {
	lo, hi, seen := 0.0, 0.0, false
	for i := range n {
		v, ok := at(i)
		if !ok || !finite(v) {
			continue
		}
		if !seen || v < lo {
			lo = v
		}
		if !seen || v > hi {
			hi = v
		}
		seen = true
	}
	var b strings.Builder
	b.Grow(n * 3)
	// Halved so that a span from -MaxFloat64 to MaxFloat64 does not overflow.
	span := hi/2 - lo/2
	for i := range n {
		v, ok := at(i)
		switch {
		case !ok || !finite(v):
			b.WriteRune(SparkGap)
		case span == 0:
			b.WriteRune(sparkBars[3])
		default:
			level := int((v/2-lo/2)/span*float64(len(sparkBars)-1) + 0.5)
			b.WriteRune(sparkBars[min(max(level, 0), len(sparkBars)-1)])
		}
	}
	return b.String()
}
