package discover

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/rapport-bot/rapport/internal/engagement"
)

// chunkSize is how many entries a full chunk holds: an update copies one chunk, so it
// bounds the copy, and the chunk list stays short.
const chunkSize = 1024

// Roster is a search index: one compact entry per influencer (see record.go), in id order.
// It is immutable: With returns an updated copy that shares every chunk it did not change,
// so readers keep using the roster they hold while an update is built.
type Roster struct {
	chunks  []*chunk
	n       int
	syms    []symbol // the Interner's tables as of the roster's making
	benches []engagement.Benchmark

	medianOnce  sync.Once
	medianValue float64
	medianOK    bool
}

// chunk holds up to chunkSize entries in id order, and their variable parts.
type chunk struct {
	entries []entry
	text    []byte
	syms    []uint32
	plats   []platformRecord
}

func (c *chunk) handle(e *entry) string { return string(c.text[e.text : e.text+uint32(e.nHandle)]) }
func (c *chunk) name(e *entry) string {
	from := e.text + uint32(e.nHandle)
	return string(c.text[from : from+uint32(e.nName)])
}

func (c *chunk) idBytes(e *entry) []byte {
	if e.nID == 0 {
		return c.text[e.text : e.text+uint32(e.nHandle)]
	}
	from := e.text + uint32(e.nHandle) + uint32(e.nName)
	return c.text[from : from+uint32(e.nID)]
}

func (c *chunk) id(e *entry) string { return string(c.idBytes(e)) }

func (c *chunk) platforms(e *entry) []platformRecord {
	return c.plats[e.plats : e.plats+uint32(e.nPlats)]
}

// appendDraft adds a draft at the end of the chunk.
func (c *chunk) appendDraft(d *Draft, seq int) {
	e := d.e
	e.seq = int32(seq)
	e.text = uint32(len(c.text))
	e.nHandle, e.nName = uint16(len(d.handle)), uint16(len(d.name))
	c.text = append(append(c.text, d.handle...), d.name...)
	if d.id != d.handle {
		e.nID = uint16(len(d.id))
		c.text = append(c.text, d.id...)
	}
	e.syms, e.nSyms = uint32(len(c.syms)), uint8(len(d.syms))
	c.syms = append(c.syms, d.syms...)
	e.plats, e.nPlats = uint32(len(c.plats)), uint8(len(d.plats))
	c.plats = append(c.plats, d.plats...)
	c.entries = append(c.entries, e)
}

// appendEntry copies entry i of src to the end of the chunk.
func (c *chunk) appendEntry(src *chunk, i int) {
	e := src.entries[i]
	n := uint32(e.nHandle) + uint32(e.nName) + uint32(e.nID)
	text := src.text[e.text : e.text+n]
	e.text = uint32(len(c.text))
	c.text = append(c.text, text...)
	syms := src.syms[e.syms : e.syms+uint32(e.nSyms)]
	e.syms = uint32(len(c.syms))
	c.syms = append(c.syms, syms...)
	plats := src.platforms(&src.entries[i])
	e.plats = uint32(len(c.plats))
	c.plats = append(c.plats, plats...)
	c.entries = append(c.entries, e)
}

// compact returns the chunk with its slices cut to size.
func (c *chunk) compact() *chunk {
	return &chunk{entries: slices.Clip(c.entries), text: slices.Clone(c.text), syms: slices.Clone(c.syms),
		plats: slices.Clone(c.plats)}
}

// RosterBuilder collects drafts for a new Roster. Drafts added in id order go straight
// into the roster's chunks; others are put in order when the roster is made, which holds
// them twice for a moment.
type RosterBuilder struct {
	in     *Interner
	chunks []*chunk
	cur    *chunk
	n      int
	// inOrder holds while every draft's id was above the one before (or equal, when
	// unique); last is that id.
	inOrder bool
	last    string
	// unique keeps one entry per id (the last added); otherwise all, equal ids in the
	// order added.
	unique bool
}

// NewRosterBuilder starts a roster whose drafts come from in. The roster keeps one entry
// per influencer: of drafts with the same id, the last added wins.
func NewRosterBuilder(in *Interner) *RosterBuilder {
	return &RosterBuilder{in: in, unique: true, inOrder: true}
}

// Add adds a draft.
func (b *RosterBuilder) Add(d Draft) {
	if b.n > 0 && b.inOrder {
		switch {
		case d.id < b.last:
			b.inOrder = false
		case d.id == b.last && b.unique && len(b.cur.entries) > 0:
			b.cur.entries = b.cur.entries[:len(b.cur.entries)-1] // replaced (its bytes stay until the chunk is compacted)
			b.n--
		case d.id == b.last:
			b.inOrder = false
		}
	}
	if b.cur == nil || len(b.cur.entries) == chunkSize {
		b.flush()
		b.cur = &chunk{entries: make([]entry, 0, chunkSize)}
	}
	b.cur.appendDraft(&d, b.n)
	b.last = d.id
	b.n++
}

func (b *RosterBuilder) flush() {
	if b.cur != nil && len(b.cur.entries) > 0 {
		b.chunks = append(b.chunks, b.cur.compact())
	}
	b.cur = nil
}

// Roster indexes the drafts added so far, and empties the builder.
func (b *RosterBuilder) Roster() *Roster {
	b.flush()
	r := b.in.roster()
	defer func() { *b = RosterBuilder{in: b.in, unique: b.unique, inOrder: true} }()
	if b.inOrder {
		r.chunks, r.n = b.chunks, b.n
		return r
	}
	type ref struct{ c, e int32 }
	order := make([]ref, 0, b.n)
	for ci, c := range b.chunks {
		for ei := range c.entries {
			order = append(order, ref{int32(ci), int32(ei)})
		}
	}
	idOf := func(x ref) []byte { c := b.chunks[x.c]; return c.idBytes(&c.entries[x.e]) }
	// Stable: equal ids stay in the order added.
	slices.SortStableFunc(order, func(x, y ref) int { return bytes.Compare(idOf(x), idOf(y)) })
	var c *chunk
	for k, x := range order {
		if b.unique && k+1 < len(order) && bytes.Equal(idOf(x), idOf(order[k+1])) {
			continue
		}
		if c == nil || len(c.entries) == chunkSize {
			if c != nil {
				r.chunks = append(r.chunks, c.compact())
			}
			c = &chunk{entries: make([]entry, 0, chunkSize)}
		}
		c.appendEntry(b.chunks[x.c], int(x.e))
		r.n++
	}
	if c != nil {
		r.chunks = append(r.chunks, c.compact())
	}
	return r
}

// roster is an empty roster on the interner's tables as they are now.
func (in *Interner) roster() *Roster {
	return &Roster{syms: in.syms[:len(in.syms):len(in.syms)], benches: in.benches[:len(in.benches):len(in.benches)]}
}

// Len is how many influencers the roster holds.
func (r *Roster) Len() int {
	if r == nil {
		return 0
	}
	return r.n
}

// find returns the chunk and entry index where id is or would go.
func (r *Roster) find(id string) (ci, ei int, found bool) {
	// The last chunk whose first id is at most id.
	ci, _ = slices.BinarySearchFunc(r.chunks, id, func(c *chunk, id string) int {
		if string(c.idBytes(&c.entries[0])) <= id {
			return -1
		}
		return 1
	})
	ci = max(ci-1, 0)
	if ci >= len(r.chunks) {
		return ci, 0, false
	}
	c := r.chunks[ci]
	ei, found = slices.BinarySearchFunc(c.entries, id, func(e entry, id string) int {
		return strings.Compare(string(c.idBytes(&e)), id)
	})
	return ci, ei, found
}

// Lookup finds an influencer by id (the normalised handle).
func (r *Roster) Lookup(id string) (Record, bool) {
	if r == nil || len(r.chunks) == 0 {
		return Record{}, false
	}
	ci, ei, found := r.find(id)
	if !found {
		return Record{}, false
	}
	c := r.chunks[ci]
	return Record{r: r, c: c, e: &c.entries[ei]}, true
}

// All calls fn for every influencer in id order until it returns false.
func (r *Roster) All(fn func(Record) bool) {
	if r == nil {
		return
	}
	for _, c := range r.chunks {
		for i := range c.entries {
			if !fn(Record{r: r, c: c, e: &c.entries[i]}) {
				return
			}
		}
	}
}

// change is one influencer's entry to put, or, with a nil draft, to take out.
type change struct {
	id    string
	draft *Draft
}

// IDs returns the ids, in order, of the influencers for which keep reports true. keep must
// not hold on to the id it is given: it is a view of the roster's memory.
func (r *Roster) IDs(keep func(id string) bool) []string {
	var out []string
	if r == nil {
		return nil
	}
	for _, c := range r.chunks {
		for i := range c.entries {
			b := c.idBytes(&c.entries[i])
			if len(b) > 0 && keep(unsafe.String(&b[0], len(b))) {
				out = append(out, string(b))
			}
		}
	}
	return out
}

// With returns a copy of the roster with the drafts (made with in, the interner this
// roster's drafts came from) put in place of the influencers with the same ids, or added,
// and the influencers with the removed ids taken out. Only the chunks that change are
// copied.
func (r *Roster) With(in *Interner, put []Draft, removed []string) *Roster {
	byID := map[string]change{}
	for _, id := range removed {
		byID[id] = change{id: id}
	}
	for i := range put {
		byID[put[i].id] = change{id: put[i].id, draft: &put[i]}
	}
	changes := make([]change, 0, len(byID))
	for _, ch := range byID {
		changes = append(changes, ch)
	}
	slices.SortFunc(changes, func(a, b change) int { return strings.Compare(a.id, b.id) })

	out := in.roster()
	var chunks []*chunk
	if r != nil {
		chunks = r.chunks
	}
	// Each change goes to the last chunk whose first id is at most its id (the first
	// chunk for smaller ones); chunks without changes are shared.
	k := 0
	for ci, c := range chunks {
		end := k
		for end < len(changes) && (ci+1 == len(chunks) || changes[end].id < chunks[ci+1].id(&chunks[ci+1].entries[0])) {
			end++
		}
		if end == k {
			out.chunks = append(out.chunks, c)
			out.n += len(c.entries)
			continue
		}
		out.merge(c, changes[k:end])
		k = end
	}
	if k < len(changes) { // an empty roster
		out.merge(nil, changes[k:])
	}
	return out
}

// merge appends to r the entries of c with the changes (in id order) applied, as one chunk
// or, when it grew past chunkSize, several.
func (r *Roster) merge(c *chunk, changes []change) {
	var cur *chunk
	emit := func() {
		if cur != nil && len(cur.entries) > 0 {
			r.chunks = append(r.chunks, cur.compact())
			r.n += len(cur.entries)
		}
		cur = &chunk{}
	}
	emit()
	room := func() {
		if len(cur.entries) == chunkSize {
			emit()
		}
	}
	var entries []entry
	if c != nil {
		entries = c.entries
	}
	i := 0
	for _, ch := range changes {
		id, d := ch.id, ch.draft
		for i < len(entries) && string(c.idBytes(&entries[i])) < id {
			room()
			cur.appendEntry(c, i)
			i++
		}
		if i < len(entries) && string(c.idBytes(&entries[i])) == id {
			i++ // replaced or removed
		}
		if d != nil {
			room()
			cur.appendDraft(d, 0)
		}
	}
	for ; i < len(entries); i++ {
		room()
		cur.appendEntry(c, i)
	}
	emit()
}
