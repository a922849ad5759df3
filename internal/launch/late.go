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

// LateLabel says why cp runs after its instant at now, for the message it posts, or "" when
// it is on time. Only a delay of Rapport's own is called late: "running 3 hours late:
// Rapport was offline at T-24h" when the dispatcher reached it well after its due time. A
// check planned after its instant had passed (a new campaign, or a launch moved earlier)
// runs when planned and says so without alarm: "T-24h had passed when this launch was
// planned, so this check runs now, 10 hours before launch".
func LateLabel(cp Checkpoint, now time.Time) string {
	d := LateBy(cp, now)
	if d == 0 {
		return ""
	}
	when := OffsetLabel(cp.Offset)
	if now.Sub(cp.Due) > Tolerance {
		return fmt.Sprintf("running %s late: Rapport was offline at %s", HumanDuration(d), when)
	}
	launch := cp.At.Add(cp.Offset)
	return fmt.Sprintf("%s had passed when this launch was planned, so this check runs now, %s before launch", when, HumanDuration(launch.Sub(now)))
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
