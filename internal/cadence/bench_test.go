package cadence

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// benchInput is a busy planning run: rels due relationships spread over owners in a dozen
// zones, with backups, snoozes, pauses, unowned and departed owners, nudge history and
// partly spent budgets.
func benchInput(rels, owners int) PlanInput {
	zones := []*time.Location{
		time.UTC, newYork, london, tokyo, mustZone("Europe/Berlin"), mustZone("America/Los_Angeles"),
		mustZone("Asia/Kolkata"), mustZone("Australia/Sydney"), mustZone("America/Sao_Paulo"),
		mustZone("Asia/Singapore"), mustZone("Africa/Lagos"), mustZone("Pacific/Auckland"),
	}
	rng := rand.New(rand.NewPCG(7, 11))
	now := wed
	in := PlanInput{
		Now:          now,
		Owners:       make(map[string]Owner, owners),
		History:      make(map[string]NudgeHistory),
		SentThisWeek: make(map[string]int, owners),
		Policy:       DefaultPolicy(),
	}
	ids := make([]string, owners)
	for i := range owners {
		ids[i] = fmt.Sprintf("U%05d", i)
		in.Owners[ids[i]] = Owner{TZ: zones[i%len(zones)], Deleted: i%97 == 13}
		in.SentThisWeek[ids[i]] = rng.IntN(6)
	}
	for i := range rels {
		r := rapport.Relationship{
			ID:          fmt.Sprintf("inf-%05d", i),
			Handle:      fmt.Sprintf("creator_%d", i),
			Owner:       ids[rng.IntN(owners)],
			Backup:      ids[rng.IntN(owners)],
			Status:      rapport.StatusActive,
			Cadence:     14 * day,
			LastContact: now.Add(-14*day - time.Duration(rng.Int64N(int64(30*day)))),
		}
		r.Due = r.LastContact.Add(r.Cadence)
		switch i % 50 {
		case 1:
			r.Status = rapport.StatusPaused
		case 2:
			r.SnoozedUntil = now.Add(day)
		case 3:
			r.Owner = ""
		}
		if i%3 == 0 {
			in.History[r.ID] = NudgeHistory{Ignored: rng.IntN(6), LastNudged: now.Add(-time.Duration(rng.Int64N(int64(6 * day))))}
		}
		in.Due = append(in.Due, r)
	}
	return in
}

// BenchmarkPlan plans 5,000 due relationships across 200 owners.
func BenchmarkPlan(b *testing.B) {
	in := benchInput(5000, 200)
	b.ReportAllocs()
	for b.Loop() {
		PlanNudges(in)
	}
}
