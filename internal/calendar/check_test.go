package calendar

import (
	"strings"
	"testing"
	"time"
)

func hitStrings(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.String()
	}
	return out
}

func utc(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, time.UTC)
}

func TestCheckJudgesEachMarketOnItsLocalDate(t *testing.T) {
	shipped, err := ShippedSensitiveDates()
	if err != nil {
		t.Fatal(err)
	}
	sensitive := Sources{Sensitive: shipped}
	tests := []struct {
		name    string
		launch  time.Time
		markets []string
		src     Sources
		want    []string
	}{
		{
			name:    "23:30 UTC is already the next day, a holiday, in Tokyo but not in New York",
			launch:  utc(2026, 11, 22, 23, 30),
			markets: []string{"US", "JP"},
			want:    []string{`JP 2026-11-23 public_holiday medium "Labor Thanksgiving Day"`},
		},
		{
			name:    "23:30 UTC the evening before: nothing anywhere",
			launch:  utc(2026, 11, 21, 23, 30),
			markets: []string{"US", "JP"},
			want:    nil,
		},
		{
			name:    "Thanksgiving: 03:00 UTC on the 27th is still Thanksgiving evening in New York",
			launch:  utc(2026, 11, 27, 3, 0),
			markets: []string{"US", "GB"},
			src:     sensitive,
			want: []string{
				`US 2026-11-26 public_holiday medium "Thanksgiving Day"`,
				`GB 2026-11-27 sensitive_date low "Black Friday to Cyber Monday 2026"`,
			},
		},
		{
			name:    "Christmas across markets: a holiday in most, not in Japan, unknown in Mexico",
			launch:  utc(2026, 12, 25, 10, 0),
			markets: []string{"US", "GB", "FR", "DE", "JP", "MX"},
			want: []string{
				`US 2026-12-25 public_holiday medium "Christmas Day"`,
				`GB 2026-12-25 public_holiday medium "Christmas Day"`,
				`FR 2026-12-25 public_holiday medium "Noël"`,
				`DE 2026-12-25 public_holiday medium "Weihnachtstag"`,
				`MX 2026-12-25 not_checked low "Public holidays in Mexico not checked: no holiday data for this market"`,
			},
		},
		{
			name:    "a market without holiday data still gets its sensitive dates",
			launch:  utc(2026, 11, 26, 12, 0),
			markets: []string{"IN"},
			src:     sensitive,
			// The low-severity Black Friday row the next day is not flagged a day early.
			want: []string{
				`IN 2026-11-26 sensitive_date high "26/11 Mumbai attacks anniversary"`,
				`IN 2026-11-26 not_checked low "Public holidays in India not checked: no holiday data for this market"`,
			},
		},
		{
			name:    "unknown markets are reported, duplicates and aliases counted once",
			launch:  utc(2026, 6, 10, 12, 0),
			markets: []string{"XX", "gb", "GB", "uk", " xx "},
			want:    []string{`XX 2026-06-10 not_checked medium "Unknown market \"XX\": no holidays, sensitive dates or calendars were checked"`},
		},
		{
			name:    "the day after a high-severity date is flagged; the day after a medium one is not",
			launch:  utc(2026, 11, 12, 9, 0),
			markets: []string{"GB", "BE", "FR"},
			src:     sensitive,
			want: []string{
				`GB 2026-11-11 sensitive_date high "Remembrance Day (Armistice Day)" (-1 day)`,
				`FR 2026-11-11 sensitive_date high "Armistice de 1918" (-1 day)`,
				`FR 2026-11-13 sensitive_date high "13 November 2015 Paris attacks anniversary" (+1 day)`,
			},
		},
		{
			name:    "the day before a high-severity date is flagged",
			launch:  utc(2026, 5, 3, 12, 0),
			markets: []string{"NL"},
			src:     sensitive,
			want:    []string{`NL 2026-05-04 sensitive_date high "Nationale Dodenherdenking" (+1 day)`},
		},
		{
			name:    "a global date lands on different sides of midnight in different markets",
			launch:  utc(2027, 1, 26, 23, 30),
			markets: []string{"JP", "US"},
			src:     sensitive,
			want: []string{
				`JP 2027-01-27 sensitive_date high "International Holocaust Remembrance Day"`,
				`US 2027-01-27 sensitive_date high "International Holocaust Remembrance Day" (+1 day)`,
			},
		},
		{
			name:    "an early-morning launch in Tokyo is the day after the 11 March anniversary",
			launch:  utc(2026, 3, 11, 16, 0),
			markets: []string{"JP"},
			src:     sensitive,
			want:    []string{`JP 2026-03-11 sensitive_date high "Great East Japan Earthquake anniversary" (-1 day)`},
		},
		{
			name:    "a shipped row switched off with severity none",
			launch:  utc(2026, 2, 14, 12, 0),
			markets: []string{"GB"},
			src: Sources{Sensitive: []SensitiveDate{
				{Name: "Valentine's Day", Market: AllMarkets, Month: 2, Day: 14, Days: 1, Severity: SeverityNone, Source: "team"},
			}},
			want: nil,
		},
		{
			name:    "multi-day span covering launch day",
			launch:  utc(2026, 11, 29, 12, 0),
			markets: []string{"DE"},
			src:     sensitive,
			want:    []string{`DE 2026-11-29 sensitive_date low "Black Friday to Cyber Monday 2026"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := hitStrings(Check(tt.launch, tt.markets, tt.src))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Check(%s, %v) =\n  %s\nwant\n  %s", tt.launch.Format(time.RFC3339), tt.markets,
					strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestCheckOrdersHitsByMarketThenDayThenSeverity(t *testing.T) {
	src := Sources{Sensitive: []SensitiveDate{
		{Name: "Crowded", Market: "GB", Month: 12, Day: 25, Days: 1, Severity: SeverityLow, Source: "s"},
		{Name: "Mourning", Market: "GB", Month: 12, Day: 24, Days: 1, Severity: SeverityHigh, Source: "s"},
		{Name: "Solemn", Market: "GB", Month: 12, Day: 25, Days: 1, Severity: SeverityHigh, Source: "s"},
	}}
	got := hitStrings(Check(utc(2026, 12, 25, 12, 0), []string{"JP", "GB", "US"}, src))
	want := []string{
		`GB 2026-12-25 sensitive_date high "Solemn"`,
		`GB 2026-12-25 public_holiday medium "Christmas Day"`,
		`GB 2026-12-25 sensitive_date low "Crowded"`,
		`GB 2026-12-24 sensitive_date high "Mourning" (-1 day)`,
		`US 2026-12-25 public_holiday medium "Christmas Day"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestCheckMatchesICSEventsOnTheMarketsLocalDate(t *testing.T) {
	zoned, err := parseFixture(t, "tzid.ics")
	if err != nil {
		t.Fatal(err)
	}
	allDay, err := parseFixture(t, "allday.ics")
	if err != nil {
		t.Fatal(err)
	}
	src := Sources{Calendars: []Calendar{
		{Name: "Global launches", Market: AllMarkets, Source: "https://example.com/global.ics", Events: zoned},
		{Name: "Mexico holidays", Market: "MX", Severity: SeverityHigh, Source: "https://example.com/mx.ics", Events: allDay},
		{Name: "Muted", Market: AllMarkets, Severity: SeverityNone, Source: "https://example.com/muted.ics", Events: allDay},
	}}
	tests := []struct {
		name    string
		launch  time.Time
		markets []string
		want    []string
	}{
		{
			// 20:00 in New York on the 25th is the 26th in Tokyo; the UTC event at 23:30 on
			// the 26th is the 27th in Tokyo; the floating breakfast is the 26th everywhere.
			name:    "Tokyo on 26 November",
			launch:  utc(2026, 11, 26, 3, 0),
			markets: []string{"JP"},
			want: []string{
				`JP 2026-11-26 ics_event medium "Local breakfast event"`,
				`JP 2026-11-26 ics_event medium "New York evening livestream"`,
				`JP 2026-11-26 ics_event medium "Tokyo partner briefing"`,
			},
		},
		{
			name:    "New York on 25 November",
			launch:  utc(2026, 11, 25, 22, 0),
			markets: []string{"US"},
			want: []string{
				`US 2026-11-25 ics_event medium "New York evening livestream"`,
				`US 2026-11-25 ics_event medium "Tokyo partner briefing"`,
			},
		},
		{
			name:    "a high-severity feed flags the day after its all-day event, in its market only",
			launch:  utc(2026, 11, 15, 18, 0), // 12:00 in Mexico City
			markets: []string{"MX", "ES"},
			want: []string{
				`MX 2026-11-15 not_checked low "Public holidays in Mexico not checked: no holiday data for this market"`,
				`MX 2026-11-16 ics_event high "Día de la Revolución" (+1 day)`,
			},
		},
		{
			name:    "a multi-day all-day event covers launch day; global feeds apply too",
			launch:  utc(2026, 11, 25, 18, 0),
			markets: []string{"MX"},
			want: []string{
				`MX 2026-11-25 ics_event high "Trade fair"`,
				`MX 2026-11-25 ics_event medium "New York evening livestream"`,
				`MX 2026-11-25 ics_event medium "Tokyo partner briefing"`,
				`MX 2026-11-25 not_checked low "Public holidays in Mexico not checked: no holiday data for this market"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := Check(tt.launch, tt.markets, src)
			got := hitStrings(hits)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			for _, h := range hits {
				if h.Kind == KindICSEvent && (!strings.HasPrefix(h.Source, "https://example.com/") || !strings.HasPrefix(h.Note, "from the calendar ")) {
					t.Errorf("hit %v lacks its feed as evidence: %+v", h, h)
				}
			}
		})
	}
}
