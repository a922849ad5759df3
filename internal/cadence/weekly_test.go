package cadence

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestWeeklyDigest(t *testing.T) {
	now := wed
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	tier := func(t string) func(*rapport.Relationship) {
		return func(r *rapport.Relationship) { r.Tier = t }
	}
	neverContacted := func(t string) func(*rapport.Relationship) {
		return func(r *rapport.Relationship) { r.Tier = t; r.LastContact = time.Time{} }
	}
	rels := []rapport.Relationship{
		with(rel("a", "UNY", ago(day)), tier("nano")),
		with(rel("b", "UNY", ago(29*day)), tier("micro")), // overdue by more than two cadences
		with(rel("c", "UNY", ago(28*day)), tier("micro")), // by exactly two: not yet
		with(rel("d", "ULN", ago(day)), neverContacted("nano")),
		with(rel("e", "ULN", now.Add(5*day)), neverContacted("nano")), // new to the roster, not due
		with(rel("f", "ULN", ago(40*day)), func(r *rapport.Relationship) { r.Tier = "nano"; r.Status = rapport.StatusProspect }),
		with(rel("g", "ULN", ago(40*day)), tier("mega")),
		rel("h", "", ago(2*day)),
		with(rel("i", "UTK", ago(3*day)), func(r *rapport.Relationship) { r.Status = rapport.StatusPaused }),
		with(rel("j", "UTK", ago(3*day)), func(r *rapport.Relationship) { r.Status = rapport.StatusDoNotContact }),
		rel("k", "UTK", now.Add(day)),
	}
	w := WeeklyDigest(rels, now)

	var overdue []string
	for _, g := range w.Overdue {
		s := g.Owner + ":"
		for _, r := range g.Rows {
			s += " " + r.Relationship.ID
		}
		overdue = append(overdue, s)
	}
	if want := []string{": h", "ULN: f g d", "UNY: b c a"}; !slices.Equal(overdue, want) {
		t.Errorf("Overdue = %q; want %q", overdue, want)
	}
	wantLoad := []OwnerLoad{
		{Owner: "", Relationships: 1, Overdue: 1},
		{Owner: "ULN", Relationships: 4, Overdue: 3},
		{Owner: "UNY", Relationships: 3, Overdue: 3},
		{Owner: "UTK", Relationships: 2, Overdue: 0},
	}
	if !reflect.DeepEqual(w.Load, wantLoad) {
		t.Errorf("Load = %+v; want %+v", w.Load, wantLoad)
	}
	var neglected []string
	for _, r := range w.Neglected {
		neglected = append(neglected, r.Relationship.ID)
	}
	if want := []string{"b", "d"}; !slices.Equal(neglected, want) {
		t.Errorf("Neglected = %q; want %q", neglected, want)
	}
	if w.Relationships != 10 || w.OverdueCount != 7 || w.Week != "2026-W48" {
		t.Errorf("totals %d relationships, %d overdue, week %s; want 10, 7, 2026-W48", w.Relationships, w.OverdueCount, w.Week)
	}

	// The same relationships in another order give the same digest.
	rev := slices.Clone(rels)
	slices.Reverse(rev)
	if again := WeeklyDigest(rev, now); !reflect.DeepEqual(again, w) {
		t.Error("WeeklyDigest depends on input order")
	}
}

func TestWeeklyDigestOrdersOwnersByLoad(t *testing.T) {
	var rels []rapport.Relationship
	for i, owner := range []string{"UB", "UA", "UC", "UA", "UC", "UA"} {
		rels = append(rels, rel(fmt.Sprint("r", i), owner, wed.Add(-time.Duration(i+1)*day)))
	}
	w := WeeklyDigest(rels, wed)
	var order []string
	for _, l := range w.Load {
		order = append(order, l.Owner)
	}
	if want := []string{"UA", "UC", "UB"}; !slices.Equal(order, want) {
		t.Errorf("Load order %q; want %q", order, want)
	}
	if len(WeeklyDigest(nil, wed).Load) != 0 {
		t.Error("empty roster should give an empty digest")
	}
}
