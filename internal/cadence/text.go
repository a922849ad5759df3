package cadence

import (
	"strconv"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
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

// dueText is "due now", "due 3 days ago" or, for a negative overdue, "due in 2 days".
func dueText(overdue time.Duration) string {
	switch {
	case overdue < 0:
		return "due in " + span(-overdue)
	case overdue < time.Second:
		return "due now"
	}
	return "due " + span(overdue) + " ago"
}

// span is a duration in its largest whole unit, rounded down: "3 days", "1 hour".
func span(d time.Duration) string {
	switch {
	case d >= day:
		return plural(int64(d/day), "day")
	case d >= time.Hour:
		return plural(int64(d/time.Hour), "hour")
	case d >= time.Minute:
		return plural(int64(d/time.Minute), "minute")
	}
	return plural(int64(d/time.Second), "second")
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
			return "every " + plural(int64(c/u.d), u.name)
		}
	}
	return "every " + c.String()
}

func plural(n int64, unit string) string {
	s := strconv.FormatInt(n, 10) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
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
