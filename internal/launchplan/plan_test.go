package launchplan

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestPlan(t *testing.T) {
	cancelled := campaign()
	cancelled.Cancelled = true
	noLaunch := campaign()
	noLaunch.LaunchAt = time.Time{}
	daily := DefaultPolicy()
	daily.WatchFrom, daily.WatchEvery = 3*day, day
	noPoll := noWatch()
	noPoll.PollAt = 0

	tests := []struct {
		name string
		c    rapport.Campaign
		p    Policy
		now  time.Time
		want string
	}{
		{"planned well ahead gets every checkpoint at its time", campaign(), noWatch(), before(10 * day),
			"check T-72h, check T-24h, check T-2h, poll T-2h, poll_close T-30m"},
		{"created 10 hours before: the latest missed check runs now, the older one is stale", campaign(), noWatch(), before(10 * time.Hour),
			"check T-24h late, check T-2h, poll T-2h, poll_close T-30m"},
		{"created 30 hours before: the T-72h check runs now", campaign(), noWatch(), before(30 * time.Hour),
			"check T-72h late, check T-24h, check T-2h, poll T-2h, poll_close T-30m"},
		{"created exactly at a check's time: on time, not late", campaign(), noWatch(), before(24 * time.Hour),
			"check T-24h, check T-2h, poll T-2h, poll_close T-30m"},
		{"created 1 hour before: the poll is posted late with the late check", campaign(), noWatch(), before(time.Hour),
			"check T-2h late, poll T-2h late, poll_close T-30m"},
		{"created 20 minutes before: past the poll deadline, no poll", campaign(), noWatch(), before(20 * time.Minute),
			"check T-2h late"},
		{"no automatic poll", campaign(), noPoll, before(10 * day),
			"check T-72h, check T-24h, check T-2h"},
		{"daily watch ticks from T-3d", campaign(), daily, before(10 * day),
			"check T-72h, watch T-72h, watch T-48h, check T-24h, watch T-24h, check T-2h, poll T-2h, poll_close T-30m"},
		{"daily watch, created 30 hours before: the latest missed tick runs now", campaign(), daily, before(30 * time.Hour),
			"check T-72h late, watch T-48h late, check T-24h, watch T-24h, check T-2h, poll T-2h, poll_close T-30m"},
		{"cancelled plans nothing", cancelled, DefaultPolicy(), before(10 * day), ""},
		{"no launch time plans nothing", noLaunch, DefaultPolicy(), before(10 * day), ""},
		{"launched plans nothing", campaign(), DefaultPolicy(), launchAt, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := describe(t, Plan(tt.c, tt.p, tt.now), tt.c.LaunchAt, tt.now)
			if got != tt.want {
				t.Errorf("Plan =\n  %s\nwant\n  %s", got, tt.want)
			}
		})
	}
}

func TestPlanHourlyWatch(t *testing.T) {
	cps := Plan(campaign(), DefaultPolicy(), before(10*day))
	n := 0
	for _, cp := range cps {
		if cp.Kind == Watch {
			n++
		}
	}
	if n != 7*24 {
		t.Fatalf("hourly watch over 7 days planned %d ticks, want 168", n)
	}
	if first := cps[0]; first.Kind != Watch || first.Offset != 7*day {
		t.Errorf("plan starts with %s, want the T-7d watch tick", first)
	}
	if last := cps[len(cps)-2]; last.Kind != Watch || last.Offset != time.Hour {
		t.Errorf("the last but one checkpoint is %s, want the T-1h watch tick before the poll deadline", last)
	}
}

// Offsets are exact durations: across a DST change the checks keep their distance from the
// launch in elapsed time, so their wall-clock time moves by the hour the clocks moved.
func TestPlanAcrossDST(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		launch time.Time
		want   map[time.Duration]string // offset → Paris wall clock
	}{
		{"clocks went forward on Sunday 29 March", time.Date(2026, 3, 30, 9, 0, 0, 0, paris), map[time.Duration]string{
			72 * time.Hour: "Fri 27 Mar 08:00 CET",
			24 * time.Hour: "Sun 29 Mar 09:00 CEST",
			2 * time.Hour:  "Mon 30 Mar 07:00 CEST",
		}},
		{"clocks went back on Sunday 25 October", time.Date(2026, 10, 26, 9, 0, 0, 0, paris), map[time.Duration]string{
			72 * time.Hour: "Fri 23 Oct 10:00 CEST",
			24 * time.Hour: "Sun 25 Oct 09:00 CET",
			2 * time.Hour:  "Mon 26 Oct 07:00 CET",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := campaign()
			c.LaunchAt = tt.launch
			for _, cp := range Plan(c, noWatch(), tt.launch.Add(-10*day)) {
				if cp.Kind != Check {
					continue
				}
				if got := tt.launch.Sub(cp.Due); got != cp.Offset {
					t.Errorf("%s due %v before launch, want exactly %v", cp, got, cp.Offset)
				}
				if got := cp.Due.In(paris).Format("Mon 2 Jan 15:04 MST"); got != tt.want[cp.Offset] {
					t.Errorf("%s due %s in Paris, want %s", cp, got, tt.want[cp.Offset])
				}
			}
		})
	}
}

func TestReplan(t *testing.T) {
	created := before(10 * day)
	old := Plan(campaign(), noWatch(), created)
	moved := func(d time.Duration) rapport.Campaign {
		c := campaign()
		c.LaunchAt = launchAt.Add(d)
		return c
	}
	cancelled := campaign()
	cancelled.Cancelled = true
	keys := func(cps []Checkpoint) string {
		var s string
		for i, cp := range cps {
			if i > 0 {
				s += ", "
			}
			s += string(cp.Kind) + " " + OffsetLabel(cp.Offset)
			if cp.Late() {
				s += " late"
			}
		}
		return s
	}
	tests := []struct {
		name        string
		c           rapport.Campaign
		now         time.Time
		add, remove string
	}{
		{"unchanged campaign changes nothing", campaign(), before(5 * day), "", ""},
		{"launch a day later: every checkpoint moves", moved(day), before(5 * day),
			"check T-72h, check T-24h, check T-2h, poll T-2h, poll_close T-30m", ""},
		{"launch moved earlier past the T-24h check, which had not run: it runs now, late", moved(-20 * time.Hour), before(30 * time.Hour),
			"check T-24h late, check T-2h, poll T-2h, poll_close T-30m", "check T-72h"},
		{"launch an hour later after the T-24h check ran: not repeated", moved(time.Hour), before(20 * time.Hour),
			"check T-2h, poll T-2h, poll_close T-30m", "check T-72h"},
		{"launch a day later after the T-24h check ran: it runs again for the new time", moved(day), before(20 * time.Hour),
			"check T-24h, check T-2h, poll T-2h, poll_close T-30m", ""},
		{"cancelled removes everything", cancelled, before(5 * day),
			"", "check T-72h, check T-24h, check T-2h, poll T-2h, poll_close T-30m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			add, remove := Replan(old, tt.c, noWatch(), tt.now)
			if got := keys(add); got != tt.add {
				t.Errorf("add =\n  %s\nwant\n  %s", got, tt.add)
			}
			if got := keys(remove); got != tt.remove {
				t.Errorf("remove =\n  %s\nwant\n  %s", got, tt.remove)
			}
		})
	}
}

// Whenever a campaign is planned, its plan keeps the same invariants.
func TestPlanInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	p := DefaultPolicy()
	p.WatchEvery = 5 * time.Hour
	for range 2000 {
		now := before(time.Duration(rng.Int64N(int64(9 * day))))
		cps := Plan(campaign(), p, now)
		t.Run(fmt.Sprint(launchAt.Sub(now)), func(t *testing.T) {
			describe(t, cps, launchAt, now)
			seen := map[string]bool{}
			late := map[Kind]int{}
			for i, cp := range cps {
				if seen[cp.Key()] {
					t.Errorf("%s planned twice", cp)
				}
				seen[cp.Key()] = true
				if back, err := ParseKey(cp.Key()); err != nil || back.Key() != cp.Key() {
					t.Errorf("ParseKey(%q) = %v, %v", cp.Key(), back, err)
				}
				if cp.Late() {
					late[cp.Kind]++
				}
				if i > 0 && cp.Due.Before(cps[i-1].Due) {
					t.Errorf("%s due before %s, which comes earlier in the plan", cp, cps[i-1])
				}
				if _, v, err := Resolve(cp.Key(), cp.Due, campaign(), p, cp.Due); err != nil || v != Run {
					t.Errorf("Resolve(%s) at its due time = %v, %v; want run", cp, v, err)
				}
			}
			for k, n := range late {
				if n > 1 {
					t.Errorf("%d late %s checkpoints, want at most one", n, k)
				}
			}
		})
		if t.Failed() {
			return
		}
	}
}
