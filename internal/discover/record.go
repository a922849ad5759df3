package discover

import (
	"math"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/textmatch"
)

// A Roster keeps each influencer as an entry of fixed size in a chunk, the variable parts
// (handle, name, tag and market ids, platforms) in the chunk's arenas, in entry order: a
// search reads memory front to back, and nothing in a chunk is a pointer, so the garbage
// collector has a few hundred objects to look at rather than a million. Strings that repeat
// (tags, markets, owners, statuses, platforms, tiers, touchpoint kinds) are symbols: ids into
// the roster's table, shared through an Interner; benchmark rows too.

// entry is one influencer in a chunk.
type entry struct {
	followers   float64 // the primary platform's follower count (engagement.Summary)
	lastContact int64   // unix nanoseconds of the latest touchpoint
	text        uint32  // offset in the chunk's text: handle, name, then the id when it differs
	syms        uint32  // offset in the chunk's syms: tags, then markets
	plats       uint32  // offset in the chunk's platforms
	owner       uint32  // symbol ids; 0 is none
	status      uint32
	kind        uint32 // kind of the latest touchpoint
	campaigns   int32
	seq         int32  // position in the input, for Search's ties between equal ids
	nHandle     uint16 // lengths in text
	nName       uint16
	nID         uint16 // 0: the id is the handle
	nSyms       uint8
	nTags       uint8
	nPlats      uint8
	primary     int8 // index of the summary's primary platform; -1 when none
	bits        uint8
}

// entry bits.
const (
	recFollowersOK uint8 = 1 << iota
	recContacted
)

// platformRecord is one account's figures: followers and tier, and ER/followers now with
// its band and year-on-year trend.
type platformRecord struct {
	followers float64
	er        float64 // ER/followers now, the now window's median
	ratio     float64 // trend ratio, now ÷ 1y ago
	platform  uint32  // symbol ids
	tier      uint32
	bench     uint16 // index+1 in the benchmark table; 0 when none
	band      uint8  // bandRank: 3 high … 0 unknown
	dir       uint8  // index in directions
	bits      uint8
}

// platformRecord bits.
const (
	platFollowersOK uint8 = 1 << iota
	platPerFollower       // the account has an ER/followers analysis
	platWindowOK          // the now window has enough data
	platTrendOK
	platBandOK
)

var directions = [...]engagement.Direction{"", engagement.Rising, engagement.Steady, engagement.Declining}

var bandNames = [...]engagement.Band{"", engagement.BandLow, engagement.BandAverage, engagement.BandHigh}

// symbol is an interned string with the forms a search compares it in.
type symbol struct {
	raw string
	// tag is raw folded as a tag is matched (no leading '#', case and accents ignored);
	// market is raw as a market code.
	tag, market string
}

// Interner assigns symbol ids and benchmark ids. Rosters built with one Interner share its
// tables; it is not safe for concurrent use (one goroutine builds at a time), while the
// rosters it built are.
type Interner struct {
	syms     []symbol // index 0 is the empty string
	ids      map[string]uint32
	benches  []engagement.Benchmark
	benchIDs map[engagement.Benchmark]uint16
}

// NewInterner returns an empty Interner.
func NewInterner() *Interner {
	return &Interner{syms: []symbol{{}}, ids: map[string]uint32{"": 0}, benchIDs: map[engagement.Benchmark]uint16{}}
}

func (in *Interner) symbol(s string) uint32 {
	if id, ok := in.ids[s]; ok {
		return id
	}
	s = strings.Clone(s) // do not keep a decoded profile alive through a substring
	id := uint32(len(in.syms))
	in.syms = append(in.syms, symbol{raw: s, tag: textmatch.Fold(trimTag(s)), market: rapport.NormalizeMarket(s)})
	in.ids[s] = id
	return id
}

func (in *Interner) bench(b engagement.Benchmark) uint16 {
	if id, ok := in.benchIDs[b]; ok {
		return id
	}
	if len(in.benches) >= math.MaxUint16-1 {
		return 0
	}
	b.Source = strings.Clone(b.Source)
	in.benches = append(in.benches, b)
	id := uint16(len(in.benches))
	in.benchIDs[b] = id
	return id
}

// Draft is one influencer on its way into a Roster: what an entry holds, with its strings
// interned. Drafts are short-lived: build one, hand it to a RosterBuilder or Roster.With.
type Draft struct {
	handle, name, id string
	syms             []uint32 // tags, then markets
	plats            []platformRecord
	e                entry
}

// ID is the influencer's key, the normalised handle.
func (d *Draft) ID() string { return d.id }

// Profile drafts the entry of a profile and its analysis.
func (in *Interner) Profile(p rapport.Profile, a engagement.Analysis) Draft {
	var kind rapport.TouchpointKind
	if p.LastTouchpoint != nil {
		kind = p.LastTouchpoint.Kind
	}
	return in.Candidate(NewCandidate(p, a), kind)
}

// maxText bounds a handle, a name or an id as an entry keeps it; longer ones are cut.
const maxText = math.MaxUint16

func cut(s string) string {
	if len(s) > maxText {
		return s[:maxText]
	}
	return s
}

// Candidate drafts the entry of a candidate; kind is the kind of its latest touchpoint, for
// the App Home.
func (in *Interner) Candidate(c Candidate, kind rapport.TouchpointKind) Draft {
	inf := &c.Influencer
	d := Draft{handle: cut(inf.Handle), name: cut(inf.Name), id: cut(rapport.NormalizeHandle(inf.Handle))}
	d.e = entry{owner: in.symbol(inf.Owner), status: in.symbol(string(inf.Status)),
		campaigns: int32(min(max(c.Campaigns, 0), math.MaxInt32)), primary: -1}
	nTags := min(len(inf.Tags), math.MaxUint8)
	nMarkets := min(len(inf.Markets), math.MaxUint8-nTags)
	d.syms = make([]uint32, 0, nTags+nMarkets)
	for _, t := range inf.Tags[:nTags] {
		d.syms = append(d.syms, in.symbol(t))
	}
	for _, m := range inf.Markets[:nMarkets] {
		d.syms = append(d.syms, in.symbol(m))
	}
	d.e.nTags = uint8(nTags)
	if !c.LastContact.IsZero() {
		d.e.lastContact, d.e.bits = c.LastContact.UnixNano(), d.e.bits|recContacted
		d.e.kind = in.symbol(string(kind))
	}
	s := &c.Analysis.Summary
	if s.FollowersOK {
		d.e.followers, d.e.bits = s.Followers, d.e.bits|recFollowersOK
	}
	pas := c.Analysis.Platforms[:min(len(c.Analysis.Platforms), math.MaxInt8)]
	d.plats = make([]platformRecord, len(pas))
	for i := range pas {
		pa := &pas[i]
		if s.Primary != "" && pa.Platform == s.Primary && d.e.primary < 0 {
			d.e.primary = int8(i)
		}
		d.plats[i] = in.platform(pa)
	}
	return d
}

func (in *Interner) platform(pa *engagement.PlatformAnalysis) platformRecord {
	pr := platformRecord{platform: in.symbol(string(pa.Platform)), tier: in.symbol(string(pa.Tier))}
	if pa.FollowersOK {
		pr.followers, pr.bits = pa.LatestFollowers, pr.bits|platFollowersOK
	}
	for k := range pa.Rates {
		fa := &pa.Rates[k]
		if fa.Formula != engagement.PerFollower {
			continue
		}
		pr.bits |= platPerFollower
		if w := &fa.Windows[engagement.WindowNow]; w.OK {
			pr.er, pr.bits = w.Median, pr.bits|platWindowOK
		}
		if fa.Trend.OK {
			pr.ratio, pr.bits = fa.Trend.Ratio, pr.bits|platTrendOK
		}
		for d, dir := range directions {
			if dir == fa.Trend.Direction {
				pr.dir = uint8(d)
			}
		}
		if fa.BandOK {
			pr.bits |= platBandOK
			pr.band = uint8(bandRank(fa.Band))
			pr.bench = in.bench(fa.Benchmark)
		}
		break
	}
	return pr
}

// Record is one influencer in a Roster, as the roster keeps them: a view, valid as long as
// the roster it came from.
type Record struct {
	r *Roster
	c *chunk
	e *entry
}

// ID is the influencer's key, the normalised handle.
func (rec Record) ID() string { return rec.c.id(rec.e) }

// Owner is the Slack user who owns the relationship; empty when nobody does.
func (rec Record) Owner() string { return rec.r.raw(rec.e.owner) }

// LastContact is when the latest touchpoint happened; zero when never.
func (rec Record) LastContact() time.Time { return lastContact(rec.e) }

func lastContact(e *entry) time.Time {
	if e.bits&recContacted == 0 {
		return time.Time{}
	}
	return time.Unix(0, e.lastContact).UTC()
}

// LastTouchpoint is the latest touchpoint's kind and time, as the App Home shows it; nil
// when never contacted.
func (rec Record) LastTouchpoint() *rapport.Touchpoint {
	if rec.e.bits&recContacted == 0 {
		return nil
	}
	return &rapport.Touchpoint{Handle: rec.c.handle(rec.e), Kind: rapport.TouchpointKind(rec.r.raw(rec.e.kind)), At: rec.LastContact()}
}

// Influencer is the influencer record as far as the roster keeps it: handle, name, markets,
// tags, owner and status.
func (rec Record) Influencer() rapport.Influencer {
	r, c, e := rec.r, rec.c, rec.e
	syms := c.syms[e.syms : e.syms+uint32(e.nSyms)]
	return rapport.Influencer{Handle: c.handle(e), Name: c.name(e), Markets: r.raws(syms[e.nTags:]), Tags: r.raws(syms[:e.nTags]),
		Owner: r.raw(e.owner), Status: rapport.Status(r.raw(e.status))}
}

// Candidate rebuilds the candidate the entry was made from, its analysis reduced to what
// results show: per platform the followers and tier, and ER/followers now with its band and
// trend.
func (rec Record) Candidate() Candidate {
	r, c, e := rec.r, rec.c, rec.e
	cand := Candidate{Influencer: rec.Influencer(), LastContact: rec.LastContact(), Campaigns: int(e.campaigns)}
	a := &cand.Analysis
	plats := c.platforms(e)
	if len(plats) > 0 {
		a.Platforms = make([]engagement.PlatformAnalysis, len(plats))
	}
	for i := range plats {
		pr := &plats[i]
		pa := &a.Platforms[i]
		pa.Platform, pa.Tier = rapport.Platform(r.raw(pr.platform)), engagement.Tier(r.raw(pr.tier))
		pa.LatestFollowers, pa.FollowersOK = pr.followers, pr.bits&platFollowersOK != 0
		if pr.bits&platPerFollower == 0 {
			continue
		}
		fa := engagement.FormulaAnalysis{Formula: engagement.PerFollower}
		if pr.bits&platWindowOK != 0 {
			fa.Windows[engagement.WindowNow] = engagement.Window{Median: pr.er, OK: true}
		}
		fa.Trend = engagement.Trend{Ratio: pr.ratio, OK: pr.bits&platTrendOK != 0, Direction: directions[pr.dir]}
		if pr.bits&platBandOK != 0 {
			fa.BandOK, fa.Band, fa.Benchmark = true, bandNames[pr.band], r.benchmark(pr.bench)
		}
		pa.Rates = []engagement.FormulaAnalysis{fa}
	}
	if e.primary >= 0 {
		p := &a.Platforms[e.primary]
		a.Summary = engagement.Summary{Primary: p.Platform, Tier: p.Tier}
		if fa, ok := p.Rate(engagement.PerFollower); ok {
			a.Summary.Trend = fa.Trend
		}
	}
	a.Summary.Followers, a.Summary.FollowersOK = e.followers, e.bits&recFollowersOK != 0
	return cand
}

func (r *Roster) raw(id uint32) string { return r.syms[id].raw }

func (r *Roster) raws(ids []uint32) []string {
	if len(ids) == 0 {
		return nil
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = r.syms[id].raw
	}
	return out
}

func (r *Roster) benchmark(id uint16) engagement.Benchmark {
	if id == 0 {
		return engagement.Benchmark{}
	}
	return r.benches[id-1]
}
