package launch

import (
	"fmt"
	"time"
)

// Tolerance is how late a checkpoint may run and still count as on time: it absorbs the
// dispatcher's polling interval and a busy moment, so only real delays are announced.
const Tolerance = time.Minute

// LateBy is how long after its instant cp runs at now, or zero while within Tolerance.
func LateBy(cp Checkpoint, now time.Time) time.Duration {
	if d := now.Sub(cp.At); d > Tolerance {
		return d
	}
	return 0
}

// LateLabel says why cp runs late at now, for the message it posts, or "" when it is on
// time: "running 3 hours late: Rapport was offline at T-24h" when the dispatcher reached it
// well after its due time, "running 14 hours late: the launch was set after T-24h had
// passed" when it was planned late (a new campaign, or a launch moved earlier).
func LateLabel(cp Checkpoint, now time.Time) string {
	d := LateBy(cp, now)
	if d == 0 {
		return ""
	}
	when := OffsetLabel(cp.Offset)
	if now.Sub(cp.Due) > Tolerance {
		return fmt.Sprintf("running %s late: Rapport was offline at %s", HumanDuration(d), when)
	}
	return fmt.Sprintf("running %s late: the launch was set after %s had passed", HumanDuration(d), when)
}

// HumanDuration writes d in words, rounded down to what a reader cares about: "45
// seconds", "12 minutes", "1 hour 30 minutes" (under 10 hours), "14 hours", "3 days".
func HumanDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return plural(int64(d/time.Second), "second")
	case d < time.Hour:
		return plural(int64(d/time.Minute), "minute")
	case d < 10*time.Hour:
		s := plural(int64(d/time.Hour), "hour")
		if m := d % time.Hour / time.Minute; m > 0 {
			s += " " + plural(int64(m), "minute")
		}
		return s
	case d < 2*day:
		return plural(int64(d/time.Hour), "hour")
	}
	return plural(int64(d/day), "day")
}

func plural(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
