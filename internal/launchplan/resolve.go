package launchplan

import (
	"fmt"
	"slices"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// Verdict is what the dispatcher should do with a checkpoint it claimed from the queue. The
// values are stable: use them as log fields and metric labels.
type Verdict string

// What to do with a claimed checkpoint. Only Run performs anything; Reschedule puts the key
// back at the checkpoint's Due; every other verdict completes the checkpoint unrun.
const (
	// Run: perform the checkpoint now (it may be late: see LateLabel).
	Run Verdict = "run"
	// Reschedule: the launch moved later and the queue still had the old time.
	Reschedule Verdict = "reschedule"
	// SkipNoCampaign: the campaign no longer exists.
	SkipNoCampaign Verdict = "no_campaign"
	// SkipCancelled: the campaign was cancelled.
	SkipCancelled Verdict = "cancelled"
	// SkipLaunched: the launch has passed; only the poll deadline still runs after it.
	SkipLaunched Verdict = "launched"
	// SkipUnplanned: the policy no longer plans this checkpoint (the config changed).
	SkipUnplanned Verdict = "unplanned"
	// SkipSuperseded: a later checkpoint of the same kind is due too; it runs instead.
	SkipSuperseded Verdict = "superseded"
	// SkipPollDeadline: the poll was not posted before its deadline.
	SkipPollDeadline Verdict = "poll_deadline_passed"
)

// Resolve turns a key claimed from the queue, with the due time the queue held, into a
// checkpoint of campaign c as it is now, and says what to do with it. c is the campaign the
// key names, or the zero Campaign when it no longer exists; the checkpoint's At follows c's
// current launch, so a key left at an old time by an interrupted re-plan is rescheduled or
// dropped rather than run at the wrong moment. Missed checkpoints follow Plan's rule: only
// the latest of a kind runs, late.
func Resolve(key string, due time.Time, c rapport.Campaign, p Policy, now time.Time) (Checkpoint, Verdict, error) {
	cp, err := ParseKey(key)
	if err != nil {
		return Checkpoint{}, "", err
	}
	cp.Due = due.UTC()
	if c.ID == "" {
		return cp, SkipNoCampaign, nil
	}
	if c.ID != cp.CampaignID {
		return cp, "", fmt.Errorf("checkpoint %s resolved against campaign %q", key, c.ID)
	}
	if c.Cancelled {
		return cp, SkipCancelled, nil
	}
	if c.LaunchAt.IsZero() || !slices.Contains(p.offsets(cp.Kind), cp.Offset) {
		return cp, SkipUnplanned, nil
	}
	launch, now := c.LaunchAt.UTC(), now.UTC()
	cp.At = launch.Add(-cp.Offset)
	if cp.Kind != PollClose && !launch.After(now) {
		return cp, SkipLaunched, nil
	}
	if cp.At.After(now) {
		cp.Due = cp.At
		return cp, Reschedule, nil
	}
	switch cp.Kind {
	case Check, Watch:
		// Offsets run earliest first: any later one (smaller offset) already due supersedes.
		for _, off := range p.offsets(cp.Kind) {
			if off < cp.Offset && !launch.Add(-off).After(now) {
				return cp, SkipSuperseded, nil
			}
		}
	case Poll:
		if closeAt := launch.Add(-p.offsets(PollClose)[0]); !closeAt.After(now) {
			return cp, SkipPollDeadline, nil
		}
	}
	return cp, Run, nil
}

// Reason is the verdict as a log line reads it.
func (v Verdict) Reason() string {
	switch v {
	case Run:
		return "due"
	case Reschedule:
		return "not due yet: the launch moved later"
	case SkipNoCampaign:
		return "the campaign no longer exists"
	case SkipCancelled:
		return "the campaign was cancelled"
	case SkipLaunched:
		return "the campaign has launched"
	case SkipUnplanned:
		return "the launch policy no longer plans it"
	case SkipSuperseded:
		return "a later checkpoint of the same kind is due and runs instead"
	case SkipPollDeadline:
		return "the poll's deadline passed before it could be posted"
	}
	return string(v)
}
