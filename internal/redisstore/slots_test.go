package redisstore

import (
	"context"
	"sync"
	"testing"
	"time"
)

const slotTTL = time.Hour

// concurrently runs f from n goroutines at once and returns what each returned.
func concurrently[T any](t *testing.T, n int, f func() (T, error)) []T {
	t.Helper()
	out := make([]T, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			v, err := f()
			if err != nil {
				t.Error(err)
			}
			out[i] = v
		})
	}
	wg.Wait()
	return out
}

func count[T comparable](vs []T, want T) int {
	n := 0
	for _, v := range vs {
		if v == want {
			n++
		}
	}
	return n
}

func wantSlotState(t *testing.T, s *Store, slot string, want SlotState) {
	t.Helper()
	got, err := s.SlotState(context.Background(), slot)
	if err != nil || got != want {
		t.Fatalf("SlotState(%q) = %v, %v; want %v", slot, got, err, want)
	}
}

func TestClaimSlotOnceAcrossCallers(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	const slot = "digest|U123|2026-11-25"
	wantSlotState(t, s, slot, SlotFree)
	won := concurrently(t, 8, func() (bool, error) { return s.ClaimSlot(ctx, slot, slotTTL) })
	if n := count(won, true); n != 1 {
		t.Fatalf("%d callers claimed the slot, want 1", n)
	}
	wantSlotState(t, s, slot, SlotDone)
	if st, err := s.BeginSlot(ctx, slot, slotTTL); err != nil || st != SlotDone {
		t.Fatalf("BeginSlot on a claimed slot = %v, %v; want done", st, err)
	}
	if ok, err := s.ClaimSlot(ctx, "digest|U123|2026-11-26", slotTTL); err != nil || !ok {
		t.Fatalf("the next day's slot = %v, %v; want free", ok, err)
	}
}

func TestBeginSlotGivesTheFirstAttemptToOneCaller(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	const slot = "check|c42|-24h"
	states := concurrently(t, 8, func() (SlotState, error) { return s.BeginSlot(ctx, slot, slotTTL) })
	if n := count(states, SlotFresh); n != 1 {
		t.Fatalf("%d callers got the first attempt, want 1: %v", n, states)
	}
	if n := count(states, SlotSending); n != 7 {
		t.Fatalf("%d callers saw it sending, want 7: %v", n, states)
	}
	wantSlotState(t, s, slot, SlotSending)
	if ok, err := s.ClaimSlot(ctx, slot, slotTTL); err != nil || ok {
		t.Fatalf("ClaimSlot on a begun slot = %v, %v; want false", ok, err)
	}

	if err := s.CompleteSlot(ctx, slot, slotTTL); err != nil {
		t.Fatal(err)
	}
	wantSlotState(t, s, slot, SlotDone)
	if st, err := s.BeginSlot(ctx, slot, slotTTL); err != nil || st != SlotDone {
		t.Fatalf("BeginSlot after completion = %v, %v; want done", st, err)
	}
	if st, err := s.RetrySlot(ctx, slot, 0, slotTTL); err != nil || st != SlotDone {
		t.Fatalf("RetrySlot after completion = %v, %v; want done", st, err)
	}
}

func TestRetrySlotHandsOutOneRetryAfterGrace(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	const slot, grace = "digest|U123|2026-11-25", 200 * time.Millisecond

	if st, err := s.RetrySlot(ctx, slot, grace, slotTTL); err != nil || st != SlotFree {
		t.Fatalf("RetrySlot on a slot never begun = %v, %v; want free", st, err)
	}
	if st, err := s.BeginSlot(ctx, slot, slotTTL); err != nil || st != SlotFresh {
		t.Fatalf("BeginSlot = %v, %v", st, err)
	}
	if st, err := s.RetrySlot(ctx, slot, grace, slotTTL); err != nil || st != SlotSending {
		t.Fatalf("RetrySlot within grace = %v, %v; want sending", st, err)
	}
	time.Sleep(grace + 50*time.Millisecond)

	states := concurrently(t, 8, func() (SlotState, error) { return s.RetrySlot(ctx, slot, grace, slotTTL) })
	if n := count(states, SlotRetry); n != 1 {
		t.Fatalf("%d callers got the retry, want 1: %v", n, states)
	}
	if n := count(states, SlotRetried); n != 7 {
		t.Fatalf("%d callers saw it retried, want 7: %v", n, states)
	}
	wantSlotState(t, s, slot, SlotRetried)
	time.Sleep(grace + 50*time.Millisecond)
	if st, err := s.RetrySlot(ctx, slot, grace, slotTTL); err != nil || st != SlotRetried {
		t.Fatalf("a second retry = %v, %v; want retried (only one retry ever)", st, err)
	}
	if st, err := s.BeginSlot(ctx, slot, slotTTL); err != nil || st != SlotRetried {
		t.Fatalf("BeginSlot on a retried slot = %v, %v; want retried", st, err)
	}
	if err := s.CompleteSlot(ctx, slot, slotTTL); err != nil {
		t.Fatal(err)
	}
	wantSlotState(t, s, slot, SlotDone)
}

// A digest sender that dies between sending and recording, on every replica that tries,
// still sends at most twice; one that dies before sending is made good by the retry.
func TestCrashBetweenSentAndRecordedSendsAtMostTwice(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	const grace = 100 * time.Millisecond

	// attempt is one replica's tick: begin or retry, then send, then (unless it crashes)
	// record.
	attempt := func(slot string, sent *int, crashAfterSend, crashBeforeSend bool) SlotState {
		st, err := s.BeginSlot(ctx, slot, slotTTL)
		if err == nil && st == SlotSending {
			st, err = s.RetrySlot(ctx, slot, grace, slotTTL)
		}
		if err != nil {
			t.Fatal(err)
		}
		if !st.Owned() || crashBeforeSend {
			return st
		}
		*sent++
		if !crashAfterSend {
			if err := s.CompleteSlot(ctx, slot, slotTTL); err != nil {
				t.Fatal(err)
			}
		}
		return st
	}

	tests := []struct {
		name       string
		crashAfter []bool // per tick: the replica dies after sending
		crashPre   []bool // per tick: the replica dies before sending
		wantSent   int
		wantFinal  SlotState
	}{
		{"no crash", []bool{false, false, false}, []bool{false, false, false}, 1, SlotDone},
		{"every replica crashes after sending", []bool{true, true, true, true}, []bool{false, false, false, false}, 2, SlotRetried},
		{"first replica crashes before sending", []bool{false, false, false}, []bool{true, false, false}, 1, SlotDone},
		{"first crashes after sending, retry records", []bool{true, false, false}, []bool{false, false, false}, 2, SlotDone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slot := "digest|U123|" + tt.name
			sent := 0
			for i := range tt.crashAfter {
				attempt(slot, &sent, tt.crashAfter[i], tt.crashPre[i])
				time.Sleep(grace + 20*time.Millisecond)
			}
			if sent != tt.wantSent {
				t.Errorf("sent %d digests, want %d", sent, tt.wantSent)
			}
			wantSlotState(t, s, slot, tt.wantFinal)
		})
	}
}

func TestSlotRecordLastsTTL(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	const ttl = 100 * time.Millisecond
	if st, err := s.BeginSlot(ctx, "a", ttl); err != nil || st != SlotFresh {
		t.Fatalf("BeginSlot = %v, %v", st, err)
	}
	if err := s.CompleteSlot(ctx, "b", ttl); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.ClaimSlot(ctx, "c", ttl); err != nil || !ok {
		t.Fatalf("ClaimSlot = %v, %v", ok, err)
	}
	time.Sleep(ttl + 50*time.Millisecond)
	for _, slot := range []string{"a", "b", "c"} {
		wantSlotState(t, s, slot, SlotFree)
	}
}

func TestSlotsRejectBadArguments(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	if _, err := s.ClaimSlot(ctx, "x", 0); err == nil {
		t.Error("ClaimSlot with no ttl succeeded: the record would never expire")
	}
	if _, err := s.BeginSlot(ctx, "", time.Hour); err == nil {
		t.Error("BeginSlot with an empty slot succeeded")
	}
	if _, err := s.RetrySlot(ctx, "x", -time.Second, time.Hour); err == nil {
		t.Error("RetrySlot with negative grace succeeded")
	}
	if err := s.CompleteSlot(ctx, "x", time.Microsecond); err == nil {
		t.Error("CompleteSlot with a sub-millisecond ttl succeeded")
	}
}

func TestSlotStateString(t *testing.T) {
	for st, want := range map[SlotState]string{
		SlotFree: "free", SlotFresh: "fresh", SlotSending: "sending", SlotRetry: "retry",
		SlotRetried: "retried", SlotDone: "done", SlotState(42): "SlotState(42)",
	} {
		if got := st.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(st), got, want)
		}
	}
}
