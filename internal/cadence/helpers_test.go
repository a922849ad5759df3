package cadence

import (
	"strings"
	"time"
	_ "time/tzdata" // the tests' zones, whatever the machine has installed

	"github.com/rapport-bot/rapport/internal/rapport"
)

var (
	tokyo   = mustZone("Asia/Tokyo")
	newYork = mustZone("America/New_York")
	london  = mustZone("Europe/London")
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a wall-clock time in loc.
func at(loc *time.Location, y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, loc)
}

// utc is a wall-clock time in UTC.
func utc(y int, m time.Month, d, hh, mm int) time.Time { return at(time.UTC, y, m, d, hh, mm) }

// wed is the tests' usual now: Wednesday 25 November 2026, 15:00 UTC — 10:00 in New York,
// 15:00 in London, and already Thursday 00:00 in Tokyo.
var wed = utc(2026, 11, 25, 15, 0)

// rel is an active relationship with a 14-day cadence, owned by owner and due at due.
func rel(id, owner string, due time.Time) rapport.Relationship {
	return rapport.Relationship{
		ID: id, Handle: id, Owner: owner, Status: rapport.StatusActive,
		Cadence: 14 * day, LastContact: due.Add(-14 * day), Due: due,
	}
}

// with applies changes to a relationship, so table rows read as "rel, but …".
func with(r rapport.Relationship, change func(*rapport.Relationship)) rapport.Relationship {
	change(&r)
	return r
}

func policy(change func(*Policy)) Policy {
	p := DefaultPolicy()
	if change != nil {
		change(&p)
	}
	return p
}

func mustQuiet(s string) QuietHours {
	q, err := ParseQuietHours(s)
	if err != nil {
		panic(err)
	}
	return q
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
