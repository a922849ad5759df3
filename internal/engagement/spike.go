package engagement

import (
	"math"
	"time"
)

// Spike detection: a period's month-on-month follower growth is compared with the account's
// usual growth by a robust z-score, z = 0.6745 · (growth − median) ÷ MAD (Iglewicz and
// Hoaglin), so one wild month cannot hide itself by inflating a mean and a standard deviation.
const (
	// SpikeZ is the robust z-score beyond which a month's growth is flagged, either way: a
	// jump (a viral moment, bought followers) and a fall (a purge of fake accounts) are both
	// worth a look.
	SpikeZ = 3.5
	// SpikeMADFloor is the smallest MAD used, as a growth rate (0.01 is one percentage
	// point). When most months grow by exactly the same amount the MAD is 0 and any change at
	// all would score infinity; with the floor, a perfectly steady account needs a month
	// 5.2 points off its usual growth (3.5 ÷ 0.6745 points) before it is flagged.
	SpikeMADFloor = 0.01
	// spikeMinChanges is how many month-on-month changes an account needs before its usual
	// growth means anything.
	spikeMinChanges = 6
	// adjacentPeriods is the longest gap between two periods whose follower change counts as
	// month on month; a change across a missing month is skipped rather than counted as one
	// month's growth.
	adjacentPeriods = 45 * 24 * time.Hour
)

// spike is the most extreme flagged follower change of an account.
type spike struct {
	prevAt, at     time.Time
	from, to       float64
	growth, z      float64
	median, mad    float64
	madFloored     bool
	changes, other int
}

// findSpike scans the periods (sorted by period end) from month index first on. scratch must
// hold 2·len(ps) values.
func findSpike(ps []period, first int, scratch []float64) (spike, bool) {
	growth := scratch[:0]
	eachChange(ps, first, func(_, _ *period, g float64) { growth = append(growth, g) })
	n := len(growth)
	if n < spikeMinChanges {
		return spike{}, false
	}
	tmp := scratch[len(ps) : len(ps)+n]
	copy(tmp, growth)
	m := median(tmp)
	d := mad(growth, m)
	scale := max(d, SpikeMADFloor)

	best := spike{median: m, mad: d, madFloored: d < SpikeMADFloor, changes: n}
	found := 0
	eachChange(ps, first, func(prev, cur *period, g float64) {
		z := 0.6745 * (g - m) / scale
		if !(math.Abs(z) > SpikeZ) {
			return
		}
		found++
		if found == 1 || math.Abs(z) >= math.Abs(best.z) {
			best.prevAt, best.at = prev.asOf, cur.asOf
			best.from, best.to = prev.followers, cur.followers
			best.growth, best.z = g, z
		}
	})
	if found == 0 {
		return spike{}, false
	}
	best.other = found - 1
	return best, true
}

// eachChange calls fn with every month-on-month relative follower change: between two
// consecutive periods with known followers, at most adjacentPeriods apart, the earlier one
// above zero.
func eachChange(ps []period, first int, fn func(prev, cur *period, g float64)) {
	var prev *period
	for i := range ps {
		p := &ps[i]
		if !p.followersOK || p.month < first {
			continue
		}
		if prev != nil && prev.followers > 0 && p.asOf.Sub(prev.asOf) <= adjacentPeriods {
			if g := p.followers/prev.followers - 1; finite(g) {
				fn(prev, p, g)
			}
		}
		prev = p
	}
}
