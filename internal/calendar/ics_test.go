package calendar

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func parseFixture(t *testing.T, name string) ([]Event, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return ParseICS(f)
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseICSUnfoldsLinesAndUnescapesText(t *testing.T) {
	events, err := parseFixture(t, "folded.ics")
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 {
		t.Fatalf("got %d events; want 2: %+v", len(events), events)
	}
	paris := mustZone(t, "Europe/Paris")
	first := events[0]
	if want := "Lancement de la campagne d’hiver — interview en direct avec l’équipe produit"; first.Summary != want {
		t.Errorf("summary folded inside a multi-byte character = %q; want %q", first.Summary, want)
	}
	if want := time.Date(2026, 11, 26, 9, 0, 0, 0, paris); !first.Start.Equal(want) || first.Start.Location().String() != "Europe/Paris" {
		t.Errorf("DTSTART with a TZID folded mid-parameter = %v; want %v", first.Start, want)
	}
	if want := time.Date(2026, 11, 26, 10, 0, 0, 0, paris); !first.End.Equal(want) {
		t.Errorf("DTEND folded with a tab = %v; want %v", first.End, want)
	}
	if first.UID != "folded-1@example.com" || first.Line != 5 {
		t.Errorf("UID, Line = %q, %d; want folded-1@example.com, 5", first.UID, first.Line)
	}
	if want := `Press day: Q&A, demos \ and more`; events[1].Summary != want {
		t.Errorf("escaped summary = %q; want %q", events[1].Summary, want)
	}
}

func TestParseICSTimeZones(t *testing.T) {
	events, err := parseFixture(t, "tzid.ics")
	if err != nil {
		t.Fatal(err)
	}
	byUID := map[string]Event{}
	for _, e := range events {
		byUID[e.UID] = e
	}
	tokyo, newYork := mustZone(t, "Asia/Tokyo"), mustZone(t, "America/New_York")
	tests := []struct {
		uid          string
		start, end   time.Time
		floating     bool
		spanIn       *time.Location
		first, last  Date
		wantLocation string
	}{
		{"ny-evening", time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC), time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC), false,
			tokyo, Date{2026, 11, 26}, Date{2026, 11, 26}, "America/New_York"},
		{"ny-evening", time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC), time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC), false,
			newYork, Date{2026, 11, 25}, Date{2026, 11, 25}, "America/New_York"},
		// A Windows zone name, as Outlook writes it.
		{"outlook", time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC), time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC), false,
			newYork, Date{2026, 11, 25}, Date{2026, 11, 25}, "Asia/Tokyo"},
		// A quoted, globally unique TZID whose tail is an IANA name; DURATION instead of DTEND.
		{"globally-unique", time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC), time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC), false,
			time.UTC, Date{2026, 7, 1}, Date{2026, 7, 1}, "Europe/London"},
		// Z: UTC, crossing midnight in UTC but not in New York.
		{"utc", time.Date(2026, 11, 26, 23, 30, 0, 0, time.UTC), time.Date(2026, 11, 27, 0, 30, 0, 0, time.UTC), false,
			time.UTC, Date{2026, 11, 26}, Date{2026, 11, 27}, "UTC"},
		{"utc", time.Date(2026, 11, 26, 23, 30, 0, 0, time.UTC), time.Date(2026, 11, 27, 0, 30, 0, 0, time.UTC), false,
			newYork, Date{2026, 11, 26}, Date{2026, 11, 26}, "UTC"},
		// Floating: the same wall-clock day wherever it is observed.
		{"floating", time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC), time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC), true,
			tokyo, Date{2026, 11, 26}, Date{2026, 11, 26}, "UTC"},
	}
	for _, tt := range tests {
		e, ok := byUID[tt.uid]
		if !ok {
			t.Errorf("event %s missing", tt.uid)
			continue
		}
		if !e.Start.Equal(tt.start) || !e.End.Equal(tt.end) {
			t.Errorf("%s: %v – %v; want %v – %v", tt.uid, e.Start.UTC(), e.End.UTC(), tt.start, tt.end)
		}
		if e.Start.Location().String() != tt.wantLocation {
			t.Errorf("%s: zone %s; want %s", tt.uid, e.Start.Location(), tt.wantLocation)
		}
		if e.Floating != tt.floating || e.AllDay {
			t.Errorf("%s: Floating, AllDay = %v, %v; want %v, false", tt.uid, e.Floating, e.AllDay, tt.floating)
		}
		if first, last := e.Span(tt.spanIn); first != tt.first || last != tt.last {
			t.Errorf("%s in %s: span %s..%s; want %s..%s", tt.uid, tt.spanIn, first, last, tt.first, tt.last)
		}
	}
}

func TestParseICSAllDayEvents(t *testing.T) {
	events, err := parseFixture(t, "allday.ics")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		uid, summary string
		first, last  Date
		rrule        string
	}{
		{"one-day", "Día de la Revolución", Date{2026, 11, 16}, Date{2026, 11, 16}, ""}, // no DTEND: one day
		{"three-days", "Trade fair", Date{2026, 11, 24}, Date{2026, 11, 26}, ""},        // DTEND is exclusive
		{"bare-date", "Company anniversary", Date{2026, 12, 1}, Date{2026, 12, 1}, "FREQ=YEARLY"},
		{"duration", "Inventory freeze", Date{2026, 12, 30}, Date{2027, 1, 5}, ""}, // P1W across New Year
	}
	if len(events) != len(tests) {
		t.Fatalf("got %d events; want %d", len(events), len(tests))
	}
	// All-day events keep their days in every zone.
	for _, loc := range []*time.Location{time.UTC, mustZone(t, "Pacific/Auckland"), mustZone(t, "America/Los_Angeles")} {
		for i, tt := range tests {
			e := events[i]
			if e.UID != tt.uid || e.Summary != tt.summary || !e.AllDay || e.RRule != tt.rrule {
				t.Errorf("event %d = %+v; want %s %q all-day, RRULE %q", i, e, tt.uid, tt.summary, tt.rrule)
			}
			if first, last := e.Span(loc); first != tt.first || last != tt.last {
				t.Errorf("%s in %s: span %s..%s; want %s..%s", tt.uid, loc, first, last, tt.first, tt.last)
			}
		}
	}
}

func TestParseICSSkipsMalformedEventsAndCountsThem(t *testing.T) {
	events, err := parseFixture(t, "malformed.ics")
	var skipped *SkippedEventsError
	if !errors.As(err, &skipped) {
		t.Fatalf("err = %v; want a *SkippedEventsError", err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.UID+"="+e.Summary)
	}
	want := []string{"good-1=Sound event", "good-2=Another sound event"} // the cancelled one is dropped, not counted
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("events = %q; want %q (VALARM properties must not leak into the event)", got, want)
	}
	if skipped.Skipped != 7 {
		t.Errorf("Skipped = %d; want 7: %v", skipped.Skipped, skipped)
	}
	for _, reason := range []string{
		`event "No start" on line 4: no DTSTART`,
		`"Thirteenth month" on line 8: DTSTART: "20261301" is not a date`,
		`"Ends before it starts" on line 24: it ends (20261126T090000Z) before it starts (20261126T100000Z)`,
		`"Mars time" on line 30: DTSTART: unknown time zone TZID="Mars/Olympus_Mons"`,
		`"Date and date-time" on line 35: DTSTART and DTEND must both be dates or both be date-times`,
		`"Two starts" on line 47: line 51: DTSTART appears twice`,
		`"Cut off" on line 58: END:VCALENDAR on line 62 before END:VEVENT`,
	} {
		if !strings.Contains(err.Error(), reason) {
			t.Errorf("error %q does not mention %q", err, reason)
		}
	}
}

func TestParseICSRefusesWhatIsNotACalendar(t *testing.T) {
	html, err := os.ReadFile(filepath.Join("testdata", "error.html"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in, wantErr string
	}{
		{"HTML sign-in page", string(html), "HTML page, not an iCalendar feed"},
		{"empty", "", "the feed is empty"},
		{"blank lines", "\r\n\r\n", "the feed is empty"},
		{"JSON", `{"events": []}`, `it starts with "{\"events\": []}", not BEGIN:VCALENDAR`},
		{"line longer than the limit", "BEGIN:VCALENDAR\n" + strings.Repeat("X", maxICSLine+1), "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := ParseICS(strings.NewReader(tt.in))
			var skipped *SkippedEventsError
			if err == nil || errors.As(err, &skipped) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v; want one containing %q", err, tt.wantErr)
			}
			if events != nil {
				t.Errorf("events = %v; want none", events)
			}
		})
	}
}

func TestParseICSAcceptsAnEmptyCalendar(t *testing.T) {
	events, err := ParseICS(strings.NewReader("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n"))
	if err != nil || len(events) != 0 {
		t.Errorf("ParseICS(empty calendar) = %v, %v; want no events, no error", events, err)
	}
}

func TestParseICSDuration(t *testing.T) {
	start := time.Date(2026, 3, 28, 12, 0, 0, 0, mustZone(t, "Europe/Paris")) // the day before DST starts
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{"PT1H30M", start.Add(90 * time.Minute), false},
		{"P1D", time.Date(2026, 3, 29, 12, 0, 0, 0, start.Location()), false}, // a calendar day, 23 hours here
		{"P1W", start.AddDate(0, 0, 7), false},
		{"P1DT2H", time.Date(2026, 3, 29, 14, 0, 0, 0, start.Location()), false},
		{"PT45S", start.Add(45 * time.Second), false},
		{"-PT15M", start.Add(-15 * time.Minute), false},
		{"+P2D", start.AddDate(0, 0, 2), false},
		{"P", time.Time{}, true},
		{"PT", time.Time{}, true},
		{"1H", time.Time{}, true},
		{"PT1D", time.Time{}, true},
		{"P1H", time.Time{}, true},
		{"P1DT", time.Time{}, true},
		{"PTT1H", time.Time{}, true},
		{"P1.5D", time.Time{}, true},
	}
	for _, tt := range tests {
		d, err := parseICSDuration(tt.in)
		switch {
		case tt.wantErr:
			if err == nil {
				t.Errorf("parseICSDuration(%q) = %+v; want an error", tt.in, d)
			}
		case err != nil:
			t.Errorf("parseICSDuration(%q): %v", tt.in, err)
		case !d.addTo(start).Equal(tt.want):
			t.Errorf("%s after %v = %v; want %v", tt.in, start, d.addTo(start), tt.want)
		}
	}
}

func TestParseContentLine(t *testing.T) {
	tests := []struct {
		in                string
		name, value, tzid string
		wantErr           bool
	}{
		{"SUMMARY:Hello: world", "SUMMARY", "Hello: world", "", false},
		{"dtstart;tzid=Europe/Paris:20261126T090000", "DTSTART", "20261126T090000", "Europe/Paris", false},
		{`DTSTART;TZID="Zone;with:odd,chars";VALUE=DATE-TIME:20261126T090000`, "DTSTART", "20261126T090000", "Zone;with:odd,chars", false},
		{"ATTENDEE;CN=\"Doe, Jane\";ROLE=CHAIR:mailto:jane@example.com", "ATTENDEE", "mailto:jane@example.com", "", false},
		{"SUMMARY:", "SUMMARY", "", "", false},
		{"no colon here", "", "", "", true},
		{":value", "", "", "", true},
		{"DTSTART;TZID:20261126", "", "", "", true},
		{`DTSTART;TZID="open:20261126`, "", "", "", true},
		{"DTSTART;TZID=Europe/Paris", "", "", "", true},
	}
	for _, tt := range tests {
		p, err := parseContentLine(tt.in)
		switch {
		case tt.wantErr:
			if err == nil {
				t.Errorf("parseContentLine(%q) = %+v; want an error", tt.in, p)
			}
		case err != nil:
			t.Errorf("parseContentLine(%q): %v", tt.in, err)
		case p.name != tt.name || p.value != tt.value || p.params["TZID"] != tt.tzid:
			t.Errorf("parseContentLine(%q) = %q %q TZID=%q; want %q %q %q", tt.in, p.name, p.value, p.params["TZID"], tt.name, tt.value, tt.tzid)
		}
	}
}
