package engagement

import (
	"math"
	"slices"
)

// tolerance absorbs binary rounding when a ratio is compared with a threshold: figures come
// from decimal inputs, so 2.1% ÷ 3.0% is exactly 0.7 to a reader even when float64 division
// lands a hair either side. Ratios within tolerance of a threshold count as on it.
const tolerance = 1e-9

// median returns the middle value of xs, or the mean of the two middle values for an even
// count; 0 for none. It sorts xs in place, so callers pass scratch space. xs holds no NaN.
func median(xs []float64) float64 {
	n := len(xs)
	if n == 0 {
		return 0
	}
	slices.Sort(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	// Halves first, so two huge values cannot overflow to infinity.
	return xs[n/2-1]/2 + xs[n/2]/2
}

// mad is the median absolute deviation of xs around m. It overwrites xs.
func mad(xs []float64, m float64) float64 {
	for i, x := range xs {
		xs[i] = math.Abs(x - m)
	}
	return median(xs)
}

// finite reports whether x is an ordinary number.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
