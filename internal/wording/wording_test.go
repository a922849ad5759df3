package wording

import (
	"fmt"
	"math"
	"testing"
	"time"
)

const (
	s = time.Second
	m = time.Minute
	h = time.Hour
	d = 24 * time.Hour
)

// golden pins the one rule on the lengths every surface shows: Span, and In and Ago of the
// same duration ahead (positive) and in the past (negative).
var golden = []struct {
	d             time.Duration
	span, in, ago string
}{
	{0, "under a minute", "now", "just now"},
	{s, "under a minute", "now", "just now"},
	{29 * s, "under a minute", "now", "just now"},
	{-29 * s, "under a minute", "now", "just now"},
	{30 * s, "1 minute", "in 1 minute", "1 minute ago"},
	{45 * s, "1 minute", "in 1 minute", "1 minute ago"},
	{59 * s, "1 minute", "in 1 minute", "1 minute ago"},
	{-59 * s, "1 minute", "overdue", "in 1 minute"},
	{m, "1 minute", "in 1 minute", "1 minute ago"},
	{61 * s, "1 minute", "in 1 minute", "1 minute ago"},
	{5 * m, "5 minutes", "in 5 minutes", "5 minutes ago"},
	{59 * m, "59 minutes", "in 59 minutes", "59 minutes ago"},
	{h, "60 minutes", "in 60 minutes", "60 minutes ago"},
	{90 * m, "90 minutes", "in 90 minutes", "90 minutes ago"},
	{119 * m, "119 minutes", "in 119 minutes", "119 minutes ago"},
	{2*h - 20*s, "2 hours", "in 2 hours", "2 hours ago"},
	{2 * h, "2 hours", "in 2 hours", "2 hours ago"},
	{3*h + 59*s, "3 hours", "in 3 hours", "3 hours ago"},
	{10 * h, "10 hours", "in 10 hours", "10 hours ago"},
	{14*h + 50*m, "15 hours", "in 15 hours", "15 hours ago"},
	{23*h + 59*m, "24 hours", "in 24 hours", "24 hours ago"},
	{24 * h, "24 hours", "in 24 hours", "24 hours ago"},
	{36 * h, "36 hours", "in 36 hours", "36 hours ago"},
	{47 * h, "47 hours", "in 47 hours", "47 hours ago"},
	{48*h - 20*s, "2 days", "in 2 days", "2 days ago"},
	{48 * h, "2 days", "in 2 days", "2 days ago"},
	{50 * h, "2 days", "in 2 days", "2 days ago"},
	{60 * h, "3 days", "in 3 days", "3 days ago"},
	{72*h - 59*s, "3 days", "in 3 days", "3 days ago"},
	{-72 * h, "3 days", "overdue", "in 3 days"},
	{6 * d, "6 days", "in 6 days", "6 days ago"},
	{7 * d, "7 days", "in 7 days", "7 days ago"},
	{13 * d, "13 days", "in 13 days", "13 days ago"},
	{13*d + 13*h, "14 days", "in 14 days", "14 days ago"},
	{14 * d, "14 days", "in 14 days", "14 days ago"},
	{20 * d, "20 days", "in 20 days", "20 days ago"},
	{45 * d, "45 days", "in 45 days", "45 days ago"},
	{59 * d, "59 days", "in 59 days", "59 days ago"},
	{60 * d, "2 months", "in 2 months", "2 months ago"},
	{-60 * d, "2 months", "overdue", "in 2 months"},
	{400 * d, "13 months", "in 13 months", "13 months ago"},
	{729 * d, "24 months", "in 24 months", "24 months ago"},
	{730 * d, "2 years", "in 2 years", "2 years ago"},
	{3 * 365 * d, "3 years", "in 3 years", "3 years ago"},
	{math.MaxInt64, "292 years", "in 292 years", "292 years ago"},
	{math.MinInt64, "292 years", "overdue", "in 292 years"},
}

func TestSpan(t *testing.T) {
	for _, tt := range golden {
		if got := Span(tt.d); got != tt.span {
			t.Errorf("Span(%v) = %q, want %q", tt.d, got, tt.span)
		}
		if tt.d != math.MinInt64 {
			if got := Span(-tt.d); got != tt.span {
				t.Errorf("Span(%v) = %q, want %q like Span(%v)", -tt.d, got, tt.span, tt.d)
			}
		}
	}
}

func TestIn(t *testing.T) {
	for _, tt := range golden {
		if got := In(tt.d); got != tt.in {
			t.Errorf("In(%v) = %q, want %q", tt.d, got, tt.in)
		}
	}
}

func TestAgo(t *testing.T) {
	for _, tt := range golden {
		if got := Ago(tt.d); got != tt.ago {
			t.Errorf("Ago(%v) = %q, want %q", tt.d, got, tt.ago)
		}
	}
}

// TestSpanNeverJumpsBack checks that a longer duration never reads as a shorter one across
// the unit changes.
func TestSpanNeverJumpsBack(t *testing.T) {
	prev := time.Duration(0)
	for dur := time.Duration(0); dur < 3*365*d; dur += 7 * m {
		got := parseSpan(t, Span(dur))
		if got < prev {
			t.Fatalf("Span(%v) = %q reads shorter than Span of a shorter duration (%v)", dur, Span(dur), prev)
		}
		prev = got
	}
}

func parseSpan(t *testing.T, s string) time.Duration {
	t.Helper()
	if s == "under a minute" {
		return 0
	}
	var n int
	var unit string
	if _, err := fmt.Sscan(s, &n, &unit); err != nil {
		t.Fatalf("unreadable span %q: %v", s, err)
	}
	for _, u := range units {
		if unit == u.one || unit == u.many {
			return time.Duration(n) * u.size
		}
	}
	t.Fatalf("unknown unit in %q", s)
	return 0
}

func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0 days"}, {1, "1 day"}, {2, "2 days"}, {-1, "-1 days"}, {1000, "1000 days"}} {
		if got := Plural(tt.n, "day", "days"); got != tt.want {
			t.Errorf("Plural(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	if got := Plural(2, "influencer matches", "influencers match"); got != "2 influencers match" {
		t.Errorf("Plural with a phrase = %q", got)
	}
}

func TestForCount(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "they are"}, {1, "it is"}, {2, "they are"}} {
		if got := ForCount(tt.n, "it is", "they are"); got != tt.want {
			t.Errorf("ForCount(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestIsNow(t *testing.T) {
	for _, tt := range golden {
		if got, want := IsNow(tt.d), tt.span == "under a minute"; got != want {
			t.Errorf("IsNow(%v) = %v, want %v", tt.d, got, want)
		}
	}
}
