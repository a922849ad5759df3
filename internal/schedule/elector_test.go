package schedule

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// leaseTable plays Redis for fake leases: one holder, an expiry on the bubble's clock.
type leaseTable struct {
	mu      sync.Mutex
	holder  string
	expires time.Time
}

func (tab *leaseTable) current() string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	if !time.Now().Before(tab.expires) {
		return ""
	}
	return tab.holder
}

func (tab *leaseTable) steal(holder string, ttl time.Duration) {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	tab.holder, tab.expires = holder, time.Now().Add(ttl)
}

// fakeLease has redisstore.Lease's semantics over a leaseTable; cut makes it unreachable,
// as for a replica cut off from Redis.
type fakeLease struct {
	tab *leaseTable
	id  string
	ttl time.Duration
	cut atomic.Bool
}

var errCut = errors.New("dial unix redis.sock: connection refused")

func (l *fakeLease) Acquire(context.Context) (bool, error) {
	if l.cut.Load() {
		return false, errCut
	}
	l.tab.mu.Lock()
	defer l.tab.mu.Unlock()
	now := time.Now()
	if now.Before(l.tab.expires) && l.tab.holder != l.id {
		return false, nil
	}
	l.tab.holder, l.tab.expires = l.id, now.Add(l.ttl)
	return true, nil
}

func (l *fakeLease) Renew(context.Context) (bool, error) {
	if l.cut.Load() {
		return false, errCut
	}
	l.tab.mu.Lock()
	defer l.tab.mu.Unlock()
	now := time.Now()
	if !now.Before(l.tab.expires) || l.tab.holder != l.id {
		return false, nil
	}
	l.tab.expires = now.Add(l.ttl)
	return true, nil
}

func (l *fakeLease) Release(context.Context) error {
	if l.cut.Load() {
		return errCut
	}
	l.tab.mu.Lock()
	defer l.tab.mu.Unlock()
	if l.tab.holder == l.id {
		l.tab.holder, l.tab.expires = "", time.Time{}
	}
	return nil
}

func (l *fakeLease) TTL() time.Duration { return l.ttl }

const testTTL = 3 * time.Second

// candidate is one replica's elector, running until stop, which returns Run's error.
type candidate struct {
	lease *fakeLease
	el    *Elector
	stop  func() error
}

func startCandidate(t *testing.T, tab *leaseTable, id string) *candidate {
	t.Helper()
	lease := &fakeLease{tab: tab, id: id, ttl: testTTL}
	el, err := NewElector(lease, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- el.Run(ctx) }()
	c := &candidate{lease: lease, el: el, stop: sync.OnceValue(func() error {
		cancel()
		return <-done
	})}
	t.Cleanup(func() { _ = c.stop() })
	return c
}

func (c *candidate) leads() bool { return c.el.IsLeader(context.Background()) == nil }

func TestElectorLeadsWhileItHoldsTheLease(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tab := &leaseTable{}
		a := startCandidate(t, tab, "a")
		synctest.Wait()
		if !a.leads() {
			t.Fatal("a free lease was not taken")
		}
		b := startCandidate(t, tab, "b")
		for range 10 * 3 { // ten ttls, checked at every renewal
			time.Sleep(testTTL / 3)
			synctest.Wait()
			if !a.leads() || b.leads() {
				t.Fatalf("at %v: a leads %v, b leads %v", time.Now(), a.leads(), b.leads())
			}
		}
		if err := b.el.IsLeader(context.Background()); !errors.Is(err, ErrNotLeader) {
			t.Errorf("follower's IsLeader = %v, want ErrNotLeader", err)
		}
	})
}

func TestElectorStepsDownAtTheRenewalThatFindsTheLeaseGone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tab := &leaseTable{}
		a := startCandidate(t, tab, "a")
		synctest.Wait()
		time.Sleep(testTTL/3 + testTTL/6) // between two renewals
		tab.steal("intruder", time.Hour)
		if !a.leads() {
			t.Fatal("stepped down before learning of it")
		}
		time.Sleep(testTTL/6 + time.Millisecond) // just past the next renewal
		synctest.Wait()
		if a.leads() {
			t.Fatal("still leading after a renewal found the lease held by another")
		}
	})
}

// A leader cut off from Redis keeps leading only until a tenth of the ttl before its
// lease expires, so the replica that takes the expired lease never overlaps with it.
func TestElectorCutOffFromRedisStopsLeadingBeforeAnotherCanStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tab := &leaseTable{}
		a := startCandidate(t, tab, "a")
		synctest.Wait()
		b := startCandidate(t, tab, "b")
		time.Sleep(testTTL / 3) // a renews now
		synctest.Wait()
		a.lease.cut.Store(true)
		cutAt := time.Now()

		var aStopped, bStarted time.Duration
		for time.Since(cutAt) < 3*testTTL {
			time.Sleep(10 * time.Millisecond)
			synctest.Wait()
			al, bl := a.leads(), b.leads()
			if al && bl {
				t.Fatalf("%v after the cut both lead", time.Since(cutAt))
			}
			if !al && aStopped == 0 {
				aStopped = time.Since(cutAt)
			}
			if bl && bStarted == 0 {
				bStarted = time.Since(cutAt)
			}
		}
		if want := testTTL - testTTL/10; aStopped > want {
			t.Errorf("a stopped leading %v after its last renewal, want ≤ %v", aStopped, want)
		}
		if bStarted == 0 || bStarted < testTTL || bStarted > testTTL+testTTL/3 {
			t.Errorf("b took over %v after a's last renewal, want within [ttl, ttl+ttl/3]", bStarted)
		}
	})
}

func TestElectorReleasesOnShutdown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tab := &leaseTable{}
		a := startCandidate(t, tab, "a")
		synctest.Wait()
		b := startCandidate(t, tab, "b")
		synctest.Wait()
		if err := a.stop(); err != nil {
			t.Fatalf("Run = %v", err)
		}
		if a.leads() {
			t.Fatal("a leads after Run returned")
		}
		if h := tab.current(); h != "" {
			t.Fatalf("lease still held by %q after shutdown", h)
		}
		stopped := time.Now()
		for !b.leads() {
			time.Sleep(time.Millisecond)
			synctest.Wait()
		}
		if took := time.Since(stopped); took > testTTL/3 {
			t.Errorf("b took %v to take over from a released lease, want ≤ one renewal period", took)
		}
	})
}

func TestElectorRetriesAfterTheStoreComesBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tab := &leaseTable{}
		a := startCandidate(t, tab, "a")
		a.lease.cut.Store(true)
		time.Sleep(testTTL)
		synctest.Wait()
		if a.leads() {
			t.Fatal("leading without ever reaching the store")
		}
		a.lease.cut.Store(false)
		time.Sleep(testTTL/3 + time.Millisecond)
		synctest.Wait()
		if !a.leads() {
			t.Fatal("did not take the lease once the store was back")
		}
	})
}

func TestNewElectorRejectsATinyTTL(t *testing.T) {
	if _, err := NewElector(&fakeLease{ttl: time.Millisecond}, nil); err == nil {
		t.Fatal("accepted a 1ms lease")
	}
}

func TestRunUsesTheElector(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tab := &leaseTable{}
		tab.steal("other replica", 90*time.Second)
		el, err := NewElector(&fakeLease{tab: tab, id: "me", ttl: testTTL}, testLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		s := newTestScheduler(t, Options{Elector: el})
		var rec recorder
		if err := s.Every("nudges", time.Minute, rec.job); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- s.Run(ctx) }()

		time.Sleep(time.Minute + time.Second)
		synctest.Wait()
		if n := len(rec.runs()); n != 0 {
			t.Fatalf("%d runs while another replica held the lease", n)
		}
		time.Sleep(2 * time.Minute) // the other's lease expired at 90s; runs at 2m and 3m
		synctest.Wait()
		if n := len(rec.runs()); n != 2 {
			t.Fatalf("%d runs after taking the lease, want 2", n)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Run = %v", err)
		}
		if h := tab.current(); h != "" {
			t.Fatalf("lease still held by %q after Run returned", h)
		}
	})
}
