package redisstore

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestLeaseOnlyOneContenderWins(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	holders := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	won := make([]bool, len(holders))
	var wg sync.WaitGroup
	for i, h := range holders {
		wg.Go(func() {
			ok, err := s.NewLease("scheduler", h, time.Minute).Acquire(ctx)
			if err != nil {
				t.Errorf("%s: %v", h, err)
			}
			won[i] = ok
		})
	}
	wg.Wait()
	var winner string
	for i, ok := range won {
		if ok {
			if winner != "" {
				t.Fatalf("both %s and %s acquired the lease", winner, holders[i])
			}
			winner = holders[i]
		}
	}
	if winner == "" {
		t.Fatal("nobody acquired a free lease")
	}
	if got, err := s.NewLease("scheduler", "x", time.Minute).Holder(ctx); err != nil || got != winner {
		t.Fatalf("Holder = %q, %v; want %q", got, err, winner)
	}
	if ok, err := s.NewLease("scheduler", winner, time.Minute).Acquire(ctx); err != nil || !ok {
		t.Errorf("holder re-acquiring its own lease = %v, %v; want true (extend)", ok, err)
	}
	if ok, err := s.NewLease("other", "a", time.Minute).Acquire(ctx); err != nil || !ok {
		t.Errorf("a lease of another name = %v, %v; want it free", ok, err)
	}
}

func TestLeaseExpiryHandsOver(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	const ttl = 150 * time.Millisecond
	a, b := s.NewLease("scheduler", "a", ttl), s.NewLease("scheduler", "b", ttl)
	if ok, err := a.Acquire(ctx); err != nil || !ok {
		t.Fatalf("a acquire = %v, %v", ok, err)
	}
	if ok, err := b.Acquire(ctx); err != nil || ok {
		t.Fatalf("b acquired a held lease: %v, %v", ok, err)
	}
	time.Sleep(ttl + 50*time.Millisecond)
	if h, err := a.Holder(ctx); err != nil || h != "" {
		t.Fatalf("after ttl Holder = %q, %v; want expired", h, err)
	}
	if ok, err := b.Acquire(ctx); err != nil || !ok {
		t.Fatalf("b acquire after expiry = %v, %v", ok, err)
	}
	if ok, err := a.Renew(ctx); err != nil || ok {
		t.Fatalf("a renewed a lease that passed to b: %v, %v", ok, err)
	}
	if h, _ := a.Holder(ctx); h != "b" {
		t.Fatalf("Holder = %q, want b", h)
	}
}

func TestLeaseRenew(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	const ttl = 400 * time.Millisecond
	a, b := s.NewLease("scheduler", "a", ttl), s.NewLease("scheduler", "b", ttl)

	if ok, err := a.Renew(ctx); err != nil || ok {
		t.Fatalf("renewing a free lease = %v, %v; want false (renew never acquires)", ok, err)
	}
	if ok, err := a.Acquire(ctx); err != nil || !ok {
		t.Fatalf("a acquire = %v, %v", ok, err)
	}
	if ok, err := b.Renew(ctx); err != nil || ok {
		t.Fatalf("renew by a non-holder = %v, %v; want false", ok, err)
	}
	if h, _ := a.Holder(ctx); h != "a" {
		t.Fatalf("a non-holder's renew changed the holder to %q", h)
	}

	// Renewing well inside the ttl, twice, keeps the lease past its first expiry.
	for range 2 {
		time.Sleep(ttl / 2)
		if ok, err := a.Renew(ctx); err != nil || !ok {
			t.Fatalf("holder renew = %v, %v", ok, err)
		}
	}
	pttl := srv.Client().PTTL(ctx, a.key).Val()
	if pttl <= ttl-100*time.Millisecond || pttl > ttl {
		t.Fatalf("PTTL after renew = %v, want close to %v", pttl, ttl)
	}
}

func TestLeaseReleaseOnlyByHolder(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	a, b := s.NewLease("scheduler", "a", time.Minute), s.NewLease("scheduler", "b", time.Minute)
	if ok, err := a.Acquire(ctx); err != nil || !ok {
		t.Fatalf("a acquire = %v, %v", ok, err)
	}
	if err := b.Release(ctx); err != nil {
		t.Fatalf("release by a non-holder: %v", err)
	}
	if h, _ := a.Holder(ctx); h != "a" {
		t.Fatalf("a non-holder's release changed the holder to %q", h)
	}
	if err := a.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if h, _ := a.Holder(ctx); h != "" {
		t.Fatalf("after release Holder = %q, want none", h)
	}
	if err := a.Release(ctx); err != nil {
		t.Fatalf("releasing twice: %v", err)
	}
	if ok, err := b.Acquire(ctx); err != nil || !ok {
		t.Fatalf("b acquire after release = %v, %v", ok, err)
	}
}

func TestLeaseSurvivesScriptCacheFlush(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	a := s.NewLease("scheduler", "a", time.Minute)
	if err := s.LoadScripts(ctx); err != nil {
		t.Fatal(err)
	}
	if ok, err := a.Acquire(ctx); err != nil || !ok {
		t.Fatalf("acquire = %v, %v", ok, err)
	}
	if err := srv.Client().ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if ok, err := a.Renew(ctx); err != nil || !ok {
		t.Fatalf("renew after SCRIPT FLUSH = %v, %v; want EVALSHA to fall back to EVAL", ok, err)
	}
	if err := a.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if h, _ := a.Holder(ctx); h != "" {
		t.Fatalf("release after SCRIPT FLUSH left holder %q", h)
	}
}

func TestLeaseAcrossRedisRestart(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	a, b := s.NewLease("scheduler", "a", time.Minute), s.NewLease("scheduler", "b", time.Minute)
	if ok, err := a.Acquire(ctx); err != nil || !ok {
		t.Fatalf("acquire = %v, %v", ok, err)
	}

	srv.Stop()
	if _, err := a.Renew(ctx); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("renew while Redis is down: err = %v, want ErrUnavailable", err)
	}
	srv.Start()

	// The restarted Redis has neither the lease (no persistence in tests) nor the scripts.
	cached := func() bool {
		ex, err := srv.Client().ScriptExists(ctx, acquireScript.Hash(), renewScript.Hash()).Result()
		if err != nil {
			t.Fatal(err)
		}
		return ex[0] || ex[1]
	}
	if cached() {
		t.Fatal("scripts cached in a fresh redis-server")
	}
	var renewed bool
	deadline := time.Now().Add(5 * time.Second)
	for {
		var err error
		renewed, err = a.Renew(ctx)
		if err == nil {
			break
		}
		if !errors.Is(err, ErrUnavailable) || time.Now().After(deadline) {
			t.Fatalf("renew after restart: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if renewed {
		t.Fatal("renew resurrected a lease that Redis lost in the restart")
	}
	if ok, err := b.Acquire(ctx); err != nil || !ok {
		t.Fatalf("acquire after restart = %v, %v", ok, err)
	}
	if ok, err := a.Acquire(ctx); err != nil || ok {
		t.Fatalf("second acquire after restart = %v, %v; want false", ok, err)
	}
	if !cached() {
		t.Fatal("scripts were not re-loaded into the restarted Redis")
	}
	if h, _ := a.Holder(ctx); h != "b" {
		t.Fatalf("Holder = %q, want b", h)
	}
}

func TestLoadScriptsCachesEveryScript(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	if err := s.LoadScripts(ctx); err != nil {
		t.Fatal(err)
	}
	ex, err := srv.Client().ScriptExists(ctx, acquireScript.Hash(), renewScript.Hash(),
		releaseScript.Hash(), beginSlotScript.Hash(), retrySlotScript.Hash(), logTouchpoint.Hash(),
		setDueScript.Hash(), dueIndexScript.Hash()).Result()
	if err != nil {
		t.Fatal(err)
	}
	for i, ok := range ex {
		if !ok {
			t.Errorf("script %d not cached", i)
		}
	}
}

func TestLeaseRejectsBadArguments(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	for name, l := range map[string]*Lease{
		"empty holder": s.NewLease("scheduler", "", time.Minute),
		"zero ttl":     s.NewLease("scheduler", "a", 0),
		"sub-ms ttl":   s.NewLease("scheduler", "a", time.Microsecond),
	} {
		if _, err := l.Acquire(ctx); err == nil {
			t.Errorf("%s: Acquire succeeded", name)
		}
		if _, err := l.Renew(ctx); err == nil {
			t.Errorf("%s: Renew succeeded", name)
		}
	}
}
