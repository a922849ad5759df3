package cadence

import (
	"testing"
	"time"
)

func TestHoldReadsTheOwnersZone(t *testing.T) {
	weekends := policy(func(p *Policy) { p.Weekends = true })
	tests := []struct {
		name string
		now  time.Time
		loc  *time.Location
		p    Policy
		want SkipReason
	}{
		{"same instant: midnight in Tokyo", wed, tokyo, DefaultPolicy(), SkipQuietHours},
		{"same instant: 10:00 in New York", wed, newYork, DefaultPolicy(), ""},
		{"same instant: 15:00 in London", wed, london, DefaultPolicy(), ""},
		{"unknown zone reads UTC", wed, time.UTC, DefaultPolicy(), ""},
		{"Friday 23:00 UTC is Saturday 08:00 in Tokyo", utc(2026, 11, 27, 23, 0), tokyo, DefaultPolicy(), SkipWeekend},
		{"and still Friday 18:00 in New York", utc(2026, 11, 27, 23, 0), newYork, DefaultPolicy(), ""},
		{"and Friday 23:00 in London, quiet", utc(2026, 11, 27, 23, 0), london, DefaultPolicy(), SkipQuietHours},
		{"Saturday 08:00 in Tokyo with weekends allowed is quiet hours", utc(2026, 11, 27, 23, 0), tokyo, weekends, SkipQuietHours},
		{"Saturday 10:00 in Tokyo with weekends allowed", utc(2026, 11, 28, 1, 0), tokyo, weekends, ""},
		{"Sunday 23:30 UTC is Monday 08:30 in Tokyo: quiet, not weekend", utc(2026, 11, 29, 23, 30), tokyo, DefaultPolicy(), SkipQuietHours},
		{"Monday 00:30 UTC is 09:30 in Tokyo", utc(2026, 11, 30, 0, 30), tokyo, DefaultPolicy(), ""},
		{"and Sunday 18:30 in New York", utc(2026, 11, 29, 23, 30), newYork, DefaultPolicy(), SkipWeekend},
		{"no quiet hours", utc(2026, 11, 25, 3, 0), london, policy(func(p *Policy) { p.QuietHours = QuietHours{} }), ""},

		// Europe/London, last Sunday of March: 01:00 GMT becomes 02:00 BST, so 09:00 local
		// is 08:00 UTC that day and 09:00 UTC the day before.
		{"London, clocks go forward: 07:59 UTC is 08:59 BST", utc(2026, 3, 29, 7, 59), london, weekends, SkipQuietHours},
		{"London, clocks go forward: 08:00 UTC is 09:00 BST", utc(2026, 3, 29, 8, 0), london, weekends, ""},
		{"London, day before: 08:30 UTC is 08:30 GMT", utc(2026, 3, 28, 8, 30), london, weekends, SkipQuietHours},
		{"London, day before: 09:00 UTC is 09:00 GMT", utc(2026, 3, 28, 9, 0), london, weekends, ""},
		{"London, clocks go forward: 18:00 UTC is 19:00 BST", utc(2026, 3, 29, 18, 0), london, weekends, SkipQuietHours},
		// Last Sunday of October: 02:00 BST becomes 01:00 GMT, so 09:00 local is 09:00 UTC.
		{"London, clocks go back: 08:30 UTC is 08:30 GMT", utc(2026, 10, 25, 8, 30), london, weekends, SkipQuietHours},
		{"London, clocks go back: 09:00 UTC is 09:00 GMT", utc(2026, 10, 25, 9, 0), london, weekends, ""},
		{"London, day before: 08:00 UTC is 09:00 BST", utc(2026, 10, 24, 8, 0), london, weekends, ""},
		{"London, clocks go back, weekend rule still applies", utc(2026, 10, 25, 9, 0), london, DefaultPolicy(), SkipWeekend},
		// New York, second Sunday of March: 09:00 EDT is 13:00 UTC.
		{"New York, clocks go forward: 12:59 UTC is 08:59 EDT", utc(2026, 3, 8, 12, 59), newYork, weekends, SkipQuietHours},
		{"New York, clocks go forward: 13:00 UTC is 09:00 EDT", utc(2026, 3, 8, 13, 0), newYork, weekends, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hold(tt.now, tt.loc, tt.p); got != tt.want {
				t.Errorf("hold(%s in %s) = %q; want %q", tt.now.In(tt.loc).Format(time.RFC3339), tt.loc, got, tt.want)
			}
		})
	}
}

func TestNextWindow(t *testing.T) {
	weekends := func(quiet string) Policy {
		return policy(func(p *Policy) { p.Weekends = true; p.QuietHours = mustQuiet(quiet) })
	}
	tests := []struct {
		name  string
		now   time.Time
		owner Owner
		p     Policy
		want  time.Time
	}{
		{"open now", wed, Owner{TZ: newYork}, DefaultPolicy(), wed},
		{"Tokyo at midnight: 09:00 JST", wed, Owner{TZ: tokyo}, DefaultPolicy(), utc(2026, 11, 26, 0, 0)},
		{"no zone reads UTC", utc(2026, 11, 25, 20, 0), Owner{}, DefaultPolicy(), utc(2026, 11, 26, 9, 0)},
		{"Saturday morning in Tokyo: Monday 09:00 JST", utc(2026, 11, 27, 23, 0), Owner{TZ: tokyo}, DefaultPolicy(), utc(2026, 11, 30, 0, 0)},
		{"Friday evening in New York: Monday 09:00 EST", utc(2026, 11, 28, 0, 30), Owner{TZ: newYork}, DefaultPolicy(), utc(2026, 11, 30, 14, 0)},
		{"weekend without quiet hours: Monday midnight", utc(2026, 11, 28, 12, 0), Owner{TZ: newYork},
			policy(func(p *Policy) { p.QuietHours = QuietHours{} }), utc(2026, 11, 30, 5, 0)},
		{"London, clocks go forward: 09:00 BST is 08:00 UTC", utc(2026, 3, 29, 0, 30), Owner{TZ: london}, weekends("19:00-09:00"), utc(2026, 3, 29, 8, 0)},
		{"London, weekend over the change: Monday 09:00 BST", utc(2026, 3, 28, 20, 0), Owner{TZ: london}, DefaultPolicy(), utc(2026, 3, 30, 8, 0)},
		{"London, clocks go back: 09:00 GMT is 09:00 UTC", utc(2026, 10, 24, 20, 0), Owner{TZ: london}, weekends("19:00-09:00"), utc(2026, 10, 25, 9, 0)},
		{"quiet hours end inside the skipped hour: the change itself", utc(2026, 3, 29, 0, 30), Owner{TZ: london}, weekends("19:00-01:30"), utc(2026, 3, 29, 1, 0)},
		{"quiet hours end in the repeated hour, first pass (BST)", utc(2026, 10, 25, 0, 10), Owner{TZ: london}, weekends("19:00-01:30"), utc(2026, 10, 25, 0, 30)},
		{"quiet hours end in the repeated hour, second pass (GMT)", utc(2026, 10, 25, 1, 10), Owner{TZ: london}, weekends("19:00-01:30"), utc(2026, 10, 25, 1, 30)},
		{"New York repeated hour, first pass (EDT)", utc(2026, 11, 1, 5, 10), Owner{TZ: newYork}, weekends("19:00-01:30"), utc(2026, 11, 1, 5, 30)},
		{"New York repeated hour, second pass (EST)", utc(2026, 11, 1, 6, 10), Owner{TZ: newYork}, weekends("19:00-01:30"), utc(2026, 11, 1, 6, 30)},
		{"clocks go back out of quiet hours: the change itself", utc(2026, 10, 25, 0, 40), Owner{TZ: london}, weekends("01:30-09:00"), utc(2026, 10, 25, 1, 0)},
		{"one open minute a day", utc(2026, 11, 25, 10, 0), Owner{}, weekends("09:01-09:00"), utc(2026, 11, 26, 9, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextWindow(tt.now, tt.owner, tt.p); !got.Equal(tt.want) {
				t.Errorf("nextWindow = %s; want %s", got.UTC().Format(time.RFC3339), tt.want.UTC().Format(time.RFC3339))
			}
		})
	}
}

// TestNextWindowMatchesAMinuteByMinuteSearch checks nextWindow against the obvious search
// around clock changes in zones with odd rules: half-hour DST (Lord Howe), changes at
// midnight (Santiago), none (Kolkata).
func TestNextWindowMatchesAMinuteByMinuteSearch(t *testing.T) {
	zones := []*time.Location{london, newYork, tokyo, mustZone("Australia/Lord_Howe"), mustZone("America/Santiago"), mustZone("Asia/Kolkata")}
	var policies []Policy
	for _, q := range []string{"19:00-09:00", "19:00-01:30", "09:00-17:00", "00:00-02:30", "01:30-09:00", ""} {
		for _, we := range []bool{false, true} {
			if q == "" && we {
				continue
			}
			policies = append(policies, policy(func(p *Policy) { p.QuietHours = mustQuiet(q); p.Weekends = we }))
		}
	}
	for _, loc := range zones {
		// Every clock change in 2026, and a few days either side of it.
		var changes []time.Time
		for t := utc(2026, 1, 1, 0, 0).In(loc); t.Year() == 2026; {
			_, end := t.ZoneBounds()
			if end.IsZero() {
				break
			}
			changes = append(changes, end)
			t = end
		}
		if len(changes) == 0 {
			changes = append(changes, utc(2026, 6, 1, 0, 0))
		}
		for _, change := range changes {
			var nows []time.Time
			for now := change.Add(-3 * day); now.Before(change.Add(2 * day)); now = now.Add(97 * time.Minute) {
				nows = append(nows, now.Truncate(time.Minute))
			}
			for _, d := range []time.Duration{-61, -31, -20, -1, 0, 1, 20, 31, 61} {
				nows = append(nows, change.Add(d*time.Minute))
			}
			for _, now := range nows {
				for _, p := range policies {
					want := now
					for hold(want, loc, p) != "" {
						want = want.Add(time.Minute)
					}
					if got := nextWindow(now, Owner{TZ: loc}, p); !got.Equal(want) {
						t.Fatalf("%s, quiet %q, weekends %v, from %s: nextWindow = %s; want %s", loc, p.QuietHours, p.Weekends,
							now.In(loc).Format(time.RFC3339), got.In(loc).Format(time.RFC3339), want.In(loc).Format(time.RFC3339))
					}
				}
			}
		}
	}
}

func TestWindowDate(t *testing.T) {
	def := mustQuiet("19:00-09:00")
	night := mustQuiet("09:00-17:00")
	tests := []struct {
		name string
		lt   time.Time
		q    QuietHours
		want string
	}{
		{"morning", at(newYork, 2026, 11, 25, 9, 0), def, "2026-11-25"},
		{"evening, same day", at(newYork, 2026, 11, 25, 18, 59), def, "2026-11-25"},
		{"next morning, next day", at(newYork, 2026, 11, 26, 9, 0), def, "2026-11-26"},
		{"no quiet hours: the calendar day", at(tokyo, 2026, 11, 26, 0, 0), QuietHours{}, "2026-11-26"},
		{"night shift: evening", at(london, 2026, 11, 25, 20, 0), night, "2026-11-25"},
		{"night shift: small hours belong to the evening before", at(london, 2026, 11, 26, 2, 0), night, "2026-11-25"},
		{"night shift: next evening", at(london, 2026, 11, 26, 17, 0), night, "2026-11-26"},
		{"night shift: first of the month", at(london, 2026, 12, 1, 8, 59), night, "2026-11-30"},
	}
	for _, tt := range tests {
		if got := windowDate(tt.lt, tt.q); got != tt.want {
			t.Errorf("%s: windowDate = %s; want %s", tt.name, got, tt.want)
		}
	}
}

func TestOwnerWeek(t *testing.T) {
	// Sunday 29 November 2026, 23:30 UTC: still week 48 in New York, already week 49 in Tokyo.
	now := utc(2026, 11, 29, 23, 30)
	if got := (Owner{TZ: newYork}).Week(now); got != "2026-W48" {
		t.Errorf("New York week = %s", got)
	}
	if got := (Owner{TZ: tokyo}).Week(now); got != "2026-W49" {
		t.Errorf("Tokyo week = %s", got)
	}
	if got := (Owner{}).Week(utc(2027, 1, 1, 12, 0)); got != "2026-W53" {
		t.Errorf("1 January 2027 week = %s; want 2026-W53", got)
	}
}

func TestPolicyValidate(t *testing.T) {
	if err := DefaultPolicy().Validate(); err != nil {
		t.Errorf("default policy: %v", err)
	}
	if err := (Policy{}).Validate(); err != nil {
		t.Errorf("zero policy: %v", err)
	}
	bad := Policy{Repeat: -time.Hour, BudgetPerWeek: -1, EscalateAfter: 3, EscalateTeamAfter: 3}
	err := bad.Validate()
	if err == nil {
		t.Fatal("Validate accepted a bad policy")
	}
	for _, want := range []string{"repeat", "budget_per_week", "escalate_team_after (3) must be more than escalate_after (3)"} {
		if !contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}
