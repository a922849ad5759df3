package upkeep

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// NudgeStore is what planning and recording nudges needs from storage.
type NudgeStore interface {
	DueIDs(ctx context.Context, t time.Time, limit int) ([]string, []time.Time, error)
	Relationships(ctx context.Context, ids []string) ([]rapport.Influencer, map[string]rapport.RelState, error)
	WeekCounts(ctx context.Context, keys []string) (map[string]int, error)
	AddWeekCount(ctx context.Context, key string, n int) error
	MarkNudged(ctx context.Context, ids []string, at time.Time) error
	MarkEscalated(ctx context.Context, ids []string, at time.Time) error
}

// Deliveries makes each scheduled message happen once per business slot across restarts
// and replicas: Claim before sending, Complete after.
type Deliveries interface {
	Claim(ctx context.Context, slot string) (bool, error)
	Complete(ctx context.Context, slot string) error
	// Abandon releases a claim whose send failed, so a later run sends it: a nudge held
	// back by rate limits or an outage is delayed, never dropped.
	Abandon(ctx context.Context, slot string) error
}

// Messenger delivers nudges; the Slack adapter implements it.
type Messenger interface {
	// Owner returns a user's time zone and whether they have left the workspace.
	Owner(ctx context.Context, userID string) (cadence.Owner, error)
	SendDigest(ctx context.Context, d cadence.Digest, influencers map[string]rapport.Influencer) error
	SendEscalation(ctx context.Context, e cadence.EscalationDigest) error
}

// Nudger plans and sends nudge digests and escalations.
type Nudger struct {
	Store      NudgeStore
	Deliveries Deliveries
	Messenger  Messenger
	Policy     cadence.Policy
	Cadence    cadence.Defaults
	Log        *slog.Logger
	// MaxDue bounds one run's read of the due index; the rest waits for the next run.
	MaxDue int
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
				o, err := n.Messenger.Owner(ctx, u)
				if err != nil {
					n.Log.Warn("owner lookup failed; assuming UTC", "user", u, "err", err)
				}
				in.Owners[u] = o
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

// SendDue runs one planning round as of now and sends each digest and escalation at most
// once per slot. A failed send is logged and left for the next run; rate limits are waited
// out by the messenger, so nothing is dropped.
func (n *Nudger) SendDue(ctx context.Context, now time.Time) (Outcome, error) {
	plan, byID, due, err := n.Plan(ctx, now)
	if err != nil || due == 0 {
		return Outcome{}, err
	}
	out := Outcome{Due: due, Skipped: plan.SkipCounts()}
	var errs []error
	for _, d := range plan.Digests {
		sent, err := n.sendDigest(ctx, d, byID, now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if sent {
			out.Digests++
			out.Rows += len(d.Rows)
		}
	}
	for _, e := range plan.Escalations {
		sent, err := n.sendEscalation(ctx, e, now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if sent {
			out.Escalations++
		}
	}
	n.Log.Info("nudge run", "due", out.Due, "digests", out.Digests, "rows", out.Rows, "escalations", out.Escalations, "skipped", out.Skipped)
	return out, errors.Join(errs...)
}

func (n *Nudger) sendDigest(ctx context.Context, d cadence.Digest, byID map[string]rapport.Influencer, now time.Time) (bool, error) {
	ok, err := n.Deliveries.Claim(ctx, d.Slot)
	if err != nil || !ok {
		return false, err
	}
	if err := n.Messenger.SendDigest(ctx, d, byID); err != nil {
		return false, errors.Join(fmt.Errorf("digest %s: %w", d.Slot, err), n.Deliveries.Abandon(ctx, d.Slot))
	}
	ids := make([]string, len(d.Rows))
	for i, r := range d.Rows {
		ids[i] = r.Relationship.ID
	}
	// The DM is out: record it. A failure here is retried once on a later run via the slot.
	if err := n.Store.MarkNudged(ctx, ids, now); err != nil {
		return true, fmt.Errorf("record digest %s: %w", d.Slot, err)
	}
	if err := n.Store.AddWeekCount(ctx, d.Owner+"|"+d.Week, len(d.Rows)); err != nil {
		return true, fmt.Errorf("record digest %s: %w", d.Slot, err)
	}
	return true, n.Deliveries.Complete(ctx, d.Slot)
}

func (n *Nudger) sendEscalation(ctx context.Context, e cadence.EscalationDigest, now time.Time) (bool, error) {
	ok, err := n.Deliveries.Claim(ctx, e.Slot)
	if err != nil || !ok {
		return false, err
	}
	if err := n.Messenger.SendEscalation(ctx, e); err != nil {
		return false, errors.Join(fmt.Errorf("escalation %s: %w", e.Slot, err), n.Deliveries.Abandon(ctx, e.Slot))
	}
	ids := make([]string, len(e.Items))
	for i, it := range e.Items {
		ids[i] = it.Relationship.ID
	}
	if err := n.Store.MarkEscalated(ctx, ids, now); err != nil {
		return true, fmt.Errorf("record escalation %s: %w", e.Slot, err)
	}
	return true, n.Deliveries.Complete(ctx, e.Slot)
}
