package sample

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// seed fixes the sample data. Each account draws from its own stream (seed, handle and
// platform), so adding a creator to the roster leaves everyone else's numbers unchanged.
const seed = 0x5241_5050_4f52_5421

// platformNorm is what a typical mid-tier account on a platform looks like per post.
type platformNorm struct {
	er       float64 // (likes + comments + shares) / followers
	viewRate float64 // views / followers; 0 where the platform reports no views
	posts    float64 // per month
	// split of engagement into likes, comments and shares
	likes, comments, shares float64
}

var norms = map[rapport.Platform]platformNorm{
	rapport.Instagram: {er: 0.015, posts: 14, likes: 0.90, comments: 0.04, shares: 0.06},
	rapport.TikTok:    {er: 0.045, viewRate: 0.35, posts: 24, likes: 0.84, comments: 0.05, shares: 0.11},
	rapport.YouTube:   {er: 0.012, viewRate: 0.18, posts: 5, likes: 0.93, comments: 0.06, shares: 0.01},
	rapport.Twitch:    {er: 0.010, viewRate: 0.06, posts: 16, likes: 0.70, comments: 0.25, shares: 0.05},
	rapport.X:         {er: 0.004, posts: 55, likes: 0.72, comments: 0.08, shares: 0.20},
}

// tierFactor reflects that smaller accounts engage a larger share of their audience.
func tierFactor(followers float64) float64 {
	switch {
	case followers < 10_000:
		return 2.2
	case followers < 100_000:
		return 1.5
	case followers < 500_000:
		return 1.0
	case followers < 1_000_000:
		return 0.8
	}
	return 0.65
}

// season is a niche's yearly rhythm: the month engagement peaks and by how much.
type season struct {
	peak time.Month
	amp  float64
}

var seasons = map[string]season{
	"beauty": {time.November, 0.15}, "fashion": {time.November, 0.15},
	"fitness": {time.January, 0.20}, "travel": {time.July, 0.20},
	"food": {time.December, 0.12}, "gaming": {time.December, 0.10},
	"music": {time.July, 0.10}, "tech": {time.September, 0.10},
	"parenting": {time.August, 0.10}, "sustainability": {time.April, 0.12},
}

func (s season) factor(m time.Month) float64 {
	return 1 + s.amp*math.Cos(2*math.Pi*float64(m-s.peak)/12)
}

// trajectory is how one account moves over the three years.
type trajectory struct {
	growth      float64 // followers, per year
	erPerYear   float64 // engagement-rate change per year during the trend
	trendMonths int     // the trend runs over this many latest months; flat before
	spikeAt     int     // periods before the latest that bought followers arrive; -1 for none
	spikeSize   float64 // bought followers as a share of the real audience
	quietMonths int     // latest periods without posts
}

// trajectoryFor draws an account's trajectory. Follower growth stays constant over all
// three years, so the only jump in follower growth anywhere in the roster is the
// deliberate spike.
func trajectoryFor(sh shape, primary bool, rng *rand.Rand) trajectory {
	between := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	t := trajectory{growth: between(1.02, 1.18), erPerYear: between(0.94, 1.06), trendMonths: Months, spikeAt: -1}
	switch {
	case sh == declining:
		t.growth, t.erPerYear, t.trendMonths = between(0.96, 1.03), between(0.56, 0.62), 15
	case sh == rising:
		t.growth, t.erPerYear, t.trendMonths = between(1.4, 1.6), between(1.55, 1.7), 15
	case sh == divergent && primary:
		t.growth, t.erPerYear, t.trendMonths = 1.9, 0.85, 15
	case sh == spiked && primary:
		t.growth, t.erPerYear, t.spikeAt, t.spikeSize = 1.08, 1.0, SpikeMonthsAgo, 0.45
	case sh == inactive:
		t.quietMonths = 2
	}
	return t
}

// erTrend is the engagement-rate multiplier monthsAgo periods before the latest.
func (t trajectory) erTrend(monthsAgo int) float64 {
	if monthsAgo >= t.trendMonths {
		return 1
	}
	return math.Pow(t.erPerYear, float64(t.trendMonths-monthsAgo)/12)
}

// accountSeries generates one account's snapshots for the given period ends. Engagement
// comes from the real audience only, so bought followers dilute the rate as they do in life.
func accountSeries(c creator, a account, primary bool, ends []time.Time) []rapport.Snapshot {
	h := fnv.New64a()
	h.Write([]byte(c.handle + "|" + string(a.platform)))
	rng := rand.New(rand.NewPCG(seed, h.Sum64()))
	norm := norms[a.platform]
	traj := trajectoryFor(c.shape, primary, rng)
	seas, ok := seasons[c.tags[0]]
	if !ok {
		seas = season{time.December, 0.08}
	}
	last := len(ends) - 1

	// Audience path, oldest first, scaled at the end so the latest size is the table's.
	genuine := make([]float64, len(ends))
	bought := make([]float64, len(ends))
	monthly := math.Pow(traj.growth, 1.0/12)
	genuine[0] = 1
	for i := 1; i < len(ends); i++ {
		g := monthly * (1 + 0.008*(2*rng.Float64()-1)) // uniform noise: no accidental spikes
		if last-i < traj.quietMonths {
			g = 0.996 // a silent account slowly loses people
		}
		genuine[i] = genuine[i-1] * g
		switch monthsAgo := last - i; {
		case monthsAgo == traj.spikeAt:
			bought[i] = traj.spikeSize * genuine[i]
		case monthsAgo < traj.spikeAt:
			bought[i] = bought[i-1]
		}
	}
	scale := a.followers / (genuine[last] + bought[last])

	baseER := norm.er * tierFactor(a.followers) * a.boost * (0.85 + 0.3*rng.Float64())
	postsPerMonth := norm.posts * (0.6 + 0.8*rng.Float64())
	viewRate := norm.viewRate * (0.7 + 0.6*rng.Float64())

	out := make([]rapport.Snapshot, len(ends))
	for i, end := range ends {
		monthsAgo := last - i
		audience := genuine[i] * scale
		s := rapport.Snapshot{
			Handle:    c.handle,
			Platform:  a.platform,
			AsOf:      end,
			Followers: rapport.Known(math.Round(audience + bought[i]*scale)),
		}
		sf := seas.factor(end.Month())
		posts := math.Round(postsPerMonth * (1 + (sf-1)/2) * (0.8 + 0.4*rng.Float64()))
		trend := traj.erTrend(monthsAgo)
		engagement := audience * baseER * trend * sf * math.Exp(0.07*rng.NormFloat64())
		split := func(share float64) rapport.Quantity {
			return rapport.Known(roundAverage(engagement * share * math.Exp(0.05*rng.NormFloat64())))
		}
		likes, comments, shares := split(norm.likes), split(norm.comments), split(norm.shares)
		views := audience * viewRate * math.Pow(trend, 0.7) * math.Sqrt(sf) * math.Exp(0.08*rng.NormFloat64())
		if monthsAgo < traj.quietMonths {
			s.Posts = rapport.Known(0) // averages stay unknown: there was nothing to average
			out[i] = s
			continue
		}
		s.Posts = rapport.Known(max(1, posts))
		s.AvgLikes, s.AvgComments, s.AvgShares = likes, comments, shares
		if norm.viewRate > 0 {
			s.AvgViews = rapport.Known(math.Round(views))
		}
		out[i] = s
	}
	return out
}

// roundAverage rounds a per-post average the way dashboards show it: whole numbers, with
// one decimal for small ones.
func roundAverage(v float64) float64 {
	if v >= 100 {
		return math.Round(v)
	}
	return math.Round(v*10) / 10
}
