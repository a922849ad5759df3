package profilecache_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/discover"
	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/profilecache"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/render"
)

// TestIndexFindsWhatFullProfilesFind checks that searching the compact index gives the
// very results — order, platform, score, reasons, misses and the rendered rows — that
// searching fully analysed profiles gives, on a varied roster in a real Redis.
func TestIndexFindsWhatFullProfilesFind(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	seedRoster(t, s, 400, 40, true)
	b := engagement.DefaultBenchmarks()
	c := profilecache.New(s, b, time.Hour)
	defer c.Close()
	roster, err := c.Roster(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	profiles, err := s.AllProfiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if roster.Len() != len(profiles) || len(profiles) != 400 {
		t.Fatalf("index holds %d influencers, the store %d; want 400", roster.Len(), len(profiles))
	}
	cands := make([]discover.Candidate, len(profiles))
	for i, p := range profiles {
		cands[i] = discover.NewCandidate(p, engagement.Analyze(p.Snapshots, now, b))
	}
	for _, query := range []string{
		"tag:tag7 er>1", "tag:tag3 tag:tag9", "market:FR,UK", "market:GB tier:micro-mid", "platform:tiktok er>=4",
		"platform:yt,tt sort:followers", "rising", "declining market:US", "trend:steady sort:trend", "status:paused,dnc",
		"owner:me", "owner:U0OTHER er<1", "ava", "chloe 12", "underrated", "underrated platform:ig", "underrated tag:tag1",
		"underrated sort:er", "sort:name tag:tag4", "tier:mega", "er>8", "status:prospect",
	} {
		t.Run(query, func(t *testing.T) {
			q, err := discover.ParseQuery(query)
			if err != nil {
				t.Fatal(err)
			}
			want := discover.Search(q, cands, "U0PRIYA", now)
			hits := discover.Find(q, roster, "U0PRIYA", now)
			if hits.Len() != len(want) {
				t.Fatalf("index finds %d, full profiles %d", hits.Len(), len(want))
			}
			if len(want) == 0 {
				t.Errorf("no matches for %q: the roster does not exercise it", query)
			}
			for page := 1; (page-1)*discover.DefaultPageSize < len(want); page++ {
				got, more := hits.Page(page, discover.DefaultPageSize)
				exp, expMore := discover.Page(want, page, discover.DefaultPageSize)
				if more != expMore || len(got) != len(exp) {
					t.Fatalf("page %d: %d rows (more %v), want %d (more %v)", page, len(got), more, len(exp), expMore)
				}
				for i := range got {
					g, w := got[i], exp[i]
					if g.Influencer.Handle != w.Influencer.Handle || g.Platform != w.Platform || g.Score != w.Score ||
						g.Underrated != w.Underrated || !reflect.DeepEqual(g.Why, w.Why) || !reflect.DeepEqual(g.Misses, w.Misses) ||
						!g.LastContact.Equal(w.LastContact) || g.Campaigns != w.Campaigns {
						t.Fatalf("page %d row %d:\n got %s %s %v %+v %q %q\nwant %s %s %v %+v %q %q", page, i,
							g.Influencer.Handle, g.Platform, g.Score, g.Underrated, g.Why, g.Misses,
							w.Influencer.Handle, w.Platform, w.Score, w.Underrated, w.Why, w.Misses)
					}
				}
				fp := render.FindPage{Query: q.String(), Page: page, Total: hits.Len(), HasMore: more, Underrated: q.Underrated}
				fp.Items = got
				gotMsg, _ := json.Marshal(render.FindResults(fp))
				fp.Items = exp
				wantMsg, _ := json.Marshal(render.FindResults(fp))
				if string(gotMsg) != string(wantMsg) {
					t.Fatalf("page %d renders differently:\n got %s\nwant %s", page, gotMsg, wantMsg)
				}
				if page == 3 {
					break // the first pages are what users see
				}
			}
		})
	}
}

// TestIndexFollowsChanges checks what each kind of write costs the index: a recorded change
// reads only the influencers it names; one the feed cannot account for reads everything.
func TestIndexFollowsChanges(t *testing.T) {
	ctx := context.Background()
	s, srv := openStore(t)
	const n = 300
	seedRoster(t, s, n, 14, false)
	c := profilecache.New(s, engagement.DefaultBenchmarks(), time.Hour)
	defer c.Close()
	at := now
	if _, err := c.Roster(ctx, at); err != nil {
		t.Fatal(err)
	}
	rdb := srv.Client()
	owner := func(h string) string {
		t.Helper()
		r, err := c.Roster(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		rec, ok := r.Lookup(h)
		if !ok {
			return "(absent)"
		}
		return rec.Owner()
	}
	reassign := func(h, to string) error {
		p, err := s.Profile(ctx, h)
		if err != nil {
			return err
		}
		p.Influencer.Owner = to
		_, err = s.UpsertInfluencers(ctx, []rapport.Influencer{p.Influencer}, now)
		return err
	}
	steps := []struct {
		name         string
		write        func() error
		check        func() bool
		wantFull     int64 // full reads added
		wantProfiles int64 // profiles read added
	}{
		{"an owner change reads that influencer only (and any sharing its feed bucket)",
			func() error { return reassign("creator000042", "U0NEW") },
			func() bool { return owner("creator000042") == "U0NEW" }, 0, inBuckets(n, "creator000042")},
		{"new metrics for two read those two",
			func() error {
				_, err := s.UpsertSnapshots(ctx, []rapport.Snapshot{
					{Handle: "creator000001", Platform: rapport.Twitch, AsOf: now.AddDate(0, 0, -3), Followers: rapport.Known(5e6)},
					{Handle: "creator000002", Platform: rapport.Twitch, AsOf: now.AddDate(0, 0, -3), Followers: rapport.Known(5e6)}})
				return err
			},
			func() bool {
				r, _ := c.Roster(ctx, at)
				rec, _ := r.Lookup("creator000001")
				return rec.Candidate().Analysis.Summary.Primary == rapport.Twitch
			}, 0, inBuckets(n, "creator000001", "creator000002")},
		{"a touchpoint reads that influencer only",
			func() error {
				_, err := s.LogTouchpoint(ctx, rapport.Touchpoint{ID: "t1", Handle: "creator000007", Kind: "email", At: now.Add(-time.Hour)}, 0)
				return err
			},
			func() bool {
				r, _ := c.Roster(ctx, at)
				rec, _ := r.Lookup("creator000007")
				tp := rec.LastTouchpoint()
				return tp != nil && tp.Kind == "email" && tp.At.Equal(now.Add(-time.Hour))
			}, 0, inBuckets(n, "creator000007")},
		{"a trimmed feed reads everything",
			func() error {
				if err := reassign("creator000043", "U0NEW"); err != nil {
					return err
				}
				return rdb.XTrimMaxLen(ctx, "{"+prefix+"idx:version}:changes", 0).Err()
			},
			func() bool { return owner("creator000043") == "U0NEW" }, 1, n},
		{"a forgotten influencer leaves the index",
			func() error {
				if _, err := s.Forget(ctx, "creator000044", "U0ADMIN", now); err != nil {
					return err
				}
				return nil
			},
			func() bool { return owner("creator000044") == "(absent)" }, 0, inBuckets(n, "creator000044") - 1},
	}
	for _, st := range steps {
		before := c.Stats()
		if err := st.write(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if !st.check() {
			t.Errorf("%s: the index does not show it", st.name)
		}
		after := c.Stats()
		if st.wantFull >= 0 && after.FullReads-before.FullReads != st.wantFull {
			t.Errorf("%s: %d full reads, want %d", st.name, after.FullReads-before.FullReads, st.wantFull)
		}
		if st.wantProfiles >= 0 && after.ProfilesRead-before.ProfilesRead != st.wantProfiles {
			t.Errorf("%s: %d profiles read, want %d", st.name, after.ProfilesRead-before.ProfilesRead, st.wantProfiles)
		}
	}
}

// inBuckets counts the seeded influencers (of n) in the change feed's buckets of ids: what a
// reader re-reads when they change.
func inBuckets(n int, ids ...string) int64 {
	buckets := map[uint16]bool{}
	for _, id := range ids {
		buckets[redisstore.RosterBucket(id)] = true
	}
	var k int64
	for i := range n {
		if buckets[redisstore.RosterBucket(fmt.Sprintf("creator%06d", i))] {
			k++
		}
	}
	return k
}

// TestIndexReadersDuringWritesAndReloads runs finds from many goroutines while writes,
// recorded and not, and the calendar keep the index changing (run with -race).
func TestIndexReadersDuringWritesAndReloads(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	seedRoster(t, s, 200, 14, false)
	c := profilecache.New(s, engagement.DefaultBenchmarks(), 50*time.Millisecond)
	defer c.Close()
	q, _ := discover.ParseQuery("tag:tag7 er>1")
	start := time.Now()
	clock := func() time.Time { return now.Add(time.Since(start)) }
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for g := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				r, err := c.Roster(ctx, clock())
				if err != nil {
					t.Error(err)
					return
				}
				h := discover.Find(q, r, "U0PRIYA", clock())
				if items, _ := h.Page(1, 10); len(items) > 0 && items[0].Influencer.Handle == "" {
					t.Errorf("reader %d: a row without a handle", g)
				}
			}
		})
	}
	for i := range 40 {
		h := fmt.Sprintf("creator%06d", i)
		if i >= 20 && i%3 == 0 { // recorded changes first, then a mix with unrecorded ones
			if _, err := s.LogTouchpoint(ctx, rapport.Touchpoint{ID: fmt.Sprint(i), Handle: h, Kind: "dm", At: now}, 0); err != nil {
				t.Fatal(err)
			}
		} else if err := s.MarkRosterChanged(ctx, []string{h}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if st := c.Stats(); st.FullReads < 2 || st.Updates < 1 {
		t.Errorf("stats %+v: want full reads and updates both exercised", st)
	}
}
