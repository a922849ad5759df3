package redisstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redistest"
)

func TestRosterChangesFollowTheFeed(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	in := func(h, owner string) rapport.Influencer {
		return rapport.Influencer{Handle: h, Name: h, Owner: owner, Status: rapport.StatusActive}
	}
	if _, err := s.UpsertInfluencers(ctx, []rapport.Influencer{in("ava", "U1"), in("ben", "U1"), in("cleo", "U1")}, now); err != nil {
		t.Fatal(err)
	}
	since, _, _, err := s.RosterChanges(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	many := make([]string, feedMaxIDs+1)
	for i := range many {
		many[i] = fmt.Sprintf("x%05d", i)
	}
	everyone := append([]string{"ava", "ben", "cleo", "dora"}, many[:600]...)
	steps := []struct {
		name         string
		write        func() error
		wantChanged  []string // of everyone; nil when incomplete
		wantComplete bool
	}{
		{"nothing written", func() error { return nil }, []string{}, true},
		{"an owner change", func() error {
			_, err := s.UpsertInfluencers(ctx, []rapport.Influencer{in("ben", "U2"), in("ava", "U1")}, now)
			return err
		}, []string{"ben"}, true},
		{"metrics of two", func() error {
			_, err := s.UpsertSnapshots(ctx, []rapport.Snapshot{
				{Handle: "Cleo", Platform: rapport.Instagram, AsOf: now, Followers: rapport.Known(10)},
				{Handle: "ava", Platform: rapport.Instagram, AsOf: now, Followers: rapport.Known(10)},
				{Handle: "ava", Platform: rapport.TikTok, AsOf: now, Followers: rapport.Known(10)},
			})
			return err
		}, []string{"ava", "cleo"}, true},
		{"two recorded writes in a row", func() error {
			if err := s.MarkRosterChanged(ctx, []string{"ava"}); err != nil {
				return err
			}
			return s.MarkRosterChanged(ctx, []string{"ben", "ava"})
		}, []string{"ava", "ben"}, true},
		{"more buckets than one entry lists", func() error { return s.MarkRosterChanged(ctx, many[:600]) },
			many[:600], true},
		{"a new influencer", func() error {
			_, err := s.UpsertInfluencers(ctx, []rapport.Influencer{in("dora", "U1")}, now)
			return err
		}, nil, false},
		{"too many ids to list", func() error { return s.MarkRosterChanged(ctx, many) }, nil, false},
		{"a bump the feed did not record", func() error { return s.rdb.Incr(ctx, s.versionKey()).Err() }, nil, false},
		{"the feed trimmed past the reader", func() error {
			if err := s.MarkRosterChanged(ctx, []string{"ava"}); err != nil {
				return err
			}
			return s.rdb.XTrimMaxLen(ctx, s.feedKey(), 0).Err()
		}, nil, false},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.write(); err != nil {
				t.Fatal(err)
			}
			v, changed, complete, err := s.RosterChanges(ctx, since)
			if err != nil {
				t.Fatal(err)
			}
			if complete != st.wantComplete {
				t.Fatalf("complete = %v, want %v", complete, st.wantComplete)
			}
			if complete {
				var got []string
				for _, id := range everyone {
					if changed(id) {
						got = append(got, id)
					}
				}
				// Buckets are shared: a few more may be reported, never fewer.
				for _, id := range st.wantChanged {
					if !slices.Contains(got, id) {
						t.Errorf("%s changed but is not reported", id)
					}
				}
				if extra := len(got) - len(st.wantChanged); extra > len(st.wantChanged)/100+1 {
					t.Errorf("%d reported changed, %d did: %q", len(got), len(st.wantChanged), got)
				}
			}
			if again, _, _, _ := s.RosterChanges(ctx, v); again != v {
				t.Errorf("version read back %d, want %d", again, v)
			}
			since = v
		})
	}

	t.Run("the feed names nobody", func(t *testing.T) {
		for _, m := range s.rdb.XRange(ctx, s.feedKey(), "-", "+").Val() {
			for f, v := range m.Values {
				if text := fmt.Sprint(f, v); strings.Contains(text, "ava") || strings.Contains(text, "x0") {
					t.Errorf("feed entry %s names an influencer: %s", m.ID, text)
				}
			}
		}
	})

	t.Run("a version that went back", func(t *testing.T) {
		if err := s.rdb.Del(ctx, s.versionKey()).Err(); err != nil {
			t.Fatal(err)
		}
		if v, _, complete, err := s.RosterChanges(ctx, since); err != nil || complete || v != 0 {
			t.Fatalf("after losing the version: %d, complete %v, %v", v, complete, err)
		}
		// The feed left ahead of the version is dropped, so the next bump reads clean.
		if err := s.MarkRosterChanged(ctx, []string{"ava"}); err != nil {
			t.Fatal(err)
		}
		if v, changed, complete, err := s.RosterChanges(ctx, 0); err != nil || !complete || v != 1 || !changed("ava") {
			t.Fatalf("first bump after the loss: %d, complete %v, %v", v, complete, err)
		}
	})
}

func TestEachProfileStreamsEveryInfluencerInIDOrder(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	const n = 1234
	ins := make([]rapport.Influencer, n)
	var snaps []rapport.Snapshot
	for i := range ins {
		ins[i] = rapport.Influencer{Handle: fmt.Sprintf("c%04d", i), Status: rapport.StatusActive}
		snaps = append(snaps, rapport.Snapshot{Handle: ins[i].Handle, Platform: rapport.Instagram, AsOf: now.Add(-time.Hour),
			Followers: rapport.Known(float64(i))})
	}
	if _, err := s.UpsertInfluencers(ctx, ins, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertSnapshots(ctx, snaps); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	var order []string
	batches, largest := 0, 0
	err := s.EachProfile(ctx, func(ps []rapport.Profile) error {
		batches++
		largest = max(largest, len(ps))
		for _, p := range ps {
			if len(p.Snapshots) != 1 {
				t.Errorf("%s has %d snapshots, want 1", p.Influencer.Handle, len(p.Snapshots))
			}
			seen[p.Influencer.ID()]++
			order = append(order, p.Influencer.ID())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(order) != n || !slices.IsSorted(order) {
		t.Errorf("EachProfile handed out %d profiles, in id order %v; want %d, in order", len(order), slices.IsSorted(order), n)
	}
	if len(seen) != n || batches < 2 || largest > profileStreamBatch {
		t.Errorf("EachProfile: %d influencers in %d batches of at most %d; want %d in batches of about %d",
			len(seen), batches, largest, n, profileStreamBatch)
	}
}

// TestRosterFeedOnRedisCluster runs the feed's scenarios on a three-master Redis Cluster:
// the script that bumps the version and records the ids must keep to one slot.
func TestRosterFeedOnRedisCluster(t *testing.T) {
	t.Parallel()
	cluster := redistest.StartCluster(t)
	scenarioRedises.Store(t.Name()+"/", cluster.URL())
	t.Cleanup(func() { scenarioRedises.Delete(t.Name() + "/") })
	t.Run("roster changes", TestRosterChangesFollowTheFeed)
	t.Run("each profile", TestEachProfileStreamsEveryInfluencerInIDOrder)
}
