package discover

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/textmatch"
)

// Candidate is one influencer on the roster with what a search reads about them
// (NewCandidate builds one from a profile).
type Candidate struct {
	Influencer rapport.Influencer
	Analysis   engagement.Analysis
	// LastContact is when the latest touchpoint happened; zero when never.
	LastContact time.Time
	// Campaigns counts the campaigns with the brand they are in, past or planned, cancelled
	// ones aside.
	Campaigns int
}

// Result is one row of search results.
type Result struct {
	Candidate
	// Score is the row's ER/followers now as a multiple of the typical rate for its
	// platform and tier (the middle of the benchmark's average range): 1 is typical, 2 twice
	// that. 0 when the rate or its benchmark is unknown. It explains a row; the order comes
	// from the query's sort.
	Score float64
	// Why holds short reasons for the row, strongest first, e.g. "high ER for micro on
	// TikTok (6.2%)".
	Why []string
	// Misses, for underrated, names the criteria the row falls short of, e.g. "contacted
	// 35 days ago (under 60)"; empty otherwise.
	Misses []string
	// Underrated is the row's underrated score; zero unless the query asks for underrated.
	Underrated UnderratedScore
	// Platform is the platform the row is about (see the package doc); empty when the
	// influencer has no metrics at all.
	Platform rapport.Platform
}

// Search returns the candidates that match q, best first. me is the Slack user ID of whoever
// searches, for owner:me; now places the last contact for underrated. The default order is
// by ER band on the row's platform (high, average, low, unknown), then ER/followers now, then
// followers; q.Sort replaces it. Ties go by handle, so paging is stable. Do-not-contact
// influencers are left out unless q.Statuses asks for them.
//
// Underrated ranks instead of filtering (see UnderratedScore): every influencer whose
// ER/followers now, on some platform (one named by platform: when given), is at least the
// typical rate for the tier is scored on that platform, and the default order is by score.
// Influencers without an ER figure or a benchmark for it, and paused ones unless q.Statuses
// asks for them, are left out. The audience part compares primary-platform followers with
// the median of every candidate passed in.
func Search(q Query, cands []Candidate, me string, now time.Time) []Result {
	m := newMatcher(q, me)
	var median float64
	var medianOK bool
	if q.Underrated {
		median, medianOK = rosterMedian(cands)
	}
	var rows []row
	for i := range cands {
		c := &cands[i]
		if !m.matchInfluencer(&c.Influencer) {
			continue
		}
		if q.Underrated && c.Influencer.Status == rapport.StatusPaused && !slices.Contains(q.Statuses, rapport.StatusPaused) {
			continue
		}
		r, ok := m.bestRow(&c.Analysis)
		if !ok {
			continue
		}
		r.cand = i
		r.id = rapport.NormalizeHandle(c.Influencer.Handle)
		if q.Sort == SortName {
			name := c.Influencer.Name
			if strings.TrimSpace(name) == "" {
				name = c.Influencer.Handle
			}
			r.name = textmatch.Fold(name)
		}
		if q.Underrated {
			scoreCandidate(&r, c, median, medianOK, now)
		}
		rows = append(rows, r)
	}
	order := make([]*row, len(rows))
	for i := range rows {
		order[i] = &rows[i]
	}
	sortKey := q.Sort
	if q.Underrated && sortKey == SortRank {
		sortKey = sortUnderrated
	}
	slices.SortFunc(order, orderFor(sortKey))

	results := make([]Result, len(order))
	for i, r := range order {
		c := &cands[r.cand]
		res := Result{Candidate: *c, Score: r.score(), Platform: r.platform(), Underrated: r.under}
		if q.Underrated {
			res.Why, res.Misses = whyUnderrated(r, c, median, medianOK, now)
		} else {
			res.Why = m.why(r)
		}
		results[i] = res
	}
	return results
}

// matcher holds a query prepared for matching many candidates, and a scratch buffer.
type matcher struct {
	q     Query
	me    string
	words [][]byte // folded, without a leading @ or #; empty words dropped
	tags  [][]byte // folded
	buf   []byte
}

func newMatcher(q Query, me string) *matcher {
	m := &matcher{q: q, me: me}
	for _, w := range q.Words {
		if k := textmatch.AppendFold(nil, strings.TrimLeft(w, "@#")); len(k) > 0 {
			m.words = append(m.words, k)
		}
	}
	for _, t := range q.Tags {
		m.tags = append(m.tags, textmatch.AppendFold(nil, trimTag(t)))
	}
	return m
}

func trimTag(s string) string {
	return strings.TrimLeftFunc(s, func(r rune) bool { return r == '#' || unicode.IsSpace(r) })
}

// matchInfluencer checks what the influencer record alone decides: status, owner, market,
// tags and free text.
func (m *matcher) matchInfluencer(in *rapport.Influencer) bool {
	q := &m.q
	st := in.Status
	if st == "" {
		st = rapport.StatusProspect
	}
	if len(q.Statuses) > 0 {
		if !slices.Contains(q.Statuses, st) {
			return false
		}
	} else if st == rapport.StatusDoNotContact {
		return false
	}
	if q.OwnerMe || len(q.Owners) > 0 {
		mine := q.OwnerMe && m.me != "" && in.Owner == m.me
		if !mine && !slices.Contains(q.Owners, in.Owner) {
			return false
		}
	}
	if len(q.Markets) > 0 && !slices.ContainsFunc(in.Markets, func(mk string) bool {
		return slices.Contains(q.Markets, rapport.NormalizeMarket(mk))
	}) {
		return false
	}
	for _, want := range m.tags {
		if !m.hasTag(in.Tags, want) {
			return false
		}
	}
	if len(m.words) > 0 {
		// One folded haystack per influencer: name, handle and tags, kept apart by NULs
		// (which no word contains) so a phrase never spans two fields.
		hay := textmatch.AppendFold(m.buf[:0], in.Name)
		hay = append(hay, 0)
		hay = textmatch.AppendFold(hay, strings.TrimPrefix(strings.TrimSpace(in.Handle), "@"))
		for _, t := range in.Tags {
			hay = append(hay, 0)
			hay = textmatch.AppendFold(hay, trimTag(t))
		}
		m.buf = hay
		for _, w := range m.words {
			if !bytes.Contains(hay, w) {
				return false
			}
		}
	}
	return true
}

func (m *matcher) hasTag(tags []string, want []byte) bool {
	for _, t := range tags {
		m.buf = textmatch.AppendFold(m.buf[:0], trimTag(t))
		if bytes.Equal(m.buf, want) {
			return true
		}
	}
	return false
}

// row is a candidate seen through one platform, with what ranking and reasons need. It
// points into the candidate's analysis rather than copying it: a search ranks thousands.
type row struct {
	cand     int
	id, name string
	pa       *engagement.PlatformAnalysis // nil when the influencer has no metrics
	fa       *engagement.FormulaAnalysis  // ER/followers on pa; nil when absent
	er       float64                      // ER/followers now, when erOK
	erOK     bool
	band     int             // bandRank of fa's band: 3 high … 0 unknown
	under    UnderratedScore // for underrated: the platform part, then the whole
}

func rowFor(pa *engagement.PlatformAnalysis) row {
	r := row{pa: pa}
	for k := range pa.Rates {
		fa := &pa.Rates[k]
		if fa.Formula != engagement.PerFollower {
			continue
		}
		r.fa = fa
		if w := &fa.Windows[engagement.WindowNow]; w.OK && finite(w.Median) {
			r.er, r.erOK = w.Median, true
		}
		if fa.BandOK {
			r.band = bandRank(fa.Band)
		}
		break
	}
	return r
}

func (r *row) platform() rapport.Platform {
	if r.pa == nil {
		return ""
	}
	return r.pa.Platform
}

func (r *row) tier() engagement.Tier {
	if r.pa == nil {
		return ""
	}
	return r.pa.Tier
}

func (r *row) followers() (float64, bool) {
	if r.pa == nil || !r.pa.FollowersOK {
		return 0, false
	}
	return r.pa.LatestFollowers, true
}

// bandName is the row's ER band; empty when unknown.
func (r *row) bandName() engagement.Band {
	if r.band == 0 {
		return ""
	}
	return r.fa.Band
}

func (r *row) trend() engagement.Trend {
	if r.fa == nil {
		return engagement.Trend{}
	}
	return r.fa.Trend
}

// bestRow picks the platform the row is about among those the query lets it be about, and
// reports false when none passes the tier, ER and trend filters or, for underrated, can be
// underrated. Underrated picks the platform where the creator scores best.
func (m *matcher) bestRow(a *engagement.Analysis) (row, bool) {
	var best row
	found := false
	consider := func(r row) {
		if m.matchMetrics(&r) && (!found || m.comparePlatforms(&r, &best) < 0) {
			best, found = r, true
		}
	}
	switch {
	case len(m.q.Platforms) > 0:
		for i := range a.Platforms {
			if slices.Contains(m.q.Platforms, a.Platforms[i].Platform) {
				consider(rowFor(&a.Platforms[i]))
			}
		}
	case m.q.Underrated:
		for i := range a.Platforms {
			consider(rowFor(&a.Platforms[i]))
		}
	case len(a.Platforms) > 0:
		consider(rowFor(&a.Platforms[0])) // the primary platform
	default:
		consider(row{})
	}
	return best, found
}

func (m *matcher) matchMetrics(r *row) bool {
	q := &m.q
	if len(q.Tiers) > 0 && !slices.Contains(q.Tiers, r.tier()) {
		return false
	}
	for _, b := range q.ER {
		if !r.erOK || !b.Holds(r.er) {
			return false
		}
	}
	if q.Trend != "" {
		if t := r.trend(); !t.OK || t.Direction != q.Trend {
			return false
		}
	}
	if q.Underrated && !underratedRow(r) {
		return false
	}
	return true
}

// sortUnderrated is the default order of an underrated search: by score, then as
// SortRank. It is never parsed or written; sort: replaces it like any default.
const sortUnderrated SortKey = "underrated"

// rosterMedian is the median primary-platform follower count over every candidate with
// one.
func rosterMedian(cands []Candidate) (float64, bool) {
	fs := make([]float64, 0, len(cands))
	for i := range cands {
		if s := &cands[i].Analysis.Summary; s.FollowersOK && finite(s.Followers) {
			fs = append(fs, s.Followers)
		}
	}
	if len(fs) == 0 {
		return 0, false
	}
	slices.Sort(fs)
	n := len(fs)
	if n%2 == 1 {
		return fs[n/2], true
	}
	return (fs[n/2-1] + fs[n/2]) / 2, true
}

func (r *row) score() float64 {
	if !r.erOK || r.band == 0 {
		return 0
	}
	if mid := (r.fa.Benchmark.Low + r.fa.Benchmark.High) / 2; mid > 0 {
		return r.er / mid
	}
	return 0
}

func bandRank(b engagement.Band) int {
	switch b {
	case engagement.BandHigh:
		return 3
	case engagement.BandAverage:
		return 2
	case engagement.BandLow:
		return 1
	}
	return 0
}

// descending orders known values largest first, unknown ones last.
func descending(a float64, aOK bool, b float64, bOK bool) int {
	switch {
	case aOK != bOK:
		if aOK {
			return -1
		}
		return 1
	case !aOK:
		return 0
	}
	return cmp.Compare(b, a)
}

// comparePlatforms orders one influencer's platforms: for underrated the larger platform
// part of the score (engagement and trend) first, then the default order.
func (m *matcher) comparePlatforms(a, b *row) int {
	if m.q.Underrated {
		if c := cmp.Compare(b.under.Engagement+b.under.Trend, a.under.Engagement+a.under.Trend); c != 0 {
			return c
		}
	}
	return compareRank(a, b)
}

// compareRank is the default order: band, then ER/followers now, then followers.
func compareRank(a, b *row) int {
	if c := cmp.Compare(b.band, a.band); c != 0 {
		return c
	}
	if c := descending(a.er, a.erOK, b.er, b.erOK); c != 0 {
		return c
	}
	return byFollowers(a, b)
}

func byFollowers(a, b *row) int {
	fa, aOK := a.followers()
	fb, bOK := b.followers()
	return descending(fa, aOK, fb, bOK)
}

func orderFor(k SortKey) func(a, b *row) int {
	var primary func(a, b *row) int
	switch k {
	case SortER:
		primary = func(a, b *row) int {
			if c := descending(a.er, a.erOK, b.er, b.erOK); c != 0 {
				return c
			}
			return byFollowers(a, b)
		}
	case SortFollowers:
		primary = func(a, b *row) int {
			if c := byFollowers(a, b); c != 0 {
				return c
			}
			return compareRank(a, b)
		}
	case SortTrend:
		primary = func(a, b *row) int {
			ta, tb := a.trend(), b.trend()
			if c := descending(ta.Ratio, ta.OK, tb.Ratio, tb.OK); c != 0 {
				return c
			}
			return compareRank(a, b)
		}
	case SortName:
		primary = func(a, b *row) int { return strings.Compare(a.name, b.name) }
	case sortUnderrated:
		primary = func(a, b *row) int {
			if c := cmp.Compare(b.under.Total(), a.under.Total()); c != 0 {
				return c
			}
			return compareRank(a, b)
		}
	default:
		primary = compareRank
	}
	return func(a, b *row) int {
		if c := primary(a, b); c != 0 {
			return c
		}
		if c := strings.Compare(a.id, b.id); c != 0 {
			return c
		}
		return cmp.Compare(a.cand, b.cand)
	}
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
