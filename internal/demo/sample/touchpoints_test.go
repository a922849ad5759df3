package sample

import (
	"reflect"
	"testing"
	"time"
)

func TestTouchpoints(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tps := Touchpoints(now)
	if !reflect.DeepEqual(tps, Touchpoints(now)) {
		t.Fatal("sample touchpoints are not deterministic")
	}
	latest := map[string]time.Time{}
	for _, tp := range tps {
		if !tp.At.Before(now) {
			t.Errorf("%s: contact in the future: %v", tp.ID, tp.At)
		}
		if tp.Handle == HandleNiche {
			t.Error("the niche creator should never have been contacted")
		}
		if tp.At.After(latest[tp.Handle]) {
			latest[tp.Handle] = tp.At
		}
	}
	fresh, older := 0, 0
	for _, at := range latest {
		if now.Sub(at) < 7*24*time.Hour {
			fresh++
		} else if now.Sub(at) > 14*24*time.Hour {
			older++
		}
	}
	if fresh == 0 || older == 0 {
		t.Errorf("want a mix of fresh and overdue relationships, got %d fresh, %d older than 14 days", fresh, older)
	}
}
