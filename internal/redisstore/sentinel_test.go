package redisstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redistest"
)

// TestSentinelFailoverKeepsAcknowledgedTouchpoints cuts the replica off and kills the primary
// in the middle of a burst of touchpoints logged through the Sentinel URL. With RequireReplicaAcks, every
// touchpoint the store reported as saved is on the promoted replica; every other one was
// reported as ErrUnavailable (try again); and the same store, never reopened, saves
// touchpoints again once the new primary has a replica.
func TestSentinelFailoverKeepsAcknowledgedTouchpoints(t *testing.T) {
	t.Parallel()
	start := time.Now()
	sen := redistest.StartSentinel(t)
	t.Logf("primary, replica and 3 sentinels ready in %v", time.Since(start).Round(time.Millisecond))
	s := openStore(t, sen.URL(), "test:")
	if err := s.RequireReplicaAcks(1, 250*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	handles := []string{"ava.moreau", "kai_plays", "noor.eats", "mallory", "jules", "tilly"}
	base := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

	var (
		mu     sync.Mutex
		acked  = map[string]string{} // touchpoint id → influencer
		failed int
		wrong  []error
		stop   = make(chan struct{})
		wg     sync.WaitGroup
	)
	ackedCount := func() int { mu.Lock(); defer mu.Unlock(); return len(acked) }
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				tp := rapport.Touchpoint{ID: fmt.Sprintf("w%d-%d", w, i), Handle: handles[(w+i)%len(handles)],
					Kind: rapport.KindCall, At: base.Add(time.Duration(i) * time.Minute)}
				_, err := s.LogTouchpoint(ctx, tp, 14*24*time.Hour)
				mu.Lock()
				switch {
				case err == nil:
					acked[tp.ID] = tp.Handle
				case errors.Is(err, ErrUnavailable):
					failed++
				default:
					wrong = append(wrong, err)
				}
				mu.Unlock()
				if err != nil {
					time.Sleep(20 * time.Millisecond)
				}
			}
		})
	}
	waitCount := func(what string, n int, within time.Duration) {
		t.Helper()
		deadline := time.Now().Add(within)
		for ackedCount() < n {
			if time.Now().After(deadline) {
				close(stop)
				wg.Wait()
				t.Fatalf("%s: %d touchpoints saved within %v, want %d", what, ackedCount(), within, n)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitCount("before the crash", 200, 10*time.Second)

	// The replica is cut off, then the primary dies: what the primary took in meanwhile
	// never reaches the replica about to be promoted. Without replica acks, those writes
	// would be reported saved, and lost.
	heal := sen.PartitionReplicas()
	time.Sleep(300 * time.Millisecond)
	killed := sen.KillPrimary()
	heal()
	atKill := ackedCount()
	crash := time.Now()
	promoted := sen.WaitForFailover(killed, 15*time.Second)
	t.Logf("%d touchpoints saved before the crash; %s promoted %v after %s died",
		atKill, promoted, time.Since(crash).Round(time.Millisecond), killed)

	// The promoted replica has no replica of its own: nothing is reported saved until the
	// lost server is back, as a replica.
	sen.RestartAsReplica(killed)
	atRestart := ackedCount()
	waitCount("after the failover", atRestart+100, 15*time.Second)
	close(stop)
	wg.Wait()
	t.Logf("%d saved in all, %d refused as unavailable; %d saved after the lost server came back (%v after the crash)",
		ackedCount(), failed, ackedCount()-atRestart, time.Since(crash).Round(time.Millisecond))
	if len(wrong) > 0 {
		t.Errorf("failed writes not reported as ErrUnavailable: %v", wrong[:min(len(wrong), 3)])
	}
	if failed == 0 {
		t.Errorf("no write failed across a failover: the burst missed the crash")
	}

	present := map[string]bool{}
	for _, h := range handles {
		tps, total, err := s.Touchpoints(ctx, h, 0, 1_000_000)
		if err != nil {
			t.Fatal(err)
		}
		if len(tps) != total {
			t.Fatalf("%s: read %d of %d touchpoints", h, len(tps), total)
		}
		for _, tp := range tps {
			present[tp.ID] = true
		}
	}
	lost := 0
	for id, h := range acked {
		if !present[id] {
			lost++
			if lost <= 5 {
				t.Errorf("touchpoint %s with %s was reported saved and is gone after the failover", id, h)
			}
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged touchpoints lost", lost, len(acked))
	}
	ids, _, err := s.DueIDs(ctx, base.AddDate(1, 0, 0), 100)
	if err != nil || len(ids) != len(handles) {
		t.Errorf("due index after failover = %v, %v; want all %d influencers", ids, err, len(handles))
	}
}

// TestReplicaAcksRefuseAWriteNoReplicaHas: with no replica to confirm it, a touchpoint is
// reported unavailable (and is on the primary all the same, so saving it again is safe).
func TestReplicaAcksRefuseAWriteNoReplicaHas(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	if err := s.RequireReplicaAcks(1, 20*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	tp := rapport.Touchpoint{ID: "t1", Handle: "ava", Kind: rapport.KindCall, At: now}
	_, err := s.LogTouchpoint(ctx, tp, time.Hour)
	if !errors.Is(err, ErrUnavailable) || !errors.Is(err, ErrNotReplicated) {
		t.Fatalf("err = %v, want ErrUnavailable and ErrNotReplicated", err)
	}
	if _, total, err := s.Touchpoints(ctx, "ava", 0, 10); err != nil || total != 1 {
		t.Fatalf("touchpoints on the primary = %d, %v", total, err)
	}
	for name, bad := range map[string]func() error{
		"no replicas":  func() error { return s.RequireReplicaAcks(0, 20*time.Millisecond) },
		"zero timeout": func() error { return s.RequireReplicaAcks(1, 0) },
		"long timeout": func() error { return s.RequireReplicaAcks(1, time.Second) },
		"cluster": func() error {
			c, err := Open("redis-cluster://127.0.0.1:1", Options{})
			if err != nil {
				return nil
			}
			defer func() { _ = c.Close() }()
			return c.RequireReplicaAcks(1, 20*time.Millisecond)
		},
	} {
		if bad() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
