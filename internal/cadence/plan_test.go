package cadence

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// The tests' Slack users: owners and backups in three zones, one who has left.
var testOwners = map[string]Owner{
	"UNY":   {TZ: newYork},
	"UTK":   {TZ: tokyo},
	"ULN":   {TZ: london},
	"UGONE": {TZ: london, Deleted: true},
	"BNY":   {TZ: newYork},
	"BTK":   {TZ: tokyo},
	"BGONE": {TZ: newYork, Deleted: true},
}

// summary is a plan written compactly, so a table row reads as the expected outcome:
// digests "owner: rows…", escalations "recipient: id(level reason)…", skips "id recipient reason".
type summary struct {
	Digests, Escalations, Skipped []string
}

func summarize(p Plan) summary {
	var s summary
	for _, d := range p.Digests {
		ids := make([]string, len(d.Rows))
		for i, r := range d.Rows {
			ids[i] = r.Relationship.ID
		}
		s.Digests = append(s.Digests, d.Owner+": "+strings.Join(ids, " "))
	}
	for _, g := range p.Escalations {
		items := make([]string, len(g.Items))
		for i, e := range g.Items {
			items[i] = fmt.Sprintf("%s(%s %s)", e.Relationship.ID, e.Level, e.Reason)
		}
		s.Escalations = append(s.Escalations, g.To+": "+strings.Join(items, " "))
	}
	for _, k := range p.Skipped {
		s.Skipped = append(s.Skipped, fmt.Sprintf("%s %s %s", k.RelationshipID, k.To, k.Reason))
	}
	return s
}

func (s summary) String() string {
	return fmt.Sprintf("digests %q\nescalations %q\nskipped %q", s.Digests, s.Escalations, s.Skipped)
}

func sameSummary(a, b summary) bool {
	return slices.Equal(a.Digests, b.Digests) && slices.Equal(a.Escalations, b.Escalations) && slices.Equal(a.Skipped, b.Skipped)
}

func TestPlanNudges(t *testing.T) {
	ago := func(d time.Duration) time.Time { return wed.Add(-d) }
	nudged := func(ignored int, last time.Time) NudgeHistory {
		return NudgeHistory{Ignored: ignored, LastNudged: last}
	}
	tests := []struct {
		name    string
		now     time.Time // wed when zero
		due     []rapport.Relationship
		history map[string]NudgeHistory
		sent    map[string]int
		policy  func(*Policy)
		want    summary
	}{
		{
			name: "grouped by owner, most overdue first",
			due: []rapport.Relationship{
				rel("a", "UNY", ago(1*day)), rel("b", "UNY", ago(5*day)), rel("c", "ULN", ago(2*day)), rel("d", "UNY", ago(5*day)),
			},
			want: summary{Digests: []string{"ULN: c", "UNY: b d a"}},
		},
		{
			name: "quiet hours in the owner's zone: Tokyo asleep, New York not",
			due:  []rapport.Relationship{rel("a", "UTK", ago(day)), rel("b", "UNY", ago(day))},
			want: summary{Digests: []string{"UNY: b"}, Skipped: []string{"a UTK quiet_hours"}},
		},
		{
			name: "Friday 23:00 UTC is already Saturday in Tokyo",
			now:  utc(2026, 11, 27, 23, 0),
			due: []rapport.Relationship{
				rel("a", "UTK", ago(day)), rel("b", "UNY", ago(day)), rel("c", "ULN", ago(day)),
			},
			want: summary{Digests: []string{"UNY: b"}, Skipped: []string{"a UTK weekend", "c ULN quiet_hours"}},
		},
		{
			name: "owner missing from the directory reads as present in UTC",
			due:  []rapport.Relationship{rel("a", "UNEW", ago(day))},
			want: summary{Digests: []string{"UNEW: a"}},
		},
		{
			name: "paused, do-not-contact and not due after all",
			due: []rapport.Relationship{
				with(rel("a", "UNY", ago(day)), func(r *rapport.Relationship) { r.Status = rapport.StatusPaused }),
				with(rel("b", "UNY", ago(day)), func(r *rapport.Relationship) { r.Status = rapport.StatusDoNotContact }),
				rel("c", "UNY", wed.Add(time.Second)),
				rel("d", "UNY", time.Time{}),
				rel("e", "UNY", wed), // due exactly now
			},
			want: summary{
				Digests: []string{"UNY: e"},
				Skipped: []string{"a UNY paused", "b UNY do_not_contact", "c UNY not_due", "d UNY not_due"},
			},
		},
		{
			name: "snoozed until later waits; a snooze ending now has ended",
			due: []rapport.Relationship{
				with(rel("a", "UNY", ago(day)), func(r *rapport.Relationship) { r.SnoozedUntil = wed.Add(time.Hour) }),
				with(rel("b", "UNY", ago(day)), func(r *rapport.Relationship) { r.SnoozedUntil = wed }),
			},
			want: summary{Digests: []string{"UNY: b"}, Skipped: []string{"a UNY snoozed"}},
		},
		{
			name: "snoozed: no escalation either",
			due: []rapport.Relationship{
				with(rel("a", "UNY", ago(20*day)), func(r *rapport.Relationship) { r.Backup = "BNY"; r.SnoozedUntil = wed.Add(day) }),
				with(rel("b", "", ago(day)), func(r *rapport.Relationship) { r.SnoozedUntil = wed.Add(day) }),
			},
			history: map[string]NudgeHistory{"a": nudged(5, ago(4*day))},
			want:    summary{Skipped: []string{"a UNY snoozed", "b  snoozed"}},
		},
		{
			name: "repeat interval: boundary is open",
			due: []rapport.Relationship{
				rel("a", "UNY", ago(9*day)), rel("b", "UNY", ago(9*day)), rel("c", "UNY", ago(9*day)),
			},
			history: map[string]NudgeHistory{
				"a": nudged(1, ago(3*day)),             // exactly one repeat ago: again
				"b": nudged(1, ago(3*day-time.Second)), // a second short
				"c": nudged(1, ago(time.Hour)),
			},
			want: summary{Digests: []string{"UNY: a"}, Skipped: []string{"b UNY repeat_not_elapsed", "c UNY repeat_not_elapsed"}},
		},
		{
			name:   "repeat of zero: every run may nudge",
			due:    []rapport.Relationship{rel("a", "UNY", ago(day))},
			policy: func(p *Policy) { p.Repeat = 0 },
			history: map[string]NudgeHistory{
				"a": nudged(1, wed),
			},
			want: summary{Digests: []string{"UNY: a"}},
		},
		{
			name: "budget: over budget keeps the most overdue",
			due: []rapport.Relationship{
				rel("d1", "UNY", ago(1*day)), rel("d5", "UNY", ago(5*day)), rel("d3", "UNY", ago(3*day)),
				rel("d2", "UNY", ago(2*day)), rel("d4", "UNY", ago(4*day)), rel("l1", "ULN", ago(day)),
			},
			sent: map[string]int{"UNY": 5, "ULN": 0},
			want: summary{
				Digests: []string{"ULN: l1", "UNY: d5 d4 d3"},
				Skipped: []string{"d1 UNY budget", "d2 UNY budget"},
			},
		},
		{
			name: "budget spent: no digest at all",
			due:  []rapport.Relationship{rel("a", "UNY", ago(day)), rel("b", "ULN", ago(day))},
			sent: map[string]int{"UNY": 8, "ULN": 11},
			want: summary{Skipped: []string{"a UNY budget", "b ULN budget"}},
		},
		{
			name:   "budget of zero: no cap",
			due:    []rapport.Relationship{rel("a", "UNY", ago(2*day)), rel("b", "UNY", ago(day))},
			sent:   map[string]int{"UNY": 100},
			policy: func(p *Policy) { p.BudgetPerWeek = 0 },
			want:   summary{Digests: []string{"UNY: a b"}},
		},
		{
			name: "escalation thresholds",
			due: []rapport.Relationship{
				with(rel("one", "UNY", ago(9*day)), func(r *rapport.Relationship) { r.Backup = "BNY" }),
				with(rel("two", "UNY", ago(8*day)), func(r *rapport.Relationship) { r.Backup = "BNY" }),
				with(rel("three", "UNY", ago(7*day)), func(r *rapport.Relationship) { r.Backup = "BNY" }),
				with(rel("four", "UNY", ago(6*day)), func(r *rapport.Relationship) { r.Backup = "BNY" }),
				with(rel("six", "UNY", ago(5*day)), func(r *rapport.Relationship) { r.Backup = "BNY" }),
			},
			history: map[string]NudgeHistory{
				"one": nudged(1, ago(3*day)), "two": nudged(2, ago(3*day)), "three": nudged(3, ago(3*day)),
				"four": nudged(4, ago(3*day)), "six": nudged(6, ago(3*day)),
			},
			policy: func(p *Policy) { p.BudgetPerWeek = 0 },
			want: summary{
				Digests:     []string{"UNY: one two three four six"},
				Escalations: []string{"BNY: two(backup ignored) three(backup ignored)", "team: four(team ignored) six(team ignored)"},
			},
		},
		{
			name: "escalation waits a full repeat after the latest nudge, and after the last escalation",
			due: []rapport.Relationship{
				with(rel("fresh", "UNY", ago(9*day)), func(r *rapport.Relationship) { r.Backup = "BNY" }),
				with(rel("told", "UNY", ago(9*day)), func(r *rapport.Relationship) { r.Backup = "BNY" }),
			},
			history: map[string]NudgeHistory{
				"fresh": nudged(2, ago(time.Hour)),
				"told":  {Ignored: 3, LastNudged: ago(4 * day), LastEscalated: ago(day)},
			},
			want: summary{
				Digests: []string{"UNY: told"},
				Skipped: []string{"fresh BNY repeat_not_elapsed", "fresh UNY repeat_not_elapsed", "told BNY repeat_not_elapsed"},
			},
		},
		{
			name: "no usable backup: wait for the team threshold",
			due: []rapport.Relationship{
				rel("none", "UNY", ago(9*day)),
				with(rel("self", "UNY", ago(9*day)), func(r *rapport.Relationship) { r.Backup = "UNY" }),
				with(rel("gone", "UNY", ago(9*day)), func(r *rapport.Relationship) { r.Backup = "BGONE" }),
				rel("late", "UNY", ago(9*day)),
			},
			history: map[string]NudgeHistory{
				"none": nudged(3, ago(3*day)), "self": nudged(3, ago(3*day)), "gone": nudged(3, ago(3*day)),
				"late": nudged(4, ago(3*day)),
			},
			want: summary{
				Digests:     []string{"UNY: gone late none self"},
				Escalations: []string{"team: late(team ignored)"},
			},
		},
		{
			name: "escalation to a backup waits for the backup's window; the owner is still nudged",
			due: []rapport.Relationship{
				with(rel("a", "UNY", ago(9*day)), func(r *rapport.Relationship) { r.Backup = "BTK" }),
			},
			history: map[string]NudgeHistory{"a": nudged(2, ago(3*day))},
			want:    summary{Digests: []string{"UNY: a"}, Skipped: []string{"a BTK quiet_hours"}},
		},
		{
			name: "departed owner: backup, else team; never the departed owner's digest",
			due: []rapport.Relationship{
				with(rel("a", "UGONE", ago(2*day)), func(r *rapport.Relationship) { r.Backup = "BNY" }),
				rel("b", "UGONE", ago(day)),
				with(rel("c", "UGONE", ago(day)), func(r *rapport.Relationship) { r.Backup = "BGONE" }),
			},
			want: summary{
				Escalations: []string{"BNY: a(backup owner_departed)", "team: b(team owner_departed) c(team owner_departed)"},
				Skipped:     []string{"a UGONE owner_departed", "b UGONE owner_departed", "c UGONE owner_departed"},
			},
		},
		{
			name: "unowned: backup, else team, once per repeat",
			due: []rapport.Relationship{
				with(rel("a", "", ago(day)), func(r *rapport.Relationship) { r.Backup = "BNY" }),
				rel("b", "", ago(3*day)),
				rel("c", "", ago(day)),
			},
			history: map[string]NudgeHistory{"c": {LastEscalated: ago(2 * day)}},
			want: summary{
				Escalations: []string{"BNY: a(backup no_owner)", "team: b(team no_owner)"},
				Skipped:     []string{"a  no_owner", "b  no_owner", "c  no_owner", "c team repeat_not_elapsed"},
			},
		},
		{
			name: "the same relationship twice from the index is one row",
			due:  []rapport.Relationship{rel("a", "UNY", ago(day)), rel("a", "UNY", ago(day))},
			want: summary{Digests: []string{"UNY: a"}},
		},
		{
			name: "nothing due",
			want: summary{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.now
			if now.IsZero() {
				now = wed
			}
			in := PlanInput{
				Now: now, Due: tt.due, Owners: testOwners, History: tt.history, SentThisWeek: tt.sent,
				Policy: policy(tt.policy),
			}
			got := summarize(PlanNudges(in))
			if !sameSummary(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestPlanRowsAndDetails(t *testing.T) {
	// Due three days ago after a contact on 8 November at 15:00 UTC (10:00 in New York).
	a := with(rel("a", "UNY", wed.Add(-3*day)), func(r *rapport.Relationship) { r.Backup = "BNY" })
	p := PlanNudges(PlanInput{
		Now:     wed,
		Due:     []rapport.Relationship{a},
		Owners:  testOwners,
		History: map[string]NudgeHistory{"a": {Ignored: 2, LastNudged: wed.Add(-3 * day)}},
		Policy:  DefaultPolicy(),
	})
	want := Plan{
		Digests: []Digest{{
			Owner: "UNY",
			Rows:  []Row{{Relationship: a, Overdue: 3 * day, Reason: "due 3 days ago (every 14 days; last contact 8 Nov)"}},
			Slot:  "digest|UNY|2026-11-25",
			Week:  "2026-W48",
		}},
		Escalations: []EscalationDigest{{
			To: "BNY",
			Items: []Escalation{{
				Relationship: a, To: "BNY", Level: LevelBackup, Reason: EscalateIgnored, Ignored: 2, Overdue: 3 * day,
				Detail: "2 nudges unanswered; due 3 days ago (every 14 days; last contact 8 Nov)",
			}},
			Slot: "esc|BNY|2026-11-25",
		}},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got\n%+v\nwant\n%+v", p, want)
	}
	if n := p.SkipCounts(); len(n) != 0 {
		t.Errorf("SkipCounts = %v", n)
	}
}

func TestPlanSlots(t *testing.T) {
	noQuiet := policy(func(p *Policy) { p.QuietHours = QuietHours{} })
	slot := func(now time.Time, owner string, p Policy) string {
		t.Helper()
		plan := PlanNudges(PlanInput{
			Now: now, Due: []rapport.Relationship{rel("a", owner, now.Add(-day))}, Owners: testOwners, Policy: p,
		})
		if len(plan.Digests) != 1 {
			t.Fatalf("at %s: no digest for %s: %+v", now, owner, plan.Skipped)
		}
		return plan.Digests[0].Slot
	}
	tests := []struct {
		name  string
		now   time.Time
		owner string
		p     Policy
		want  string
	}{
		{"New York, first thing", at(newYork, 2026, 11, 25, 9, 0), "UNY", DefaultPolicy(), "digest|UNY|2026-11-25"},
		{"New York, last thing: same slot", at(newYork, 2026, 11, 25, 18, 59), "UNY", DefaultPolicy(), "digest|UNY|2026-11-25"},
		{"New York, next morning: next slot", at(newYork, 2026, 11, 26, 9, 0), "UNY", DefaultPolicy(), "digest|UNY|2026-11-26"},
		{"the owner's date, not UTC's: 21:00 in New York is tomorrow in UTC", at(newYork, 2026, 11, 25, 21, 0), "UNY", noQuiet, "digest|UNY|2026-11-25"},
		{"Tokyo's morning is UTC's previous evening", at(tokyo, 2026, 11, 26, 9, 30), "UTK", DefaultPolicy(), "digest|UTK|2026-11-26"},
	}
	for _, tt := range tests {
		if got := slot(tt.now, tt.owner, tt.p); got != tt.want {
			t.Errorf("%s: slot %s; want %s", tt.name, got, tt.want)
		}
	}

	// Escalation slots are the recipient's date; the team's is UTC's.
	now := at(newYork, 2026, 11, 25, 18, 30) // 23:30 UTC
	plan := PlanNudges(PlanInput{
		Now: now,
		Due: []rapport.Relationship{
			with(rel("a", "", now.Add(-day)), func(r *rapport.Relationship) { r.Backup = "BNY" }),
			rel("b", "", now.Add(-day)),
		},
		Owners: testOwners,
		Policy: DefaultPolicy(),
	})
	var slots []string
	for _, g := range plan.Escalations {
		slots = append(slots, g.Slot)
	}
	if want := []string{"esc|BNY|2026-11-25", "esc|team|2026-11-25"}; !slices.Equal(slots, want) {
		t.Errorf("escalation slots %q; want %q", slots, want)
	}
	if later := PlanNudges(PlanInput{Now: now.Add(time.Hour), Due: []rapport.Relationship{rel("b", "", now.Add(-day))}, Policy: DefaultPolicy()}); later.Escalations[0].Slot != "esc|team|2026-11-26" {
		t.Errorf("team slot after midnight UTC = %s", later.Escalations[0].Slot)
	}
}

// TestPlanIsDeterministic plans the same input in many orders, with maps rebuilt each time,
// and expects the same plan.
func TestPlanIsDeterministic(t *testing.T) {
	in := benchInput(300, 12)
	in.Policy.BudgetPerWeek = 5
	want := PlanNudges(in)
	if len(want.Digests) == 0 || len(want.Escalations) == 0 || len(want.Skipped) == 0 {
		t.Fatalf("the input should exercise every list: %d digests, %d escalations, %d skipped",
			len(want.Digests), len(want.Escalations), len(want.Skipped))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		shuffled := in
		shuffled.Due = slices.Clone(in.Due)
		rng.Shuffle(len(shuffled.Due), func(i, j int) { shuffled.Due[i], shuffled.Due[j] = shuffled.Due[j], shuffled.Due[i] })
		shuffled.Owners = maps(in.Owners)
		shuffled.History = maps(in.History)
		if got := PlanNudges(shuffled); !reflect.DeepEqual(got, want) {
			t.Fatal("the plan depends on input order")
		}
	}
}

func maps[V any](m map[string]V) map[string]V {
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
