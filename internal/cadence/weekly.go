package cadence

import (
	"cmp"
	"slices"
	"time"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// Weekly is the team channel's relationship-health digest.
type Weekly struct {
	// Week is now's ISO week ("2026-W48").
	Week string
	// Overdue groups the overdue relationships by owner: unowned first (nobody will act on
	// them), then owners with the most overdue, ties by owner ID. Rows are most overdue first.
	Overdue []OwnerOverdue
	// Load is each owner's share of the relationships that need upkeep, in the same order
	// rules as Overdue but by number of relationships.
	Load []OwnerLoad
	// Neglected are niche partners going cold: nano and micro creators on active
	// relationships that are overdue by more than twice their cadence, or that were never
	// contacted and are now due. Most overdue first.
	Neglected []StaleRow
	// Relationships and OverdueCount are the team totals behind Load.
	Relationships, OverdueCount int
}

// OwnerOverdue is one owner's overdue relationships; Owner "" collects the unowned.
type OwnerOverdue struct {
	Owner string
	Rows  []StaleRow
}

// OwnerLoad is how many relationships one owner keeps up and how many are overdue; Owner ""
// counts the unowned.
type OwnerLoad struct {
	Owner         string
	Relationships int
	Overdue       int
}

// neglectFactor: a niche partner is neglected when overdue by more than this many cadences.
const neglectFactor = 2

// WeeklyDigest summarises relationship health at now. It counts every relationship except
// do-not-contact ones in an owner's load; paused relationships count as load but are never
// overdue. Dates in reasons are read in now's location.
func WeeklyDigest(rels []rapport.Relationship, now time.Time) Weekly {
	w := Weekly{Week: isoWeek(now)}
	loads := make(map[string]*OwnerLoad)
	overdue := make(map[string][]StaleRow)
	for _, r := range rels {
		if r.Status == rapport.StatusDoNotContact {
			continue
		}
		l := loads[r.Owner]
		if l == nil {
			l = &OwnerLoad{Owner: r.Owner}
			loads[r.Owner] = l
		}
		l.Relationships++
		w.Relationships++
		row, ok := staleRow(r, now)
		if !ok || row.State != StaleOverdue {
			continue
		}
		l.Overdue++
		w.OverdueCount++
		overdue[r.Owner] = append(overdue[r.Owner], row)
		if neglected(r, row.Overdue) {
			w.Neglected = append(w.Neglected, row)
		}
	}

	for owner, rows := range overdue {
		slices.SortFunc(rows, mostOverdueFirst)
		w.Overdue = append(w.Overdue, OwnerOverdue{Owner: owner, Rows: rows})
	}
	slices.SortFunc(w.Overdue, func(a, b OwnerOverdue) int {
		return cmp.Or(unownedFirst(a.Owner, b.Owner), cmp.Compare(len(b.Rows), len(a.Rows)), cmp.Compare(a.Owner, b.Owner))
	})
	for _, l := range loads {
		w.Load = append(w.Load, *l)
	}
	slices.SortFunc(w.Load, func(a, b OwnerLoad) int {
		return cmp.Or(unownedFirst(a.Owner, b.Owner), cmp.Compare(b.Relationships, a.Relationships),
			cmp.Compare(b.Overdue, a.Overdue), cmp.Compare(a.Owner, b.Owner))
	})
	slices.SortFunc(w.Neglected, mostOverdueFirst)
	return w
}

// neglected reports whether an overdue relationship is a niche partner going cold.
func neglected(r rapport.Relationship, overdue time.Duration) bool {
	if r.Status != rapport.StatusActive {
		return false
	}
	if r.Tier != string(engagement.Nano) && r.Tier != string(engagement.Micro) {
		return false
	}
	return r.LastContact.IsZero() || r.Cadence > 0 && overdue > neglectFactor*r.Cadence
}

func unownedFirst(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return -1
	case b == "":
		return 1
	}
	return 0
}
