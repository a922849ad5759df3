package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"
)

// Options configure a Scheduler. The zero value runs every job in this process on the real
// clock.
type Options struct {
	// Elector picks the one replica that runs jobs; nil runs them here unconditionally (one
	// process, tests).
	Elector *Elector
	// Clock drives the schedule and the now handed to jobs; nil is the real clock.
	Clock clockwork.Clock
	// Logger receives job failures and panics; nil discards them.
	Logger *slog.Logger
	// RunTimeout bounds each run, in real time whatever Clock says; zero bounds each run by
	// its job's interval.
	RunTimeout time.Duration
	// StopTimeout is how long Shutdown waits for running jobs; zero is gocron's 10s.
	StopTimeout time.Duration
}

// Func is a job: it calls one service method with ctx, which ends when the run times out
// or the scheduler shuts down, and now, the scheduler clock's time (in UTC) as the run
// starts, at or just after its slot. It must return promptly once ctx is done.
type Func func(ctx context.Context, now time.Time) error

// JobStats count a job's runs on this replica since start.
type JobStats struct {
	Runs     int64 // runs started here (not counting runs skipped while not leading)
	Failures int64 // runs that returned an error, timeouts included
	Panics   int64 // runs that panicked (recovered, logged with their stack)
}

// Scheduler runs named jobs at fixed intervals, each at most once at a time, on the replica
// that holds the lease. It is safe for concurrent use.
type Scheduler struct {
	cron       gocron.Scheduler
	elector    *Elector
	clock      clockwork.Clock
	log        *slog.Logger
	runTimeout time.Duration

	mu   sync.Mutex
	jobs map[string]*jobCounters
}

type jobCounters struct{ runs, failures, panics atomic.Int64 }

// New builds a Scheduler (in UTC) without starting it.
func New(o Options) (*Scheduler, error) {
	if o.Clock == nil {
		o.Clock = clockwork.NewRealClock()
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	opts := []gocron.SchedulerOption{
		gocron.WithClock(pastSlotClock{o.Clock}),
		gocron.WithLocation(time.UTC),
		gocron.WithLogger(gocronLogger{o.Logger}),
	}
	if o.Elector != nil {
		opts = append(opts, gocron.WithDistributedElector(o.Elector))
	}
	if o.StopTimeout > 0 {
		opts = append(opts, gocron.WithStopTimeout(o.StopTimeout))
	}
	cron, err := gocron.NewScheduler(opts...)
	if err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	return &Scheduler{
		cron: cron, elector: o.Elector, clock: o.Clock, log: o.Logger,
		runTimeout: o.RunTimeout, jobs: map[string]*jobCounters{},
	}, nil
}

// Every runs fn every interval, first one interval after Start. Names must be unique: they
// label logs and stats (and gocron would otherwise name every closure alike). A run still
// going when the next is due makes that next run skip rather than queue or overlap.
func (s *Scheduler) Every(name string, interval time.Duration, fn Func) error {
	switch {
	case name == "":
		return errors.New("schedule: a job needs a name")
	case interval <= 0:
		return fmt.Errorf("schedule %s: interval %v is not positive", name, interval)
	case fn == nil:
		return fmt.Errorf("schedule %s: no function", name)
	}
	timeout := s.runTimeout
	if timeout <= 0 {
		timeout = interval
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.jobs[name]; dup {
		return fmt.Errorf("schedule %s: a job with this name already exists", name)
	}
	c := &jobCounters{}
	_, err := s.cron.NewJob(
		gocron.DurationJob(interval),
		// gocron hands the job one context for its whole life; run derives one per run.
		gocron.NewTask(func(jobCtx context.Context) { s.run(jobCtx, name, timeout, fn, c) }),
		gocron.WithName(name),
		gocron.WithSingletonMode(gocron.LimitModeReschedule),
	)
	if err != nil {
		return fmt.Errorf("schedule %s: %w", name, err)
	}
	s.jobs[name] = c
	return nil
}

// run is one run of a job: its own timeout, its own now, and a panic costs this run only.
func (s *Scheduler) run(jobCtx context.Context, name string, timeout time.Duration, fn Func, c *jobCounters) {
	ctx, cancel := context.WithTimeout(jobCtx, timeout)
	defer cancel()
	now := s.clock.Now().UTC()
	started := time.Now()
	c.runs.Add(1)
	defer func() {
		if p := recover(); p != nil {
			c.panics.Add(1)
			s.log.Error("scheduled job panicked", "job", name, "panic", p, "stack", string(debug.Stack()))
		}
	}()
	if err := fn(ctx, now); err != nil {
		c.failures.Add(1)
		s.log.Error("scheduled job failed", "job", name, "err", err,
			"timed_out", errors.Is(ctx.Err(), context.DeadlineExceeded), "took", time.Since(started))
		return
	}
	s.log.Debug("scheduled job ran", "job", name, "took", time.Since(started))
}

// Stats returns each job's counters by name.
func (s *Scheduler) Stats() map[string]JobStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]JobStats, len(s.jobs))
	for name, c := range s.jobs {
		out[name] = JobStats{Runs: c.runs.Load(), Failures: c.failures.Load(), Panics: c.panics.Load()}
	}
	return out
}

// Leading reports whether this replica runs the jobs now: it holds the lease, or has no
// Elector and runs them unconditionally.
func (s *Scheduler) Leading() bool {
	return s.elector == nil || s.elector.IsLeader(context.Background()) == nil
}

// Start begins scheduling; it does not run the Elector (see Run).
func (s *Scheduler) Start() { s.cron.Start() }

// Shutdown stops scheduling, cancels running jobs' contexts and waits for them to return
// (up to Options.StopTimeout). A Scheduler cannot be started again.
//
// gocron v2.21.2 waits by spinning on time.Now, so inside a testing/synctest bubble time
// stands still meanwhile: a job that sleeps or waits on a timer after its ctx is done makes
// Shutdown hang there. Jobs should return as soon as ctx is done.
func (s *Scheduler) Shutdown() error {
	if err := s.cron.Shutdown(); err != nil {
		return fmt.Errorf("scheduler shutdown: %w", err)
	}
	return nil
}

// Run runs the Elector (if any) and the schedule until ctx ends, then shuts the schedule
// down and only afterwards releases the lease, so no other replica starts a run while one of
// ours is still going.
func (s *Scheduler) Run(ctx context.Context) error {
	electorErr := make(chan error, 1)
	electorCtx, stopElector := context.WithCancel(context.WithoutCancel(ctx))
	defer stopElector()
	if s.elector != nil {
		go func() { electorErr <- s.elector.Run(electorCtx) }()
	} else {
		electorErr <- nil
	}
	s.Start()
	<-ctx.Done()
	err := s.Shutdown()
	stopElector()
	return errors.Join(err, <-electorErr)
}

// gocronLogger passes gocron's warnings and errors to slog and drops its lifecycle chatter,
// some of which gocron writes after Shutdown has returned.
type gocronLogger struct{ log *slog.Logger }

func (gocronLogger) Debug(string, ...any)            {}
func (gocronLogger) Info(string, ...any)             {}
func (l gocronLogger) Warn(msg string, args ...any)  { l.log.Warn(msg, args...) }
func (l gocronLogger) Error(msg string, args ...any) { l.log.Error(msg, args...) }

// pastSlotClock fires gocron's timers a nanosecond late, so that when a run starts the clock
// already reads past its slot. gocron v2.21.2 has a race: when it records a run's completion
// before rescheduling it, it schedules the next run at the first slot not before now, and
// if no time has passed since the timer fired (a fake clock, or a testing/synctest bubble)
// that is the slot that just ran, so the job runs twice at one instant. On a real clock time
// always passes and the nanosecond changes nothing.
type pastSlotClock struct{ clockwork.Clock }

func (c pastSlotClock) AfterFunc(d time.Duration, f func()) clockwork.Timer {
	return c.Clock.AfterFunc(d+time.Nanosecond, f)
}
