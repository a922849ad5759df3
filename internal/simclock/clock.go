// Package simclock is a clock that can be placed at any instant and moved forward: the
// notion of "now" of `rapport demo` and of the end-to-end tests, so a story can be told at
// any date and hour and days can pass in a second. It imports nothing of Rapport's.
package simclock

import (
	"sync"
	"time"
)

// Clock is a simulated wall clock. A frozen clock stays where it was put; a running clock
// moves on with real time from there. Both jump forward on Advance and Set. The zero value
// is not usable; use Frozen or Running. It is safe for concurrent use.
type Clock struct {
	mu      sync.Mutex
	at      time.Time // the simulated instant at real instant since
	since   time.Time // zero for a frozen clock
	running bool
	real    func() time.Time
}

// Frozen returns a clock that reads at until it is moved.
func Frozen(at time.Time) *Clock {
	return &Clock{at: at, real: time.Now}
}

// Running returns a clock that reads at now and moves on with real time.
func Running(at time.Time) *Clock {
	return &Clock{at: at, since: time.Now(), running: true, real: time.Now}
}

// Now is the simulated instant.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nowLocked()
}

func (c *Clock) nowLocked() time.Time {
	if !c.running {
		return c.at
	}
	return c.at.Add(c.real().Sub(c.since))
}

// Advance moves the clock forward by d (a negative d is ignored: simulated time, like
// real time, never goes back) and returns the new instant.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.setLocked(c.nowLocked().Add(max(d, 0)))
}

// Set moves the clock forward to t and returns the new instant; a t before the clock's
// current instant leaves it where it is.
func (c *Clock) Set(t time.Time) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now := c.nowLocked(); !t.After(now) {
		return now
	}
	return c.setLocked(t)
}

func (c *Clock) setLocked(t time.Time) time.Time {
	c.at = t
	if c.running {
		c.since = c.real()
	}
	return t
}
