package rapport

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // zones resolve the same on a minimal container as on a laptop
	"unicode"
)

// zoneExample is the zone messages suggest.
const zoneExample = "Europe/Paris"

// ParseTimeZone reads an IANA time zone name ("Europe/Paris", "America/New_York"). Blank is
// nil and no error. A name in the wrong case ("europe/paris") is corrected. Abbreviations
// ("CET", "EST"), offsets ("UTC+2") and "Local" are refused even where Go would load them:
// an abbreviation or an offset does not know when daylight saving starts, and Local is
// whatever zone the server runs in.
func ParseTimeZone(s string) (*time.Location, error) {
	t := strings.TrimSpace(s)
	switch {
	case t == "":
		return nil, nil
	case strings.EqualFold(t, "local"):
		return nil, fmt.Errorf("%q means the server's zone; write the zone the launch is planned in, such as %s", t, zoneExample)
	case isOffsetZone(t):
		return nil, fmt.Errorf("%q is an offset, which daylight saving changes; write an IANA zone such as %s, or put the offset in launch_at (2026-12-01T09:00+01:00)",
			t, zoneExample)
	case isAbbreviation(t):
		return nil, fmt.Errorf("%q is an abbreviation; write an IANA zone such as %s or America/New_York, which knows when daylight saving applies",
			t, zoneExample)
	}
	loc, err := time.LoadLocation(t)
	if err != nil && strings.Contains(t, "/") {
		loc, err = time.LoadLocation(titleZone(t))
	}
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q; use an IANA name such as %s or America/New_York", t, zoneExample)
	}
	return loc, nil
}

// isOffsetZone: "+02:00", "-5", "UTC+2", "GMT-05:00".
func isOffsetZone(s string) bool {
	u := strings.ToUpper(s)
	for _, p := range []string{"UTC", "GMT"} {
		u = strings.TrimPrefix(u, p)
	}
	return len(u) > 1 && (u[0] == '+' || u[0] == '-') && strings.ContainsAny(u, "0123456789")
}

// isAbbreviation: "EST", "CEST", "PST"; the zone names of tzdata that are all capitals
// other than UTC and GMT are legacy aliases (EST, CET, PRC) and loading them hides the same
// mistake.
func isAbbreviation(s string) bool {
	if len(s) < 2 || len(s) > 5 || s == "UTC" || s == "GMT" || s == "UCT" {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// titleZone capitalises a zone name the way tzdata spells most of them:
// "america/new_york" → "America/New_York".
func titleZone(s string) string {
	var b strings.Builder
	upper := true
	for _, r := range s {
		if upper {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		upper = r == '/' || r == '_' || r == '-'
	}
	return b.String()
}
