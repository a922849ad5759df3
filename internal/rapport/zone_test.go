package rapport

import (
	"strings"
	"testing"
)

func TestParseTimeZone(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{in: "", want: ""},
		{in: "  ", want: ""},
		{in: "Europe/Paris", want: "Europe/Paris"},
		{in: " america/new_york ", want: "America/New_York"},
		{in: "EUROPE/LONDON", want: "Europe/London"},
		{in: "asia/ho_chi_minh", want: "Asia/Ho_Chi_Minh"},
		{in: "UTC", want: "UTC"},
		{in: "Asia/Kolkata", want: "Asia/Kolkata"},
		{in: "Local", wantErr: "the server's zone"},
		{in: "UTC+2", wantErr: `"UTC+2" is an offset`},
		{in: "+01:00", wantErr: "is an offset"},
		{in: "GMT-05:00", wantErr: "is an offset"},
		{in: "EST", wantErr: `"EST" is an abbreviation`},
		{in: "CEST", wantErr: "is an abbreviation"},
		{in: "Paris", wantErr: `unknown time zone "Paris"; use an IANA name such as Europe/Paris`},
		{in: "Europe/Pariss", wantErr: "unknown time zone"},
		{in: "../etc/passwd", wantErr: "unknown time zone"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTimeZone(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseTimeZone(%q) = %v, %v; want error %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			name := ""
			if got != nil {
				name = got.String()
			}
			if err != nil || name != tt.want {
				t.Errorf("ParseTimeZone(%q) = %q, %v; want %q", tt.in, name, err, tt.want)
			}
		})
	}
}
