package cadence

import (
	"strings"
	"testing"
	"time"
)

func TestParseQuietHours(t *testing.T) {
	tests := []struct {
		in      string
		want    string // canonical form
		wantErr string
	}{
		{"", "", ""},
		{"   ", "", ""},
		{"19:00-09:00", "19:00-09:00", ""},
		{" 22:30 - 7:00 ", "22:30-07:00", ""},
		{"22:30–07:00", "22:30-07:00", ""}, // en dash, as pasted from docs
		{"09:00-17:00", "09:00-17:00", ""},
		{"00:00-23:59", "00:00-23:59", ""},
		{"19:00", "", `want start-end in 24-hour time`},
		{"19-09", "", `start "19" is not a time of day like 09:00`},
		{"19:00-9", "", `end "9" is not a time of day like 09:00`},
		{"7pm-9am", "", `start "7pm" is not a time of day`},
		{"25:00-09:00", "", `start "25:00": hour 25 is past 23`},
		{"19:00-09:60", "", `end "09:60": minute 60 is past 59`},
		{"22:00-24:00", "", `end "24:00": write midnight as 00:00`},
		{"+1:00-09:00", "", `is not a time of day`},
		{"19:00-09:00-10:00", "", `end "09:00-10:00" is not a time of day`},
		{"09:00-09:00", "", `start and end are both 09:00; use "" for no quiet hours`},
		{"019:00-09:00", "", `is not a time of day`},
	}
	for _, tt := range tests {
		q, err := ParseQuietHours(tt.in)
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseQuietHours(%q) error = %v; want one containing %q", tt.in, err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "quiet hours") {
				t.Errorf("ParseQuietHours(%q) error %q does not say it is about quiet hours", tt.in, err)
			}
		case err != nil:
			t.Errorf("ParseQuietHours(%q): %v", tt.in, err)
		case q.String() != tt.want:
			t.Errorf("ParseQuietHours(%q) = %q; want %q", tt.in, q, tt.want)
		}
	}
}

func TestQuietHoursContains(t *testing.T) {
	day := func(hh, mm, ss int) time.Time { return time.Date(2026, 11, 25, hh, mm, ss, 0, time.UTC) }
	tests := []struct {
		quiet string
		t     time.Time
		want  bool
	}{
		// Crossing midnight: 19:00 is quiet, 09:00 is not.
		{"19:00-09:00", day(18, 59, 59), false},
		{"19:00-09:00", day(19, 0, 0), true},
		{"19:00-09:00", day(23, 59, 59), true},
		{"19:00-09:00", day(0, 0, 0), true},
		{"19:00-09:00", day(8, 59, 59), true},
		{"19:00-09:00", day(9, 0, 0), false},
		{"19:00-09:00", day(12, 0, 0), false},
		// Within one day.
		{"09:00-17:00", day(8, 59, 0), false},
		{"09:00-17:00", day(9, 0, 0), true},
		{"09:00-17:00", day(16, 59, 59), true},
		{"09:00-17:00", day(17, 0, 0), false},
		// Starting at midnight.
		{"00:00-06:30", day(0, 0, 0), true},
		{"00:00-06:30", day(6, 29, 0), true},
		{"00:00-06:30", day(6, 30, 0), false},
		{"00:00-06:30", day(23, 59, 0), false},
		// None.
		{"", day(3, 0, 0), false},
	}
	for _, tt := range tests {
		if got := mustQuiet(tt.quiet).Contains(tt.t); got != tt.want {
			t.Errorf("%q.Contains(%s) = %v; want %v", tt.quiet, tt.t.Format("15:04:05"), got, tt.want)
		}
	}
}

func TestQuietHoursReadsTheGivenZone(t *testing.T) {
	q := mustQuiet("19:00-09:00")
	// One instant: midnight going into Thursday in Tokyo, 10:00 on Wednesday in New York.
	if !q.Contains(wed.In(tokyo)) {
		t.Error("00:00 in Tokyo should be quiet")
	}
	if q.Contains(wed.In(newYork)) {
		t.Error("10:00 in New York should not be quiet")
	}
}

func TestQuietHoursText(t *testing.T) {
	var q QuietHours
	if err := q.UnmarshalText([]byte("21:15-6:45")); err != nil {
		t.Fatal(err)
	}
	b, _ := q.MarshalText()
	if string(b) != "21:15-06:45" || q.Duration() != 9*time.Hour+30*time.Minute {
		t.Errorf("round trip = %q, duration %v", b, q.Duration())
	}
	if err := q.UnmarshalText([]byte("nonsense")); err == nil {
		t.Error("UnmarshalText accepted nonsense")
	}
	if (QuietHours{}).Duration() != 0 || !(QuietHours{}).IsZero() {
		t.Error("zero QuietHours should be none")
	}
}

// FuzzParseQuietHours checks that any input either fails with an error about quiet hours or
// parses to a value that prints canonically, reads back the same, and is quiet for exactly
// its duration each day.
func FuzzParseQuietHours(f *testing.F) {
	for _, s := range []string{"", "19:00-09:00", "9:00-17:00", "22:30–07:00", "00:00-00:00", "24:00-01:00", "1:2-3:4", "-", "::-::", "٠٩:٠٠-١٧:٠٠", "19:00-09:00\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuietHours(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "quiet hours ") {
				t.Fatalf("error %q does not say it is about quiet hours", err)
			}
			return
		}
		again, err := ParseQuietHours(q.String())
		if err != nil || again != q {
			t.Fatalf("%q parsed to %q, which reads back as %q, %v", s, q, again, err)
		}
		if q.IsZero() != (strings.TrimSpace(s) == "") {
			t.Fatalf("%q parsed to %q: zero only for blank input", s, q)
		}
		quiet := 0
		for m := range minutesPerDay {
			if q.Contains(time.Date(2026, 1, 1, m/60, m%60, 30, 0, time.UTC)) {
				quiet++
			}
		}
		if time.Duration(quiet)*time.Minute != q.Duration() {
			t.Fatalf("%q is quiet %d minutes a day; Duration says %v", q, quiet, q.Duration())
		}
	})
}
