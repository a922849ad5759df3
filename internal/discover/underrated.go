package discover

import (
	"math"
	"time"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// `underrated` ranks rather than filters. A filter that needs every criterion at once (a
// high band, a following below the roster median, no contact in 60 days) hides the creator
// who is short on one of them by a little — a TikTok baker at 9.4% ER, rising, with 25K
// followers, last contacted 35 days ago — and answers "No influencer matches". The score
// adds up how well each criterion holds; rows come best first, each saying what counts for
// it (Result.Why) and which criteria it misses (Result.Misses).

const (
	// RecentContactDays is how far back a contact counts as recent: the brand has been in
	// touch, so nobody is overlooking them. A contact this recent is a miss; the contact
	// part of the score grows to its full point over twice as long.
	RecentContactDays = 60
	// FewCampaigns is the most campaigns with the brand a creator can be in before it
	// counts as a miss.
	FewCampaigns = 1
	// MaxUnderratedScore is the most a row can score: 2 for engagement, 1 each for trend,
	// audience and use.
	MaxUnderratedScore = 5
)

// UnderratedScore is a row's underrated score, criterion by criterion, in points. Only
// creators whose ER/followers now is at least the typical rate for their platform and tier
// (the middle of the benchmark's average range) are scored at all; the others are not
// underrated, whatever the rest says.
type UnderratedScore struct {
	// Engagement is 0 at the typical rate, 1 at the band's high mark and 2, the most, as
	// far again above it: strong engagement for the tier weighs most.
	Engagement float64
	// Trend is 0 when declining (now ÷ 1y ago at or below 0.7), 0.5 when flat or not yet
	// known, 1 when rising (1.3 or more), in proportion between.
	Trend float64
	// Audience is 0 at or above the roster's median following and 1 at a quarter of it or
	// less, half a point per halving.
	Audience float64
	// Use is how little the brand has used them: the mean of contact (days since the last
	// one over 2 × RecentContactDays, at most 1; 1 when never contacted) and campaigns
	// (1 ÷ (1 + campaigns with the brand)).
	Use float64
}

// Total is the score that orders underrated results, from 0 to MaxUnderratedScore.
func (s UnderratedScore) Total() float64 { return s.Engagement + s.Trend + s.Audience + s.Use }

// typicalRate is the middle of a benchmark's average range.
func typicalRate(b engagement.Benchmark) float64 { return (b.Low + b.High) / 2 }

// engagementPoints scores ER/followers now against its benchmark row; false means the rate
// is below the typical rate for the tier, so the creator is not underrated at all.
func engagementPoints(er float64, b engagement.Benchmark) (float64, bool) {
	typical := typicalRate(b)
	if !finite(er) || !(b.High > typical) || er < typical*(1-1e-9) {
		return 0, false
	}
	return clamp((er-typical)/(b.High-typical), 0, 2), true
}

// trendPoints scores the year-on-year ER/followers trend; an unknown one counts as flat.
func trendPoints(t engagement.Trend) float64 {
	if !t.OK {
		return 0.5
	}
	return clamp((t.Ratio-engagement.DecliningBelow)/(engagement.RisingAbove-engagement.DecliningBelow), 0, 1)
}

// audiencePoints scores a following against the roster's median: smaller scores higher.
func audiencePoints(followers, median float64) float64 {
	switch {
	case !finite(followers) || !finite(median) || !(followers < median):
		return 0
	case followers <= 0:
		return 1
	}
	return clamp(math.Log2(median/followers)/2, 0, 1)
}

// usePoints scores how little the brand has used a creator: days since the last contact
// (never contacted when never is true) and the number of campaigns with the brand.
func usePoints(days int, never bool, campaigns int) float64 {
	contact := 1.0
	if !never {
		contact = clamp(float64(days)/(2*RecentContactDays), 0, 1)
	}
	return (contact + 1/float64(1+max(campaigns, 0))) / 2
}

func clamp(v, lo, hi float64) float64 { return min(max(v, lo), hi) }

// NewCandidate reads what a search needs from an influencer's profile: the last contact
// and how many campaigns with the brand they are in, past or planned (cancelled ones do
// not count: the brand did not use them after all).
func NewCandidate(p rapport.Profile, a engagement.Analysis) Candidate {
	c := Candidate{Influencer: p.Influencer, Analysis: a}
	if tp := p.LastTouchpoint; tp != nil {
		c.LastContact = tp.At
	}
	for _, r := range p.Campaigns {
		if !r.Campaign.Cancelled {
			c.Campaigns++
		}
	}
	return c
}

// underratedRow scores the platform part of a row (engagement and trend); false when the
// row cannot be underrated: no ER now, no benchmark for it, or ER below the typical rate.
func (m *matcher) underratedRow(r *row) bool {
	if !r.erOK || r.band == 0 {
		return false
	}
	pts, ok := engagementPoints(r.er, m.benchmark(r))
	if !ok {
		return false
	}
	r.under = UnderratedScore{Engagement: pts, Trend: trendPoints(r.trend())}
	return true
}

// scoreCandidate adds the influencer part of the score (audience and use) to a row whose
// platform part is scored.
func scoreCandidate(r *row, e *entry, median float64, medianOK bool, now time.Time) {
	if medianOK && e.bits&recFollowersOK != 0 {
		r.under.Audience = audiencePoints(e.followers, median)
	}
	last := lastContact(e)
	r.under.Use = usePoints(daysSince(last, now), last.IsZero(), int(e.campaigns))
}

// daysSince counts whole days from t to now; never below 0.
func daysSince(t, now time.Time) int {
	if t.IsZero() || !now.After(t) {
		return 0
	}
	return int(now.Sub(t).Hours() / 24)
}
