package schedule_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/redistest"
	"github.com/rapport-bot/rapport/internal/schedule"
)

// Two replicas, each with its own Redis connection, share one real Redis and real time, as
// two `rapport serve` processes would.

const (
	leaseTTL = time.Second
	interval = 200 * time.Millisecond
)

// world is what the replicas share: Redis, and a record of every run's side effect.
type world struct {
	srv   *redistest.Server
	epoch time.Time // both replicas start here, so tick k is due at epoch + k·interval

	inflight  atomic.Int32
	overlaps  atomic.Int32
	dupTicks  atomic.Int32
	claimErrs atomic.Int32
}

func newWorld(t *testing.T) *world {
	return &world{srv: redistest.Start(t)}
}

// replica is one process: its own store, lease, elector and scheduler.
type replica struct {
	name  string
	el    *schedule.Elector
	sched *schedule.Scheduler
	lease *crashableLease
	runs  atomic.Int32
	// shutdown stops the replica gracefully (it releases the lease) unless it crashed.
	shutdown func()
}

// crashableLease is a lease whose holder can die like kill -9: after crash, the process
// never gets to release it.
type crashableLease struct {
	*redisstore.Lease
	crashed atomic.Bool
}

func (l *crashableLease) Release(ctx context.Context) error {
	if l.crashed.Load() {
		return nil
	}
	return l.Lease.Release(ctx)
}

func (w *world) start(t *testing.T, name string) *replica {
	t.Helper()
	st, err := redisstore.Open(w.srv.URL(), redisstore.Options{KeyPrefix: "test:", Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(&lockedWriter{w: t.Output()}, nil)).With("replica", name)
	}
	r := &replica{name: name, lease: &crashableLease{Lease: st.NewLease("scheduler", name, leaseTTL)}}
	if r.el, err = schedule.NewElector(r.lease, log); err != nil {
		t.Fatal(err)
	}
	if r.sched, err = schedule.New(schedule.Options{Elector: r.el, Logger: log}); err != nil {
		t.Fatal(err)
	}
	// The job is as thin as a real one: one call that claims the tick's business slot.
	err = r.sched.Every("tick", interval, func(ctx context.Context, now time.Time) error {
		if w.inflight.Add(1) > 1 {
			w.overlaps.Add(1)
		}
		defer w.inflight.Add(-1)
		r.runs.Add(1)
		tick := now.Sub(w.epoch).Round(interval) / interval
		ok, err := st.ClaimSlot(ctx, fmt.Sprintf("tick|%d", tick), time.Minute)
		switch {
		case err != nil:
			w.claimErrs.Add(1)
			return err
		case !ok:
			w.dupTicks.Add(1)
		}
		time.Sleep(20 * time.Millisecond) // a side effect takes a moment
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.sched.Run(ctx) }()
	r.shutdown = sync.OnceFunc(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("replica %s: Run = %v", name, err)
		}
	})
	t.Cleanup(r.shutdown)
	return r
}

// crash stops the replica as kill -9 would: no more runs, no more renewals, no release.
func (r *replica) crash() {
	r.lease.crashed.Store(true)
	r.shutdown()
}

func (r *replica) leads() bool { return r.el.IsLeader(context.Background()) == nil }

func (w *world) check(t *testing.T) {
	t.Helper()
	if n := w.overlaps.Load(); n > 0 {
		t.Errorf("%d runs overlapped across replicas", n)
	}
	if n := w.dupTicks.Load(); n > 0 {
		t.Errorf("%d ticks ran on both replicas", n)
	}
	if n := w.claimErrs.Load(); n > 0 {
		t.Errorf("%d slot claims failed", n)
	}
}

// waitFor polls cond every 5ms for up to limit and returns how long it took.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > limit {
			t.Fatalf("%s: not within %v", what, limit)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Since(start)
}

func TestOnlyTheLeaderRunsJobs(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.epoch = time.Now()
	a, b := w.start(t, "a"), w.start(t, "b")
	time.Sleep(2 * time.Second)
	ra, rb := a.runs.Load(), b.runs.Load()
	a.shutdown()
	b.shutdown()

	t.Logf("runs: a %d, b %d", ra, rb)
	if ra > 0 && rb > 0 {
		t.Errorf("both replicas ran the job: a %d, b %d", ra, rb)
	}
	if ra+rb < 7 {
		t.Errorf("%d runs in 2s at %v, want about 10", ra+rb, interval)
	}
	w.check(t)
}

func TestAKilledLeaderIsReplacedWithinTheLeaseTTL(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.epoch = time.Now()
	a, b := w.start(t, "a"), w.start(t, "b")
	waitFor(t, time.Second, "a leader elected", func() bool { return a.leads() || b.leads() })
	leader, survivor := a, b
	if b.leads() {
		leader, survivor = b, a
	}
	time.Sleep(500 * time.Millisecond)
	if leader.runs.Load() == 0 {
		t.Fatalf("leader %s ran nothing in 500ms", leader.name)
	}

	leader.crash()
	took := waitFor(t, 2*leaseTTL, "the survivor takes over", survivor.leads)
	t.Logf("%s took over %v after %s was killed", survivor.name, took, leader.name)
	// The dead leader renewed at most ttl/3 before dying, so its lease lasts at least
	// 2·ttl/3 more; the survivor notices at its first attempt after expiry.
	if took < 2*leaseTTL/3-50*time.Millisecond {
		t.Errorf("took over after %v, before the dead leader's lease could have expired", took)
	}
	if limit := leaseTTL + leaseTTL/3 + 100*time.Millisecond; took > limit {
		t.Errorf("took over after %v, want within the lease ttl plus one renewal (%v)", took, limit)
	}
	waitFor(t, time.Second, "the survivor runs the job", func() bool { return survivor.runs.Load() > 0 })
	w.check(t)
}

func TestAStoppedLeaderHandsOverWithinOneRenewal(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.epoch = time.Now()
	a, b := w.start(t, "a"), w.start(t, "b")
	waitFor(t, time.Second, "a leader elected", func() bool { return a.leads() || b.leads() })
	leader, survivor := a, b
	if b.leads() {
		leader, survivor = b, a
	}
	leader.shutdown()
	took := waitFor(t, 2*leaseTTL, "the survivor takes over", survivor.leads)
	if limit := leaseTTL/3 + 100*time.Millisecond; took > limit {
		t.Errorf("took over %v after a graceful stop, want within one renewal (%v)", took, limit)
	}
	w.check(t)
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
