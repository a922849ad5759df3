package schedule

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// Lease is the time-limited claim the Elector keeps alive; redisstore.Lease provides it.
// Acquire takes a free lease or extends one this holder has, Renew extends it only if this
// holder still has it, and Release gives it up only if this holder has it.
type Lease interface {
	Acquire(ctx context.Context) (bool, error)
	Renew(ctx context.Context) (bool, error)
	Release(ctx context.Context) error
	TTL() time.Duration
}

// ErrNotLeader is what IsLeader returns on a replica that does not hold the lease.
var ErrNotLeader = errors.New("not the scheduler leader")

// MinLeaseTTL is the shortest lease an Elector accepts.
const MinLeaseTTL = 30 * time.Millisecond

var _ gocron.Elector = (*Elector)(nil)

// Elector is gocron's Elector over a Lease: this replica is the leader while it holds the
// lease. Run keeps the lease, acquiring or renewing it every ttl/3.
//
// Leadership is counted from when the last successful Acquire or Renew was sent, and ends a
// tenth of the ttl before the lease could expire in Redis. So a replica that cannot reach
// Redis stops leading before another replica can take the lease, and two replicas never
// both believe they lead, as long as their clocks run at nearly the same rate (wall-clock
// offsets do not matter) and Redis keeps the lease: a Redis restart that loses it lets a
// second replica lead until the first one's next renewal, at most ttl/3. A renewal that
// finds the lease gone ends leadership at once.
type Elector struct {
	lease  Lease
	log    *slog.Logger
	ttl    time.Duration
	every  time.Duration
	margin time.Duration

	mu      sync.Mutex
	until   time.Time // leadership ends at this instant; zero when not leading
	leading bool      // what the log last said
}

// NewElector builds an Elector over lease. It fails when the lease's ttl is under
// MinLeaseTTL.
func NewElector(lease Lease, log *slog.Logger) (*Elector, error) {
	ttl := lease.TTL()
	if ttl < MinLeaseTTL {
		return nil, fmt.Errorf("scheduler lease ttl %v is shorter than the minimum %v", ttl, MinLeaseTTL)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Elector{lease: lease, log: log, ttl: ttl, every: ttl / 3, margin: ttl / 10}, nil
}

// IsLeader returns nil while this replica holds the lease, and ErrNotLeader otherwise. It
// reads local state only: gocron calls it before every run.
func (e *Elector) IsLeader(context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if time.Now().Before(e.until) {
		return nil
	}
	return ErrNotLeader
}

// Run acquires and renews the lease every ttl/3 until ctx ends, then stops leading and
// releases the lease so another replica can take over without waiting for it to expire.
// It returns only the release's error. Call it once per Elector.
func (e *Elector) Run(ctx context.Context) error {
	t := time.NewTicker(e.every)
	defer t.Stop()
	for {
		e.campaign(ctx)
		select {
		case <-ctx.Done():
			return e.resign(ctx)
		case <-t.C:
		}
	}
}

// campaign renews the lease if this replica leads, or tries to acquire it if not.
func (e *Elector) campaign(ctx context.Context) {
	sent := time.Now()
	leading := e.IsLeader(ctx) == nil
	var held bool
	var err error
	if leading {
		held, err = e.lease.Renew(ctx)
	} else {
		held, err = e.lease.Acquire(ctx)
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case err != nil:
		if ctx.Err() == nil {
			e.log.Warn("scheduler lease: cannot reach the store; leadership lapses unless renewed",
				"err", err, "leading", leading)
		}
	case held:
		e.until = sent.Add(e.ttl - e.margin)
	default:
		e.until = time.Time{}
	}
	now := time.Now()
	if e.leading != now.Before(e.until) {
		e.leading = !e.leading
		if e.leading {
			e.log.Info("scheduler: this replica is now the leader", "lease_ttl", e.ttl)
		} else {
			e.log.Warn("scheduler: this replica is no longer the leader", "lease_held", held, "err", err)
		}
	}
}

// resign stops leading first, then releases the lease, waiting at most one ttl (after which
// the lease has expired anyway).
func (e *Elector) resign(ctx context.Context) error {
	e.mu.Lock()
	e.until = time.Time{}
	wasLeading := e.leading
	e.leading = false
	e.mu.Unlock()

	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), e.ttl)
	defer cancel()
	if err := e.lease.Release(rctx); err != nil {
		return fmt.Errorf("release scheduler lease: %w", err)
	}
	if wasLeading {
		e.log.Info("scheduler: released leadership")
	}
	return nil
}

// NewHolderID names this process as a lease holder: host, pid and a random suffix, so a
// restarted container that reuses its host name and pid is still a new holder.
func NewHolderID() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown-host"
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%x", host, os.Getpid(), b)
}
