package risk

import (
	"testing"
	"time"
)

func TestDateRules(t *testing.T) {
	date := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name   string
		launch time.Time // the tests' launch when zero
		zones  map[string]*time.Location
		dates  []DateHit
		level  Level
		want   []string
	}{
		{
			name:  "public holiday on the market's launch day: amber",
			dates: []DateHit{{Market: "US", Date: date(11, 26), Name: "Thanksgiving Day", Kind: PublicHoliday}},
			level: Amber,
			want:  []string{"amber public_holiday: Launch day is a public holiday in US: Thanksgiving Day (Thu 26 Nov)", clear},
		},
		{
			name: "the same holiday in two markets is one reason",
			dates: []DateHit{
				{Market: "US", Date: date(12, 25), Name: "Christmas Day", Kind: PublicHoliday},
				{Market: "gb", Date: date(12, 25), Name: "Christmas Day", Kind: PublicHoliday},
			},
			launch: time.Date(2026, 12, 25, 9, 0, 0, 0, newYork),
			level:  Amber,
			want:   []string{"amber public_holiday: Launch day is a public holiday in GB, US: Christmas Day (Fri 25 Dec)", clear},
		},
		{
			name: "each market reads its own local launch date",
			// 21:00 on the 26th in New York is already the 27th in London.
			launch: time.Date(2026, 11, 26, 21, 0, 0, 0, newYork),
			zones:  map[string]*time.Location{"US": newYork, "gb": london},
			dates: []DateHit{
				{Market: "US", Date: date(11, 26), Name: "Thanksgiving Day", Kind: PublicHoliday},
				{Market: "GB", Date: date(11, 26), Name: "Quiet Thursday", Kind: PublicHoliday},
			},
			level: Amber,
			want: []string{
				"amber public_holiday: Launch day is a public holiday in US: Thanksgiving Day (Thu 26 Nov)",
				clear,
				"green public_holiday: Public holiday in GB the day before launch: Quiet Thursday (Thu 26 Nov)",
			},
		},
		{
			name:  "a market without a zone reads the launch in the campaign's zone",
			zones: map[string]*time.Location{"GB": tokyo},
			dates: []DateHit{{Market: "US", Date: date(11, 26), Name: "Thanksgiving Day", Kind: PublicHoliday}},
			level: Amber,
			want:  []string{"amber public_holiday: Launch day is a public holiday in US: Thanksgiving Day (Thu 26 Nov)", clear},
		},
		{
			name:  "curated sensitive date of high severity on launch day: red",
			dates: []DateHit{{Market: "GB", Date: date(11, 26), Name: "Day of mourning", Kind: SensitiveDate, Severity: SeverityHigh, URL: "https://dates.example/mourning"}},
			level: Red,
			want:  []string{"red sensitive_date: Launch day is a sensitive date in GB: Day of mourning (Thu 26 Nov, high severity)", clear},
		},
		{
			name: "sensitive dates of lower or no severity: amber",
			dates: []DateHit{
				{Market: "GB", Date: date(11, 26), Name: "Awareness day", Kind: SensitiveDate, Severity: SeverityMedium},
				{Market: "US", Date: date(11, 26), Name: "Anniversary", Kind: SensitiveDate},
			},
			level: Amber,
			want: []string{
				"amber sensitive_date: Launch day is a sensitive date in GB: Awareness day (Thu 26 Nov)",
				"amber sensitive_date: Launch day is a sensitive date in US: Anniversary (Thu 26 Nov)",
				clear,
			},
		},
		{
			name: "a day either side counts one level lower; further than NearbyDays is left out",
			dates: []DateHit{
				{Market: "US", Date: date(11, 25), Name: "Memorial", Kind: SensitiveDate, Severity: SeverityHigh},
				{Market: "US", Date: date(11, 27), Name: "Black Friday", Kind: PublicHoliday},
				{Market: "US", Date: date(11, 28), Name: "Fair", Kind: ICSEvent, Severity: SeverityLow},
				{Market: "US", Date: date(11, 29), Name: "Far away", Kind: SensitiveDate, Severity: SeverityHigh},
				{Market: "US", Date: date(11, 23), Name: "Far before", Kind: PublicHoliday},
			},
			level: Amber,
			want: []string{
				"amber sensitive_date: Sensitive date in US the day before launch: Memorial (Wed 25 Nov, high severity)",
				"green calendar_event: Calendar event in US 2 days after launch: Fair (Sat 28 Nov)",
				clear,
				"green public_holiday: Public holiday in US the day after launch: Black Friday (Fri 27 Nov)",
			},
		},
		{
			name: "calendar events: red when high severity, amber otherwise; a global one applies everywhere",
			dates: []DateHit{
				{Date: date(11, 26), Name: "Company blackout", Kind: ICSEvent, Severity: SeverityHigh},
				{Market: "US", Date: date(11, 26), Name: "Competitor launch", Kind: ICSEvent},
			},
			level: Red,
			want: []string{
				"red calendar_event: Launch day has a calendar event: Company blackout (Thu 26 Nov, high severity)",
				"amber calendar_event: Launch day has a calendar event in US: Competitor launch (Thu 26 Nov)",
				clear,
			},
		},
		{
			name: "a date listed for a market and for everywhere names no market",
			dates: []DateHit{
				{Market: "US", Date: date(11, 26), Name: "Blackout", Kind: ICSEvent},
				{Date: date(11, 26), Name: "Blackout", Kind: ICSEvent},
			},
			level: Amber,
			want:  []string{"amber calendar_event: Launch day has a calendar event: Blackout (Thu 26 Nov)", clear},
		},
		{
			name:  "a date in a market the campaign is not launching in is ignored",
			dates: []DateHit{{Market: "DE", Date: date(11, 26), Name: "Feiertag", Kind: PublicHoliday}},
			level: Green,
			want:  []string{clear},
		},
		{
			name:   "the year is shown when the date falls in another year than the launch",
			launch: time.Date(2027, 1, 1, 9, 0, 0, 0, newYork),
			dates:  []DateHit{{Market: "US", Date: date(12, 31), Name: "New Year's Eve", Kind: SensitiveDate, Severity: SeverityHigh}},
			level:  Amber,
			want:   []string{"amber sensitive_date: Sensitive date in US the day before launch: New Year's Eve (Thu 31 Dec 2026, high severity)", clear},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := input(func(in *Input) {
				in.Dates, in.Zones = tt.dates, tt.zones
				if !tt.launch.IsZero() {
					in.Launch = tt.launch
					in.Now = tt.launch.Add(-2 * time.Hour)
				}
			})
			checkAssess(t, in, tt.level, tt.want)
		})
	}
}

func TestDateEvidence(t *testing.T) {
	a := Assess(input(func(in *Input) {
		in.Dates = []DateHit{{Market: "GB", Date: time.Date(2026, 11, 26, 0, 0, 0, 0, london), Name: "Day of mourning",
			Kind: SensitiveDate, Severity: SeverityHigh, URL: "https://dates.example/mourning"}}
	}))
	if ev := a.Reasons[0].Evidence; len(ev) != 1 || ev[0].URL != "https://dates.example/mourning" || ev[0].Title != "Day of mourning" {
		t.Errorf("evidence = %+v", ev)
	}
}

func TestParseSeverity(t *testing.T) {
	for in, want := range map[string]Severity{"": 0, "low": SeverityLow, " Medium ": SeverityMedium, "HIGH": SeverityHigh} {
		if got, err := parseSeverity(in); err != nil || got != want {
			t.Errorf("parseSeverity(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := parseSeverity("critical"); err == nil {
		t.Error("parseSeverity accepted an unknown severity")
	}
}
