// Package profilecache keeps the roster-wide search index in memory for `/influencer find`
// and the App Home: one compact entry per influencer (a couple of hundred bytes, see
// discover.Roster), never the profiles and snapshots it was analysed from.
//
// The index follows the store's change feed: after a write that records what it changed
// (an owner or status change, new metrics, a touchpoint), a reader re-reads only the
// influencers the feed names, analyses them and swaps them into a copy of the index that
// shares everything else. The whole roster is read again — streamed from the store in
// batches, each profile analysed and dropped — only at start, when the feed cannot say
// what changed (a write that did not record it, entries trimmed away, new influencers, too
// many changes at once), and when the analysis is older than maxAge, since the 90-day
// windows move with the calendar. A full read runs in the background while readers keep
// the index they have.
package profilecache

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/rapport-bot/rapport/internal/discover"
	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// Source is what the cache reads.
type Source interface {
	// RosterVersion is a counter every write to the roster moves.
	RosterVersion(ctx context.Context) (int64, error)
	// RosterChanges returns the roster version and which influencers may have changed after
	// version since (changed reports it for an id); complete is false when the store cannot
	// say.
	RosterChanges(ctx context.Context, since int64) (version int64, changed func(id string) bool, complete bool, err error)
	// EachProfile hands every profile to fn, a batch at a time, best in id order.
	EachProfile(ctx context.Context, fn func([]rapport.Profile) error) error
	// ProfilesByID reads the given influencers' profiles, leaving out missing ones.
	ProfilesByID(ctx context.Context, ids []string) ([]rapport.Profile, error)
}

const (
	// changeWait is how long a reader waits for a full read that a change started before
	// answering from the index it has: long enough for a small roster, so whoever made the
	// change sees it, short enough that a large one holds a command up no longer.
	changeWait = 2 * time.Second
	// rebuildTimeout bounds one full read.
	rebuildTimeout = 10 * time.Minute
	// updateBatch is how many changed influencers one incremental read fetches.
	updateBatch = 500
	// minFullRead is the fewest changed influencers that make reading the whole roster
	// cheaper than reading them one by one; above a quarter of the roster, it is read whole.
	minFullRead = 2000
)

// index is one published state of the roster index.
type index struct {
	roster  *discover.Roster
	version int64
	// analysedAt is the instant the last full read analysed the roster at.
	analysedAt time.Time
}

// rebuild is a full read in progress.
type rebuild struct {
	done chan struct{}
	err  error // set before done closes
}

// Stats counts the cache's reads of the store, for tests and metrics.
type Stats struct {
	// FullReads counts reads of the whole roster; Updates incremental catch-ups.
	FullReads, Updates int64
	// ProfilesRead counts profiles read and analysed, by either.
	ProfilesRead int64
}

// Cache holds the roster index. It is safe for concurrent use: readers never wait for a
// full read once an index exists (beyond changeWait after a change), and concurrent
// catch-ups collapse into one.
type Cache struct {
	src        Source
	benchmarks engagement.Benchmarks
	// maxAge bounds how old an analysis may be even when nothing changed: the 90-day
	// windows move with the calendar.
	maxAge time.Duration

	cur atomic.Pointer[index]

	// mu serialises changes to the published index and guards interner, whose symbol
	// table the published index's entries refer to.
	mu       sync.Mutex
	interner *discover.Interner

	flight singleflight.Group

	rmu     sync.Mutex
	running *rebuild

	bg     context.Context
	stop   context.CancelFunc
	wg     sync.WaitGroup
	closed atomic.Bool

	fullReads, updates, profilesRead atomic.Int64
}

// New returns an empty cache over src. Close stops a full read in progress.
func New(src Source, b engagement.Benchmarks, maxAge time.Duration) *Cache {
	bg, stop := context.WithCancel(context.Background())
	return &Cache{src: src, benchmarks: b, maxAge: maxAge, interner: discover.NewInterner(), bg: bg, stop: stop}
}

// Close stops a full read in progress and waits for it to end.
func (c *Cache) Close() {
	c.closed.Store(true)
	c.stop()
	c.wg.Wait()
}

// Stats returns the counts so far.
func (c *Cache) Stats() Stats {
	return Stats{FullReads: c.fullReads.Load(), Updates: c.updates.Load(), ProfilesRead: c.profilesRead.Load()}
}

// Roster returns the roster index as of now. It costs one round trip when nothing changed;
// influencers the store reports changed are read and analysed before it returns, so a
// reader sees its own writes. The first call waits for the whole roster; later ones that
// need a full read start it and keep answering from the index they have (waiting up to
// changeWait when the roster changed).
func (c *Cache) Roster(ctx context.Context, now time.Time) (*discover.Roster, error) {
	cur := c.cur.Load()
	var since int64
	if cur != nil {
		since = cur.version
	}
	v, changed, complete, err := c.src.RosterChanges(ctx, since)
	if err != nil {
		return nil, err
	}
	var ids []string
	if cur != nil && complete && v != cur.version {
		ids = cur.roster.IDs(changed)
	}
	if cur != nil {
		if now.Sub(cur.analysedAt) >= c.maxAge || now.Before(cur.analysedAt) {
			// The calendar moved: analyse the roster again in the background, and meanwhile
			// answer from the index as it is, caught up with any changes.
			c.startRebuild(now)
		}
		switch {
		case complete && v == cur.version:
			return cur.roster, nil
		case complete && !c.tooMany(len(ids), cur):
			idx, err := c.catchUp(ctx, cur.version, v, ids, now)
			if err != nil {
				return nil, err
			}
			if idx != nil {
				return idx.roster, nil
			}
		}
	}
	rb := c.startRebuild(now)
	var timeout <-chan time.Time
	if cur != nil {
		t := time.NewTimer(changeWait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-rb.done:
		if rb.err != nil && cur == nil {
			return nil, fmt.Errorf("load roster: %w", rb.err)
		}
	case <-timeout:
	case <-ctx.Done():
		if cur == nil {
			return nil, fmt.Errorf("load roster: %w", ctx.Err())
		}
	}
	if idx := c.cur.Load(); idx != nil {
		return idx.roster, nil
	}
	return nil, errors.New("load roster: the cache is closed")
}

func (c *Cache) tooMany(changed int, cur *index) bool {
	return changed > max(minFullRead, cur.roster.Len()/4)
}

// catchUp applies the changes up to version v (ids, the changes after since) to the
// published index and returns it; nil when the feed could not say what changed (a full read
// is then due).
func (c *Cache) catchUp(ctx context.Context, since, v int64, ids []string, now time.Time) (*index, error) {
	res, err, _ := c.flight.Do(strconv.FormatInt(v, 10), func() (any, error) {
		c.mu.Lock()
		defer c.mu.Unlock()
		cur := c.cur.Load()
		if cur.version >= v {
			return cur, nil
		}
		var known *changes
		if cur.version == since {
			known = &changes{version: v, ids: ids}
		}
		next, ok, err := c.applyChanges(ctx, cur, known, now)
		if err != nil || !ok {
			return (*index)(nil), err
		}
		c.cur.Store(next)
		return next, nil
	})
	if err != nil {
		return nil, fmt.Errorf("update roster: %w", err)
	}
	return res.(*index), nil
}

// changes are the influencers changed after an index's version, up to version.
type changes struct {
	version int64
	ids     []string
}

// applyChanges reads what changed after cur's version, unless known says, and returns cur
// with it applied; false when the feed cannot say or too much changed. The caller holds mu.
func (c *Cache) applyChanges(ctx context.Context, cur *index, known *changes, now time.Time) (*index, bool, error) {
	complete := true
	if known == nil {
		v, changed, ok, err := c.src.RosterChanges(ctx, cur.version)
		if err != nil {
			return nil, false, err
		}
		known, complete = &changes{version: v}, ok
		if ok && v != cur.version {
			known.ids = cur.roster.IDs(changed)
		}
	}
	v, ids := known.version, known.ids
	if !complete || c.tooMany(len(ids), cur) {
		return nil, false, nil
	}
	roster := cur.roster
	for start := 0; start < len(ids); start += updateBatch {
		part := ids[start:min(start+updateBatch, len(ids))]
		profs, err := c.src.ProfilesByID(ctx, part)
		if err != nil {
			return nil, false, err
		}
		c.profilesRead.Add(int64(len(profs)))
		drafts := make([]discover.Draft, len(profs))
		found := make(map[string]bool, len(profs))
		for i, p := range profs {
			drafts[i] = c.interner.Profile(p, engagement.Summarize(p.Snapshots, now, c.benchmarks))
			found[drafts[i].ID()] = true
		}
		var removed []string
		for _, id := range part {
			if !found[id] {
				removed = append(removed, id)
			}
		}
		roster = roster.With(c.interner, drafts, removed)
	}
	c.updates.Add(1)
	return &index{roster: roster, version: v, analysedAt: cur.analysedAt}, true, nil
}

// startRebuild starts a full read unless one is running, and returns it.
func (c *Cache) startRebuild(now time.Time) *rebuild {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	if c.running != nil {
		return c.running
	}
	rb := &rebuild{done: make(chan struct{})}
	if c.closed.Load() {
		rb.err = errors.New("the cache is closed")
		close(rb.done)
		return rb
	}
	c.running = rb
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		ctx, cancel := context.WithTimeout(c.bg, rebuildTimeout)
		defer cancel()
		rb.err = c.readAll(ctx, now)
		c.rmu.Lock()
		c.running = nil
		c.rmu.Unlock()
		close(rb.done)
	}()
	return rb
}

// readAll reads and analyses the whole roster, a batch at a time, and publishes it with
// whatever changed meanwhile applied.
func (c *Cache) readAll(ctx context.Context, now time.Time) error {
	// The version first: what changes during the read is applied after it.
	v, err := c.src.RosterVersion(ctx)
	if err != nil {
		return err
	}
	in := discover.NewInterner()
	b := discover.NewRosterBuilder(in)
	err = c.src.EachProfile(ctx, func(ps []rapport.Profile) error {
		for i := range ps {
			b.Add(in.Profile(ps[i], engagement.Summarize(ps[i].Snapshots, now, c.benchmarks)))
			ps[i] = rapport.Profile{}
		}
		c.profilesRead.Add(int64(len(ps)))
		return nil
	})
	if err != nil {
		return err
	}
	next := &index{roster: b.Roster(), version: v, analysedAt: now}
	c.fullReads.Add(1)

	c.mu.Lock()
	c.interner = in
	if caught, ok, err := c.applyChanges(ctx, next, nil, now); err == nil && ok {
		next = caught
	}
	// Should the feed not cover what changed during the read, the next reader finds the
	// version moved and reads again.
	c.cur.Store(next)
	c.mu.Unlock()
	// The read went through the whole roster's profiles, a batch at a time: hand the
	// memory they took back to the system now rather than over the next minutes, so the
	// process stays at its steady size (the index is a few hundred bytes an influencer).
	debug.FreeOSMemory()
	return nil
}
