package calendar

import (
	"cmp"
	"fmt"
	"strings"
)

// Kind says where a hit came from.
type Kind string

// Kinds of hits. The values are stable: use them as log fields and metric labels.
const (
	// KindPublicHoliday: a public or bank holiday in the market (github.com/rickar/cal/v2).
	KindPublicHoliday Kind = "public_holiday"
	// KindSensitiveDate: a row of the curated sensitive-dates file.
	KindSensitiveDate Kind = "sensitive_date"
	// KindICSEvent: an event from a team-supplied ICS feed.
	KindICSEvent Kind = "ics_event"
	// KindNotChecked: the market could not be checked fully (unknown market, or no
	// public-holiday data); the Name says what was missed.
	KindNotChecked Kind = "not_checked"
)

// Severity is how much a date should weigh on a launch decision.
type Severity string

// Severities, from the least to the most serious.
const (
	// SeverityNone switches a shipped sensitive date off in an override file; it never
	// produces a hit.
	SeverityNone Severity = "none"
	// SeverityLow: worth knowing, such as a crowded shopping day.
	SeverityLow Severity = "low"
	// SeverityMedium: changes how the audience behaves, such as a public holiday.
	SeverityMedium Severity = "medium"
	// SeverityHigh: a day of mourning or remembrance where upbeat brand content is likely
	// to land badly. The days either side are flagged too.
	SeverityHigh Severity = "high"
)

func (s Severity) rank() int {
	switch s {
	case SeverityLow:
		return 1
	case SeverityMedium:
		return 2
	case SeverityHigh:
		return 3
	}
	return 0
}

// ParseSeverity reads low, medium, high or none, in any case.
func ParseSeverity(s string) (Severity, error) {
	v := Severity(strings.ToLower(strings.TrimSpace(s)))
	switch v {
	case SeverityNone, SeverityLow, SeverityMedium, SeverityHigh:
		return v, nil
	}
	return "", fmt.Errorf("severity %q is not one of low, medium, high (or none to switch a date off)", s)
}

// Hit is one date-related finding for one market.
type Hit struct {
	Market string
	// Date is the day the holiday, sensitive date or event falls on, in the market. For
	// KindNotChecked it is the launch day (in UTC for an unknown market).
	Date Date
	// DaysFromLaunch is Date minus the market's local launch date: 0 on launch day, -1 for
	// the day before (a high-severity date yesterday), +1 for the day after.
	DaysFromLaunch int
	Name           string
	Kind           Kind
	Severity       Severity
	// Source is where the fact comes from: the holiday package, the sensitive-date row's
	// citation, or the ICS feed's URL; empty for KindNotChecked.
	Source string
	Note   string
}

// String is a one-line summary for logs and tests.
func (h Hit) String() string {
	s := fmt.Sprintf("%s %s %s %s %q", h.Market, h.Date, h.Kind, h.Severity, h.Name)
	if h.DaysFromLaunch != 0 {
		s += fmt.Sprintf(" (%+d day)", h.DaysFromLaunch)
	}
	return s
}

// compareHits orders hits by market (in the caller's order), then launch day before the
// days either side, then the most severe first.
func compareHits(order map[string]int) func(a, b Hit) int {
	return func(a, b Hit) int {
		return cmp.Or(
			cmp.Compare(order[a.Market], order[b.Market]),
			cmp.Compare(abs(a.DaysFromLaunch), abs(b.DaysFromLaunch)),
			cmp.Compare(a.DaysFromLaunch, b.DaysFromLaunch),
			cmp.Compare(b.Severity.rank(), a.Severity.rank()),
			cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.Name, b.Name),
		)
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
