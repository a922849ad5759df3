package nudges

import (
	"context"
	"fmt"
	"time"

	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/relationships"
	"github.com/rapport-bot/rapport/internal/render"
)

// WeeklyStore is what the weekly digest reads.
type WeeklyStore interface {
	// EachProfile hands fn the roster's profiles a batch at a time.
	EachProfile(ctx context.Context, fn func([]rapport.Profile) error) error
	RelStates(ctx context.Context, ids []string) (map[string]rapport.RelState, error)
}

// Weekly posts the team's relationship-health digest once per ISO week, from Monday 09:00
// UTC; a digest missed while nothing ran goes out late in the same week.
type Weekly struct {
	Store   WeeklyStore
	Out     Poster
	Cadence cadence.Defaults
	// TeamChannel receives the digest; "" sends nothing.
	TeamChannel string
}

// SendDue posts this week's digest if it is time and it has not gone out yet. The roster
// is read only once the week's slot is claimed: later runs that week read nothing.
func (w *Weekly) SendDue(ctx context.Context, now time.Time) (bool, error) {
	if w.TeamChannel == "" {
		return false, nil
	}
	now = now.UTC()
	monday := now.AddDate(0, 0, -((int(now.Weekday()) + 6) % 7))
	start := time.Date(monday.Year(), monday.Month(), monday.Day(), 9, 0, 0, 0, time.UTC)
	if now.Before(start) {
		return false, nil
	}
	year, week := now.ISOWeek()
	slot := fmt.Sprintf("weekly|%d-W%02d", year, week)
	return w.Out.PostOnceFrom(ctx, slot, w.TeamChannel, func(ctx context.Context) (render.Message, error) {
		d, err := w.digest(ctx, now)
		if err != nil {
			return render.Message{}, err
		}
		return render.WeeklyDigest(d), nil
	}, nil)
}

// digest builds this week's digest from the roster, read a batch of profiles at a time:
// only the relationships, a few hundred bytes each, are held for the whole roster.
func (w *Weekly) digest(ctx context.Context, now time.Time) (cadence.Weekly, error) {
	var rels []rapport.Relationship
	err := w.Store.EachProfile(ctx, func(profiles []rapport.Profile) error {
		ids := make([]string, len(profiles))
		for i, p := range profiles {
			ids[i] = p.Influencer.ID()
		}
		states, err := w.Store.RelStates(ctx, ids)
		if err != nil {
			return err
		}
		for i, p := range profiles {
			st := states[ids[i]]
			cad, _ := relationships.Cadence(p, w.Cadence, now)
			in := p.Influencer
			r := rapport.Relationship{ID: ids[i], Handle: in.Handle, Name: in.Name, Owner: in.Owner, Backup: in.Backup,
				Status: in.Status, Cadence: cad, LastContact: st.LastContact, Due: st.Due, SnoozedUntil: st.SnoozedUntil}
			if t := relationships.TierOf(p, now); t != "" {
				r.Tier = t
			}
			rels = append(rels, r)
		}
		return nil
	})
	if err != nil {
		return cadence.Weekly{}, err
	}
	return cadence.WeeklyDigest(rels, now), nil
}
