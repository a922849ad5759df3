package cadence

import (
	"slices"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestStale(t *testing.T) {
	now := wed
	rels := []rapport.Relationship{
		rel("soon2", "UNY", now.Add(2*day)),
		rel("late1", "UNY", now.Add(-1*day)),
		rel("far", "UNY", now.Add(3*day+time.Second)), // beyond the due-soon horizon
		rel("edge", "UNY", now.Add(3*day)),            // just inside it
		rel("late9", "UNY", now.Add(-9*day)),
		rel("other", "ULN", now.Add(-20*day)),
		rel("now", "UNY", now),
		with(rel("paused", "UNY", now.Add(-5*day)), func(r *rapport.Relationship) { r.Status = rapport.StatusPaused }),
		with(rel("dnc", "UNY", now.Add(-5*day)), func(r *rapport.Relationship) { r.Status = rapport.StatusDoNotContact }),
		rel("never", "UNY", time.Time{}),
		with(rel("snoozed", "UNY", now.Add(-2*day)), func(r *rapport.Relationship) { r.SnoozedUntil = now.Add(5 * day) }),
		rel("soon1", "UNY", now.Add(time.Hour)),
	}
	ids := func(rows []StaleRow) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r.Relationship.ID+":"+string(r.State))
		}
		return out
	}
	mine := Stale(rels, now, "UNY")
	want := []string{"late9:overdue", "snoozed:overdue", "late1:overdue", "now:overdue", "soon1:due_soon", "soon2:due_soon", "edge:due_soon"}
	if got := ids(mine); !slices.Equal(got, want) {
		t.Errorf("Stale(UNY) = %q; want %q", got, want)
	}
	all := Stale(rels, now, "")
	if got := ids(all); len(got) != len(want)+1 || got[0] != "other:overdue" {
		t.Errorf("Stale(all) = %q; want other first, then the rest", got)
	}

	reasons := map[string]string{
		"late9":   "due 9 days ago (every 14 days; last contact 2 Nov)",
		"snoozed": "due 2 days ago (every 14 days; last contact 9 Nov; snoozed until 30 Nov)",
		"now":     "due now (every 14 days; last contact 11 Nov)",
		"soon1":   "due in 60 minutes (every 14 days; last contact 11 Nov)",
		"soon2":   "due in 2 days (every 14 days; last contact 13 Nov)",
	}
	for _, r := range mine {
		if want, ok := reasons[r.Relationship.ID]; ok && r.Reason != want {
			t.Errorf("%s: reason %q; want %q", r.Relationship.ID, r.Reason, want)
		}
	}
	if mine[0].Overdue != 9*day || mine[len(mine)-1].Overdue != -3*day {
		t.Errorf("Overdue = %v … %v", mine[0].Overdue, mine[len(mine)-1].Overdue)
	}
}

func TestDescribe(t *testing.T) {
	last := utc(2026, 11, 17, 23, 30)
	r := rapport.Relationship{Cadence: 14 * day, LastContact: last}
	tests := []struct {
		name    string
		r       rapport.Relationship
		overdue time.Duration
		now     time.Time
		want    string
	}{
		{"the brief's example", r, 3*day + 5*time.Hour, wed, "due 3 days ago (every 14 days; last contact 17 Nov)"},
		{"dates in the reader's zone", r, 3 * day, wed.In(tokyo), "due 3 days ago (every 14 days; last contact 18 Nov)"},
		{"last year shows the year", r, 400 * day, utc(2027, 12, 1, 0, 0), "due 13 months ago (every 14 days; last contact 17 Nov 2026)"},
		{"never contacted", rapport.Relationship{Cadence: day}, 90 * time.Minute, wed, "due 90 minutes ago (every day; never contacted)"},
		{"hours", rapport.Relationship{Cadence: 36 * time.Hour, LastContact: last}, 999 * time.Millisecond, wed, "due now (every 36 hours; last contact 17 Nov)"},
		{"seconds, as in end-to-end tests", rapport.Relationship{Cadence: 90 * time.Second, LastContact: last}, 45 * time.Second, wed, "due 1 minute ago (every 90 seconds; last contact 17 Nov)"},
		{"within half a minute is now", r, 29 * time.Second, wed, "due now (every 14 days; last contact 17 Nov)"},
		{"half a minute ahead is now", r, -29 * time.Second, wed, "due now (every 14 days; last contact 17 Nov)"},
		{"a day and a half in hours", r, 36 * time.Hour, wed, "due 36 hours ago (every 14 days; last contact 17 Nov)"},
		{"ahead", r, -50 * time.Hour, wed, "due in 2 days (every 14 days; last contact 17 Nov)"},
		{"odd cadence", rapport.Relationship{Cadence: 1500 * time.Millisecond, LastContact: last}, 2 * time.Minute, wed, "due 2 minutes ago (every 1.5s; last contact 17 Nov)"},
	}
	for _, tt := range tests {
		if got := describe(tt.r, tt.overdue, tt.now); got != tt.want {
			t.Errorf("%s: %q; want %q", tt.name, got, tt.want)
		}
	}
}
