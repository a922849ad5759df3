package csvimport

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{in: "2024-03-01", want: "2024-03-01"},
		{in: "2024/3/1", want: "2024-03-01"},
		{in: "1 Mar 2024", want: "2024-03-01"},
		{in: "March 1, 2024", want: "2024-03-01"},
		{in: "2024-03-01T23:30:00-05:00", want: "2024-03-01"}, // the date as written
		{in: "", wantErr: "is empty"},
		{in: "2024-03", wantErr: `"2024-03" is a month; give the day too, like 2024-03-01`},
		{in: "Mar 2024", wantErr: "is a month"},
		{in: "2024-02-30", wantErr: "is not a calendar date"},
		{in: "03/04/2024", wantErr: "is ambiguous"},
		{in: "soon", wantErr: `"soon" is not a date (use 2024-01-31 or 31 Jan 2024)`},
		{in: "1999-12-31", wantErr: "is before 2000"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseDate(%q) = %v, %v; want error %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || !got.Equal(date(tt.want)) || got.Location() != time.UTC {
				t.Errorf("ParseDate(%q) = %v, %v; want %s UTC", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseLaunchAt(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in          string
		loc         *time.Location
		want        string // RFC 3339, UTC
		wantWarning string
		wantErr     string
	}{
		{in: "", loc: paris},
		{in: "2026-12-01T09:00", loc: paris, want: "2026-12-01T08:00:00Z"},
		{in: "2026-12-01 09:00", loc: paris, want: "2026-12-01T08:00:00Z"},
		{in: "2026-12-01 9:00", loc: paris, want: "2026-12-01T08:00:00Z"},
		{in: "2026-12-01 9:00 am", loc: paris, want: "2026-12-01T08:00:00Z"},
		{in: "2026-12-01 9 PM", loc: paris, want: "2026-12-01T20:00:00Z"},
		{in: "2026-07-01T09:00:30", loc: paris, want: "2026-07-01T07:00:30Z"},
		{in: "2026/7/1 09:00", loc: paris, want: "2026-07-01T07:00:00Z"},
		{in: "2026-12-01T09:00+01:00", want: "2026-12-01T08:00:00Z"},
		{in: "2026-12-01T09:00:00-05:00", loc: paris, want: "2026-12-01T14:00:00Z",
			wantWarning: "has offset -05:00, but Europe/Paris is at +01:00 then"},
		{in: "2026-12-01T08:00Z", loc: paris, want: "2026-12-01T08:00:00Z"},
		{in: "2026-03-29T02:30", loc: paris, wantErr: "clocks jump from 02:00 to 03:00"},
		{in: "2026-03-29T03:00", loc: paris, want: "2026-03-29T01:00:00Z"},
		{in: "2026-03-29T01:59", loc: paris, want: "2026-03-29T00:59:00Z"},
		{in: "2026-10-25T02:30", loc: paris, want: "2026-10-25T00:30:00Z", wantWarning: "happens twice"},
		{in: "2026-10-25T03:00", loc: paris, want: "2026-10-25T02:00:00Z"},
		{in: "2026-12-01T09:00", wantErr: "is a local time with no time zone"},
		{in: "2026-12-01", loc: paris, wantErr: "has no time of day"},
		{in: "2026-02-30T09:00", loc: paris, wantErr: "is not a date and time"},
		{in: "1999-12-01T09:00", loc: paris, wantErr: "is before 2000"},
		{in: "next tuesday", loc: paris, wantErr: "is not a date and time"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, warning, err := ParseLaunchAt(tt.in, tt.loc)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseLaunchAt(%q) = %v, %v; want error %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseLaunchAt(%q): %v", tt.in, err)
			}
			if tt.want == "" {
				if !got.IsZero() {
					t.Errorf("ParseLaunchAt(%q) = %v, want zero", tt.in, got)
				}
				return
			}
			if !got.Equal(utc(tt.want)) || got.Location() != time.UTC {
				t.Errorf("ParseLaunchAt(%q) = %v, want %s", tt.in, got, tt.want)
			}
			if (tt.wantWarning == "") != (warning == "") || !strings.Contains(warning, tt.wantWarning) {
				t.Errorf("ParseLaunchAt(%q) warning %q, want %q", tt.in, warning, tt.wantWarning)
			}
		})
	}
}

func TestParseLaunchAtNeedsZone(t *testing.T) {
	_, _, err := ParseLaunchAt("2026-12-01 09:00", nil)
	if !errors.Is(err, ErrNoTimeZone) {
		t.Errorf("err = %v, want ErrNoTimeZone", err)
	}
}

func TestParseChannelID(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{in: "", want: ""},
		{in: "C024BE91L", want: "C024BE91L"},
		{in: "C05ABCD1234", want: "C05ABCD1234"},
		{in: "G0PRIVATE1", want: "G0PRIVATE1"},
		{in: "C0LAUNCH", want: "C0LAUNCH"},
		{in: "<#C024BE91L|launch-spring>", want: "C024BE91L"},
		{in: "<#C024BE91L>", want: "C024BE91L"},
		{in: "https://acme.slack.com/archives/C024BE91L", want: "C024BE91L"},
		{in: "https://acme.slack.com/archives/C024BE91L/p1700000000000100?thread_ts=1", want: "C024BE91L"},
		{in: "#launch-spring", wantErr: "looks like a channel name"},
		{in: "launch-spring", wantErr: "looks like a channel name"},
		{in: "TikTok", wantErr: `"TikTok" is a platform`},
		{in: "U024BE7LH", wantErr: "is a person's ID"},
		{in: "c024be91l", wantErr: "looks like a channel name"},
		{in: "C0", wantErr: "is not a Slack channel ID"},
		{in: "C024BE91L-X", wantErr: "is not a Slack channel ID"},
		{in: "D024BE91L", wantErr: "is not a Slack channel ID"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseChannelID(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseChannelID(%q) = %q, %v; want error %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseChannelID(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseSpend(t *testing.T) {
	tests := []struct {
		in           string
		want         rapport.Quantity
		wantCurrency string
		wantErr      string
	}{
		{in: "", want: rapport.Unknown},
		{in: "n/a", want: rapport.Unknown},
		{in: "5000", want: k(5000)},
		{in: "0", want: k(0)},
		{in: "5,000.50", want: k(5000.5)},
		{in: "$5,000", want: k(5000), wantCurrency: "$"},
		{in: "5000 EUR", want: k(5000), wantCurrency: "EUR"},
		{in: "5000eur", want: k(5000), wantCurrency: "EUR"},
		{in: "EUR 5,000", want: k(5000), wantCurrency: "EUR"},
		{in: "€1.2K", want: k(1200), wantCurrency: "EUR"},
		{in: "1.2K €", want: k(1200), wantCurrency: "EUR"},
		{in: "1.2k€", want: k(1200), wantCurrency: "EUR"},
		{in: "1.2KUSD", want: k(1200), wantCurrency: "USD"},
		{in: "£800", want: k(800), wantCurrency: "GBP"},
		{in: "R$ 3.000", want: k(3000), wantCurrency: "BRL"},
		{in: "US$1,500", want: k(1500), wantCurrency: "USD"},
		{in: "48.000 €", want: k(48000), wantCurrency: "EUR"},
		{in: "1.234,50 €", want: k(1234.5), wantCurrency: "EUR"},
		{in: "12 500 kr", want: k(12500), wantCurrency: "kr"},
		{in: "¥150,000", want: k(150000), wantCurrency: "¥"},
		{in: "₹2.5L", wantErr: "is not an amount"},
		{in: "-500", wantErr: "negative"},
		{in: "-$500", wantErr: "negative"},
		{in: "12abc", wantErr: `"12abc" is not an amount`},
		{in: "$", wantErr: "has a currency but no amount"},
		{in: "gifted", wantErr: "is not an amount"},
		{in: "10%", wantErr: "is a percentage"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, currency, err := ParseSpend(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseSpend(%q) = %v, %q, %v; want error %q", tt.in, got, currency, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want || currency != tt.wantCurrency {
				t.Errorf("ParseSpend(%q) = %v, %q, %v; want %v, %q", tt.in, got, currency, err, tt.want, tt.wantCurrency)
			}
		})
	}
}

func TestParseRating(t *testing.T) {
	tests := []struct {
		in   string
		want rapport.Quantity
		ok   bool
	}{
		{"", rapport.Unknown, true},
		{"-", rapport.Unknown, true},
		{"1", k(1), true},
		{"5", k(5), true},
		{"4.5", k(4.5), true},
		{"4,5", k(4.5), true},
		{"4/5", k(4), true},
		{"3.5 / 5", k(3.5), true},
		{"4 out of 5", k(4), true},
		{"★★★★☆", k(4), true},
		{"⭐⭐⭐", k(3), true},
		{"0", rapport.Unknown, false},
		{"6", rapport.Unknown, false},
		{"5.5", rapport.Unknown, false},
		{"80%", rapport.Unknown, false},
		{"8/10", rapport.Unknown, false},
		{"/5", rapport.Unknown, false},
		{"☆☆☆☆☆", rapport.Unknown, false},
		{"great", rapport.Unknown, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRating(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("ParseRating(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "is not a rating from 1 to 5") {
				t.Errorf("ParseRating(%q) error %q", tt.in, err)
			}
		})
	}
}
