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
	ProfilesByID(ctx context.Context, ids []string) ([]rapport.Profile, error)
	RelStates(ctx context.Context, ids []string) (map[string]rapport.RelState, error)
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
}

// Messenger delivers nudges; the Slack adapter implements it.
type Messenger interface {
	// Owner returns a user's time zone and whether they have left the workspace.
	Owner(ctx context.Context, userID string) (cadence.Owner, error)
	SendDigest(ctx context.Context, d cadence.Digest, profiles map[string]rapport.Profile) error
	SendEscalation(ctx context.Context, e cadence.EscalationDigest, profiles map[string]rapport.Profile) error
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

// SendDue runs one planning round as of now: reads the relationships due (the due index,
// never the roster), plans with cadence.PlanNudges, and sends each digest and escalation
// at most once per slot. A failed send is logged and left for the next run; rate limits are
// waited out by the messenger, so nothing is dropped.
func (n *Nudger) SendDue(ctx context.Context, now time.Time) (Outcome, error) {
	limit := n.MaxDue
	if limit <= 0 {
		limit = 10000
	}
	ids, _, err := n.Store.DueIDs(ctx, now, limit)
	if err != nil || len(ids) == 0 {
		return Outcome{}, err
	}
	profiles, err := n.Store.ProfilesByID(ctx, ids)
	if err != nil {
		return Outcome{}, err
	}
	states, err := n.Store.RelStates(ctx, ids)
	if err != nil {
		return Outcome{}, err
	}
	byID := make(map[string]rapport.Profile, len(profiles))
	in := cadence.PlanInput{Now: now, Policy: n.Policy, Owners: map[string]cadence.Owner{},
		History: map[string]cadence.NudgeHistory{}, SentThisWeek: map[string]int{}}
	for _, p := range profiles {
		id := p.Influencer.ID()
		byID[id] = p
		st := states[id]
		in.Due = append(in.Due, n.relationship(p, st, now))
		in.History[id] = cadence.NudgeHistory{LastNudged: st.LastNudged, Ignored: st.Ignored, LastEscalated: st.LastEscalated}
		for _, u := range []string{p.Influencer.Owner, p.Influencer.Backup} {
			if _, seen := in.Owners[u]; u != "" && !seen {
				o, err := n.Messenger.Owner(ctx, u)
				if err != nil {
					n.Log.Warn("owner lookup failed; assuming UTC", "user", u, "err", err)
				}
				in.Owners[u] = o
			}
		}
	}
	var keys []string
	for u, o := range in.Owners {
		keys = append(keys, u+"|"+o.Week(now))
	}
	counts, err := n.Store.WeekCounts(ctx, keys)
	if err != nil {
		return Outcome{}, err
	}
	for u, o := range in.Owners {
		in.SentThisWeek[u] = counts[u+"|"+o.Week(now)]
	}

	plan := cadence.PlanNudges(in)
	out := Outcome{Due: len(ids), Skipped: plan.SkipCounts()}
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
		sent, err := n.sendEscalation(ctx, e, byID, now)
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

func (n *Nudger) sendDigest(ctx context.Context, d cadence.Digest, byID map[string]rapport.Profile, now time.Time) (bool, error) {
	ok, err := n.Deliveries.Claim(ctx, d.Slot)
	if err != nil || !ok {
		return false, err
	}
	if err := n.Messenger.SendDigest(ctx, d, byID); err != nil {
		return false, fmt.Errorf("digest %s: %w", d.Slot, err)
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

func (n *Nudger) sendEscalation(ctx context.Context, e cadence.EscalationDigest, byID map[string]rapport.Profile, now time.Time) (bool, error) {
	ok, err := n.Deliveries.Claim(ctx, e.Slot)
	if err != nil || !ok {
		return false, err
	}
	if err := n.Messenger.SendEscalation(ctx, e, byID); err != nil {
		return false, fmt.Errorf("escalation %s: %w", e.Slot, err)
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

// relationship is the planner's view of one influencer.
func (n *Nudger) relationship(p rapport.Profile, st rapport.RelState, now time.Time) rapport.Relationship {
	in := p.Influencer
	cad, _ := Cadence(p, n.Cadence, now)
	return rapport.Relationship{
		ID: in.ID(), Handle: in.Handle, Name: in.Name, Owner: in.Owner, Backup: in.Backup, Status: in.Status,
		Cadence: cad, LastContact: st.LastContact, Due: st.Due, SnoozedUntil: st.SnoozedUntil,
	}
}
