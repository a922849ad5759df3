package wording

import (
	"strconv"
	"time"
)

const (
	day   = 24 * time.Hour
	month = 30 * day
	year  = 365 * day
)

// units are the units of Span, largest first.
var units = [...]struct {
	size      time.Duration
	one, many string
}{
	{year, "year", "years"},
	{month, "month", "months"},
	{day, "day", "days"},
	{time.Hour, "hour", "hours"},
	{time.Minute, "minute", "minutes"},
}

// Plural is n with the noun that agrees with it: "1 day", "0 days", "3 days".
func Plural(n int, one, many string) string {
	return strconv.Itoa(n) + " " + ForCount(n, one, many)
}

// ForCount is the word or phrase that agrees with n, without n: ForCount(n, "it is",
// "they are").
func ForCount(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Span is the length of d in words, by the package's one rule: "under a minute",
// "90 minutes", "47 hours", "2 days", "20 days", "13 months". A negative d has the length
// of its opposite.
func Span(d time.Duration) string {
	if IsNow(d) {
		return "under a minute"
	}
	d = minutes(d)
	u := units[len(units)-1] // minutes take any length the larger units leave
	for _, larger := range units[:len(units)-1] {
		if d >= 2*larger.size {
			u = larger
			break
		}
	}
	return Plural(int(d.Round(u.size)/u.size), u.one, u.many)
}

// IsNow reports whether d is too short to put in words: within half a minute either side of
// zero, where In says "now" and Ago "just now".
func IsNow(d time.Duration) bool { return minutes(d) == 0 }

// In says how far ahead d is: "in 2 days", "now" when IsNow, and "overdue" for anything
// further in the past.
func In(d time.Duration) string {
	switch {
	case IsNow(d):
		return "now"
	case d < 0:
		return "overdue"
	}
	return "in " + Span(d)
}

// Ago says how long ago d was: "2 days ago", or "just now" when IsNow. A negative d is in
// the future and reads "in 2 days", so a date that should be past but is not does not pass
// for one that is.
func Ago(d time.Duration) string {
	switch {
	case IsNow(d):
		return "just now"
	case d < 0:
		return "in " + Span(d)
	}
	return Span(d) + " ago"
}

// minutes is |d| counted to the nearest minute.
func minutes(d time.Duration) time.Duration {
	return d.Abs().Round(time.Minute)
}
