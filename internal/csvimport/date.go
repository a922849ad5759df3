package csvimport

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// earliestYear guards against dates that cannot be metrics: spreadsheet epochs (1900-01-00)
// and two-digit years gone wrong.
const earliestYear = 2000

// dayLayouts name one day. Times and zones are allowed (exports stamp them) but only the
// calendar date as written counts.
var dayLayouts = []string{
	"2006-1-2",
	"2006/1/2",
	time.RFC3339,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2 Jan 2006",
	"2 January 2006",
	"Jan 2, 2006",
	"January 2, 2006",
	"Jan 2 2006",
	"January 2 2006",
}

// monthLayouts name a whole month; the period ends on its last day.
var monthLayouts = []string{
	"2006-1",
	"2006/1",
	"Jan 2006",
	"January 2006",
	"Jan-2006",
	"January-2006",
}

// isoShape looks like an ISO date whatever its numbers: 2024-02-31 is ISO, but not a date.
var isoShape = regexp.MustCompile(`^\d{4}[-/]\d{1,2}[-/]\d{1,2}$`)

// numericDate is day and month in some order followed by the year: 02/01/2024, 1.2.2024.
var numericDate = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$`)

// ParsePeriodEnd reads the end of a metrics period as a UTC midnight. ISO dates
// ("2024-01-31", "2024/01/31", with or without a time), ISO months ("2024-01") and named
// months ("Jan 2024", "January 2024") are accepted; a month means its last day. Numeric
// day-month-year forms are refused even when they happen to be unambiguous: 02/01/2024 is
// 2 January in London and February 1 in New York, and a file that mixes both would import
// half its rows a month off.
func ParsePeriodEnd(s string) (time.Time, error) {
	if d, ok := isoDay(s); ok {
		return d, nil
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return time.Time{}, fmt.Errorf("is empty; give the date the period ends, like 2024-01-31")
	}
	d, ok := parseDay(t)
	if !ok {
		if m, isMonth := parseMonth(t); isMonth {
			d, ok = m.AddDate(0, 1, -1), true
		}
	}
	if !ok {
		return time.Time{}, dateFormError(t, periodForms)
	}
	if d.Year() < earliestYear {
		return time.Time{}, fmt.Errorf("%q is before %d; check the year", t, earliestYear)
	}
	return d, nil
}

// isoDay reads the form nearly every export writes, YYYY-MM-DD, without time.Parse's
// search through layouts. It accepts only a real calendar date from earliestYear on, exactly
// as parseDay and the year check would; anything else is left to them and their messages.
func isoDay(s string) (time.Time, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	num := func(part string) int {
		v := 0
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, m, d := num(s[:4]), num(s[5:7]), num(s[8:])
	if y < earliestYear || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // the 31st of a 30-day month rolled over
		return time.Time{}, false
	}
	return t, true
}

func parseDay(s string) (time.Time, bool) {
	for _, layout := range dayLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			y, m, d := v.Date() // the date as written, whatever its zone
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

func parseMonth(s string) (time.Time, bool) {
	if i := strings.Index(strings.ToLower(s), "sept "); i >= 0 {
		s = s[:i+3] + s[i+4:] // "Sept 2024": an abbreviation Go does not know
	}
	for _, layout := range monthLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			return time.Date(v.Year(), v.Month(), 1, 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

// The forms suggested when a cell is not a date, for a period end and for a day.
const (
	periodForms = "2024-01-31, 2024-01 or Jan 2024"
	dayForms    = "2024-01-31 or 31 Jan 2024"
)

func dateFormError(s, forms string) error {
	if isoShape.MatchString(s) {
		return fmt.Errorf("%q is not a calendar date", s)
	}
	m := numericDate.FindStringSubmatch(s)
	if m == nil {
		return fmt.Errorf("%q is not a date (use %s)", s, forms)
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	year := m[3]
	if len(year) == 2 {
		year = "20" + year
	}
	iso := func(month, day int) string { return fmt.Sprintf("%s-%02d-%02d", year, month, day) }
	switch {
	case a <= 12 && b <= 12 && a != b:
		return fmt.Errorf("%q is ambiguous: %s or %s? write dates as YYYY-MM-DD", s, iso(b, a), iso(a, b))
	case b <= 12:
		return fmt.Errorf("%q: write dates as YYYY-MM-DD (%s), since day and month order differ between countries", s, iso(b, a))
	case a <= 12:
		return fmt.Errorf("%q: write dates as YYYY-MM-DD (%s), since day and month order differ between countries", s, iso(a, b))
	}
	return fmt.Errorf("%q is not a date (use %s)", s, forms)
}

// ParseDate reads one calendar day as a UTC midnight: the ISO forms of ParsePeriodEnd
// ("2024-03-01", with or without a time) and named forms ("1 Mar 2024", "March 1, 2024").
// Unlike a period end, a month alone is refused: a campaign that "starts in March" has no
// start date yet. Numeric day-month-year forms are refused for the reason ParsePeriodEnd
// gives.
func ParseDate(s string) (time.Time, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return time.Time{}, fmt.Errorf("is empty; give a date like 2024-03-01")
	}
	d, ok := parseDay(t)
	if !ok {
		if m, isMonth := parseMonth(t); isMonth {
			return time.Time{}, fmt.Errorf("%q is a month; give the day too, like %s", t, m.Format(time.DateOnly))
		}
		return time.Time{}, dateFormError(t, dayForms)
	}
	if d.Year() < earliestYear {
		return time.Time{}, fmt.Errorf("%q is before %d; check the year", t, earliestYear)
	}
	return d, nil
}
