package calendar

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// companyCalendar writes a realistic feed of n events, as a company calendar exported from
// Google or Outlook looks: mostly single meetings in a few zones, some all-day events, and
// one event in five recurring (weekly stand-ups with EXDATEs, monthly, yearly, a moved
// instance), with a VTIMEZONE block.
func companyCalendar(n int) string {
	zones := []string{"Europe/Paris", "America/New_York", "Asia/Tokyo", "Europe/London", "Customized Time Zone"}
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Bench//EN\r\n")
	b.WriteString("BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\n" +
		"BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n" +
		"BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n" +
		"END:VTIMEZONE\r\n")
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		d := day.AddDate(0, 0, i*3%1000)
		zone := zones[i%len(zones)]
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:event-%d@example.com\r\nDTSTAMP:20260101T000000Z\r\n", i)
		fmt.Fprintf(&b, "SUMMARY:Meeting %d: quarterly planning\\, with notes\r\nDESCRIPTION:Agenda line one\\nline two %s\r\n", i, strings.Repeat("x", 80))
		switch {
		case i%10 == 0:
			fmt.Fprintf(&b, "DTSTART;VALUE=DATE:%s\r\nDTEND;VALUE=DATE:%s\r\n", d.Format("20060102"), d.AddDate(0, 0, 1+i%3).Format("20060102"))
		default:
			fmt.Fprintf(&b, "DTSTART;TZID=%s:%sT%02d3000\r\nDTEND;TZID=%s:%sT%02d0000\r\n", zone, d.Format("20060102"), 8+i%9, zone, d.Format("20060102"), 9+i%9)
		}
		switch i % 20 {
		case 1:
			fmt.Fprintf(&b, "RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR\r\nEXDATE;TZID=%s:%sT%02d3000\r\n", zone, d.AddDate(0, 0, 14).Format("20060102"), 8+i%9)
		case 5:
			b.WriteString("RRULE:FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T000000Z\r\n")
		case 9:
			b.WriteString("RRULE:FREQ=DAILY;INTERVAL=2;COUNT=200\r\n")
		case 13:
			b.WriteString("RRULE:FREQ=YEARLY\r\n")
		}
		b.WriteString("BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n")
		if i%20 == 1 {
			// Move one instance of each weekly series.
			moved := d.AddDate(0, 0, 7)
			fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:event-%d@example.com\r\nRECURRENCE-ID;TZID=%s:%sT%02d3000\r\nSUMMARY:Meeting %d (moved)\r\n", i, zone, moved.Format("20060102"), 8+i%9, i)
			fmt.Fprintf(&b, "DTSTART;TZID=%s:%sT%02d3000\r\nDTEND;TZID=%s:%sT%02d0000\r\nEND:VEVENT\r\n", zone, moved.AddDate(0, 0, 1).Format("20060102"), 8+i%9, zone, moved.AddDate(0, 0, 1).Format("20060102"), 9+i%9)
		}
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}

func TestCompanyCalendarParses(t *testing.T) {
	events, err := ParseICS(strings.NewReader(companyCalendar(500)))
	if err != nil || len(events) != 500 {
		t.Fatalf("got %d events, %v; want 500, no error", len(events), err)
	}
	src := Sources{Calendars: []Calendar{{Name: "Company", Market: AllMarkets, Events: events}}}
	if hits := icsHits(utc(2026, 3, 2, 12, 0), []string{"FR", "US", "JP"}, src); len(hits) == 0 {
		t.Error("no hits on a Monday of a feed full of weekly meetings")
	}
}

// BenchmarkParseAndCheck500Events parses a 500-event company calendar and checks a launch
// in five markets, as one timing check does for each feed.
func BenchmarkParseAndCheck500Events(b *testing.B) {
	feed := companyCalendar(500)
	markets := []string{"FR", "US", "JP", "GB", "DE"}
	launch := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(feed)))
	for b.Loop() {
		events, err := ParseICS(strings.NewReader(feed))
		if err != nil {
			b.Fatal(err)
		}
		Check(launch, markets, Sources{Calendars: []Calendar{{Name: "Company", Market: AllMarkets, Events: events}}})
	}
}

// FuzzParseICSAndCheck feeds arbitrary text to the parser and the expansion: whatever a
// feed holds, neither may panic or hang.
func FuzzParseICSAndCheck(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*.ics"))
	for _, name := range names {
		body, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(body))
	}
	for _, rule := range []string{
		"FREQ=YEARLY;BYMONTH=12;BYDAY=53MO", "FREQ=YEARLY;BYMONTH=1;BYDAY=-53MO", "FREQ=MONTHLY;BYDAY=-6MO",
		"FREQ=YEARLY;BYWEEKNO=1,-1;BYDAY=MO;BYSETPOS=-1", "FREQ=WEEKLY;WKST=SU;INTERVAL=3;BYDAY=SU,SA;COUNT=9",
		"FREQ=MONTHLY;BYMONTHDAY=-31,31;BYSETPOS=2", "FREQ=YEARLY;BYYEARDAY=-366,366;UNTIL=20300101",
	} {
		f.Add("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;TZID=Europe/Paris:20260329T023000\nRRULE:" + rule + "\nEND:VEVENT\nEND:VCALENDAR\n")
	}
	launch := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, feed string) {
		events, _ := ParseICS(strings.NewReader(feed))
		Check(launch, []string{"FR", "JP", "US"}, Sources{Calendars: []Calendar{{Name: "Fuzz", Market: AllMarkets, Events: events}}})
	})
}
