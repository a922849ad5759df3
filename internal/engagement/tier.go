package engagement

import "math"

// Tier is an audience size class (Later × Fohr). The zero value means the follower count is
// unknown.
type Tier string

// The tiers, smallest first. Lower bounds are inclusive: 10,000 followers is micro,
// 1,000,000 is mega.
const (
	Nano  Tier = "nano"  // under 10k
	Micro Tier = "micro" // 10k to under 100k
	Mid   Tier = "mid"   // 100k to under 500k
	Macro Tier = "macro" // 500k to under 1M
	Mega  Tier = "mega"  // 1M and more
)

// Tiers lists every tier, smallest first.
var Tiers = []Tier{Nano, Micro, Mid, Macro, Mega}

// TierFor classifies a follower count. A count that is NaN, infinite or negative has no
// tier.
func TierFor(followers float64) Tier {
	switch {
	case math.IsNaN(followers) || math.IsInf(followers, 0) || followers < 0:
		return ""
	case followers >= 1_000_000:
		return Mega
	case followers >= 500_000:
		return Macro
	case followers >= 100_000:
		return Mid
	case followers >= 10_000:
		return Micro
	}
	return Nano
}

// ParseTier accepts a tier name as written in the benchmarks file.
func ParseTier(s string) (Tier, bool) {
	for _, t := range Tiers {
		if string(t) == s {
			return t, true
		}
	}
	return "", false
}

// Label is the tier with its follower range, for cards: "Micro (10k–100k)".
func (t Tier) Label() string {
	switch t {
	case Nano:
		return "Nano (<10k)"
	case Micro:
		return "Micro (10k–100k)"
	case Mid:
		return "Mid (100k–500k)"
	case Macro:
		return "Macro (500k–1M)"
	case Mega:
		return "Mega (≥1M)"
	}
	return "Tier unknown"
}
