package upkeep

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// WeeklyStore is what the weekly digest reads.
type WeeklyStore interface {
	AllProfiles(ctx context.Context) ([]rapport.Profile, error)
	RelStates(ctx context.Context, ids []string) (map[string]rapport.RelState, error)
}

// TeamPoster posts to the team channel.
type TeamPoster interface {
	SendWeekly(ctx context.Context, w cadence.Weekly) error
}

// Weekly posts the team's relationship-health digest once per ISO week, from Monday 09:00
// UTC; a digest missed while nothing ran goes out late in the same week.
type Weekly struct {
	Store      WeeklyStore
	Deliveries Deliveries
	Poster     TeamPoster
	Cadence    cadence.Defaults
}

// SendDue posts this week's digest if it is time and it has not gone out yet.
func (w *Weekly) SendDue(ctx context.Context, now time.Time) (bool, error) {
	now = now.UTC()
	monday := now.AddDate(0, 0, -((int(now.Weekday()) + 6) % 7))
	start := time.Date(monday.Year(), monday.Month(), monday.Day(), 9, 0, 0, 0, time.UTC)
	if now.Before(start) {
		return false, nil
	}
	// Claim the week first: once sent, later runs that week read nothing.
	year, week := now.ISOWeek()
	slot := fmt.Sprintf("weekly|%d-W%02d", year, week)
	ok, err := w.Deliveries.Claim(ctx, slot)
	if err != nil || !ok {
		return false, err
	}
	if err := w.send(ctx, now); err != nil {
		return false, errors.Join(err, w.Deliveries.Abandon(ctx, slot))
	}
	return true, w.Deliveries.Complete(ctx, slot)
}

// send builds this week's digest from the roster and posts it.
func (w *Weekly) send(ctx context.Context, now time.Time) error {
	profiles, err := w.Store.AllProfiles(ctx)
	if err != nil {
		return err
	}
	ids := make([]string, len(profiles))
	for i, p := range profiles {
		ids[i] = p.Influencer.ID()
	}
	states, err := w.Store.RelStates(ctx, ids)
	if err != nil {
		return err
	}
	rels := make([]rapport.Relationship, len(profiles))
	for i, p := range profiles {
		st := states[ids[i]]
		cad, _ := Cadence(p, w.Cadence, now)
		in := p.Influencer
		rels[i] = rapport.Relationship{ID: ids[i], Handle: in.Handle, Name: in.Name, Owner: in.Owner, Backup: in.Backup,
			Status: in.Status, Cadence: cad, LastContact: st.LastContact, Due: st.Due, SnoozedUntil: st.SnoozedUntil}
		if a := tierOf(p, now); a != "" {
			rels[i].Tier = a
		}
	}
	return w.Poster.SendWeekly(ctx, cadence.WeeklyDigest(rels, now))
}
