package engagement

import (
	"math"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// Formula names what an engagement rate is divided by.
type Formula int

// The two formulas of DESIGN.md §4.
const (
	// PerFollower is ER(followers) = (avg likes + avg comments + avg shares) / followers.
	PerFollower Formula = iota
	// PerView is ER(views) = (avg likes + avg comments + avg shares) / avg views, for video
	// platforms only.
	PerView
)

// Label is the formula as shown beside every figure.
func (f Formula) Label() string {
	if f == PerView {
		return "ER/views"
	}
	return "ER/followers"
}

// Explain spells the formula out for help texts and the README.
func (f Formula) Explain() string {
	if f == PerView {
		return "(avg likes + avg comments + avg shares) ÷ avg views"
	}
	return "(avg likes + avg comments + avg shares) ÷ followers"
}

// Formulas lists the formulas that apply to a platform, per follower first: every platform
// has a rate per follower, video platforms also one per view.
func Formulas(p rapport.Platform) []Formula {
	if p.IsVideo() {
		return []Formula{PerFollower, PerView}
	}
	return []Formula{PerFollower}
}

// usable reports whether a quantity can enter arithmetic: known, finite and not negative.
// A count that is NaN, infinite or below zero is a broken measurement, so it is read as
// unknown rather than allowed to poison a median.
func usable(q rapport.Quantity) bool {
	return q.Known && q.Value >= 0 && !math.IsInf(q.Value, 1)
}

// Interactions is the average interactions per post in a period, or false when it is not
// known. Likes and comments must be known; shares count when reported. A like count of zero
// beside real comments is Instagram's "likes hidden" and is treated as unknown. Counts that
// are NaN, infinite or negative are unknown.
func Interactions(s rapport.Snapshot) (float64, bool) {
	if !usable(s.AvgLikes) || !usable(s.AvgComments) {
		return 0, false
	}
	if s.AvgLikes.Value == 0 && s.AvgComments.Value > 0 {
		return 0, false
	}
	n := s.AvgLikes.Value + s.AvgComments.Value
	if usable(s.AvgShares) {
		n += s.AvgShares.Value
	}
	if math.IsInf(n, 0) {
		return 0, false
	}
	return n, true
}

// PeriodRate is one period's engagement rate by the given formula, or false when the
// inputs are unknown, zero, or the formula does not apply to the platform.
//
// A period with a known post count of 0 (an inactive month) has ER/followers 0 whatever
// its averages say: the audience got nothing to engage with, and reading the month as
// unknown would hide the decline it is. Its ER/views stays unknown, since there were no
// views to divide by.
func PeriodRate(s rapport.Snapshot, f Formula) (float64, bool) {
	n, ok := Interactions(s)
	if Inactive(s) {
		n, ok = 0, f == PerFollower
	}
	if !ok {
		return 0, false
	}
	var base rapport.Quantity
	switch f {
	case PerFollower:
		base = s.Followers
	case PerView:
		if !s.Platform.IsVideo() {
			return 0, false
		}
		base = s.AvgViews
	}
	if !usable(base) || base.Value == 0 {
		return 0, false
	}
	r := n / base.Value
	if math.IsInf(r, 0) {
		return 0, false
	}
	return r, true
}

// Inactive reports whether a period is known to have had no posts. Its per-post averages
// are undefined (imports leave them unknown), and PeriodRate counts it as ER/followers 0.
func Inactive(s rapport.Snapshot) bool {
	return usable(s.Posts) && s.Posts.Value == 0
}

// Reading is a rate observed at a period end.
type Reading struct {
	Rate    float64
	Formula Formula
	AsOf    time.Time
}

// Latest returns the most recent period with a computable rate for one account's
// snapshots (any order), or false when none has one.
func Latest(snaps []rapport.Snapshot, f Formula) (Reading, bool) {
	var best Reading
	found := false
	for _, s := range snaps {
		r, ok := PeriodRate(s, f)
		if !ok || (found && !s.AsOf.After(best.AsOf)) {
			continue
		}
		best, found = Reading{Rate: r, Formula: f, AsOf: s.AsOf}, true
	}
	return best, found
}

// LatestFollowers returns the most recent known follower count. A NaN, infinite or negative
// count is not a count and is skipped.
func LatestFollowers(snaps []rapport.Snapshot) (float64, time.Time, bool) {
	var v float64
	var at time.Time
	found := false
	for _, s := range snaps {
		if usable(s.Followers) && (!found || s.AsOf.After(at)) {
			v, at, found = s.Followers.Value, s.AsOf, true
		}
	}
	return v, at, found
}
