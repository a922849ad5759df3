package csvimport

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseCadence(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"14d", 14 * day},
		{"2w", 14 * day},
		{"36h", 36 * time.Hour},
		{"90s", 90 * time.Second},
		{"1h30m", 90 * time.Minute},
		{"1w3d", 10 * day},
		{"1d12h", 36 * time.Hour},
		{"1.5d", 36 * time.Hour},
		{"2 weeks", 14 * day},
		{"1 week, 3 days", 10 * day},
		{" 14 Days ", 14 * day},
		{"500ms", 500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseCadence(tt.in)
			if err != nil {
				t.Fatalf("ParseCadence(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseCadence(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCadenceRejects(t *testing.T) {
	tests := []struct {
		in         string
		wantReason string
	}{
		{"14", "has no unit"},
		{"-14d", "negative"},
		{"1 month", "months vary"},
		{"3mo", "months vary"},
		{"fortnight", "not a duration"},
		{"14 d x", "not a duration"},
		{"14y", "not a duration"},
		{"d", "not a duration"},
		{"1..5d", "not a duration"},
		{"99999w", "longer than ten years"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseCadence(tt.in)
			if err == nil {
				t.Fatalf("ParseCadence(%q) = %v, want an error", tt.in, got)
			}
			if !strings.Contains(err.Error(), tt.wantReason) {
				t.Errorf("ParseCadence(%q) error %q, want it to mention %q", tt.in, err, tt.wantReason)
			}
		})
	}
}

func TestParseUserID(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{in: "", want: ""},
		{in: "U024BE7LH", want: "U024BE7LH"},
		{in: " W0ENTERPRISE1 ", want: "W0ENTERPRISE1"},
		{in: "<@U024BE7LH>", want: "U024BE7LH"},
		{in: "<@U024BE7LH|priya>", want: "U024BE7LH"},
		{in: "@priya", wantErr: "looks like a name"},
		{in: "Priya Shah", wantErr: "looks like a name"},
		{in: "u024be7lh", wantErr: "is not a Slack member ID"},
		{in: "C024BE7LH", wantErr: "is not a Slack member ID"}, // a channel
		{in: "U0", wantErr: "is not a Slack member ID"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseUserID(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseUserID(%q) = %q, %v; want error %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseUserID(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseEmail(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"", "", true},
		{"hannah@agency.example", "hannah@agency.example", true},
		{"Hannah.O+rapport@Agency.co.uk", "Hannah.O+rapport@Agency.co.uk", true},
		{"Hannah Okafor <hannah@agency.example>", "hannah@agency.example", true},
		{"mailto:hannah@agency.example", "hannah@agency.example", true},
		{"hannah at agency.com", "", false},
		{"hannah@agency", "", false},
		{"@agency.example", "", false},
		{"a@b@agency.example", "", false},
		{"hannah@agency..example", "", false},
		{"a@x.example; b@y.example", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseEmail(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("parseEmail(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestParseTags(t *testing.T) {
	got := parseTags("Beauty; #skincare;K-Beauty ; beauty;;  Zero   Waste ")
	want := []string{"beauty", "skincare", "k-beauty", "zero waste"}
	if !slices.Equal(got, want) {
		t.Errorf("parseTags = %q, want %q", got, want)
	}
}

func TestNormalizeHeader(t *testing.T) {
	tests := map[string]string{
		" Handle ":        "handle",
		"Followers Count": "followers_count",
		"Avg. Likes":      "avg_likes",
		"# Posts":         "posts",
		"As-Of":           "as_of",
		"AS_OF":           "as_of",
		"":                "",
		"—":               "",
	}
	for in, want := range tests {
		if got := normalizeHeader(in); got != want {
			t.Errorf("normalizeHeader(%q) = %q, want %q", in, got, want)
		}
	}
}
