package launches

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/launchplan"
	"github.com/rapport-bot/rapport/internal/poll"
)

// tally is a Metrics that remembers what it was told.
type tally struct {
	mu      sync.Mutex
	checks  map[[2]string]int
	opened  int
	decided map[string]int
	votes   map[string]int
}

func (t *tally) TimingChecked(level, trigger string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.checks[[2]string{level, trigger}]++
}
func (t *tally) PollOpened() { t.mu.Lock(); t.opened++; t.mu.Unlock() }
func (t *tally) PollDecided(outcome string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.decided[outcome]++
}
func (t *tally) VoteCast(choice string) { t.mu.Lock(); t.votes[choice]++; t.mu.Unlock() }

// TestMetricsCountEachEffectOnce: two replicas run the dispatcher from creation to
// decision; each check, the poll and the decision count once, as they are posted once.
func TestMetricsCountEachEffectOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	m := &tally{checks: map[[2]string]int{}, decided: map[string]int{}, votes: map[string]int{}}
	e.svc.Metrics = m
	other := e.replica()
	c := campaign("Spring Glow", 80*time.Hour)
	if err := e.svc.Create(ctx, "U0PRIYA", c); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CheckNow(ctx, "U0PRIYA", c); err != nil {
		t.Fatal(err)
	}
	if got := m.checks[[2]string{"amber", "on_request"}]; got != 1 {
		t.Fatalf("on-request checks = %d, want 1", got)
	}
	voted := false
	for e.clock.Now().Before(c.LaunchAt.Add(time.Hour)) {
		for _, s := range []*Service{e.svc, other} {
			if err := s.RunCheckpoints(ctx, e.clock.Now()); err != nil {
				t.Fatalf("at %s: %v", e.clock.Now(), err)
			}
		}
		if _, ts, err := e.store.PollMessage(ctx, c.ID); err == nil && ts != "" && !voted {
			if err := e.svc.Vote(ctx, c, poll.Vote{User: "U0PRIYA", Choice: poll.Go}, MessageRef{}); err != nil {
				t.Fatalf("vote: %v", err)
			}
			voted = true
		}
		e.clock.Advance(15 * time.Minute)
	}
	if got, want := m.checks[[2]string{"amber", "scheduled"}], len(launchplan.DefaultPolicy().Checks); got != want {
		t.Errorf("scheduled checks = %d, want %d", got, want)
	}
	if m.opened != 1 || m.votes["go"] != 1 || m.decided["go"] != 1 || len(m.decided) != 1 {
		t.Errorf("polls opened %d, votes %v, decided %v; want 1, go 1, go 1", m.opened, m.votes, m.decided)
	}
}
