package cadence

import (
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// describe explains a relationship's upkeep in one line for a digest row or a stale list:
// "due 3 days ago (every 14 days; last contact 17 Nov)". Dates are read in now's location,
// so pass now in the reader's zone.
func describe(r rapport.Relationship, overdue time.Duration, now time.Time) string {
	var b strings.Builder
	b.WriteString(dueText(overdue))
	b.WriteString(" (")
	if r.Cadence > 0 {
		b.WriteString(every(r.Cadence))
		b.WriteString("; ")
	}
	b.WriteString(lastContactText(r.LastContact, now))
	if r.SnoozedUntil.After(now) {
		b.WriteString("; snoozed until ")
		b.WriteString(shortDate(r.SnoozedUntil, now))
	}
	b.WriteString(")")
	return b.String()
}

// dueText is "due 3 days ago", "due now", or, for a negative overdue, "due in 2 days".
func dueText(overdue time.Duration) string {
	switch {
	case wording.IsNow(overdue):
		return "due now"
	case overdue < 0:
		return "due " + wording.In(-overdue)
	}
	return "due " + wording.Ago(overdue)
}

// every names a cadence exactly: "every 14 days", "every 36 hours", "every day".
func every(c time.Duration) string {
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{day, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}} {
		if c%u.d == 0 {
			if c == u.d {
				return "every " + u.name
			}
			return "every " + wording.Plural(int(c/u.d), u.name, u.name+"s")
		}
	}
	return "every " + c.String()
}

// lastContactText is "last contact 17 Nov", or "never contacted".
func lastContactText(last, now time.Time) string {
	if last.IsZero() {
		return "never contacted"
	}
	return "last contact " + shortDate(last, now)
}

// shortDate is t's date in now's location: "17 Nov", with the year when it is not now's.
func shortDate(t, now time.Time) string {
	lt := t.In(now.Location())
	if lt.Year() != now.Year() {
		return lt.Format("2 Jan 2006")
	}
	return lt.Format("2 Jan")
}
