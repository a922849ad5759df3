package cadence

import (
	"cmp"
	"slices"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// DueSoonWithin is how far ahead the stale list looks for relationships coming due.
const DueSoonWithin = 3 * day

// StaleState says where a relationship on a stale list stands.
type StaleState string

// Stale list states.
const (
	// StaleOverdue: due now or earlier.
	StaleOverdue StaleState = "overdue"
	// StaleDueSoon: due within DueSoonWithin.
	StaleDueSoon StaleState = "due_soon"
)

// StaleRow is one relationship on a stale list.
type StaleRow struct {
	Relationship rapport.Relationship
	State        StaleState
	// Overdue is Now − Due: positive when overdue, negative while due soon.
	Overdue time.Duration
	// Reason explains the row: "due 3 days ago (every 14 days; last contact 17 Nov)".
	Reason string
}

// Stale lists owner's relationships (all relationships when owner is "") that are overdue,
// most overdue first, then those due within DueSoonWithin, soonest first; ties go by
// relationship ID. Paused, do-not-contact and never-due relationships are left out;
// snoozed ones stay, since a snooze silences nudges without changing what is due, and say
// so. Dates in the reasons are read in now's location: pass now in the reader's zone.
func Stale(rels []rapport.Relationship, now time.Time, owner string) []StaleRow {
	var out []StaleRow
	for _, r := range rels {
		if owner != "" && r.Owner != owner {
			continue
		}
		if row, ok := staleRow(r, now); ok {
			out = append(out, row)
		}
	}
	slices.SortFunc(out, mostOverdueFirst)
	return out
}

// staleRow places r on a stale list at now, or reports false when it does not belong there.
func staleRow(r rapport.Relationship, now time.Time) (StaleRow, bool) {
	if neverDue(r.Status) || r.Due.IsZero() || r.Due.After(now.Add(DueSoonWithin)) {
		return StaleRow{}, false
	}
	overdue := now.Sub(r.Due)
	state := StaleOverdue
	if overdue < 0 {
		state = StaleDueSoon
	}
	return StaleRow{Relationship: r, State: state, Overdue: overdue, Reason: describe(r, overdue, now)}, true
}

// mostOverdueFirst orders by Due: overdue rows most overdue first, then due-soon rows
// soonest first, which is one ordering.
func mostOverdueFirst(a, b StaleRow) int {
	return cmp.Or(cmp.Compare(b.Overdue, a.Overdue), cmp.Compare(a.Relationship.ID, b.Relationship.ID))
}
