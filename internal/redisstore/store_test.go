package redisstore

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redistest"
)

var now = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// newStore opens a store on a private redis-server, or, for a test that runs as a scenario
// of TestStoreOnRedisCluster, on that test's cluster under a key prefix of its own (and
// then without a server).
func newStore(t testing.TB) (*Store, *redistest.Server) {
	t.Helper()
	if url, prefix, ok := scenarioRedis(t); ok {
		return openStore(t, url, prefix), nil
	}
	srv := redistest.Start(t)
	return openStore(t, srv.URL(), "test:"), srv
}

func openStore(t testing.TB, url, prefix string) *Store {
	t.Helper()
	s, err := Open(url, Options{KeyPrefix: prefix, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func ava() rapport.Influencer {
	return rapport.Influencer{
		Handle: "Ava.Moreau", Name: "Ava Moreau", Markets: []string{"FR", "GB"}, Tags: []string{"beauty"},
		Owner: "U0PRIYA", Status: rapport.StatusActive,
	}
}

func TestUpsertInfluencersIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	st, err := s.UpsertInfluencers(ctx, []rapport.Influencer{ava()}, now)
	if err != nil {
		t.Fatal(err)
	}
	if st != (rapport.UpsertStats{Created: 1}) {
		t.Fatalf("first upsert = %+v", st)
	}
	st, err = s.UpsertInfluencers(ctx, []rapport.Influencer{ava()}, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if st != (rapport.UpsertStats{Unchanged: 1}) {
		t.Fatalf("repeat upsert = %+v, want unchanged", st)
	}
	p, err := s.Profile(ctx, "ava.moreau")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Influencer.UpdatedAt.Equal(now) {
		t.Errorf("UpdatedAt moved on an unchanged upsert: %v", p.Influencer.UpdatedAt)
	}

	renamed := ava()
	renamed.Name = "Ava M."
	if st, err = s.UpsertInfluencers(ctx, []rapport.Influencer{renamed}, now.Add(2*time.Hour)); err != nil || st.Updated != 1 {
		t.Fatalf("rename = %+v, %v", st, err)
	}
	if _, err := s.Profile(ctx, "ava moreau"); !errors.Is(err, ErrNotFound) {
		t.Errorf("old name still resolves: %v", err)
	}
	if p, err := s.Profile(ctx, "AVA m."); err != nil || p.Influencer.Name != "Ava M." {
		t.Errorf("new name lookup = %+v, %v", p.Influencer, err)
	}
}

func TestProfileLookup(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	if _, err := s.UpsertInfluencers(ctx, []rapport.Influencer{ava()}, now); err != nil {
		t.Fatal(err)
	}
	snaps := []rapport.Snapshot{
		{Handle: "ava.moreau", Platform: rapport.TikTok, AsOf: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), Followers: rapport.Known(1000)},
		{Handle: "ava.moreau", Platform: rapport.Instagram, AsOf: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), Followers: rapport.Known(5000), AvgLikes: rapport.Known(100)},
		{Handle: "ava.moreau", Platform: rapport.Instagram, AsOf: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC), Followers: rapport.Known(4900)},
	}
	if n, err := s.UpsertSnapshots(ctx, snaps); err != nil || n != 3 {
		t.Fatalf("UpsertSnapshots = %d, %v", n, err)
	}
	// Same period again replaces rather than duplicates.
	snaps[2].Followers = rapport.Known(4950)
	if _, err := s.UpsertSnapshots(ctx, snaps[2:]); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		found bool
	}{
		{"ava.moreau", true},
		{"@AVA.MOREAU", true},
		{"  Ava   Moreau ", true},
		{"ava", false},
		{"{ava.moreau}", false},
		{"", false},
	}
	for _, tt := range tests {
		p, err := s.Profile(ctx, tt.query)
		if tt.found != (err == nil) {
			t.Errorf("Profile(%q) err = %v, want found=%v", tt.query, err, tt.found)
			continue
		}
		if !tt.found {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("Profile(%q) err = %v, want ErrNotFound", tt.query, err)
			}
			continue
		}
		if len(p.Snapshots) != 3 {
			t.Fatalf("Profile(%q) has %d snapshots, want 3", tt.query, len(p.Snapshots))
		}
		if p.Snapshots[0].Platform != rapport.Instagram || !p.Snapshots[0].AsOf.Before(p.Snapshots[1].AsOf) {
			t.Errorf("snapshots not ordered by platform then period: %+v", p.Snapshots)
		}
		if p.Snapshots[0].Followers != rapport.Known(4950) {
			t.Errorf("re-imported period not replaced: %+v", p.Snapshots[0])
		}
		if p.Snapshots[2].AvgLikes.Known {
			t.Errorf("unknown value came back known: %+v", p.Snapshots[2])
		}
	}
}

func TestMissingAndDirectory(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	if _, err := s.UpsertInfluencers(ctx, []rapport.Influencer{ava(), {Handle: "kai_plays", Name: "Kai Tanaka"}}, now); err != nil {
		t.Fatal(err)
	}
	missing, err := s.MissingInfluencers(ctx, []string{"ava.moreau", "nobody", "kai_plays", "nobody"})
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) != 1 || !missing["nobody"] {
		t.Errorf("missing = %v", missing)
	}
	dir, err := s.Directory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []rapport.RosterEntry{{ID: "ava.moreau", Handle: "Ava.Moreau", Name: "Ava Moreau"}, {ID: "kai_plays", Handle: "kai_plays", Name: "Kai Tanaka"}}
	if len(dir) != 2 || dir[0] != want[0] || dir[1] != want[1] {
		t.Errorf("directory = %+v", dir)
	}
}

func TestFirstDelivery(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	first, err := s.FirstDelivery(ctx, "env:1", time.Hour)
	if err != nil || !first {
		t.Fatalf("first = %v, %v", first, err)
	}
	again, err := s.FirstDelivery(ctx, "env:1", time.Hour)
	if err != nil || again {
		t.Fatalf("second = %v, %v", again, err)
	}
}

func TestUnavailableIsQuickAndRecovers(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	start := time.Now()
	_, err := s.Profile(ctx, "ava.moreau")
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("an unreachable Redis took %v to report", d)
	}
	srv.Start()
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := s.Ping(ctx)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("store did not recover after Redis restarted: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestOpenRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"redis://[::1", "redis-sentinel://%zz"} {
		if _, err := Open(u, Options{}); err == nil {
			t.Errorf("Open(%q) succeeded", u)
		}
	}
	for _, u := range []string{"redis://localhost:6379/0", "rediss://user:pw@host:6380/1", "unix:///tmp/r.sock", "redis-sentinel://s1:26379?master_name=m", "redis-cluster://a:7000?addr=b:7001"} {
		s, err := Open(u, Options{})
		if err != nil {
			t.Errorf("Open(%q) = %v", u, err)
			continue
		}
		_ = s.Close()
	}
}

func TestCPUTimeGrowsWithWork(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	before, err := s.CPUTime(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2000 {
		if _, err := s.FirstDelivery(ctx, fmt.Sprint("cpu-", i), time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	after, err := s.CPUTime(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after <= before {
		t.Errorf("CPU time %v after 2000 commands, %v before: want it to grow", after, before)
	}
}
