package launchplan

import (
	"fmt"
	"time"

	"github.com/rapport-bot/rapport/internal/wording"
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
		return fmt.Sprintf("running %s late: Rapport was offline at %s", wording.Span(d), when)
	}
	launch := cp.At.Add(cp.Offset)
	return fmt.Sprintf("%s had passed when this launch was planned, so this check runs now, %s before launch", when, wording.Span(launch.Sub(now)))
}
