package engagement

// Trend thresholds on the ratio now ÷ 1y ago. Both are strict: exactly 1.3 or 0.7 is
// steady.
const (
	RisingAbove    = 1.3
	DecliningBelow = 0.7
)

// Direction is where engagement is heading year on year. The zero value means unknown: one
// of the two windows has not enough data.
type Direction string

// The directions, named as users search for them (`/influencer find declining`).
const (
	Rising    Direction = "rising"
	Steady    Direction = "steady"
	Declining Direction = "declining"
)

// Arrow is the direction as a single glyph for cards; empty when unknown.
func (d Direction) Arrow() string {
	switch d {
	case Rising:
		return "↗"
	case Steady:
		return "→"
	case Declining:
		return "↘"
	}
	return ""
}

// Trend compares the now window with the same window a year earlier.
type Trend struct {
	// Ratio is now ÷ 1y ago; set only when OK, which needs both windows to have enough data
	// and a rate above zero a year ago.
	Ratio     float64
	OK        bool
	Direction Direction
}

// DirectionFor classifies a ratio: rising above 1.3, declining below 0.7, steady between
// (bounds included). Ratios within 1e-9 of a bound count as on it.
func DirectionFor(ratio float64) Direction {
	switch {
	case ratio > RisingAbove+tolerance:
		return Rising
	case ratio < DecliningBelow-tolerance:
		return Declining
	}
	return Steady
}

// TrendBetween compares two windows of the same formula.
func TrendBetween(now, yearAgo Window) Trend {
	if !now.OK || !yearAgo.OK || yearAgo.Median <= 0 {
		return Trend{}
	}
	r := now.Median / yearAgo.Median
	if !finite(r) {
		return Trend{}
	}
	return Trend{Ratio: r, OK: true, Direction: DirectionFor(r)}
}
