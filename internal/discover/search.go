package discover

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
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
//
// Search indexes the candidates and runs Find; a long-lived roster is kept as a Roster and
// searched with Find, which explains only the rows of the page shown.
func Search(q Query, cands []Candidate, me string, now time.Time) []Result {
	in := NewInterner()
	b := &RosterBuilder{in: in, inOrder: true}
	for i := range cands {
		b.Add(in.Candidate(cands[i], ""))
	}
	hits := Find(q, b.Roster(), me, now)
	hits.sortTo(len(hits.order))
	return hits.results(hits.order, func(r *row) Candidate { return cands[r.e.seq] })
}

// Hits are a search's matches, kept compact: only the rows up to the page shown are put in
// order, and only the page's reasons are worked out.
type Hits struct {
	m        *matcher
	order    []*row
	cmp      func(a, b *row) int
	sorted   int // order[:sorted] is in final order, before everything after it
	sc       *scratch
	blocks   int // how many of sc's blocks hold rows
	median   float64
	medianOK bool
	now      time.Time
}

// sortTo puts the first n rows in final order: by selecting the n best with a bounded heap
// when n is small against the matches, else by sorting them all.
func (h *Hits) sortTo(n int) {
	if n <= h.sorted {
		return
	}
	if n*4 >= len(h.order) {
		slices.SortFunc(h.order, h.cmp)
		h.sorted = len(h.order)
		return
	}
	// A max-heap (by h.cmp) of the n best seen so far, in order[:n].
	heap := h.order[:n]
	less := func(i, j int) bool { return h.cmp(heap[i], heap[j]) > 0 } // the worst on top
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= n {
				return
			}
			if r := l + 1; r < n && less(r, l) {
				l = r
			}
			if !less(l, i) {
				return
			}
			heap[i], heap[l] = heap[l], heap[i]
			i = l
		}
	}
	for i := n/2 - 1; i >= 0; i-- {
		down(i)
	}
	for i := n; i < len(h.order); i++ {
		if h.cmp(h.order[i], heap[0]) < 0 {
			heap[0], h.order[i] = h.order[i], heap[0]
			down(0)
		}
	}
	slices.SortFunc(heap, h.cmp)
	h.sorted = n
}

// Len is how many influencers match.
func (h *Hits) Len() int { return len(h.order) }

// Page returns page number page (from 1) of the results, size rows to a page, and whether
// more pages follow, as Page does for a slice of results.
func (h *Hits) Page(page, size int) (items []Result, hasMore bool) {
	if size <= 0 {
		size = DefaultPageSize
	}
	if page < 1 {
		page = 1
	}
	if page-1 > len(h.order)/size {
		return nil, false
	}
	start := (page - 1) * size
	if start >= len(h.order) {
		return nil, false
	}
	end := start + min(size, len(h.order)-start)
	h.sortTo(end)
	return h.results(h.order[start:end], func(r *row) Candidate {
		return Record{r: h.m.r, c: r.c, e: r.e}.Candidate()
	}), end < len(h.order)
}

func (h *Hits) results(rows []*row, candidate func(*row) Candidate) []Result {
	q := &h.m.q
	results := make([]Result, len(rows))
	for i, r := range rows {
		res := Result{Candidate: candidate(r), Score: h.m.score(r), Platform: h.m.platform(r), Underrated: r.under}
		if q.Underrated {
			res.Why, res.Misses = h.m.whyUnderrated(r, h.median, h.medianOK, h.now)
		} else {
			res.Why = h.m.why(r)
		}
		results[i] = res
	}
	return results
}

// rowBlock is how many rows one allocation of a search holds.
const rowBlock = 2048

// scratch is a search's working memory, kept for the next search once released: a broad
// search over a large roster needs megabytes, and fresh memory costs more than reused.
type scratch struct {
	blocks [][]row // each rowBlock long
	order  []*row
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// Release hands the search's working memory to the next search. The Hits, and nothing
// else, must not be used afterwards; results already returned by Page stay valid.
func (h *Hits) Release() {
	sc := h.sc
	if sc == nil {
		return
	}
	for _, b := range sc.blocks[:h.blocks] {
		clear(b) // let go of the roster the rows point into
	}
	clear(h.order)
	sc.order = h.order[:0]
	h.sc, h.order, h.blocks, h.sorted = nil, nil, 0, 0
	scratchPool.Put(sc)
}

// Find searches a roster as Search searches candidates, and returns the matches in order.
func Find(q Query, roster *Roster, me string, now time.Time) *Hits {
	if roster == nil {
		roster = NewInterner().roster()
	}
	m := newMatcher(q, me, roster)
	h := &Hits{m: m, now: now}
	if q.Underrated {
		h.median, h.medianOK = roster.median()
	}
	// Rows go in blocks, never copied as they grow (a broad search keeps tens of
	// thousands), taken from the last search's when it was released.
	sc := scratchPool.Get().(*scratch)
	h.sc, h.order = sc, sc.order[:0]
	var block []row
	pos := int32(-1)
	for _, c := range roster.chunks {
		for i := range c.entries {
			pos++
			e := &c.entries[i]
			if !m.matchInfluencer(c, e) {
				continue
			}
			if q.Underrated && m.paused(e) {
				continue
			}
			r, ok := m.bestRow(c, e)
			if !ok {
				continue
			}
			r.c, r.e, r.pos = c, e, pos
			if q.Sort == SortName {
				name := c.name(e)
				if strings.TrimSpace(name) == "" {
					name = c.handle(e)
				}
				r.name = textmatch.Fold(name)
			}
			if q.Underrated {
				scoreCandidate(&r, e, h.median, h.medianOK, now)
			}
			if len(block) == cap(block) {
				if h.blocks == len(sc.blocks) {
					sc.blocks = append(sc.blocks, make([]row, rowBlock))
				}
				block = sc.blocks[h.blocks][:0]
				h.blocks++
			}
			block = append(block, r)
			h.order = append(h.order, &block[len(block)-1])
		}
	}
	sortKey := q.Sort
	if q.Underrated && sortKey == SortRank {
		sortKey = sortUnderrated
	}
	h.cmp = orderFor(sortKey)
	return h
}

// matcher holds a query prepared for matching a roster's entries: its symbols resolved
// to the roster's ids, and a scratch buffer.
type matcher struct {
	q     Query
	me    string
	r     *Roster
	words [][]byte // folded, without a leading @ or #; empty words dropped
	// tags holds, for each tag asked for, the ids of the symbols that match it; markets,
	// owners, platforms and tiers the ids of those asked for; statuses those asked for
	// or, when none are, do-not-contact. paused reports an entry underrated leaves out.
	tags                                        [][]uint32
	markets, owners, statuses, platforms, tiers []uint32
	filterOwners, filterStatuses                bool
	paused                                      func(*entry) bool
	buf                                         []byte
}

func newMatcher(q Query, me string, r *Roster) *matcher {
	m := &matcher{q: q, me: me, r: r}
	for _, w := range q.Words {
		if k := textmatch.AppendFold(nil, strings.TrimLeft(w, "@#")); len(k) > 0 {
			m.words = append(m.words, k)
		}
	}
	m.tags = make([][]uint32, len(q.Tags))
	m.filterOwners = q.OwnerMe || len(q.Owners) > 0
	var pausedIDs []uint32
	for id := range r.syms {
		y, id := &r.syms[id], uint32(id)
		for k, t := range q.Tags {
			if y.tag == textmatch.Fold(trimTag(t)) {
				m.tags[k] = append(m.tags[k], id)
			}
		}
		if slices.Contains(q.Markets, y.market) {
			m.markets = append(m.markets, id)
		}
		if m.filterOwners && (q.OwnerMe && me != "" && y.raw == me || slices.Contains(q.Owners, y.raw)) {
			m.owners = append(m.owners, id)
		}
		st := rapport.Status(y.raw)
		if id == 0 {
			st = rapport.StatusProspect
		}
		if len(q.Statuses) > 0 && slices.Contains(q.Statuses, st) || len(q.Statuses) == 0 && st == rapport.StatusDoNotContact {
			m.statuses = append(m.statuses, id)
		}
		if y.raw == string(rapport.StatusPaused) {
			pausedIDs = append(pausedIDs, id)
		}
		if slices.Contains(q.Platforms, rapport.Platform(y.raw)) {
			m.platforms = append(m.platforms, id)
		}
		if slices.Contains(q.Tiers, engagement.Tier(y.raw)) {
			m.tiers = append(m.tiers, id)
		}
	}
	m.paused = func(e *entry) bool {
		return slices.Contains(pausedIDs, e.status) && !slices.Contains(q.Statuses, rapport.StatusPaused)
	}
	return m
}

func trimTag(s string) string {
	return strings.TrimLeftFunc(s, func(r rune) bool { return r == '#' || unicode.IsSpace(r) })
}

// matchInfluencer checks what the influencer record alone decides: status, owner, market,
// tags and free text.
func (m *matcher) matchInfluencer(c *chunk, e *entry) bool {
	q := &m.q
	// statuses are those asked for or, when none are, those left out.
	if slices.Contains(m.statuses, e.status) != (len(q.Statuses) > 0) {
		return false
	}
	if m.filterOwners && !slices.Contains(m.owners, e.owner) {
		return false
	}
	syms := c.syms[e.syms : e.syms+uint32(e.nSyms)]
	if len(q.Markets) > 0 && !slices.ContainsFunc(syms[e.nTags:], func(id uint32) bool { return slices.Contains(m.markets, id) }) {
		return false
	}
	tags := syms[:e.nTags]
	for _, want := range m.tags {
		if !slices.ContainsFunc(tags, func(id uint32) bool { return slices.Contains(want, id) }) {
			return false
		}
	}
	if len(m.words) > 0 {
		// One folded haystack per influencer: name, handle and tags, kept apart by NULs
		// (which no word contains) so a phrase never spans two fields.
		hay := textmatch.AppendFold(m.buf[:0], c.name(e))
		hay = append(hay, 0)
		hay = textmatch.AppendFold(hay, strings.TrimPrefix(strings.TrimSpace(c.handle(e)), "@"))
		for _, id := range tags {
			hay = append(hay, 0)
			hay = append(hay, m.r.syms[id].tag...)
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

// row is a candidate seen through one platform, with what ranking and reasons need. It
// points into the roster's chunk rather than copying the entry: a search ranks thousands.
type row struct {
	c     *chunk
	e     *entry
	pr    *platformRecord // nil when the influencer has no metrics
	name  string          // folded, for sort:name
	er    float64         // ER/followers now, when erOK
	under UnderratedScore // for underrated: the platform part, then the whole
	pos   int32           // the entry's place in the roster, which is in id order
	erOK  bool
	band  int8 // bandRank of the band: 3 high … 0 unknown
}

func rowFor(pr *platformRecord) row {
	r := row{pr: pr}
	if pr.bits&platPerFollower == 0 {
		return r
	}
	if pr.bits&platWindowOK != 0 && finite(pr.er) {
		r.er, r.erOK = pr.er, true
	}
	if pr.bits&platBandOK != 0 {
		r.band = int8(pr.band)
	}
	return r
}

func (m *matcher) platform(r *row) rapport.Platform {
	if r.pr == nil {
		return ""
	}
	return rapport.Platform(m.r.raw(r.pr.platform))
}

func (m *matcher) tier(r *row) engagement.Tier {
	if r.pr == nil {
		return ""
	}
	return engagement.Tier(m.r.raw(r.pr.tier))
}

func (r *row) followers() (float64, bool) {
	if r.pr == nil || r.pr.bits&platFollowersOK == 0 {
		return 0, false
	}
	return r.pr.followers, true
}

// bandName is the row's ER band; empty when unknown.
func (r *row) bandName() engagement.Band { return bandNames[r.band] }

// benchmark is the benchmark row the band comes from; set whenever band is.
func (m *matcher) benchmark(r *row) engagement.Benchmark {
	if r.pr == nil {
		return engagement.Benchmark{}
	}
	return m.r.benchmark(r.pr.bench)
}

func (r *row) trend() engagement.Trend {
	if r.pr == nil || r.pr.bits&platPerFollower == 0 {
		return engagement.Trend{}
	}
	return engagement.Trend{Ratio: r.pr.ratio, OK: r.pr.bits&platTrendOK != 0, Direction: directions[r.pr.dir]}
}

// bestRow picks the platform the row is about among those the query lets it be about, and
// reports false when none passes the tier, ER and trend filters or, for underrated, can be
// underrated. Underrated picks the platform where the creator scores best.
func (m *matcher) bestRow(c *chunk, e *entry) (row, bool) {
	var best row
	found := false
	consider := func(r row) {
		if m.matchMetrics(&r) && (!found || m.comparePlatforms(&r, &best) < 0) {
			best, found = r, true
		}
	}
	ps := c.platforms(e)
	switch {
	case len(m.q.Platforms) > 0:
		for i := range ps {
			if slices.Contains(m.platforms, ps[i].platform) {
				consider(rowFor(&ps[i]))
			}
		}
	case m.q.Underrated:
		for i := range ps {
			consider(rowFor(&ps[i]))
		}
	case len(ps) > 0:
		consider(rowFor(&ps[0])) // the primary platform
	default:
		consider(row{})
	}
	return best, found
}

func (m *matcher) matchMetrics(r *row) bool {
	q := &m.q
	if len(q.Tiers) > 0 && !slices.Contains(q.Tiers, m.tier(r)) {
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
	if q.Underrated && !m.underratedRow(r) {
		return false
	}
	return true
}

// sortUnderrated is the default order of an underrated search: by score, then as
// SortRank. It is never parsed or written; sort: replaces it like any default.
const sortUnderrated SortKey = "underrated"

// median is the median primary-platform follower count over every influencer with one,
// worked out on first use: a roster never changes.
func (r *Roster) median() (float64, bool) {
	r.medianOnce.Do(func() { r.medianValue, r.medianOK = rosterMedian(r) })
	return r.medianValue, r.medianOK
}

func rosterMedian(r *Roster) (float64, bool) {
	fs := make([]float64, 0, r.Len())
	for _, c := range r.chunks {
		for i := range c.entries {
			if e := &c.entries[i]; e.bits&recFollowersOK != 0 && finite(e.followers) {
				fs = append(fs, e.followers)
			}
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

func (m *matcher) score(r *row) float64 {
	if !r.erOK || r.band == 0 {
		return 0
	}
	b := m.benchmark(r)
	if mid := (b.Low + b.High) / 2; mid > 0 {
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
		// The roster is in id order, ties in the order given.
		return cmp.Compare(a.pos, b.pos)
	}
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
