package calendar

import (
	"fmt"
	"time"
)

// Date is a civil day, with no time of day and no zone: the "when" of a holiday or a
// sensitive date. The zero Date is not a valid day.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the civil day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// parseDate reads an ISO date such as 2026-11-26.
func parseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date like 2026-11-26", s)
	}
	return DateOf(t), nil
}

// String formats the date as 2006-01-02.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// AddDays is the day n days after d (before, for negative n).
func (d Date) AddDays(n int) Date {
	return DateOf(d.midnightUTC().AddDate(0, 0, n))
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	return d.midnightUTC().Compare(e.midnightUTC())
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// DaysUntil is the number of days from d to e: 1 when e is the day after d.
func (d Date) DaysUntil(e Date) int {
	return int(e.midnightUTC().Sub(d.midnightUTC()) / (24 * time.Hour))
}

func (d Date) midnightUTC() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// valid reports whether d names a real day (not 2026-02-30).
func (d Date) valid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.Day >= 1 &&
		DateOf(d.midnightUTC()) == d
}
