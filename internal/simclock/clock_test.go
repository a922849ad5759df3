package simclock

import (
	"sync"
	"testing"
	"time"
)

var start = time.Date(2028, 2, 29, 23, 59, 0, 0, time.UTC)

func TestFrozenClockMovesOnlyWhenTold(t *testing.T) {
	c := Frozen(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("Now = %v, want %v", got, start)
	}
	if got := c.Advance(90 * time.Second); !got.Equal(start.Add(90 * time.Second)) {
		t.Errorf("Advance returned %v", got)
	}
	if got := c.Now(); !got.Equal(time.Date(2028, 3, 1, 0, 0, 30, 0, time.UTC)) {
		t.Errorf("after Advance Now = %v", got)
	}
	c.Advance(-time.Hour)
	c.Set(start)
	if got := c.Now(); !got.Equal(start.Add(90 * time.Second)) {
		t.Errorf("the clock went back to %v", got)
	}
	later := start.Add(72 * time.Hour)
	if got := c.Set(later); !got.Equal(later) || !c.Now().Equal(later) {
		t.Errorf("Set(%v) = %v, Now = %v", later, got, c.Now())
	}
}

func TestRunningClockFollowsRealTimeFromItsInstant(t *testing.T) {
	realNow := time.Date(2026, 12, 6, 6, 0, 0, 0, time.UTC)
	c := &Clock{at: start, since: realNow, running: true, real: func() time.Time { return realNow }}
	realNow = realNow.Add(5 * time.Second)
	if got := c.Now(); !got.Equal(start.Add(5 * time.Second)) {
		t.Fatalf("Now = %v, want 5s after start", got)
	}
	c.Advance(48 * time.Hour)
	realNow = realNow.Add(time.Second)
	if got, want := c.Now(), start.Add(48*time.Hour+6*time.Second); !got.Equal(want) {
		t.Errorf("after Advance Now = %v, want %v", got, want)
	}
	target := start.Add(72 * time.Hour)
	c.Set(target)
	realNow = realNow.Add(time.Minute)
	if got, want := c.Now(), target.Add(time.Minute); !got.Equal(want) {
		t.Errorf("after Set Now = %v, want %v", got, want)
	}
}

func TestConcurrentUse(t *testing.T) {
	c := Running(start)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				c.Advance(time.Second)
				_ = c.Now()
			}
		})
	}
	wg.Wait()
	if got := c.Now().Sub(start); got < 400*time.Second {
		t.Errorf("400 one-second advances moved the clock %v", got)
	}
}
