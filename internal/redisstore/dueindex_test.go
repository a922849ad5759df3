package redisstore

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// TestDueIndexAcrossBucketsKeepsOneOrder: the buckets together answer as one sorted set
// would — most overdue first, ties by id, up to the limit, whichever buckets the ids are in.
func TestDueIndexAcrossBucketsKeepsOneOrder(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	dues := map[string]rapport.DueEntry{}
	var want []string
	buckets := map[int]bool{}
	for i := range 40 {
		id := "inf" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		// Pairs share a due time, so ties are decided by id.
		dues[id] = rapport.DueEntry{Due: at.Add(time.Duration(i/2) * time.Hour), Cadence: time.Hour}
		want = append(want, id)
		buckets[dueBucket(id)] = true
	}
	if len(buckets) < 8 {
		t.Fatalf("test ids fall in only %d buckets", len(buckets))
	}
	sort.Slice(want, func(i, j int) bool {
		a, b := dues[want[i]].Due, dues[want[j]].Due
		return a.Before(b) || a.Equal(b) && want[i] < want[j]
	})
	if err := s.SetDues(ctx, dues); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{1, 7, 40, 0} {
		ids, got, err := s.DueIDs(ctx, at.Add(100*time.Hour), limit)
		if err != nil {
			t.Fatal(err)
		}
		n := limit
		if n == 0 {
			n = len(want)
		}
		if strings.Join(ids, ",") != strings.Join(want[:n], ",") {
			t.Errorf("DueIDs limit %d = %v, want %v", limit, ids, want[:n])
		}
		for i, id := range ids {
			if !got[i].Equal(dues[id].Due) {
				t.Errorf("due of %s = %v, want %v", id, got[i], dues[id].Due)
			}
		}
	}
	ids, _, err := s.DueIDs(ctx, at.Add(2*time.Hour), 100)
	if err != nil || strings.Join(ids, ",") != strings.Join(want[:6], ",") {
		t.Errorf("due by +2h = %v, %v; want %v", ids, err, want[:6])
	}
}

// TestDueIndexIgnoresStaleUpdates: an index update that arrives after a newer one (two
// replicas logging contacts with one influencer at once) does not move the index back.
func TestDueIndexIgnoresStaleUpdates(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	newer := dueUpdate{id: "ava", due: "1796000000000", seq: 2}
	older := dueUpdate{id: "ava", due: "1795000000000", seq: 1}
	if err := s.indexDues(ctx, []dueUpdate{newer}); err != nil {
		t.Fatal(err)
	}
	if err := s.indexDues(ctx, []dueUpdate{older, {id: "ava", seq: 2}}); err != nil {
		t.Fatal(err)
	}
	ids, dues, err := s.DueIDs(ctx, at.AddDate(10, 0, 0), 10)
	if err != nil || len(ids) != 1 || dues[0].UnixMilli() != 1796000000000 {
		t.Fatalf("due index = %v %v %v; want ava at the newer time", ids, dues, err)
	}
	if err := s.indexDues(ctx, []dueUpdate{{id: "ava", seq: 3}}); err != nil {
		t.Fatal(err)
	}
	if ids, _, _ := s.DueIDs(ctx, at.AddDate(10, 0, 0), 10); len(ids) != 0 {
		t.Fatalf("a newer 'never due' left %v in the index", ids)
	}
}

// TestDueIndexReadsLegacyUntilReindex: relationships indexed by an older Rapport (one
// idx:due sorted set, no due_seq) stay due and keep their due time until their next update
// or Reindex moves them into the buckets; the legacy set then empties itself.
func TestDueIndexReadsLegacyUntilReindex(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	old := srv.Client()
	// What the older version left: ava and kai in idx:due, with their rel hashes.
	for id, due := range map[string]time.Time{"ava": at, "kai": at.Add(time.Hour)} {
		if err := old.ZAdd(ctx, "test:idx:due", redis.Z{Score: float64(due.UnixMilli()), Member: id}).Err(); err != nil {
			t.Fatal(err)
		}
		if err := old.HSet(ctx, "test:inf:{"+id+"}:rel", "cadence", time.Hour.Milliseconds()).Err(); err != nil {
			t.Fatal(err)
		}
	}
	ids, dues, err := s.DueIDs(ctx, at.Add(2*time.Hour), 10)
	if err != nil || strings.Join(ids, ",") != "ava,kai" || !dues[1].Equal(at.Add(time.Hour)) {
		t.Fatalf("before reindex: %v %v %v", ids, dues, err)
	}
	st, err := s.RelStates(ctx, []string{"ava"})
	if err != nil || !st["ava"].Due.Equal(at) {
		t.Fatalf("before reindex: ava = %+v, %v", st["ava"], err)
	}

	// A contact with kai, then a reindex of ava that says she is never due.
	if _, err := s.LogTouchpoint(ctx, rapport.Touchpoint{ID: "t1", Handle: "kai", At: at.Add(3 * time.Hour)}, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDues(ctx, map[string]rapport.DueEntry{"ava": {}}); err != nil {
		t.Fatal(err)
	}
	ids, dues, err = s.DueIDs(ctx, at.Add(10*time.Hour), 10)
	if err != nil || strings.Join(ids, ",") != "kai" || !dues[0].Equal(at.Add(4*time.Hour)) {
		t.Fatalf("after reindex: %v %v %v; want kai at +4h", ids, dues, err)
	}
	st, err = s.RelStates(ctx, []string{"ava", "kai"})
	if err != nil || !st["ava"].Due.IsZero() || !st["kai"].Due.Equal(at.Add(4*time.Hour)) {
		t.Fatalf("after reindex: %+v, %v", st, err)
	}
	if n := old.Exists(ctx, "test:idx:due").Val(); n != 0 {
		t.Errorf("legacy idx:due still exists after every id in it was updated")
	}
}

// TestDueWritesSurviveScriptFlush: the due index's scripts run inside pipelines, where
// go-redis cannot fall back to EVAL; the store loads them and runs the pipeline again.
func TestDueWritesSurviveScriptFlush(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	if err := s.LoadScripts(ctx); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	if err := srv.Client().ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDues(ctx, map[string]rapport.DueEntry{"ava": {Due: at, Cadence: time.Hour}}); err != nil {
		t.Fatalf("SetDues after SCRIPT FLUSH: %v", err)
	}
	if err := srv.Client().ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LogTouchpoint(ctx, rapport.Touchpoint{ID: "t", Handle: "kai", At: at}, time.Hour); err != nil {
		t.Fatalf("LogTouchpoint after SCRIPT FLUSH: %v", err)
	}
	ids, _, err := s.DueIDs(ctx, at.Add(time.Hour), 10)
	if err != nil || strings.Join(ids, ",") != "ava,kai" {
		t.Fatalf("due index = %v, %v", ids, err)
	}
}
