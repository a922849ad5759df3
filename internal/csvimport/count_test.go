package csvimport

import (
	"strings"
	"testing"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestParseCount(t *testing.T) {
	tests := []struct {
		in   string
		want rapport.Quantity
	}{
		{"12345", rapport.Known(12345)},
		{" 42 ", rapport.Known(42)},
		{"0", rapport.Known(0)},
		{"12,345", rapport.Known(12345)},
		{"1,234,567", rapport.Known(1234567)},
		{"12 345", rapport.Known(12345)},
		{"12\u00a0345", rapport.Known(12345)},      // no-break space, as French locales write it
		{"12\u202f345", rapport.Known(12345)},      // narrow no-break space
		{"12'345", rapport.Known(12345)},           // Swiss
		{"1,00,000", rapport.Known(100000)},        // Indian lakh
		{"12,34,56,789", rapport.Known(123456789)}, // Indian crore
		{"1.234.567", rapport.Known(1234567)},
		{"1.234,5", rapport.Known(1234.5)},
		{"1,234.5", rapport.Known(1234.5)},
		{"412,5", rapport.Known(412.5)},
		{"3.25", rapport.Known(3.25)},
		{".5", rapport.Known(0.5)},
		{"+17", rapport.Known(17)},
		{"1.2K", rapport.Known(1200)},
		{"12.5k", rapport.Known(12500)},
		{"12,5k", rapport.Known(12500)},
		{"1.2 K", rapport.Known(1200)},
		{"3.4M", rapport.Known(3400000)},
		{"3.4m", rapport.Known(3400000)},
		{"1.1B", rapport.Known(1100000000)},
		{"2bn", rapport.Known(2000000000)},
		{"1.5mn", rapport.Known(1500000)},
		{"0.1K", rapport.Known(100)},
		{"1.2E+06", rapport.Known(1200000)},
		{"", rapport.Unknown},
		{"   ", rapport.Unknown},
		{"-", rapport.Unknown},
		{"—", rapport.Unknown},
		{"n/a", rapport.Unknown},
		{"N/A", rapport.Unknown},
		{"NA", rapport.Unknown},
		{"null", rapport.Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseCount(tt.in)
			if err != nil {
				t.Fatalf("ParseCount(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseCount(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCountRejects(t *testing.T) {
	tests := []struct {
		in         string
		wantReason string
	}{
		{"12x", `"12x" is not a number (use 12345, 12,345, 1.2K or 3.4M)`},
		{"-5", "negative"},
		{"−5", "negative"}, // U+2212 minus sign
		{"-1.2K", "negative"},
		{"12%", "percentage"},
		{"1,23,4", "not a number"},
		{"12,3456,789", "not a number"},
		{"1,234 567", "not a number"}, // two different separators
		{"1.2.3", "not a number"},
		{"1.234,5,6", "not a number"},
		{"K", "not a number"},
		{"5.", "not a number"},
		{"1e", "not a number"},
		{"Inf", "not a number"},
		{"NaN", "not a number"},
		{"0x1p3", "not a number"},
		{"1_000", "not a number"},
		{"٣", "not a number"}, // Arabic-Indic digit
		{"2000B", "too large"},
		{"1e400", "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseCount(tt.in)
			if err == nil {
				t.Fatalf("ParseCount(%q) = %+v, want an error", tt.in, got)
			}
			if !strings.Contains(err.Error(), tt.wantReason) {
				t.Errorf("ParseCount(%q) error %q, want it to mention %q", tt.in, err, tt.wantReason)
			}
			if got != rapport.Unknown {
				t.Errorf("ParseCount(%q) returned %+v with its error, want Unknown", tt.in, got)
			}
		})
	}
}

func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"12,345", "12 345", "1.2K", "3.4M", "1.1B", "12.5k", "-", "n/a", "1,00,000",
		"1.234,5", "1.2E+06", "-5", "12%", "", "٣", "1e400", "0.1K"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseCount(s)
		if err != nil {
			if q != rapport.Unknown {
				t.Fatalf("ParseCount(%q) = %+v with error %v", s, q, err)
			}
			return
		}
		if q.Known && (q.Value < 0 || q.Value > maxCount || q.Value != q.Value) {
			t.Fatalf("ParseCount(%q) = %v, outside [0, %g]", s, q.Value, maxCount)
		}
		if !q.Known && q.Value != 0 {
			t.Fatalf("ParseCount(%q) = %+v: unknown with a value", s, q)
		}
	})
}
