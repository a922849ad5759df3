package schedule

import (
	"testing"
	"testing/synctest"
)

func TestLeadingFollowsTheLease(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		solo, err := New(Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !solo.Leading() {
			t.Error("a scheduler without an elector does not report leading")
		}
		tab := &leaseTable{}
		a := startCandidate(t, tab, "a")
		synctest.Wait()
		b := startCandidate(t, tab, "b")
		synctest.Wait()
		sa, err := New(Options{Elector: a.el})
		if err != nil {
			t.Fatal(err)
		}
		sb, err := New(Options{Elector: b.el})
		if err != nil {
			t.Fatal(err)
		}
		if !sa.Leading() || sb.Leading() {
			t.Errorf("a leading %v, b leading %v; want a only", sa.Leading(), sb.Leading())
		}
		if err := a.stop(); err != nil {
			t.Fatal(err)
		}
		if sa.Leading() {
			t.Error("a still reports leading after it resigned")
		}
		for _, s := range []*Scheduler{solo, sa, sb} {
			if err := s.Shutdown(); err != nil {
				t.Error(err)
			}
		}
	})
}
