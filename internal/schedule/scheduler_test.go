package schedule

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jonboulle/clockwork"
)

// Scheduler tests run inside a synctest bubble on gocron's real clock (DESIGN §11): time
// moves only when every goroutine is blocked, so "sleep five intervals" is instant and exact.
// Every job honours its ctx, or Shutdown would wait forever inside the bubble.

// testLogger logs to the test's output until the test ends, and drops what straggling
// goroutines log afterwards.
func testLogger(t *testing.T) *slog.Logger {
	w := &testWriter{out: t.Output()}
	t.Cleanup(func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.out = nil
	})
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct {
	mu  sync.Mutex
	out io.Writer
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.out == nil {
		return len(p), nil
	}
	return w.out.Write(p)
}

func newTestScheduler(t *testing.T, o Options) *Scheduler {
	t.Helper()
	if o.Logger == nil {
		o.Logger = testLogger(t)
	}
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// recorder is a job that records the now of each run.
type recorder struct {
	mu   sync.Mutex
	nows []time.Time
}

func (r *recorder) job(_ context.Context, now time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.nows = append(r.nows, now)
	return nil
}

func (r *recorder) runs() []time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.nows)
}

// onTicks reports whether got are the instants in want, each run starting at or just after
// its slot (the scheduler's timers fire a nanosecond late; see pastSlotClock).
func onTicks(got, want []time.Time) bool {
	return slices.EqualFunc(got, want, func(g, w time.Time) bool {
		d := g.Sub(w)
		return d >= 0 && d < time.Millisecond
	})
}

func ticks(start time.Time, every time.Duration, n int) []time.Time {
	var out []time.Time
	for i := 1; i <= n; i++ {
		out = append(out, start.Add(time.Duration(i)*every).UTC())
	}
	return out
}

func TestEveryRunsOncePerInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newTestScheduler(t, Options{})
		var rec recorder
		if err := s.Every("nudges", time.Minute, rec.job); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		s.Start()
		time.Sleep(5*time.Minute + time.Second)
		synctest.Wait()
		if got, want := rec.runs(), ticks(start, time.Minute, 5); !onTicks(got, want) {
			t.Errorf("runs at %v, want %v", got, want)
		}
		if err := s.Shutdown(); err != nil {
			t.Fatal(err)
		}
		if st := s.Stats()["nudges"]; st != (JobStats{Runs: 5}) {
			t.Errorf("stats = %+v", st)
		}
	})
}

// Synctest time stands still while a run starts, which is exactly when gocron v2.21.2 can
// schedule the slot that just ran a second time (see pastSlotClock). Six hundred ticks
// catch that race nearly every time.
func TestNoSlotRunsTwiceWhenTimeStandsStill(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newTestScheduler(t, Options{Logger: slog.New(slog.DiscardHandler)})
		var rec recorder
		if err := s.Every("tick", time.Second, rec.job); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		s.Start()
		time.Sleep(10*time.Minute + time.Millisecond)
		synctest.Wait()
		if err := s.Shutdown(); err != nil {
			t.Fatal(err)
		}
		if got, want := rec.runs(), ticks(start, time.Second, 600); !onTicks(got, want) {
			t.Errorf("%d runs, want 600, one per second", len(got))
		}
	})
}

func TestJobsRunIndependently(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newTestScheduler(t, Options{})
		var fast, slow recorder
		if err := s.Every("fast", 10*time.Second, fast.job); err != nil {
			t.Fatal(err)
		}
		if err := s.Every("slow", time.Minute, slow.job); err != nil {
			t.Fatal(err)
		}
		s.Start()
		time.Sleep(2*time.Minute + time.Second)
		synctest.Wait()
		if n, m := len(fast.runs()), len(slow.runs()); n != 12 || m != 2 {
			t.Errorf("fast ran %d times, slow %d; want 12 and 2\nfast: %v\nslow: %v", n, m, fast.runs(), slow.runs())
		}
		if err := s.Shutdown(); err != nil {
			t.Fatal(err)
		}
	})
}

func TestFailuresAndPanicsAreCountedAndLogged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs bytes.Buffer
		var mu sync.Mutex
		log := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
			mu.Lock()
			defer mu.Unlock()
			return logs.Write(p)
		}), nil))
		s := newTestScheduler(t, Options{Logger: log})
		var n atomic.Int32
		err := s.Every("flaky", time.Minute, func(context.Context, time.Time) error {
			switch n.Add(1) {
			case 1:
				panic("nil map in planner")
			case 2:
				return errors.New("slack said no")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		s.Start()
		time.Sleep(3*time.Minute + time.Second)
		synctest.Wait()
		if err := s.Shutdown(); err != nil {
			t.Fatal(err)
		}
		if st := s.Stats()["flaky"]; st != (JobStats{Runs: 3, Failures: 1, Panics: 1}) {
			t.Errorf("stats = %+v; a panic must not stop later runs", st)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, want := range []string{"scheduled job panicked", "nil map in planner", "scheduled job failed", "slack said no", "job=flaky"} {
			if !strings.Contains(logs.String(), want) {
				t.Errorf("log lacks %q:\n%s", want, logs.String())
			}
		}
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestEachRunHasItsOwnTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newTestScheduler(t, Options{RunTimeout: 10 * time.Second})
		var errs []error
		var mu sync.Mutex
		err := s.Every("stuck", time.Minute, func(ctx context.Context, now time.Time) error {
			<-ctx.Done()
			mu.Lock()
			defer mu.Unlock()
			errs = append(errs, ctx.Err())
			return ctx.Err()
		})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		s.Start()
		time.Sleep(time.Minute + 9*time.Second)
		synctest.Wait()
		mu.Lock()
		if len(errs) != 0 {
			t.Fatalf("run ended before its timeout: %v", errs)
		}
		mu.Unlock()
		// Every run gets a fresh 10s, not what is left of one context for the job's life.
		time.Sleep(2*time.Minute + 2*time.Second)
		synctest.Wait()
		mu.Lock()
		if len(errs) != 3 {
			t.Fatalf("after %v: %d timed-out runs, want 3", time.Since(start), len(errs))
		}
		for _, err := range errs {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("run ended with %v, want deadline exceeded", err)
			}
		}
		mu.Unlock()
		if err := s.Shutdown(); err != nil {
			t.Fatal(err)
		}
		if st := s.Stats()["stuck"]; st.Failures != 3 {
			t.Errorf("stats = %+v, want 3 failures", st)
		}
	})
}

func TestTimeoutDefaultsToTheInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newTestScheduler(t, Options{})
		var deadline time.Time
		var ran time.Time
		err := s.Every("scan", time.Minute, func(ctx context.Context, now time.Time) error {
			deadline, _ = ctx.Deadline()
			ran = time.Now()
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		s.Start()
		time.Sleep(time.Minute + time.Second)
		synctest.Wait()
		if err := s.Shutdown(); err != nil {
			t.Fatal(err)
		}
		if got := deadline.Sub(ran); got != time.Minute {
			t.Errorf("run deadline %v after start, want the interval", got)
		}
	})
}

func TestAnOverrunningRunMakesTheNextSkipNotOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newTestScheduler(t, Options{RunTimeout: time.Hour})
		var inflight, maxInflight atomic.Int32
		var rec recorder
		err := s.Every("digest", time.Minute, func(ctx context.Context, now time.Time) error {
			n := inflight.Add(1)
			defer inflight.Add(-1)
			if n > maxInflight.Load() {
				maxInflight.Store(n)
			}
			_ = rec.job(ctx, now)
			select {
			case <-time.After(150 * time.Second):
			case <-ctx.Done():
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		s.Start()
		time.Sleep(6*time.Minute + time.Second)
		synctest.Wait()
		if err := s.Shutdown(); err != nil {
			t.Fatal(err)
		}
		// Runs at 1m (until 3m30s), then 4m (until 6m30s): 2m, 3m, 5m and 6m are skipped.
		want := []time.Time{start.Add(time.Minute).UTC(), start.Add(4 * time.Minute).UTC()}
		if got := rec.runs(); !onTicks(got, want) {
			t.Errorf("runs at %v, want %v", got, want)
		}
		if m := maxInflight.Load(); m != 1 {
			t.Errorf("%d runs overlapped", m)
		}
	})
}

// Real time: inside a synctest bubble gocron's Shutdown spins on time.Now, so bubble time
// would stand still and the job's tidying-up sleep would never end.
func TestShutdownCancelsAndWaitsForARunningJob(t *testing.T) {
	s := newTestScheduler(t, Options{})
	started := make(chan struct{})
	var finished atomic.Bool
	err := s.Every("scan", 20*time.Millisecond, func(ctx context.Context, now time.Time) error {
		select {
		case <-started:
			return nil
		default:
		}
		close(started)
		<-ctx.Done()
		time.Sleep(50 * time.Millisecond) // tidying up after cancellation
		finished.Store(true)
		return ctx.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	<-started
	if err := s.Shutdown(); err != nil {
		t.Fatal(err)
	}
	if !finished.Load() {
		t.Error("Shutdown returned before the running job did")
	}
}

func TestEveryRejectsBadJobs(t *testing.T) {
	s := newTestScheduler(t, Options{})
	defer func() { _ = s.Shutdown() }()
	noop := func(context.Context, time.Time) error { return nil }
	if err := s.Every("a", time.Minute, noop); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"duplicate name": s.Every("a", time.Hour, noop),
		"no name":        s.Every("", time.Minute, noop),
		"zero interval":  s.Every("b", 0, noop),
		"no function":    s.Every("c", time.Minute, nil),
	} {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// The injected clock drives the schedule and the now that jobs see. With clockwork and
// gocron v2.21.2 (DESIGN §11): wait for the job's timer before each advance, land just past
// the slot, never on it, and never advance again before the run is over. "Over" includes
// gocron's bookkeeping after the job function returns: in singleton mode an advance that
// fires the next timer before the runner frees its slot makes gocron skip that run. The
// bubble's synctest.Wait is what tells us gocron has settled.
func TestFakeClockDrivesScheduleAndNow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		start := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
		clock := clockwork.NewFakeClockAt(start)
		s := newTestScheduler(t, Options{Clock: clock})
		var rec recorder
		if err := s.Every("digest", time.Hour, rec.job); err != nil {
			t.Fatal(err)
		}
		s.Start()

		const past = time.Millisecond
		var want []time.Time
		for i := 1; i <= 3; i++ {
			if err := clock.BlockUntilContext(ctx, 1); err != nil {
				t.Fatalf("tick %d: the job's timer never armed: %v", i, err)
			}
			step := time.Hour
			if i == 1 {
				step += past
			}
			clock.Advance(step)
			synctest.Wait()
			want = append(want, start.Add(time.Duration(i)*time.Hour+past))
			if got := rec.runs(); !onTicks(got, want) {
				t.Fatalf("after tick %d: runs saw %v, want %v", i, got, want)
			}
		}
		if err := s.Shutdown(); err != nil {
			t.Fatal(err)
		}
	})
}
