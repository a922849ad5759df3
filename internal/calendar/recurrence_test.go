package calendar

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// icsHits runs Check and keeps the ICS-event hits, of the named events only if any are
// given: a fixture holds several events, and each case is about one.
func icsHits(launch time.Time, markets []string, src Sources, names ...string) []string {
	var out []string
	for _, h := range Check(launch, markets, src) {
		if h.Kind == KindICSEvent && (len(names) == 0 || slices.Contains(names, h.Name)) {
			out = append(out, h.String())
		}
	}
	return out
}

// noonIn is 12:00 local time on a day in a zone: a launch well inside that market's day.
func noonIn(t *testing.T, zone string, y int, m time.Month, d int) time.Time {
	t.Helper()
	return time.Date(y, m, d, 12, 0, 0, 0, mustZone(t, zone))
}

func TestCheckExpandsRecurringEvents(t *testing.T) {
	events, err := parseFixture(t, "recurring.ics")
	if err != nil {
		t.Fatal(err)
	}
	src := Sources{Calendars: []Calendar{{Name: "Company", Market: AllMarkets, Source: "https://example.com/company.ics", Events: events}}}
	paris := func(m time.Month, d int) time.Time { return noonIn(t, "Europe/Paris", 2026, m, d) }
	const allHands, moved = "All-hands", "All-hands (moved for Whit Monday)"
	tests := []struct {
		name   string
		launch time.Time
		events []string // the events the case is about; the fixture has others
		want   []string
	}{
		// Weekly on Mondays at 10:00 in Paris, until the end of 2026.
		{"weekly BYDAY=MO: a Monday", paris(3, 2), []string{allHands}, []string{`FR 2026-03-02 ics_event medium "All-hands"`}},
		{"weekly BYDAY=MO: not the Tuesday after", paris(3, 3), []string{allHands}, nil},
		{"weekly: not the Monday before DTSTART", noonIn(t, "Europe/Paris", 2025, 12, 29), []string{allHands}, nil},
		{"EXDATE removes Easter Monday", paris(4, 6), []string{allHands}, nil},
		{"the Monday after the EXDATE is back", paris(4, 13), []string{allHands}, []string{`FR 2026-04-13 ics_event medium "All-hands"`}},
		{"RECURRENCE-ID moves Whit Monday's instance away", paris(5, 25), []string{allHands, moved}, nil},
		{"…to the Tuesday, under its new name", paris(5, 26), []string{allHands, moved}, []string{`FR 2026-05-26 ics_event medium "All-hands (moved for Whit Monday)"`}},
		{"the Monday after the moved one is as usual", paris(6, 1), []string{allHands, moved}, []string{`FR 2026-06-01 ics_event medium "All-hands"`}},
		{"a cancelled RECURRENCE-ID removes its instance", paris(8, 10), []string{allHands}, nil},
		{"the last Monday before UNTIL", paris(12, 28), []string{allHands}, []string{`FR 2026-12-28 ics_event medium "All-hands"`}},
		{"nothing after UNTIL", noonIn(t, "Europe/Paris", 2027, 1, 4), []string{allHands}, nil},

		// All-day, monthly on the last Friday (BYDAY=-1FR).
		{"BYDAY=-1FR: last Friday of February", paris(2, 27), []string{"Payroll freeze"}, []string{`FR 2026-02-27 ics_event medium "Payroll freeze"`}},
		{"BYDAY=-1FR: not the Friday before", paris(2, 20), []string{"Payroll freeze"}, nil},
		{"BYDAY=-1FR: last Friday of July", paris(7, 31), []string{"Payroll freeze"}, []string{`FR 2026-07-31 ics_event medium "Payroll freeze"`}},

		// Monthly on the 15th, COUNT=6: January to June.
		{"BYMONTHDAY=15 with COUNT: the fourth", paris(4, 15), []string{"Board meeting"}, []string{`FR 2026-04-15 ics_event medium "Board meeting"`}},
		{"BYMONTHDAY=15 with COUNT: the sixth", paris(6, 15), []string{"Board meeting"}, []string{`FR 2026-06-15 ics_event medium "Board meeting"`}},
		{"BYMONTHDAY=15 with COUNT: no seventh", paris(7, 15), []string{"Board meeting"}, nil},

		// Monthly on the second Tuesday (BYDAY=2TU).
		{"BYDAY=2TU: second Tuesday of March", paris(3, 10), []string{"Customer council"}, []string{`FR 2026-03-10 ics_event medium "Customer council"`}},
		{"BYDAY=2TU: not the third", paris(3, 17), []string{"Customer council"}, nil},

		// Every other Thursday from 8 January.
		{"INTERVAL=2: a demo week", paris(3, 5), []string{"Sprint demo"}, []string{`FR 2026-03-05 ics_event medium "Sprint demo"`}},
		{"INTERVAL=2: the week between", paris(3, 12), []string{"Sprint demo"}, nil},

		// Yearly on 1 July and 1 August (BYMONTH=7,8).
		{"BYMONTH=7,8: 1 August", paris(8, 1), []string{"Summer sale"}, []string{`FR 2026-08-01 ics_event medium "Summer sale"`}},
		{"BYMONTH=7,8: not 1 September", paris(9, 1), []string{"Summer sale"}, nil},
		{"BYMONTH=7,8: 1 July next year", noonIn(t, "Europe/Paris", 2027, 7, 1), []string{"Summer sale"}, []string{`FR 2027-07-01 ics_event medium "Summer sale"`}},

		// RDATE adds instances to a single event.
		{"RDATE: an added date", paris(4, 15), []string{"Product review"}, []string{`FR 2026-04-15 ics_event medium "Product review"`}},
		{"RDATE: not a week later", paris(4, 22), []string{"Product review"}, nil},

		// All of them on one day: hits are sorted by name.
		{"several events on one day", paris(4, 15), nil, []string{
			`FR 2026-04-15 ics_event medium "Board meeting"`,
			`FR 2026-04-15 ics_event medium "Product review"`,
			`FR 2026-04-15 ics_event medium "Team breakfast"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := icsHits(tt.launch, []string{"FR"}, src, tt.events...)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("launch %s:\n  got  %q\n  want %q", tt.launch.Format(time.RFC3339), got, tt.want)
			}
		})
	}
}

func TestCheckRecurringEventsAcrossDSTChanges(t *testing.T) {
	for _, fixture := range []string{"recurring.ics", "vtimezone.ics"} {
		events, err := parseFixture(t, fixture)
		if err != nil {
			t.Fatal(err)
		}
		src := Sources{Calendars: []Calendar{{Name: "Company", Market: AllMarkets, Source: "https://example.com/company.ics", Events: events}}}
		late := `"Late call with Paris"`
		tests := []struct {
			name string
			day  Date
			want []string
		}{
			// Fridays at 23:30 in Paris stay on Friday in Paris whether it is CET or CEST;
			// read with a fixed offset they would slip to Saturday after 29 March.
			{"Friday before summer time", Date{2026, 3, 27}, []string{"FR 2026-03-27 ics_event medium " + late}},
			{"Saturday before summer time", Date{2026, 3, 28}, nil},
			{"Friday after summer time starts", Date{2026, 4, 3}, []string{"FR 2026-04-03 ics_event medium " + late}},
			{"Saturday after summer time starts", Date{2026, 4, 4}, nil},
			{"last Friday of summer time", Date{2026, 10, 23}, []string{"FR 2026-10-23 ics_event medium " + late}},
			{"Saturday before winter time", Date{2026, 10, 24}, nil},
			{"first Friday of winter time", Date{2026, 10, 30}, []string{"FR 2026-10-30 ics_event medium " + late}},
			{"Saturday after winter time", Date{2026, 10, 31}, nil},
		}
		if fixture == "recurring.ics" {
			// Mondays 18:30 in New York are 00:30 on Tuesday in Paris, except from 8 to 29
			// March, when New York is on summer time and Paris is not yet: 23:30 on Monday.
			ny := `"New York stand-up"`
			tests = append(tests, []struct {
				name string
				day  Date
				want []string
			}{
				{"Monday before New York's summer time", Date{2026, 3, 2}, nil},
				{"…it is Tuesday in Paris", Date{2026, 3, 3}, []string{"FR 2026-03-03 ics_event medium " + ny}},
				{"Monday between the two changes", Date{2026, 3, 16}, []string{"FR 2026-03-16 ics_event medium " + ny}},
				{"…not Tuesday", Date{2026, 3, 17}, nil},
				{"Monday after Paris's summer time", Date{2026, 3, 30}, nil},
				{"…Tuesday again", Date{2026, 3, 31}, []string{"FR 2026-03-31 ics_event medium " + ny}},
			}...)
		}
		for _, tt := range tests {
			t.Run(fixture+"/"+tt.name, func(t *testing.T) {
				launch := noonIn(t, "Europe/Paris", tt.day.Year, tt.day.Month, tt.day.Day)
				got := icsHits(launch, []string{"FR"}, src, "Late call with Paris", "New York stand-up")
				if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
					t.Errorf("launch %s: got %q; want %q", tt.day, got, tt.want)
				}
			})
		}
	}
}

func TestCheckAllDayEventsCountInTheMarketsZone(t *testing.T) {
	events, err := parseFixture(t, "recurring.ics")
	if err != nil {
		t.Fatal(err)
	}
	src := Sources{Calendars: []Calendar{{Name: "Company", Market: AllMarkets, Source: "https://example.com/company.ics", Events: events}}}
	tests := []struct {
		name   string
		launch time.Time
		want   []string
	}{
		// The trade fair is 22 to 24 September, all day, wherever the market is.
		{"23:30 UTC on the last day: still the 24th in New York, already the 25th in Tokyo",
			utc(2026, 9, 24, 23, 30), []string{`US 2026-09-24 ics_event medium "Trade fair"`}},
		{"20:00 UTC the day before: already the 22nd in Tokyo, still the 21st in New York",
			utc(2026, 9, 21, 20, 0), []string{`JP 2026-09-22 ics_event medium "Trade fair"`}},
		{"the middle day, a Wednesday, everywhere", utc(2026, 9, 23, 12, 0), []string{
			`JP 2026-09-23 ics_event medium "Team breakfast"`, `JP 2026-09-23 ics_event medium "Trade fair"`,
			`US 2026-09-23 ics_event medium "Team breakfast"`, `US 2026-09-23 ics_event medium "Trade fair"`,
		}},
		// A floating weekly breakfast at 08:30 is on Wednesday in every market.
		{"a floating time is the market's wall clock", utc(2026, 3, 11, 12, 0),
			[]string{`JP 2026-03-11 ics_event medium "Team breakfast"`, `US 2026-03-11 ics_event medium "Team breakfast"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := icsHits(tt.launch, []string{"JP", "US"}, src, "Trade fair", "Team breakfast")
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("launch %s:\n  got  %q\n  want %q", tt.launch.Format(time.RFC3339), got, tt.want)
			}
		})
	}
}

func TestCheckYearlyRemembranceDays(t *testing.T) {
	events, err := parseFixture(t, "remembrance.ics")
	if err != nil {
		t.Fatal(err)
	}
	src := Sources{Calendars: []Calendar{{Name: "Remembrance", Market: "GB", Severity: SeverityHigh, Source: "https://example.org/remembrance.ics", Events: events}}}
	london := func(y int, m time.Month, d int) time.Time { return noonIn(t, "Europe/London", y, m, d) }
	tests := []struct {
		name   string
		launch time.Time
		want   []string
	}{
		{"second Sunday of November 2026", london(2026, 11, 8), []string{`GB 2026-11-08 ics_event high "Remembrance Sunday"`}},
		{"high severity flags the day after", london(2026, 11, 9), []string{`GB 2026-11-08 ics_event high "Remembrance Sunday" (-1 day)`}},
		{"two days after: nothing", london(2026, 11, 10), []string{`GB 2026-11-11 ics_event high "Armistice Day" (+1 day)`}},
		{"Armistice Day 2026", london(2026, 11, 11), []string{`GB 2026-11-11 ics_event high "Armistice Day"`}},
		{"EXDATE;VALUE=DATE removes 2025's", london(2025, 11, 11), nil},
		{"second Sunday of November 2027 is the 14th", london(2027, 11, 14), []string{`GB 2027-11-14 ics_event high "Remembrance Sunday"`}},
		{"the first Sunday of November 2027 is not it", london(2027, 11, 7), nil},
		{"other markets are not concerned", noonIn(t, "Europe/Paris", 2026, 11, 8), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			market := "GB"
			if tt.launch.Location().String() == "Europe/Paris" {
				market = "FR"
			}
			got := icsHits(tt.launch, []string{market}, src)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("launch %s:\n  got  %q\n  want %q", tt.launch.Format(time.RFC3339), got, tt.want)
			}
		})
	}
}

func TestParseICSReadsVTIMEZONE(t *testing.T) {
	events, err := parseFixture(t, "vtimezone.ics")
	if err != nil {
		t.Fatal(err)
	}
	byUID := map[string]Event{}
	for _, e := range events {
		byUID[e.UID] = e
	}
	if len(byUID) != 3 {
		t.Fatalf("got events %v; want 3", byUID)
	}
	// A zone defined by rules, as Outlook writes it, agrees with the tz database.
	tests := []struct {
		uid, iana string
		walls     []time.Time
	}{
		{"late-call-custom-zone@example.com", "Europe/Paris", []time.Time{
			time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC),
			time.Date(2026, 3, 29, 1, 59, 0, 0, time.UTC),
			time.Date(2026, 3, 29, 3, 0, 0, 0, time.UTC),
			time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC),
			time.Date(2026, 10, 25, 3, 30, 0, 0, time.UTC),
			time.Date(2030, 3, 31, 12, 0, 0, 0, time.UTC),
		}},
		// A rule ending with UNTIL in UTC east of Greenwich: its last onset counts.
		{"sydney@example.com", "Australia/Sydney", []time.Time{
			time.Date(2007, 3, 20, 12, 0, 0, 0, time.UTC),
			time.Date(2007, 7, 1, 12, 0, 0, 0, time.UTC),
			time.Date(2007, 11, 15, 12, 0, 0, 0, time.UTC),
			time.Date(2008, 4, 1, 12, 0, 0, 0, time.UTC),
			time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC),
			time.Date(2026, 10, 4, 3, 0, 0, 0, time.UTC),
		}},
	}
	for _, tt := range tests {
		custom, iana := byUID[tt.uid].Start.Location(), mustZone(t, tt.iana)
		for _, wall := range tt.walls {
			y, m, d := wall.Date()
			got := time.Date(y, m, d, wall.Hour(), wall.Minute(), 0, 0, custom)
			want := time.Date(y, m, d, wall.Hour(), wall.Minute(), 0, 0, iana)
			if !got.Equal(want) {
				t.Errorf("%s in %s's VTIMEZONE = %s; want %s as in %s", wall.Format("2006-01-02 15:04"), tt.uid, got.UTC(), want.UTC(), tt.iana)
			}
		}
	}
	mumbai := byUID["mumbai@example.com"]
	if want := time.Date(2026, 3, 25, 18, 30, 0, 0, time.UTC); !mumbai.Start.Equal(want) {
		t.Errorf("a fixed-offset VTIMEZONE: start %s; want %s", mumbai.Start.UTC(), want)
	}
	src := Sources{Calendars: []Calendar{{Name: "Partners", Market: AllMarkets, Source: "https://example.com/p.ics", Events: []Event{mumbai}}}}
	got := icsHits(utc(2026, 3, 25, 20, 0), []string{"IN", "GB"}, src)
	want := []string{`IN 2026-03-26 ics_event medium "Mumbai partner call"`, `GB 2026-03-25 ics_event medium "Mumbai partner call"`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q; want %q", got, want)
	}
}

func TestParseICSRefusesRulesItCannotExpandSafely(t *testing.T) {
	start := time.Now()
	events, err := parseFixture(t, "hostile.ics")
	var skipped *SkippedEventsError
	if !errors.As(err, &skipped) {
		t.Fatalf("err = %v; want a *SkippedEventsError", err)
	}
	if skipped.Skipped != 5 {
		t.Errorf("Skipped = %d; want 5: %v", skipped.Skipped, err)
	}
	for _, reason := range []string{
		`"Every second" on line 4: RRULE on line 8: FREQ=SECONDLY repeats within a day`,
		`"Hour that never comes" on line 10: RRULE on line 14: FREQ=HOURLY repeats within a day`,
		`"Sixth Monday" on line 16: RRULE on line 20: BYDAY=+6MO: a month has at most five of each weekday`,
		`"Every minute" on line 22: RRULE on line 26: BYHOUR, BYMINUTE and BYSECOND give 288 times a day`,
		`"Not in RFC 5545" on line 28: RRULE on line 32: BYEASTER is not a rule part of RFC 5545`,
	} {
		if !strings.Contains(err.Error(), reason) {
			t.Errorf("error %q does not mention %q", err, reason)
		}
	}
	var uids []string
	for _, e := range events {
		uids = append(uids, e.UID)
	}
	if want := "thirtieth-of-february daily-forever sound"; strings.Join(uids, " ") != want {
		t.Errorf("events = %v; want %s", uids, want)
	}

	src := Sources{Calendars: []Calendar{{Name: "Hostile", Market: AllMarkets, Severity: SeverityHigh, Source: "https://example.com/h.ics", Events: events}}}
	tests := []struct {
		launch time.Time
		want   []string
	}{
		// The rule that never matches flags nothing; the Tuesday rule flags the day after.
		{utc(2026, 3, 2, 12, 0), []string{`GB 2026-03-03 ics_event high "Daily since year 1" (+1 day)`}},
		{utc(2026, 2, 28, 12, 0), nil},
		// A daily rule from year 1 is expanded around the launch only: Tuesday 3 March.
		{utc(2026, 3, 4, 12, 0), []string{
			`GB 2026-03-04 ics_event high "Launch rehearsal"`,
			`GB 2026-03-03 ics_event high "Daily since year 1" (-1 day)`,
		}},
		{utc(2026, 3, 10, 12, 0), []string{`GB 2026-03-10 ics_event high "Daily since year 1"`}},
	}
	for _, tt := range tests {
		got := icsHits(tt.launch, []string{"GB"}, src)
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("launch %s:\n  got  %q\n  want %q", tt.launch.Format(time.RFC3339), got, tt.want)
		}
	}
	// Generous: the point is that nothing loops until year 9999 or forever.
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("parsing and checking the hostile feed took %s", took)
	}
}

func TestParseICSBoundsRecurringEvents(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\n")
	for i := range MaxRecurringEvents + 3 {
		// Rules that never match a day: the worst case for an RRULE library that iterates
		// from DTSTART until it finds one.
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:%d\r\nSUMMARY:Never %d\r\nDTSTART:00010101T000000Z\r\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31\r\nEND:VEVENT\r\n", i, i)
	}
	b.WriteString("END:VCALENDAR\r\n")
	start := time.Now()
	events, err := ParseICS(strings.NewReader(b.String()))
	var skipped *SkippedEventsError
	if !errors.As(err, &skipped) || skipped.Skipped != 3 || !strings.Contains(err.Error(), "more than 1000 recurring events") {
		t.Fatalf("err = %v; want 3 skipped for being over the limit", err)
	}
	if len(events) != MaxRecurringEvents {
		t.Errorf("got %d events; want %d", len(events), MaxRecurringEvents)
	}
	src := Sources{Calendars: []Calendar{{Name: "Never", Market: AllMarkets, Events: events}}}
	if got := icsHits(utc(2026, 2, 27, 12, 0), []string{"GB", "JP", "US"}, src); len(got) != 0 {
		t.Errorf("got hits %q; want none", got)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("took %s", took)
	}
}

func TestParseICSRejectsBadRecurrenceAndKeepsTheRest(t *testing.T) {
	feed := func(props string) string {
		return "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:bad\nSUMMARY:Bad\nDTSTART:20260105T090000Z\n" + props +
			"\nEND:VEVENT\nBEGIN:VEVENT\nUID:good\nSUMMARY:Good\nDTSTART:20260105T090000Z\nEND:VEVENT\nEND:VCALENDAR\n"
	}
	tests := []struct{ props, wantErr string }{
		{"RRULE:FREQ=FORTNIGHTLY", "undefined frequency: FORTNIGHTLY"},
		{"RRULE:BYDAY=MO", "FREQ is required"},
		{"RRULE:FREQ=WEEKLY;BYDAY=XX", "undefined weekday"},
		{"RRULE:FREQ=MONTHLY;BYMONTHDAY=32", "bymonthday must be between 1 and 31"},
		{"RRULE:FREQ=WEEKLY;COUNT=0", "COUNT=0 is not a positive number"},
		{"RRULE:FREQ=WEEKLY;INTERVAL=5000", "INTERVAL=5000 is not between 1 and 1000"},
		{"RRULE:FREQ=WEEKLY;UNTIL=2026-12-31", `UNTIL: "2026-12-31" is not a date-time`},
		{"RRULE:FREQ=WEEKLY;FREQ=DAILY", "FREQ appears twice"},
		{"RRULE:FREQ=WEEKLY\nRRULE:FREQ=DAILY", "RRULE appears twice"},
		{"RRULE:FREQ=WEEKLY\nEXDATE:20260112", ""},
		{"RRULE:FREQ=WEEKLY\nEXDATE:2026-01-12", `EXDATE on line 7: "2026-01-12" is not a date-time`},
		{"RDATE;VALUE=PERIOD:20260112T090000Z/20260112T080000Z", "ends before it starts"},
		{"RDATE;VALUE=PERIOD:20260112T090000Z/PT1H", ""},
		{"RECURRENCE-ID:2026-01-12", "RECURRENCE-ID:"},
	}
	for _, tt := range tests {
		t.Run(tt.props, func(t *testing.T) {
			events, err := ParseICS(strings.NewReader(feed(tt.props)))
			if tt.wantErr == "" {
				if err != nil || len(events) != 2 {
					t.Fatalf("got %d events, %v; want 2, no error", len(events), err)
				}
				return
			}
			var skipped *SkippedEventsError
			if !errors.As(err, &skipped) || skipped.Skipped != 1 || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v; want one skipped event, mentioning %q", err, tt.wantErr)
			}
			if len(events) != 1 || events[0].UID != "good" {
				t.Errorf("events = %+v; want the good one only", events)
			}
		})
	}
}

func TestOccurrencesOfOneWeek(t *testing.T) {
	events, err := parseFixture(t, "recurring.ics")
	if err != nil {
		t.Fatal(err)
	}
	paris := mustZone(t, "Europe/Paris")
	byUID := map[string]Event{}
	for _, e := range events {
		byUID[e.UID] = e
	}
	from, to := time.Date(2026, 5, 24, 0, 0, 0, 0, paris), time.Date(2026, 6, 2, 0, 0, 0, 0, paris)
	var got []string
	for _, inst := range byUID["all-hands@example.com"].occurrences(from, to) {
		got = append(got, inst.Start.In(paris).Format("Mon 2006-01-02 15:04 ")+inst.Summary)
	}
	want := []string{"Tue 2026-05-26 10:00 All-hands (moved for Whit Monday)", "Mon 2026-06-01 10:00 All-hands"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("instances = %q; want %q", got, want)
	}
	// An override whose series is not in the feed stands on its own.
	orphan, err := ParseICS(strings.NewReader("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nRECURRENCE-ID:20260105T090000Z\nSUMMARY:Moved\nDTSTART:20260106T090000Z\nEND:VEVENT\nEND:VCALENDAR\n"))
	if err != nil || len(orphan) != 1 || orphan[0].Summary != "Moved" {
		t.Errorf("orphan override = %+v, %v; want it as an event", orphan, err)
	}
}

// TestExpansionIsSafeForConcurrentUse shares parsed recurring events between checks, as
// the timing checks of two campaigns may. (Not JP: rickar/cal v2.1.13 computes Japan's
// equinox holidays by writing to its shared Holiday values.)
func TestExpansionIsSafeForConcurrentUse(t *testing.T) {
	events, err := parseFixture(t, "recurring.ics")
	if err != nil {
		t.Fatal(err)
	}
	src := Sources{Calendars: []Calendar{{Name: "Company", Market: AllMarkets, Events: events}}}
	want := icsHits(utc(2026, 3, 2, 12, 0), []string{"FR", "US"}, src)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := icsHits(utc(2026, 3, 2, 12, 0), []string{"FR", "US"}, src); strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("concurrent check = %q; want %q", got, want)
			}
		})
	}
	wg.Wait()
}
