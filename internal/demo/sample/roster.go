package sample

import (
	"slices"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// Months is how many monthly snapshots each sample account has: three years and a quarter,
// so that on any day the "3y ago" window of the profile card (the last 90 days, three years
// earlier) holds at least two month-ends and shows a figure.
const Months = 40

// Roster returns the sample influencers and Months monthly snapshots for each of their
// accounts, the last one at lastPeriodEnd(now). The result depends only on now's month:
// the same month always gives the same data, whatever the time of day. The slices are new
// on every call and the caller may change them.
func Roster(now time.Time) ([]rapport.Influencer, []rapport.Snapshot) {
	ends := periodEnds(now)
	ins := make([]rapport.Influencer, 0, len(creators))
	snaps := make([]rapport.Snapshot, 0, 3*Months*len(creators))
	for _, c := range creators {
		ins = append(ins, c.influencer())
		for i, a := range c.accounts {
			snaps = append(snaps, accountSeries(c, a, i == 0, ends)...)
		}
	}
	return ins, snaps
}

// lastPeriodEnd is the last day of the last month that ended before now, at UTC midnight:
// a month's numbers are only final once it is over.
func lastPeriodEnd(now time.Time) time.Time {
	y, m, _ := now.UTC().Date()
	return time.Date(y, m, 0, 0, 0, 0, 0, time.UTC)
}

// periodEnds lists the Months month-ends up to lastPeriodEnd(now), oldest first.
func periodEnds(now time.Time) []time.Time {
	y, m, _ := now.UTC().Date()
	ends := make([]time.Time, Months)
	for i := range ends {
		monthsAgo := Months - 1 - i
		ends[i] = time.Date(y, m-time.Month(monthsAgo), 0, 0, 0, 0, 0, time.UTC)
	}
	return ends
}

func (c creator) influencer() rapport.Influencer {
	return rapport.Influencer{
		Handle:  c.handle,
		Name:    c.name,
		Markets: slices.Clone(c.markets),
		Tags:    slices.Clone(c.tags),
		Owner:   c.owner,
		Backup:  c.backup,
		Status:  c.status,
		Cadence: c.cadence,
		Contact: c.contact,
	}
}
