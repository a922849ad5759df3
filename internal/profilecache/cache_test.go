package profilecache

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/discover"
	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// fakeSource is a roster in memory with a change feed: change records the ids it changed
// under a new version; bump moves the version without recording them, as a write that does
// not use the feed does.
type fakeSource struct {
	mu       sync.Mutex
	version  int64
	profiles map[string]rapport.Profile
	changes  map[int64][]string // recorded versions
	err      error
	delay    time.Duration // per EachProfile batch, so readers pile up
}

func newFakeSource(handles ...string) *fakeSource {
	f := &fakeSource{profiles: map[string]rapport.Profile{}, changes: map[int64][]string{}}
	for _, h := range handles {
		f.profiles[h] = rapport.Profile{Influencer: rapport.Influencer{Handle: h, Name: h, Owner: "U1"}}
	}
	return f
}

func (f *fakeSource) change(fn func(map[string]rapport.Profile), ids ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f.profiles)
	f.version++
	f.changes[f.version] = ids
}

func (f *fakeSource) bump() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.version++
}

func (f *fakeSource) RosterVersion(context.Context) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.version, f.err
}

func (f *fakeSource) RosterChanges(_ context.Context, since int64) (int64, func(string) bool, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return 0, nil, false, f.err
	}
	ids := map[string]bool{}
	for v := since + 1; v <= f.version; v++ {
		c, ok := f.changes[v]
		if !ok {
			return f.version, nil, false, nil
		}
		for _, id := range c {
			ids[id] = true
		}
	}
	return f.version, func(id string) bool { return ids[id] }, since <= f.version, nil
}

func (f *fakeSource) EachProfile(ctx context.Context, fn func([]rapport.Profile) error) error {
	f.mu.Lock()
	all := make([]rapport.Profile, 0, len(f.profiles))
	for _, p := range f.profiles {
		all = append(all, p)
	}
	delay := f.delay
	f.mu.Unlock()
	for len(all) > 0 {
		n := min(2, len(all))
		time.Sleep(delay)
		if err := fn(all[:n]); err != nil {
			return err
		}
		all = all[n:]
	}
	return ctx.Err()
}

func (f *fakeSource) ProfilesByID(_ context.Context, ids []string) ([]rapport.Profile, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []rapport.Profile
	for _, id := range ids {
		if p, ok := f.profiles[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func owners(t *testing.T, r *discover.Roster) map[string]string {
	t.Helper()
	out := map[string]string{}
	r.All(func(rec discover.Record) bool {
		out[rec.ID()] = rec.Owner()
		return true
	})
	return out
}

// waitIdle waits for a full read in progress, as a test's way to see a background read end.
func (c *Cache) waitIdle() {
	c.rmu.Lock()
	rb := c.running
	c.rmu.Unlock()
	if rb != nil {
		<-rb.done
	}
}

func TestCacheReadsOnlyWhatChanged(t *testing.T) {
	ctx := context.Background()
	src := newFakeSource("ava", "ben", "cleo")
	c := New(src, engagement.DefaultBenchmarks(), time.Hour)
	defer c.Close()

	steps := []struct {
		name       string
		do         func()
		at         time.Time
		wantFull   int64 // full reads so far, once any background read ended
		wantRead   int64 // profiles read so far
		wantOwners map[string]string
	}{
		{"first read loads the roster", func() {}, t0, 1, 3,
			map[string]string{"ava": "U1", "ben": "U1", "cleo": "U1"}},
		{"nothing changed: no read", func() {}, t0.Add(time.Minute), 1, 3,
			map[string]string{"ava": "U1", "ben": "U1", "cleo": "U1"}},
		{"a recorded change reads that influencer only", func() {
			src.change(func(m map[string]rapport.Profile) {
				p := m["ben"]
				p.Influencer.Owner = "U2"
				m["ben"] = p
			}, "ben")
		}, t0.Add(2 * time.Minute), 1, 4, map[string]string{"ava": "U1", "ben": "U2", "cleo": "U1"}},
		{"a removed influencer is taken out", func() {
			src.change(func(m map[string]rapport.Profile) { delete(m, "cleo") }, "cleo")
		}, t0.Add(3 * time.Minute), 1, 4, map[string]string{"ava": "U1", "ben": "U2"}},
		{"a new influencer reads everything", func() {
			src.mu.Lock()
			src.profiles["dora"] = rapport.Profile{Influencer: rapport.Influencer{Handle: "dora", Owner: "U3"}}
			src.mu.Unlock()
			src.bump()
		}, t0.Add(3 * time.Minute), 2, 7, map[string]string{"ava": "U1", "ben": "U2", "dora": "U3"}},
		{"a change the feed did not record reads everything", func() {
			src.mu.Lock()
			p := src.profiles["ava"]
			p.Influencer.Owner = "U9"
			src.profiles["ava"] = p
			src.mu.Unlock()
			src.bump()
		}, t0.Add(4 * time.Minute), 3, 10, map[string]string{"ava": "U9", "ben": "U2", "dora": "U3"}},
		{"analysis too old: read again in the background", func() {}, t0.Add(2 * time.Hour), 4, 13,
			map[string]string{"ava": "U9", "ben": "U2", "dora": "U3"}},
		{"clock went back: read again", func() {}, t0, 5, 16,
			map[string]string{"ava": "U9", "ben": "U2", "dora": "U3"}},
	}
	for _, s := range steps {
		s.do()
		r, err := c.Roster(ctx, s.at)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		c.waitIdle()
		if r2, _ := c.Roster(ctx, s.at); r2 != nil {
			r = r2
		}
		st := c.Stats()
		if st.FullReads != s.wantFull || st.ProfilesRead != s.wantRead {
			t.Errorf("%s: %d full reads, %d profiles read; want %d, %d", s.name, st.FullReads, st.ProfilesRead, s.wantFull, s.wantRead)
		}
		if got := owners(t, r); !equalMaps(got, s.wantOwners) {
			t.Errorf("%s: owners %v, want %v", s.name, got, s.wantOwners)
		}
	}
	src.mu.Lock()
	src.err = errors.New("down")
	src.mu.Unlock()
	if _, err := c.Roster(ctx, t0); err == nil {
		t.Error("a store error was not returned")
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestCacheServesStaleWhileReading checks that a full read started by the calendar never
// holds readers up once an index exists, and that concurrent first reads load once.
func TestCacheServesStaleWhileReading(t *testing.T) {
	ctx := context.Background()
	src := newFakeSource("ava", "ben", "cleo", "dan")
	src.delay = 100 * time.Millisecond
	c := New(src, engagement.DefaultBenchmarks(), time.Hour)
	defer c.Close()

	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if r, err := c.Roster(ctx, t0); err != nil || r.Len() != 4 {
				t.Errorf("first Roster = %v, %v", r.Len(), err)
			}
		})
	}
	wg.Wait()
	if n := c.Stats().FullReads; n != 1 {
		t.Fatalf("10 concurrent first reads loaded %d times, want 1", n)
	}

	later := t0.Add(2 * time.Hour)
	start := time.Now()
	for range 20 {
		wg.Go(func() {
			if r, err := c.Roster(ctx, later); err != nil || r.Len() != 4 {
				t.Errorf("Roster during a read = %v, %v", r.Len(), err)
			}
		})
	}
	// Changes keep coming while the roster is read again.
	for i := range 5 {
		src.change(func(m map[string]rapport.Profile) {
			p := m["ava"]
			p.Influencer.Name = "Ava " + string(rune('A'+i))
			m["ava"] = p
		}, "ava")
		wg.Go(func() {
			if _, err := c.Roster(ctx, later); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("readers waited %v for a read only the calendar asked for", d)
	}
	c.waitIdle()
	r, err := c.Roster(ctx, later)
	if err != nil {
		t.Fatal(err)
	}
	rec, ok := r.Lookup("ava")
	if !ok || rec.Influencer().Name != "Ava E" {
		t.Errorf("after the read and the changes, ava = %+v", rec.Influencer())
	}
	if got := r.Len(); got != 4 {
		t.Errorf("roster has %d influencers, want 4", got)
	}
}

func TestRosterWithKeepsIDOrder(t *testing.T) {
	in := discover.NewInterner()
	draft := func(h, owner string) discover.Draft {
		return in.Candidate(discover.Candidate{Influencer: rapport.Influencer{Handle: h, Name: "N " + h, Owner: owner}}, "")
	}
	ids := func(r *discover.Roster) []string {
		var out []string
		r.All(func(x discover.Record) bool { out = append(out, x.ID()+"/"+x.Owner()); return true })
		return out
	}
	b := discover.NewRosterBuilder(in)
	for _, d := range []discover.Draft{draft("cleo", "U1"), draft("Ava", "U1"), draft("ava", "U2")} {
		b.Add(d)
	}
	r := b.Roster()
	r2 := r.With(in, []discover.Draft{draft("ben", "U5"), draft("zed", "U5"), draft("cleo", "U6"), draft("aaron", "U7")}, []string{"ava", "nobody"})
	if want := []string{"aaron/U7", "ben/U5", "cleo/U6", "zed/U5"}; !slices.Equal(ids(r2), want) {
		t.Errorf("With = %v, want %v", ids(r2), want)
	}
	if want := []string{"ava/U2", "cleo/U1"}; !slices.Equal(ids(r), want) {
		t.Errorf("NewRosterBuilder keeps the last of equal ids, and With leaves the roster as it was: %v, want %v", ids(r), want)
	}
	if rec, ok := r2.Lookup("cleo"); !ok || rec.Influencer().Name != "N cleo" || rec.Owner() != "U6" {
		t.Errorf("Lookup(cleo) = %+v, %v", rec.Influencer(), ok)
	}

	// Many chunks: every id found, in order, after updates in the middle and at the ends.
	b = discover.NewRosterBuilder(in)
	const n = 5000
	for i := range n {
		b.Add(draft(fmt.Sprintf("c%05d", i*2), "U1"))
	}
	big := b.Roster()
	var put []discover.Draft
	for i := range 3000 {
		put = append(put, draft(fmt.Sprintf("c%05d", i*3+1), "U2"))
	}
	big = big.With(in, put, []string{"c00000", "c09998"})
	want := map[string]string{}
	for i := range n {
		want[fmt.Sprintf("c%05d", i*2)] = "U1"
	}
	for i := range 3000 {
		want[fmt.Sprintf("c%05d", i*3+1)] = "U2"
	}
	delete(want, "c00000")
	delete(want, "c09998")
	got := ids(big)
	if len(got) != len(want) || big.Len() != len(want) || !slices.IsSorted(got) {
		t.Fatalf("%d records (Len %d), sorted %v; want %d", len(got), big.Len(), slices.IsSorted(got), len(want))
	}
	for id, owner := range want {
		if rec, ok := big.Lookup(id); !ok || rec.Owner() != owner {
			t.Fatalf("Lookup(%s) = %q, %v; want %q", id, rec.Owner(), ok, owner)
		}
	}
	if _, ok := big.Lookup("c00000"); ok {
		t.Error("a removed id is still found")
	}
}
