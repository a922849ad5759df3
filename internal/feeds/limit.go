package feeds

import (
	"context"
	"sync"
	"time"
)

// spacer lets calls through no closer together than an interval, in the order they asked.
// Each caller reserves the next free slot and sleeps until it; a caller whose context ends
// while waiting returns its error, and its slot simply passes unused.
type spacer struct {
	mu   sync.Mutex
	next time.Time
}

func (s *spacer) wait(ctx context.Context, interval time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	now := time.Now()
	at := s.next
	if at.Before(now) {
		at = now
	}
	s.next = at.Add(interval)
	s.mu.Unlock()

	d := time.Until(at)
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
