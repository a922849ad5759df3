package csvimport

import (
	"strings"
	"testing"
	"time"
)

func TestParsePeriodEnd(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"2024-01-31", "2024-01-31"},
		{" 2024-1-5 ", "2024-01-05"},
		{"2024/01/31", "2024-01-31"},
		{"2024-01-31T23:30:00-08:00", "2024-01-31"}, // the date as written, not UTC's
		{"2024-01-31T00:00:00.000Z", "2024-01-31"},
		{"2024-01-31 12:00:00", "2024-01-31"},
		{"2024-01", "2024-01-31"},
		{"2024-02", "2024-02-29"},
		{"2023-02", "2023-02-28"},
		{"2024/12", "2024-12-31"},
		{"Jan 2024", "2024-01-31"},
		{"jan 2024", "2024-01-31"},
		{"JANUARY 2024", "2024-01-31"},
		{"Sept 2024", "2024-09-30"},
		{"Apr-2024", "2024-04-30"},
		{"5 Mar 2024", "2024-03-05"},
		{"March 5, 2024", "2024-03-05"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePeriodEnd(tt.in)
			if err != nil {
				t.Fatalf("ParsePeriodEnd(%q): %v", tt.in, err)
			}
			if got.Location() != time.UTC || got.Hour() != 0 || got.Minute() != 0 {
				t.Errorf("ParsePeriodEnd(%q) = %v, want UTC midnight", tt.in, got)
			}
			if d := got.Format(time.DateOnly); d != tt.want {
				t.Errorf("ParsePeriodEnd(%q) = %s, want %s", tt.in, d, tt.want)
			}
		})
	}
}

func TestParsePeriodEndRejects(t *testing.T) {
	tests := []struct {
		in         string
		wantReason string
	}{
		{"", "is empty"},
		{"02/01/2024", `"02/01/2024" is ambiguous: 2024-01-02 or 2024-02-01? write dates as YYYY-MM-DD`},
		{"2.1.2024", "ambiguous"},
		{"13/01/2024", "write dates as YYYY-MM-DD (2024-01-13)"},
		{"01/13/2024", "write dates as YYYY-MM-DD (2024-01-13)"},
		{"01/13/24", "2024-01-13"},
		{"2024-02-31", "not a calendar date"},
		{"2024-13", "not a date"},
		{"Jan-24", "not a date"}, // Excel's month format: day 24 or year 2024?
		{"2024", "not a date"},
		{"last month", "not a date"},
		{"1900-01-01", "before 2000"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePeriodEnd(tt.in)
			if err == nil {
				t.Fatalf("ParsePeriodEnd(%q) = %v, want an error", tt.in, got)
			}
			if !strings.Contains(err.Error(), tt.wantReason) {
				t.Errorf("ParsePeriodEnd(%q) error %q, want it to mention %q", tt.in, err, tt.wantReason)
			}
		})
	}
}
