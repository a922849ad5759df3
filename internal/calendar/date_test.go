package calendar

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	d := Date{2026, time.December, 31}
	if got := d.AddDays(1); got != (Date{2027, time.January, 1}) {
		t.Errorf("AddDays(1) = %s", got)
	}
	if got := (Date{2028, 3, 1}).AddDays(-1); got != (Date{2028, 2, 29}) {
		t.Errorf("the day before 2028-03-01 = %s; want the leap day", got)
	}
	if n := d.DaysUntil(Date{2027, 3, 1}); n != 60 {
		t.Errorf("DaysUntil = %d; want 60", n)
	}
	if !d.Before(d.AddDays(1)) || !d.After(d.AddDays(-1)) || d.Compare(d) != 0 {
		t.Error("Before/After/Compare disagree")
	}
	if d.String() != "2026-12-31" {
		t.Errorf("String() = %s", d)
	}
	// The civil day of an instant depends on the zone.
	instant := time.Date(2026, 11, 25, 23, 30, 0, 0, time.UTC)
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	if got := DateOf(instant.In(tokyo)); got != (Date{2026, 11, 26}) {
		t.Errorf("DateOf in Tokyo = %s", got)
	}
	if p, err := parseDate("2026-11-26"); err != nil || p != (Date{2026, 11, 26}) {
		t.Errorf("parseDate = %s, %v", p, err)
	}
	for _, bad := range []string{"2026-02-30", "26-11-2026", ""} {
		if _, err := parseDate(bad); err == nil {
			t.Errorf("parseDate(%q) succeeded", bad)
		}
	}
	if !(Date{}).IsZero() || d.IsZero() {
		t.Error("IsZero")
	}
}
