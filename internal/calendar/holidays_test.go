package calendar

import (
	"errors"
	"strings"
	"testing"
)

func holidayNames(hits []Hit) string {
	var names []string
	for _, h := range hits {
		names = append(names, h.Name)
	}
	return strings.Join(names, ", ")
}

func TestHolidays(t *testing.T) {
	tests := []struct {
		name   string
		market string
		day    Date
		want   string // names, comma-separated; "" for none
	}{
		// Thanksgiving moves: the fourth Thursday of November.
		{"Thanksgiving 2026", "US", Date{2026, 11, 26}, "Thanksgiving Day"},
		{"Thanksgiving 2027", "US", Date{2027, 11, 25}, "Thanksgiving Day"},
		{"Thanksgiving 2025", "us", Date{2025, 11, 27}, "Thanksgiving Day"},
		{"the day after Thanksgiving is not a federal holiday", "US", Date{2026, 11, 27}, ""},
		{"a week after Thanksgiving 2027 falls where 2026's did not", "US", Date{2027, 11, 26}, ""},
		{"Canadian Thanksgiving is in October", "CA", Date{2026, 10, 12}, "Thanksgiving Day"},
		{"Labor Thanksgiving Day in Japan", "JP", Date{2026, 11, 23}, "Labor Thanksgiving Day"},

		// Christmas across markets, on a Friday.
		{"Christmas US", "US", Date{2026, 12, 25}, "Christmas Day"},
		{"Christmas GB", "GB", Date{2026, 12, 25}, "Christmas Day"},
		{"Christmas FR", "FR", Date{2026, 12, 25}, "Noël"},
		{"Christmas DE", "DE", Date{2026, 12, 25}, "Weihnachtstag"},
		{"Christmas BR", "BR", Date{2026, 12, 25}, "Natal"},
		{"Christmas AU", "AU", Date{2026, 12, 25}, "Christmas Day"},
		{"Christmas is not a public holiday in Japan", "JP", Date{2026, 12, 25}, ""},
		{"Boxing Day GB", "GB", Date{2026, 12, 26}, "Boxing Day"},
		{"no Boxing Day in the US", "US", Date{2026, 12, 26}, ""},
		{"Christmas Eve is a working day in FR", "FR", Date{2026, 12, 24}, ""},

		// Christmas on a Saturday: the day off moves, and both days are reported.
		{"Christmas 2027 itself", "US", Date{2027, 12, 25}, "Christmas Day"},
		{"Christmas 2027 observed on Friday in the US", "US", Date{2027, 12, 24}, "Christmas Day (observed)"},
		{"Christmas 2027 observed on Monday in GB", "GB", Date{2027, 12, 27}, "Christmas Day (observed)"},
		{"Boxing Day 2027 observed on Tuesday in GB", "GB", Date{2027, 12, 28}, "Boxing Day (observed)"},
		{"France does not move holidays", "FR", Date{2027, 12, 27}, ""},
		// Observed in the year before: 1 January 2028 is a Saturday.
		{"New Year's Day 2028 observed on 31 December 2027", "US", Date{2027, 12, 31}, "New Year's Day (observed)"},
		// Japan's substitute holiday when a holiday falls on Sunday.
		{"Constitution Memorial Day substitute", "JP", Date{2026, 5, 6}, "Constitution Memorial Day (observed)"},

		// Regional choices: Sydney (NSW) for AU, Zurich for CH, federal lists for DE.
		{"Anzac Day", "AU", Date{2026, 4, 25}, "ANZAC Day"},
		{"Melbourne Cup is Victorian only", "AU", Date{2026, 11, 3}, ""},
		{"Swiss National Day", "CH", Date{2026, 8, 1}, "Bundesfeiertag"},
		{"Josefstag is not a Zurich holiday", "CH", Date{2026, 3, 19}, ""},
		{"German Unity Day", "DE", Date{2026, 10, 3}, "Tag der Deutschen Einheit"},
		{"Fronleichnam is only in some German states", "DE", Date{2026, 6, 4}, ""},
		{"King's Day", "NL", Date{2026, 4, 27}, "Koningsdag"},
		{"Saint Patrick's Day", "IE", Date{2026, 3, 17}, "Saint Patrick's Day"},
		{"Carnaval", "BR", Date{2026, 2, 17}, "Carnaval"},
		{"an ordinary Wednesday", "IT", Date{2026, 11, 18}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := Holidays(tt.market, tt.day)
			if err != nil {
				t.Fatal(err)
			}
			if got := holidayNames(hits); got != tt.want {
				t.Errorf("Holidays(%s, %s) = %q; want %q", tt.market, tt.day, got, tt.want)
			}
			for _, h := range hits {
				if h.Kind != KindPublicHoliday || h.Severity != SeverityMedium || h.Date != tt.day || h.DaysFromLaunch != 0 ||
					!strings.HasPrefix(h.Source, "github.com/rickar/cal/v2/") || h.Market != strings.ToUpper(tt.market) {
					t.Errorf("hit = %+v", h)
				}
			}
		})
	}
}

func TestHolidaysSaysWhenItDoesNotKnow(t *testing.T) {
	tests := []struct {
		market  string
		wantErr error
		wantMsg string
	}{
		{"MX", ErrNoHolidayData, "Mexico (MX): no public-holiday data; check its holidays by hand"},
		{"IN", ErrNoHolidayData, "India (IN): no public-holiday data"},
		{"XX", ErrUnknownMarket, `unknown market "XX": use an ISO country code, one of US, GB,`},
		{"USA", ErrUnknownMarket, `unknown market "USA"`},
		{"", ErrUnknownMarket, `unknown market ""`},
	}
	for _, tt := range tests {
		// 16 September is Mexico's Independence Day: no data must not read as "no holiday".
		hits, err := Holidays(tt.market, Date{2026, 9, 16})
		if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) {
			t.Errorf("Holidays(%q) error = %v; want %v containing %q", tt.market, err, tt.wantErr, tt.wantMsg)
		}
		if hits != nil {
			t.Errorf("Holidays(%q) = %v; want no hits with an error", tt.market, hits)
		}
	}
}
