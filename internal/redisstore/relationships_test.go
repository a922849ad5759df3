package redisstore

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestLogTouchpointMovesDueForwardOnly(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	if err := s.LoadScripts(ctx); err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, time.UTC) }
	cadence := 14 * 24 * time.Hour
	steps := []struct {
		name      string
		tp        rapport.Touchpoint
		wantAdded bool
		wantLast  time.Time
	}{
		{"first contact", rapport.Touchpoint{ID: "t1", Handle: "ava", Kind: rapport.KindCall, At: day(10)}, true, day(10)},
		{"later contact moves it", rapport.Touchpoint{ID: "t2", Handle: "ava", Kind: rapport.KindEmail, At: day(20)}, true, day(20)},
		{"backdated entry keeps it", rapport.Touchpoint{ID: "t3", Handle: "ava", Kind: rapport.KindGift, At: day(15)}, true, day(20)},
		{"retried save changes nothing", rapport.Touchpoint{ID: "t2", Handle: "ava", Kind: rapport.KindEmail, At: day(20)}, false, day(20)},
		{"same id logged later changes nothing", rapport.Touchpoint{ID: "t2", Handle: "ava", Kind: rapport.KindEmail, At: day(20), LoggedAt: day(22)}, false, day(20)},
	}
	for _, st := range steps {
		res, err := s.LogTouchpoint(ctx, st.tp, cadence)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if res.Added != st.wantAdded || !res.LastContact.Equal(st.wantLast) {
			t.Errorf("%s: got %+v, want added=%v last=%v", st.name, res, st.wantAdded, st.wantLast)
		}
	}
	ids, dues, err := s.DueIDs(ctx, day(20).Add(cadence), 10)
	if err != nil || len(ids) != 1 || ids[0] != "ava" || !dues[0].Equal(day(20).Add(cadence)) {
		t.Fatalf("due index = %v %v %v", ids, dues, err)
	}
	if ids, _, _ := s.DueIDs(ctx, day(20).Add(cadence-time.Second), 10); len(ids) != 0 {
		t.Errorf("due before its time: %v", ids)
	}
	tps, total, err := s.Touchpoints(ctx, "ava", 0, 2)
	if err != nil || total != 3 || len(tps) != 2 || tps[0].ID != "t2" || tps[1].ID != "t3" {
		t.Errorf("history page = %+v total %d %v", tps, total, err)
	}
	// Never due: logging with no cadence takes it out of the index.
	if _, err := s.LogTouchpoint(ctx, rapport.Touchpoint{ID: "t4", Handle: "ava", At: day(21)}, 0); err != nil {
		t.Fatal(err)
	}
	if ids, _, _ := s.DueIDs(ctx, day(28).AddDate(1, 0, 0), 10); len(ids) != 0 {
		t.Errorf("paused relationship still due: %v", ids)
	}
}

func TestRelStatesSnoozeAndNudges(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	if err := s.SetDues(ctx, map[string]rapport.DueEntry{"ava": {Due: at, Cadence: time.Hour}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Snooze(ctx, "ava", at.Add(7*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkNudged(ctx, []string{"ava"}, at); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkNudged(ctx, []string{"ava"}, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	st, err := s.RelStates(ctx, []string{"ava", "nobody"})
	if err != nil {
		t.Fatal(err)
	}
	a := st["ava"]
	if !a.Due.Equal(at) || !a.SnoozedUntil.Equal(at.Add(7*24*time.Hour)) || !a.LastNudged.Equal(at.Add(time.Hour)) || a.Ignored != 2 {
		t.Errorf("ava state = %+v", a)
	}
	if n := st["nobody"]; !n.Due.IsZero() || n.Ignored != 0 {
		t.Errorf("unknown relationship state = %+v", n)
	}
	// A contact resets the ignored count.
	if _, err := s.LogTouchpoint(ctx, rapport.Touchpoint{ID: "x", Handle: "ava", At: at.Add(2 * time.Hour)}, time.Hour); err != nil {
		t.Fatal(err)
	}
	st, _ = s.RelStates(ctx, []string{"ava"})
	if st["ava"].Ignored != 0 || !st["ava"].Due.Equal(at.Add(3*time.Hour)) {
		t.Errorf("after contact: %+v", st["ava"])
	}
	if err := s.SetDues(ctx, map[string]rapport.DueEntry{"ava": {}}); err != nil {
		t.Fatal(err)
	}
	if ids, _, _ := s.DueIDs(ctx, at.AddDate(1, 0, 0), 10); len(ids) != 0 {
		t.Errorf("removed relationship still due: %v", ids)
	}
}

func TestScriptsSurviveRedisRestart(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	if err := s.LoadScripts(ctx); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	srv.Start() // the script cache is empty now
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err := s.LogTouchpoint(ctx, rapport.Touchpoint{ID: "r", Handle: "ava", At: time.Now()}, time.Hour)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("touchpoint after restart: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
