package launchplan

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Policy is when checkpoints happen, as offsets before launch (config `launch:`). Offsets are
// kept to whole seconds, the precision of checkpoint keys.
type Policy struct {
	// Checks are the timing checks' offsets.
	Checks []time.Duration
	// PollAt is when the go/no-go poll is posted, normally with the check at the same
	// offset; zero means no automatic poll.
	PollAt time.Duration
	// PollDeadline is when the poll closes; it must come after PollAt (a smaller offset).
	PollDeadline time.Duration
	// WatchFrom is when the breaking-news watch starts; zero means no watch.
	WatchFrom time.Duration
	// WatchEvery is the time between two watch scans. Each scan is a checkpoint of its own
	// (T-7d, T-7d+1h, … until launch; at most MaxWatchTicks), so scans are claimed, retried
	// and superseded exactly like checks, and a re-plan moves them with the launch.
	WatchEvery time.Duration
}

// MaxWatchTicks bounds the watch scans planned for one campaign (WatchFrom / WatchEvery),
// which are stored one queue entry each.
const MaxWatchTicks = 1000

const day = 24 * time.Hour

// DefaultPolicy is the policy without configuration: checks at T-72h, T-24h and T-2h, the
// poll with the T-2h check closing at T-30m, and a news scan every hour from T-7d.
func DefaultPolicy() Policy {
	return Policy{
		Checks:       []time.Duration{72 * time.Hour, 24 * time.Hour, 2 * time.Hour},
		PollAt:       2 * time.Hour,
		PollDeadline: 30 * time.Minute,
		WatchFrom:    7 * day,
		WatchEvery:   time.Hour,
	}
}

// Validate says what is wrong with the policy, naming each setting as the config file does.
func (p Policy) Validate() error {
	var errs []error
	whole := func(name string, d time.Duration) {
		if d%time.Second != 0 {
			errs = append(errs, fmt.Errorf("%s %v is not a whole number of seconds", name, d))
		}
	}
	for i, c := range p.Checks {
		name := fmt.Sprintf("checks[%d]", i)
		if c <= 0 {
			errs = append(errs, fmt.Errorf("%s %v must be a positive time before launch", name, c))
		}
		whole(name, c)
		if slices.Contains(p.Checks[:i], c) {
			errs = append(errs, fmt.Errorf("%s %v is listed twice", name, c))
		}
	}
	if p.PollAt < 0 {
		errs = append(errs, fmt.Errorf("poll_at %v is negative; use 0 for no automatic poll", p.PollAt))
	}
	if p.PollDeadline < 0 {
		errs = append(errs, fmt.Errorf("poll_deadline %v is negative", p.PollDeadline))
	}
	if p.PollAt > 0 && p.PollDeadline >= p.PollAt {
		errs = append(errs, fmt.Errorf("poll_deadline (%v before launch) must come after poll_at (%v before launch)", p.PollDeadline, p.PollAt))
	}
	whole("poll_at", p.PollAt)
	whole("poll_deadline", p.PollDeadline)
	switch {
	case p.WatchFrom < 0:
		errs = append(errs, fmt.Errorf("watch_from %v is negative; use 0 for no news watch", p.WatchFrom))
	case p.WatchFrom > 0 && p.WatchEvery <= 0:
		errs = append(errs, fmt.Errorf("watch_every %v must be positive while watch_from is set", p.WatchEvery))
	case p.WatchFrom > 0 && p.WatchFrom/p.WatchEvery > MaxWatchTicks:
		errs = append(errs, fmt.Errorf("watch_every %v makes %d scans over watch_from %v; keep it at least %v (%d scans)",
			p.WatchEvery, p.WatchFrom/p.WatchEvery, p.WatchFrom, (p.WatchFrom/MaxWatchTicks).Round(time.Second), MaxWatchTicks))
	}
	whole("watch_from", p.WatchFrom)
	whole("watch_every", p.WatchEvery)
	return errors.Join(errs...)
}

// checkOffsets are the distinct positive check offsets, earliest first (largest offset
// first), truncated to whole seconds.
func (p Policy) checkOffsets() []time.Duration {
	var out []time.Duration
	for _, c := range p.Checks {
		if c = c.Truncate(time.Second); c > 0 && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b time.Duration) int { return cmp.Compare(b, a) })
	return out
}

// watchOffsets are the watch ticks, earliest first: WatchFrom, WatchFrom − WatchEvery, …
// while still before launch.
func (p Policy) watchOffsets() []time.Duration {
	from, every := p.WatchFrom.Truncate(time.Second), p.WatchEvery.Truncate(time.Second)
	if from <= 0 || every <= 0 {
		return nil
	}
	n := min(int64(from/every), MaxWatchTicks)
	var out []time.Duration
	for i := int64(0); i <= n; i++ {
		if off := from - time.Duration(i)*every; off > 0 {
			out = append(out, off)
		}
	}
	return out
}

// polls reports whether the policy plans a poll.
func (p Policy) polls() bool { return p.PollAt.Truncate(time.Second) > 0 }

// offsets lists the offsets the policy plans for kind, earliest first.
func (p Policy) offsets(k Kind) []time.Duration {
	switch k {
	case Check:
		return p.checkOffsets()
	case Watch:
		return p.watchOffsets()
	case Poll:
		if p.polls() {
			return []time.Duration{p.PollAt.Truncate(time.Second)}
		}
	case PollClose:
		if p.polls() {
			return []time.Duration{p.PollDeadline.Truncate(time.Second)}
		}
	}
	return nil
}
