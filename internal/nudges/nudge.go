// Package nudges tells owners when their relationships go quiet, without nagging: it reads
// the due index, plans with the pure cadence rules (grouping, quiet hours, weekends,
// snoozes, weekly budgets, escalation to the backup and then the team) and sends each
// digest, escalation and weekly team digest once through the sender.
package nudges

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/sender"
)

// Store is what planning and recording nudges needs from storage.
type Store interface {
	DueIDs(ctx context.Context, t time.Time, limit int) ([]string, []time.Time, error)
	Relationships(ctx context.Context, ids []string) ([]rapport.Influencer, map[string]rapport.RelState, error)
	WeekCounts(ctx context.Context, keys []string) (map[string]int, error)
	AddWeekCount(ctx context.Context, key string, n int) error
	MarkNudged(ctx context.Context, ids []string, at time.Time) error
	MarkEscalated(ctx context.Context, ids []string, at time.Time) error
}

// Poster sends each message once per slot, and knows who Slack users are (the sender).
type Poster interface {
	PostOnce(ctx context.Context, slot, channel string, msg render.Message, record func(ctx context.Context, ts string) error) (bool, error)
	PostOnceFrom(ctx context.Context, slot, channel string, build func(ctx context.Context) (render.Message, error), record func(ctx context.Context, ts string) error) (bool, error)
	User(ctx context.Context, userID string) (sender.User, error)
}

// Metrics counts what nudge runs do; metrics.Metrics provides it, and nil counts nothing.
type Metrics interface {
	NudgeSent()
	NudgeEscalated()
	// NudgeFailed counts a digest or escalation that could not be sent.
	NudgeFailed()
	// NudgesSuppressed counts n due relationships held back for reason (a cadence.SkipReason).
	NudgesSuppressed(reason string, n int)
}

// Nudger plans and sends nudge digests and escalations.
type Nudger struct {
	Store   Store
	Out     Poster
	Policy  cadence.Policy
	Cadence cadence.Defaults
	// TeamChannel receives escalations past the backup; "" logs them instead.
	TeamChannel string
	Log         *slog.Logger
	// MaxDue bounds one run's read of the due index; the rest waits for the next run.
	MaxDue int
	// Metrics counts digests, escalations, failures and skips; nil counts nothing.
	Metrics Metrics
}

// Outcome counts what one run did.
type Outcome struct {
	Due, Digests, Rows, Escalations int
	Skipped                         map[cadence.SkipReason]int
}

// Plan reads the relationships due at now (the due index, never the roster: round trips
// grow with the due items) and plans with cadence.PlanNudges. It sends nothing.
func (n *Nudger) Plan(ctx context.Context, now time.Time) (cadence.Plan, map[string]rapport.Influencer, int, error) {
	limit := n.MaxDue
	if limit <= 0 {
		limit = 10000
	}
	ids, _, err := n.Store.DueIDs(ctx, now, limit)
	if err != nil || len(ids) == 0 {
		return cadence.Plan{}, nil, 0, err
	}
	ins, states, err := n.Store.Relationships(ctx, ids)
	if err != nil {
		return cadence.Plan{}, nil, 0, err
	}
	byID := make(map[string]rapport.Influencer, len(ins))
	in := cadence.PlanInput{Now: now, Policy: n.Policy, Owners: map[string]cadence.Owner{},
		History: make(map[string]cadence.NudgeHistory, len(ins)), SentThisWeek: map[string]int{}}
	for _, inf := range ins {
		id := inf.ID()
		byID[id] = inf
		st := states[id]
		in.Due = append(in.Due, rapport.Relationship{
			ID: id, Handle: inf.Handle, Name: inf.Name, Owner: inf.Owner, Backup: inf.Backup, Status: inf.Status,
			Cadence: st.Cadence, LastContact: st.LastContact, Due: st.Due, SnoozedUntil: st.SnoozedUntil,
		})
		in.History[id] = cadence.NudgeHistory{LastNudged: st.LastNudged, Ignored: st.Ignored, LastEscalated: st.LastEscalated}
		for _, u := range []string{inf.Owner, inf.Backup} {
			if _, seen := in.Owners[u]; u != "" && !seen {
				in.Owners[u] = n.owner(ctx, u)
			}
		}
	}
	keys := make([]string, 0, len(in.Owners))
	for u, o := range in.Owners {
		keys = append(keys, u+"|"+o.Week(now))
	}
	counts, err := n.Store.WeekCounts(ctx, keys)
	if err != nil {
		return cadence.Plan{}, nil, 0, err
	}
	for u, o := range in.Owners {
		in.SentThisWeek[u] = counts[u+"|"+o.Week(now)]
	}
	return cadence.PlanNudges(in), byID, len(ids), nil
}

// owner reads a user's zone and whether they have left; UTC and present when Slack cannot
// say, so a lookup failure delays nobody's nudge.
func (n *Nudger) owner(ctx context.Context, userID string) cadence.Owner {
	u, err := n.Out.User(ctx, userID)
	if err != nil {
		n.log().Warn("owner lookup failed; assuming UTC", "user", userID, "err", err)
	}
	return cadence.Owner{TZ: u.TZ, Deleted: u.Deleted}
}

func (n *Nudger) log() *slog.Logger {
	if n.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return n.Log
}

// SendDue runs one planning round as of now and sends each digest and escalation at most
// once per slot. A failed send is logged and left for the next run; rate limits are waited
// out by the sender, so nothing is dropped.
func (n *Nudger) SendDue(ctx context.Context, now time.Time) (Outcome, error) {
	plan, byID, due, err := n.Plan(ctx, now)
	if err != nil || due == 0 {
		return Outcome{}, err
	}
	out := Outcome{Due: due, Skipped: plan.SkipCounts()}
	if n.Metrics != nil {
		for reason, count := range out.Skipped {
			n.Metrics.NudgesSuppressed(string(reason), count)
		}
	}
	var errs []error
	for _, d := range plan.Digests {
		ids := make([]string, len(d.Rows))
		for i, r := range d.Rows {
			ids[i] = r.Relationship.ID
		}
		sent, err := n.Out.PostOnce(ctx, d.Slot, d.Owner, render.NudgeDigest(d, byID), func(ctx context.Context, _ string) error {
			return errors.Join(n.Store.MarkNudged(ctx, ids, now), n.Store.AddWeekCount(ctx, d.Owner+"|"+d.Week, len(d.Rows)))
		})
		errs = append(errs, err)
		if sent {
			out.Digests++
			out.Rows += len(d.Rows)
		}
		n.count(sent, err, Metrics.NudgeSent)
	}
	for _, e := range plan.Escalations {
		to := e.To
		if to == cadence.TeamRecipient {
			if n.TeamChannel == "" {
				n.log().Warn("escalation for the team channel, but team_channel is not configured; set it in RAPPORT_CONFIG", "slot", e.Slot)
				continue
			}
			to = n.TeamChannel
		}
		ids := make([]string, len(e.Items))
		for i, it := range e.Items {
			ids[i] = it.Relationship.ID
		}
		sent, err := n.Out.PostOnce(ctx, e.Slot, to, render.Escalation(e), func(ctx context.Context, _ string) error {
			return n.Store.MarkEscalated(ctx, ids, now)
		})
		errs = append(errs, err)
		if sent {
			out.Escalations++
		}
		n.count(sent, err, Metrics.NudgeEscalated)
	}
	n.log().Info("nudge run", "due", out.Due, "digests", out.Digests, "rows", out.Rows, "escalations", out.Escalations, "skipped", out.Skipped)
	return out, errors.Join(errs...)
}

// count reports one PostOnce to Metrics: sent (even if recording it then failed), failed,
// or neither (another run had sent it).
func (n *Nudger) count(sent bool, err error, sentCounter func(Metrics)) {
	switch {
	case n.Metrics == nil:
	case sent:
		sentCounter(n.Metrics)
	case err != nil:
		n.Metrics.NudgeFailed()
	}
}
