package cadence

import (
	"fmt"
	"strings"
	"time"
)

const minutesPerDay = 24 * 60

// QuietHours is a daily span of wall-clock time in which nobody is nudged, read in each
// recipient's own time zone. The start is inside the span and the end is not; a span whose
// end is earlier than its start crosses midnight ("19:00-09:00"). The zero value is "no
// quiet hours".
type QuietHours struct {
	// start and end are minutes after local midnight; equal (zero) means none, which is why
	// ParseQuietHours refuses an empty span.
	start, end int
}

// ParseQuietHours reads "HH:MM-HH:MM" in 24-hour time ("19:00-09:00", "22:30-7:00"); blank
// means no quiet hours. Spaces around the dash and an en dash are accepted.
func ParseQuietHours(s string) (QuietHours, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return QuietHours{}, nil
	}
	a, b, ok := strings.Cut(t, "-")
	if !ok {
		a, b, ok = strings.Cut(t, "–")
	}
	if !ok {
		return QuietHours{}, fmt.Errorf("quiet hours %q: want start-end in 24-hour time, such as \"19:00-09:00\", or \"\" for none", s)
	}
	start, err := parseClock(strings.TrimSpace(a))
	if err != nil {
		return QuietHours{}, fmt.Errorf("quiet hours %q: start %w", s, err)
	}
	end, err := parseClock(strings.TrimSpace(b))
	if err != nil {
		return QuietHours{}, fmt.Errorf("quiet hours %q: end %w", s, err)
	}
	if start == end {
		return QuietHours{}, fmt.Errorf("quiet hours %q: start and end are both %s; use \"\" for no quiet hours", s, clock(start))
	}
	return QuietHours{start: start, end: end}, nil
}

// parseClock reads "H:MM" or "HH:MM" into minutes after midnight.
func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 || !allDigits(h) || !allDigits(m) {
		return 0, fmt.Errorf("%q is not a time of day like 09:00", s)
	}
	hh := atoi(h)
	mm := atoi(m)
	switch {
	case hh == 24 && mm == 0:
		return 0, fmt.Errorf("%q: write midnight as 00:00", s)
	case hh > 23:
		return 0, fmt.Errorf("%q: hour %d is past 23", s, hh)
	case mm > 59:
		return 0, fmt.Errorf("%q: minute %d is past 59", s, mm)
	}
	return hh*60 + mm, nil
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func clock(minutes int) string { return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60) }

// IsZero reports whether there are no quiet hours.
func (q QuietHours) IsZero() bool { return q.start == q.end }

// Contains reports whether t's wall clock, in t's own location, lies in the quiet hours.
// Pass t.In(recipient's zone): the same instant is quiet in Tokyo and not in New York.
func (q QuietHours) Contains(t time.Time) bool {
	if q.IsZero() {
		return false
	}
	h, m, s := t.Clock()
	sec := h*3600 + m*60 + s
	start, end := q.start*60, q.end*60
	if start < end {
		return start <= sec && sec < end
	}
	return sec >= start || sec < end
}

// Duration is how long the quiet hours last on a day without a clock change.
func (q QuietHours) Duration() time.Duration {
	return time.Duration((q.end-q.start+minutesPerDay)%minutesPerDay) * time.Minute
}

// String is the canonical form ParseQuietHours reads back: "19:00-09:00", or "" for none.
func (q QuietHours) String() string {
	if q.IsZero() {
		return ""
	}
	return clock(q.start) + "-" + clock(q.end)
}

// MarshalText writes the canonical form, so configuration can round-trip it.
func (q QuietHours) MarshalText() ([]byte, error) { return []byte(q.String()), nil }

// UnmarshalText reads the ParseQuietHours form, so a config file can hold quiet hours directly.
func (q *QuietHours) UnmarshalText(b []byte) error {
	v, err := ParseQuietHours(string(b))
	if err != nil {
		return err
	}
	*q = v
	return nil
}
