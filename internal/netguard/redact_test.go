package netguard

import (
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		{"user info and query", "http://u:PASSWORD@rss.example/rss?apikey=KEY", "http://rss.example/rss"},
		{"fragment", "https://news.example.org/world/rss.xml#top", "https://news.example.org/world/rss.xml"},
		{"port kept", "http://127.0.0.1:8080/feed.xml", "http://127.0.0.1:8080/feed.xml"},
		{"IPv6 host", "http://[::1]:6379/", "http://[::1]:6379/"},
		{"no path", "https://example.org", "https://example.org"},
		{"Google Calendar secret address",
			"https://calendar.google.com/calendar/ical/team%40group.calendar.google.com/private-0123456789abcdef0123456789abcdef/basic.ics",
			"https://calendar.google.com/calendar/ical/team%40group.calendar.google.com/…/basic.ics"},
		{"Outlook published calendar",
			"https://outlook.office365.com/owa/calendar/0a1b2c3d4e5f6a7b8c9d@contoso.com/f00dfeed1234567890abcdef1/calendar.ics",
			"https://outlook.office365.com/owa/calendar/…/…/calendar.ics"},
		{"iCloud webcal", "webcal://p01-calendars.icloud.com/published/2/MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkw",
			"webcal://p01-calendars.icloud.com/published/2/…"},
		{"secret- and token- prefixes, any case", "https://x.example/Secret-abc/TOKEN-1/feed", "https://x.example/…/…/feed"},
		{"a UUID", "https://x.example/feeds/123e4567-e89b-12d3-a456-426614174000.xml", "https://x.example/feeds/…"},
		{"long words without digits stay", "https://x.example/international-business-news/rss", "https://x.example/international-business-news/rss"},
		{"short mixed segments stay", "https://x.example/v2/2024/rss20.xml", "https://x.example/v2/2024/rss20.xml"},
		// The rule errs on the safe side: a long slug with a year goes too.
		{"a long slug with digits goes", "https://x.example/rss/technology-and-science-2024", "https://x.example/rss/…"},
		{"opaque", "mailto:someone@example.org", "mailto:…"},
		{"relative", "news feed", "news%20feed"},
		{"empty", "", ""},
		{"unparseable", "http://u:pw@%zz/?k=v", "(an address that cannot be read)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RedactURL(tt.raw); got != tt.want {
				t.Errorf("RedactURL(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

func TestScrub(t *testing.T) {
	const (
		feed = "http://reader:p%40ss%20w0rd@127.0.0.1:8080/rss?apikey=K3Y-a1b2c3&lang=en#frag"
		cal  = "https://calendar.google.com/calendar/ical/x/private-0123456789abcdef0123456789abcdef/basic.ics"
	)
	secrets := []string{"p@ss w0rd", "p%40ss%20w0rd", "K3Y-a1b2c3", "apikey", "private-0123456789abcdef", "0123456789abcdef0123456789abcdef"}
	tests := []struct {
		name, text, want string
	}{
		{"the address as written", "fetching " + feed + " failed", "fetching http://127.0.0.1:8080/rss failed"},
		{"as net/url quotes it, password masked but query kept",
			`Get "http://reader:xxxxx@127.0.0.1:8080/rss?apikey=K3Y-a1b2c3&lang=en": EOF`,
			`Get "http://…:xxxxx@127.0.0.1:8080/rss?…": EOF`}, // a user name may be a token too
		{"a value on its own", "server said: bad key K3Y-a1b2c3", "server said: bad key …"},
		{"the decoded password", "login p@ss w0rd refused", "login … refused"},
		{"a calendar token", "ics feed " + cal + ": 404", "ics feed https://calendar.google.com/calendar/ical/x/…/basic.ics: 404"},
		{"the token elsewhere", "no calendar 0123456789abcdef0123456789abcdef", "no calendar …"},
		{"nothing secret", "dial tcp 127.0.0.1:8080: connection refused", "dial tcp 127.0.0.1:8080: connection refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Scrub(tt.text, feed, cal, "")
			if got != tt.want {
				t.Errorf("Scrub(%q) = %q, want %q", tt.text, got, tt.want)
			}
			for _, s := range secrets {
				if strings.Contains(got, s) {
					t.Errorf("Scrub left %q in %q", s, got)
				}
			}
		})
	}
}
