package engagement

import (
	"cmp"
	"slices"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// Analysis is the engagement part of an influencer's profile card, as of one instant.
type Analysis struct {
	Now time.Time
	// Platforms are ordered by latest follower count, largest first; platforms without a
	// known count come last, then by name.
	Platforms []PlatformAnalysis
	Summary   Summary
}

// Summary describes the influencer as a whole through their primary platform, the one with
// the largest audience.
type Summary struct {
	// Primary is the first of Analysis.Platforms; empty when there is no data at all.
	Primary     rapport.Platform
	Followers   float64
	FollowersOK bool
	// Tier is the primary platform's tier: an influencer is as big as their largest audience.
	Tier Tier
	// Trend is the primary platform's ER/followers trend.
	Trend Trend
	// CombinedFollowers adds up the latest follower counts of every platform. Audiences
	// overlap, so it is an upper bound on reach, not a count of people.
	CombinedFollowers float64
	// FlagCount counts the flags across platforms.
	FlagCount int
}

// PlatformAnalysis is one account's figures.
type PlatformAnalysis struct {
	Platform rapport.Platform
	// LatestFollowers is the most recent known follower count, from the period ending at
	// FollowersAsOf.
	LatestFollowers float64
	FollowersOK     bool
	FollowersAsOf   time.Time
	// LatestAsOf is the end of the latest period on record; Periods counts them.
	LatestAsOf time.Time
	Periods    int
	// Tier follows LatestFollowers; empty when no follower count is known.
	Tier Tier
	// Rates holds one analysis per formula that applies: ER/followers always, first;
	// ER/views after it on video platforms. The two are never mixed.
	Rates []FormulaAnalysis
	// Flags are ordered trend, divergence, spike, inactive.
	Flags []Flag
}

// Rate returns the analysis for one formula, or false when it does not apply here.
func (pa PlatformAnalysis) Rate(f Formula) (FormulaAnalysis, bool) {
	for _, fa := range pa.Rates {
		if fa.Formula == f {
			return fa, true
		}
	}
	return FormulaAnalysis{}, false
}

// FormulaAnalysis is one account's engagement by one formula.
type FormulaAnalysis struct {
	Formula Formula
	// Windows are now, 1y, 2y and 3y ago (WindowNow … Window3y).
	Windows [4]Window
	Trend   Trend
	// Band places the now window's median against the benchmark row for the platform and
	// tier; BandOK is false when the now window has not enough data, the tier is unknown to
	// every row, or no row applies.
	Band      Band
	Benchmark Benchmark
	BandOK    bool
	// Series is the last SeriesMonths calendar months, for sparklines.
	Series Series
}

// Flags returns every platform's flags, platforms in card order.
func (a Analysis) Flags() []Flag {
	var out []Flag
	for _, pa := range a.Platforms {
		out = append(out, pa.Flags...)
	}
	return out
}

// period is a snapshot reduced to what the analysis reads, with both rates worked out once.
type period struct {
	asOf        time.Time
	month       int // monthIndex(asOf)
	seq         int // position in the input, so the later of two equal periods wins
	platform    rapport.Platform
	followers   float64
	posts       float64
	rate        [2]float64 // indexed by Formula
	followersOK bool
	postsOK     bool
	rateOK      [2]bool
}

func newPeriod(s *rapport.Snapshot) period {
	p := period{asOf: s.AsOf, month: monthIndex(s.AsOf), platform: s.Platform}
	if usable(s.Followers) {
		p.followers, p.followersOK = s.Followers.Value, true
	}
	if usable(s.Posts) {
		p.posts, p.postsOK = s.Posts.Value, true
	}
	p.rate[PerFollower], p.rateOK[PerFollower] = PeriodRate(*s, PerFollower)
	p.rate[PerView], p.rateOK[PerView] = PeriodRate(*s, PerView)
	return p
}

// Analyze works out everything the card shows about an influencer's engagement from their
// snapshots (any platforms, any order) as of now. Periods ending after now are ignored; two
// snapshots of one platform with the same period end count once, the later in snaps winning.
// Benchmarks place each now-window rate in its band; the zero Benchmarks places none.
func Analyze(snaps []rapport.Snapshot, now time.Time, b Benchmarks) Analysis {
	return analyze(snaps, now, b, true)
}

// Summarize is Analyze without the monthly series (every FormulaAnalysis.Series is nil):
// for roster-wide views that rank and filter on the windows, trends, bands and flags but
// draw no sparkline or chart. It allocates a fraction of what Analyze does.
func Summarize(snaps []rapport.Snapshot, now time.Time, b Benchmarks) Analysis {
	return analyze(snaps, now, b, false)
}

func analyze(snaps []rapport.Snapshot, now time.Time, b Benchmarks, series bool) Analysis {
	a := Analysis{Now: now}
	ps := make([]period, 0, len(snaps))
	for i := range snaps {
		if !snaps[i].AsOf.After(now) {
			p := newPeriod(&snaps[i])
			p.seq = i
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return a
	}
	// Snapshots usually arrive sorted (the store keeps them by platform, then period), and
	// then this costs one pass.
	if !slices.IsSortedFunc(ps, comparePeriods) {
		slices.SortFunc(ps, comparePeriods)
	}
	ps = dedupePeriods(ps)

	// Size every buffer once: one backing array each for the formula analyses, the series
	// points and the scratch space the medians sort in.
	platforms, formulas, longest := 0, 0, 0
	for i := 0; i < len(ps); {
		j := runEnd(ps, i)
		platforms++
		formulas += formulaCount(ps[i].platform)
		longest = max(longest, j-i)
		i = j
	}
	a.Platforms = make([]PlatformAnalysis, 0, platforms)
	rates := make([]FormulaAnalysis, formulas)
	var points Series
	if series {
		points = make(Series, formulas*SeriesMonths)
	}
	scratch := make([]float64, 2*longest)
	var bounds [4][2]time.Time
	for n := range bounds {
		bounds[n][0], bounds[n][1] = WindowBounds(now, n)
	}
	first := monthIndex(now) - (SeriesMonths - 1)
	var months [SeriesMonths]time.Time
	for i := range months {
		// time.Date normalises the month count into years.
		months[i] = time.Date(0, time.Month(first+i+1), 1, 0, 0, 0, 0, now.Location())
	}

	for i := 0; i < len(ps); {
		j := runEnd(ps, i)
		run := ps[i:j]
		k := formulaCount(run[0].platform)
		var own Series
		if series {
			own, points = points[:k*SeriesMonths:k*SeriesMonths], points[k*SeriesMonths:]
		}
		pa := analyzePlatform(run, rates[:k:k], own, bounds, first, &months, b, scratch)
		rates = rates[k:]
		a.Platforms = append(a.Platforms, pa)
		i = j
	}
	slices.SortFunc(a.Platforms, func(x, y PlatformAnalysis) int {
		if x.FollowersOK != y.FollowersOK {
			if x.FollowersOK {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(y.LatestFollowers, x.LatestFollowers); c != 0 {
			return c
		}
		return cmp.Compare(x.Platform, y.Platform)
	})
	a.Summary = summarize(a.Platforms)
	return a
}

func analyzePlatform(ps []period, rates []FormulaAnalysis, points Series, bounds [4][2]time.Time,
	first int, months *[SeriesMonths]time.Time, b Benchmarks, scratch []float64) PlatformAnalysis {
	p := ps[0].platform
	pa := PlatformAnalysis{Platform: p, LatestAsOf: ps[len(ps)-1].asOf, Periods: len(ps), Rates: rates}
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].followersOK {
			pa.LatestFollowers, pa.FollowersOK, pa.FollowersAsOf = ps[i].followers, true, ps[i].asOf
			pa.Tier = TierFor(pa.LatestFollowers)
			break
		}
	}
	for k := range rates {
		fa := &rates[k]
		fa.Formula = Formula(k) // PerFollower, then PerView on video platforms
		for n := range fa.Windows {
			fa.Windows[n] = computeWindow(ps, fa.Formula, n, bounds[n][0], bounds[n][1], scratch)
		}
		fa.Trend = TrendBetween(fa.Windows[WindowNow], fa.Windows[Window1y])
		if w := fa.Windows[WindowNow]; w.OK {
			fa.Band, fa.Benchmark, fa.BandOK = b.Band(p, pa.Tier, fa.Formula, w.Median)
		}
		if points != nil {
			fa.Series = points[k*SeriesMonths : (k+1)*SeriesMonths : (k+1)*SeriesMonths]
			fillSeries(fa.Series, ps, fa.Formula, first, months, scratch)
		}
	}
	// Flag text is built in one stack buffer and copied out once per sentence.
	var buf [320]byte
	for k := range rates {
		if f, ok := trendFlag(p, &rates[k], buf[:]); ok {
			pa.Flags = append(pa.Flags, f)
		}
	}
	if f, ok := divergenceFlag(p, &rates[PerFollower], buf[:]); ok {
		pa.Flags = append(pa.Flags, f)
	}
	if s, ok := findSpike(ps, first, scratch); ok {
		pa.Flags = append(pa.Flags, spikeFlag(p, s, buf[:]))
	}
	if f, ok := inactiveFlag(p, ps, buf[:]); ok {
		pa.Flags = append(pa.Flags, f)
	}
	return pa
}

func summarize(pas []PlatformAnalysis) Summary {
	var s Summary
	if len(pas) == 0 {
		return s
	}
	primary := pas[0]
	s.Primary = primary.Platform
	s.Followers, s.FollowersOK, s.Tier = primary.LatestFollowers, primary.FollowersOK, primary.Tier
	if fa, ok := primary.Rate(PerFollower); ok {
		s.Trend = fa.Trend
	}
	for _, pa := range pas {
		if pa.FollowersOK {
			s.CombinedFollowers += pa.LatestFollowers
		}
		s.FlagCount += len(pa.Flags)
	}
	return s
}

// formulaCount is how many formulas apply to a platform (see Formulas).
func formulaCount(p rapport.Platform) int {
	if p.IsVideo() {
		return 2
	}
	return 1
}

// runEnd returns the end of the run of periods of ps[i]'s platform.
func runEnd(ps []period, i int) int {
	j := i + 1
	for j < len(ps) && ps[j].platform == ps[i].platform {
		j++
	}
	return j
}

// comparePeriods orders periods by platform, then period end, then input position.
func comparePeriods(x, y period) int {
	if c := cmp.Compare(x.platform, y.platform); c != 0 {
		return c
	}
	if c := x.asOf.Compare(y.asOf); c != 0 {
		return c
	}
	return cmp.Compare(x.seq, y.seq)
}

// dedupePeriods keeps one period per platform and period end, the last of equals, in sorted
// input.
func dedupePeriods(ps []period) []period {
	out := ps[:1]
	for _, p := range ps[1:] {
		last := &out[len(out)-1]
		if p.platform == last.platform && p.asOf.Equal(last.asOf) {
			*last = p
			continue
		}
		out = append(out, p)
	}
	return out
}
