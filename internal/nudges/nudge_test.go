package nudges

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/redistest"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/sender"
	"github.com/rapport-bot/rapport/internal/sender/sendertest"
)

// recording is the nudger's sender over a recording transport: the real once-per-slot
// logic on real Redis, with Slack replaced by a recorder.
func recording(s *redisstore.Store) (*sender.Sender, *sendertest.Recorder) {
	rec := &sendertest.Recorder{}
	return sender.New(rec, redisstore.Deliveries{Store: s, TTL: 48 * time.Hour, Grace: time.Minute}, sender.Options{}), rec
}

// digests counts the digests each owner received and their rows.
func digests(rec *sendertest.Recorder) (map[string]int, int) {
	byOwner, rows := map[string]int{}, 0
	for _, m := range rec.Sent() {
		byOwner[m.Channel]++
		for _, b := range m.Msg.Blocks {
			if _, ok := render.NudgeRowID(b.ID()); ok {
				rows++
			}
		}
	}
	return byOwner, rows
}

var t0 = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// seed stores n influencers across owners; the first due of them are overdue at t0.
func seed(tb testing.TB, s *redisstore.Store, n, due, owners int) {
	tb.Helper()
	ctx := context.Background()
	ins := make([]rapport.Influencer, n)
	for i := range ins {
		ins[i] = rapport.Influencer{Handle: fmt.Sprintf("creator%06d", i), Name: fmt.Sprintf("Creator %d", i),
			Owner: fmt.Sprintf("U%08d", i%owners), Status: rapport.StatusActive}
	}
	if _, err := s.UpsertInfluencers(ctx, ins, t0.Add(-30*24*time.Hour)); err != nil {
		tb.Fatal(err)
	}
	dues := make(map[string]rapport.DueEntry, n)
	for i, in := range ins {
		at := t0.Add(time.Duration(i+1) * time.Hour) // future
		if i < due {
			at = t0.Add(-time.Duration(i+1) * time.Minute)
		}
		dues[in.ID()] = rapport.DueEntry{Due: at, Cadence: 14 * 24 * time.Hour}
		if len(dues) == 5000 {
			if err := s.SetDues(ctx, dues); err != nil {
				tb.Fatal(err)
			}
			dues = map[string]rapport.DueEntry{}
		}
	}
	if err := s.SetDues(ctx, dues); err != nil {
		tb.Fatal(err)
	}
}

func newNudger(s *redisstore.Store, out Poster) *Nudger {
	p := cadence.DefaultPolicy()
	p.QuietHours = cadence.QuietHours{}
	p.Weekends = true
	p.BudgetPerWeek = 0
	return &Nudger{Store: s, Out: out, Policy: p, Cadence: cadence.DefaultDefaults(), Log: slog.New(slog.DiscardHandler)}
}

// TestConcurrentRunsSendEachDigestOnce: two replicas' planners racing on the same Redis
// (as after a leadership hand-over with skewed clocks) still send one digest per owner.
func TestConcurrentRunsSendEachDigestOnce(t *testing.T) {
	srv := redistest.Start(t)
	s, err := redisstore.Open(srv.URL(), redisstore.Options{KeyPrefix: "t:"})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	if err := s.LoadScripts(context.Background()); err != nil {
		t.Fatal(err)
	}
	seed(t, s, 300, 120, 7)
	out, rec := recording(s)
	a, b := newNudger(s, out), newNudger(s, out)
	var wg sync.WaitGroup
	for _, n := range []*Nudger{a, b, a, b} {
		wg.Go(func() {
			if _, err := n.SendDue(context.Background(), t0); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	byOwner, rows := digests(rec)
	if len(byOwner) != 7 || rows != 120 {
		t.Errorf("digests to %d owners with %d rows, want 7 owners and 120 rows", len(byOwner), rows)
	}
	for owner, n := range byOwner {
		if n != 1 {
			t.Errorf("%s got %d digests", owner, n)
		}
	}
	// Later the same day: the repeat interval holds everyone back.
	res, err := a.SendDue(context.Background(), t0.Add(2*time.Hour))
	if err != nil || res.Digests != 0 || res.Skipped[cadence.SkipRepeatNotElapsed] == 0 {
		t.Errorf("second run = %+v, %v", res, err)
	}
}

// BenchmarkPlanNudges plans one run for a roster of 100,000 relationships of which 5,000
// are due, against a real redis-server: reading the due index and the due relationships
// (round trips grow with the due items, never with the roster) and planning.
func BenchmarkPlanNudges(b *testing.B) {
	srv := redistest.Start(b)
	s, err := redisstore.Open(srv.URL(), redisstore.Options{KeyPrefix: "b:", Timeout: 10 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	seed(b, s, 100_000, 5_000, 200)
	out, _ := recording(s)
	n := newNudger(s, out)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		plan, _, due, err := n.Plan(ctx, t0)
		if err != nil || due != 5000 || len(plan.Digests) != 200 {
			b.Fatalf("plan: due %d, %d digests, %v", due, len(plan.Digests), err)
		}
	}
}

// TestFailedSendIsRetriedNotDropped: a digest that could not be sent goes out on a later run.
func TestFailedSendIsRetriedNotDropped(t *testing.T) {
	srv := redistest.Start(t)
	s, err := redisstore.Open(srv.URL(), redisstore.Options{KeyPrefix: "f:"})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	seed(t, s, 10, 4, 1)
	out, rec := recording(s)
	rec.FailNext(2)
	n := newNudger(s, out)
	for run := range 3 {
		_, err := n.SendDue(context.Background(), t0.Add(time.Duration(run)*time.Minute))
		if (err != nil) != (run < 2) {
			t.Errorf("run %d: err = %v", run, err)
		}
	}
	byOwner, rows := digests(rec)
	if byOwner["U00000000"] != 1 || rows != 4 {
		t.Errorf("after two failures: %d digests with %d rows, want 1 with 4", byOwner["U00000000"], rows)
	}
}
