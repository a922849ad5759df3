package redisstore

import (
	"context"
	"errors"
	"maps"
	"sync"
	"testing"
	"time"
)

// errorTally is an ErrorCounter that remembers what it was told.
type errorTally struct {
	mu  sync.Mutex
	ops map[string]int
}

func (e *errorTally) RedisError(op string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ops == nil {
		e.ops = map[string]int{}
	}
	e.ops[op]++
}

func (e *errorTally) counts() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return maps.Clone(e.ops)
}

func TestCountErrorsCountsFailuresNotAnswers(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	var tally errorTally
	s.CountErrors(&tally)

	// Answers: a missing influencer (redis.Nil inside a pipeline), a script whose first
	// EVALSHA finds the cache empty (NOSCRIPT, then EVAL), a caller that gave up.
	if _, err := s.Profile(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Profile(nobody) = %v", err)
	}
	if err := srv.Client().ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.NewLease("metrics", "me", time.Minute).Acquire(ctx); err != nil || !ok {
		t.Fatalf("Acquire = %v, %v", ok, err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_ = s.Ping(cancelled)
	if got := tally.counts(); len(got) != 0 {
		t.Fatalf("counted answers as errors: %v", got)
	}

	// Failures: Redis is gone.
	srv.Stop()
	if err := s.Ping(ctx); err == nil {
		t.Fatal("Ping succeeded with Redis stopped")
	}
	if _, err := s.Profile(ctx, "ava.moreau"); err == nil {
		t.Fatal("Profile succeeded with Redis stopped")
	}
	got := tally.counts()
	if got["ping"] == 0 || got["pipeline"] == 0 {
		t.Errorf("errors by op = %v, want ping and pipeline counted", got)
	}
}

func TestOpNameKeepsLabelsBounded(t *testing.T) {
	for in, want := range map[string]string{
		"get": "get", "evalsha": "evalsha", "": "other", "GET": "other",
		"a-very-long-command-name-indeed": "other", "get key": "other",
	} {
		if got := opName(in); got != want {
			t.Errorf("opName(%q) = %q, want %q", in, got, want)
		}
	}
}
