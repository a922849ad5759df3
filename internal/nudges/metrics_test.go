package nudges

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/redistest"
)

// tally is a Metrics that remembers what it was told.
type tally struct {
	mu                      sync.Mutex
	sent, escalated, failed int
	suppressed              map[string]int
}

func (t *tally) NudgeSent()      { t.mu.Lock(); t.sent++; t.mu.Unlock() }
func (t *tally) NudgeEscalated() { t.mu.Lock(); t.escalated++; t.mu.Unlock() }
func (t *tally) NudgeFailed()    { t.mu.Lock(); t.failed++; t.mu.Unlock() }
func (t *tally) NudgesSuppressed(reason string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.suppressed == nil {
		t.suppressed = map[string]int{}
	}
	t.suppressed[reason] += n
}

func TestSendDueCountsSentFailedEscalatedAndSuppressed(t *testing.T) {
	ctx := context.Background()
	srv := redistest.Start(t)
	s, err := redisstore.Open(srv.URL(), redisstore.Options{KeyPrefix: "m:"})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	seed(t, s, 10, 4, 1) // four overdue relationships of one owner
	orphan := rapport.Influencer{Handle: "orphan", Name: "Orphan", Backup: "U00000009", Status: rapport.StatusActive}
	if _, err := s.UpsertInfluencers(ctx, []rapport.Influencer{orphan}, t0.Add(-30*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDues(ctx, map[string]rapport.DueEntry{orphan.ID(): {Due: t0.Add(-time.Hour), Cadence: 14 * 24 * time.Hour}}); err != nil {
		t.Fatal(err)
	}
	out, rec := recording(s)
	rec.FailNext(1) // the digest, sent first, fails once
	n := newNudger(s, out)
	var m tally
	n.Metrics = &m

	_, _ = n.SendDue(ctx, t0)
	if m.failed != 1 || m.sent != 0 || m.escalated != 1 || m.suppressed["no_owner"] != 1 {
		t.Fatalf("first run: %+v, want the digest failed, the orphan escalated and held back as no_owner", &m)
	}
	if _, err := n.SendDue(ctx, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if m.sent != 1 || m.failed != 1 {
		t.Fatalf("second run: %+v, want the digest sent", &m)
	}
	before := m.suppressed["repeat_not_elapsed"]
	if _, err := n.SendDue(ctx, t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if m.sent != 1 || m.suppressed["repeat_not_elapsed"]-before < 4 {
		t.Errorf("third run: %+v, want the four digest rows (at least) held back as repeat_not_elapsed", &m)
	}
}
