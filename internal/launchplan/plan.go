package launchplan

import (
	"cmp"
	"slices"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// Plan lists the checkpoints still to run for c, planned at now, in the order they run.
//
//   - A check or watch tick whose instant is still ahead runs at that instant.
//   - Of those whose instant has passed, only the latest runs, at once and marked late (a
//     campaign created 10 hours before launch gets the T-24h check now, late, and the T-2h
//     check at its time; the T-72h one is superseded and skipped). A missed check is stale
//     once the next check's time has come: running it would only give an older picture.
//   - The poll runs at PollAt, or at once (late) if that has passed but its deadline has
//     not; past the deadline neither the poll nor its close is planned (a poll can still be
//     posted by hand).
//
// Offsets are exact durations before the launch instant, whatever the clocks do in the
// campaign's zone: T-72h before a launch the day after a DST change is 72 elapsed hours
// earlier, so its wall-clock time differs by an hour. A cancelled campaign, or one without a
// launch or whose launch has passed, plans nothing.
func Plan(c rapport.Campaign, p Policy, now time.Time) []Checkpoint {
	if c.Cancelled || c.ID == "" || c.LaunchAt.IsZero() || !c.LaunchAt.After(now) {
		return nil
	}
	launch := c.LaunchAt.UTC()
	now = now.UTC()
	var out []Checkpoint
	out = append(out, catchUp(c.ID, Check, p.offsets(Check), launch, now)...)
	if p.polls() {
		closeOff := p.offsets(PollClose)[0]
		if closeAt := launch.Add(-closeOff); closeAt.After(now) {
			out = append(out,
				at(c.ID, Poll, p.offsets(Poll)[0], launch, now),
				at(c.ID, PollClose, closeOff, launch, now))
		}
	}
	out = append(out, catchUp(c.ID, Watch, p.offsets(Watch), launch, now)...)
	sortCheckpoints(out)
	return out
}

// catchUp plans one recurring kind: every offset still ahead, and the latest one missed
// (due now).
func catchUp(id string, k Kind, offsets []time.Duration, launch, now time.Time) []Checkpoint {
	var out []Checkpoint
	var missed *Checkpoint
	for _, off := range offsets {
		cp := at(id, k, off, launch, now)
		if cp.At.Before(now) {
			missed = &cp // offsets run earliest first, so the last one kept is the latest
			continue
		}
		out = append(out, cp)
	}
	// A missed one is stale once the next one's time has come.
	if missed != nil && (len(out) == 0 || out[0].At.After(now)) {
		out = append(out, *missed)
	}
	return out
}

// at is the checkpoint at off before launch, due at its instant or now, whichever is later.
func at(id string, k Kind, off time.Duration, launch, now time.Time) Checkpoint {
	cp := Checkpoint{CampaignID: id, Kind: k, Offset: off, At: launch.Add(-off)}
	cp.Due = cp.At
	if cp.Due.Before(now) {
		cp.Due = now
	}
	return cp
}

// Replan compares the checkpoints planned for a campaign's previous launch (old: what Plan
// returned then, or Plan of the previous version of the campaign at now) with its plan now,
// and says what the queue needs: add holds every checkpoint that is new or whose time moved
// (scheduling a key again replaces its due time), remove every old key that is no longer
// planned. A checkpoint whose time had already come under the old launch and has passed
// under the new one too is left alone: it ran (or is running) and is not repeated late.
// A cancelled campaign removes everything.
func Replan(old []Checkpoint, c rapport.Campaign, p Policy, now time.Time) (add, remove []Checkpoint) {
	next := Plan(c, p, now)
	oldByKey := make(map[string]Checkpoint, len(old))
	for _, cp := range old {
		oldByKey[cp.Key()] = cp
	}
	nextKeys := make(map[string]bool, len(next))
	for _, cp := range next {
		nextKeys[cp.Key()] = true
		prev, ok := oldByKey[cp.Key()]
		switch {
		case !ok:
			add = append(add, cp)
		case cp.At.Before(now) && !prev.At.After(now):
			// Passed under both launches: already run or running.
		case !prev.At.Equal(cp.At):
			add = append(add, cp)
		}
	}
	for _, cp := range old {
		if !nextKeys[cp.Key()] {
			nextKeys[cp.Key()] = true // once
			remove = append(remove, cp)
		}
	}
	sortCheckpoints(remove)
	return add, remove
}

// sortCheckpoints orders by due time, then by instant (a missed check before a missed
// watch tick), then by key, so a check runs before the poll posted with it.
func sortCheckpoints(cps []Checkpoint) {
	slices.SortFunc(cps, func(a, b Checkpoint) int {
		return cmp.Or(a.Due.Compare(b.Due), a.At.Compare(b.At), cmp.Compare(a.Key(), b.Key()))
	})
}
