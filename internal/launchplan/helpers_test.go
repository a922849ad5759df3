package launchplan

import (
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// launchAt is the tests' launch: Tuesday 1 December 2026, 16:00 UTC.
var launchAt = time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)

func campaign() rapport.Campaign {
	return rapport.Campaign{
		ID: "spring-glow", Name: "Spring Glow", LaunchAt: launchAt, TimeZone: "Europe/Paris",
		Channel: "C0CAMPAIGN", Markets: []string{"FR", "GB"},
	}
}

// noWatch is the default policy without the news watch, so plans stay short to read.
func noWatch() Policy {
	p := DefaultPolicy()
	p.WatchFrom = 0
	return p
}

// before is the instant d before the test launch.
func before(d time.Duration) time.Time { return launchAt.Add(-d) }

// describe writes a plan compactly, so a table row reads as the expected outcome: "check
// T-24h late" is a missed check due at once, "poll T-2h" one due at its time. It checks the
// invariants every checkpoint keeps on the way.
func describe(t *testing.T, cps []Checkpoint, launch, now time.Time) string {
	t.Helper()
	var out []string
	for _, cp := range cps {
		switch {
		case !cp.At.Equal(launch.Add(-cp.Offset)):
			t.Errorf("%s: At %v is not launch − offset", cp, cp.At)
		case cp.At.Before(now) && !cp.Due.Equal(now):
			t.Errorf("%s: missed but due %v, want now %v", cp, cp.Due, now)
		case !cp.At.Before(now) && !cp.Due.Equal(cp.At):
			t.Errorf("%s: ahead but due %v, want its instant %v", cp, cp.Due, cp.At)
		}
		s := string(cp.Kind) + " " + OffsetLabel(cp.Offset)
		if cp.Late() {
			s += " late"
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}
