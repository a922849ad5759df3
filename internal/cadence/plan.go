package cadence

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// TeamRecipient is the To of an escalation meant for the team channel; Slack user IDs never
// take this form.
const TeamRecipient = "team"

// NudgeHistory is what was already sent about one relationship: the planner's memory, kept
// by the store (Alertmanager's notification log).
type NudgeHistory struct {
	// LastNudged is when the relationship was last in a digest that was sent. Record the
	// plan's Now rather than the moment the DM went out, so the next repeat interval ends on
	// a planning tick instead of just after one.
	LastNudged time.Time
	// Ignored counts the nudges sent since the last contact; logging a contact resets it.
	Ignored int
	// LastEscalated is when the relationship was last in an escalation that was sent.
	LastEscalated time.Time
}

// PlanInput is everything one planning run reads.
type PlanInput struct {
	Now time.Time
	// Due are the relationships the due index returns for Now (Due ≤ Now), in any order.
	// Each is checked again, so a stale index entry is skipped, not nudged; an ID listed
	// twice counts once.
	Due []rapport.Relationship
	// Owners maps Slack user IDs (owners and backups) to their zone and whether they have
	// left. A user missing from the map is taken to be present, in UTC.
	Owners map[string]Owner
	// History is keyed by relationship ID; a missing entry means never nudged.
	History map[string]NudgeHistory
	// SentThisWeek counts, per owner, the digest rows already sent in the current ISO week
	// in the owner's zone (Owner.Week names it).
	SentThisWeek map[string]int
	Policy       Policy
}

// Plan is what one planning run decided: the digests and escalations to send, and every
// nudge it held back with the reason. Every list is in a deterministic order.
type Plan struct {
	// Digests holds one digest per owner, ordered by owner ID.
	Digests []Digest
	// Escalations holds one list per recipient, ordered by recipient, the team last.
	Escalations []EscalationDigest
	// Skipped is ordered by relationship ID, then recipient.
	Skipped []Skip
}

// Digest is one owner's grouped nudge.
type Digest struct {
	// Owner is the Slack user ID the digest goes to.
	Owner string
	// Rows are ordered most overdue first (ties by relationship ID).
	Rows []Row
	// Slot names the owner's nudge window ("digest|U123|2026-11-25", the owner's local date)
	// for an idempotency key: claim it before sending, and at most one digest goes to an
	// owner per window across restarts and replicas. Rows planned after the window's digest
	// went out wait for the next window; record LastNudged only for rows actually sent.
	Slot string
	// Week is the ISO week in the owner's zone whose budget the rows count against.
	Week string
}

// Row is one relationship in a digest.
type Row struct {
	Relationship rapport.Relationship
	// Overdue is how long past due the relationship is at the plan's Now.
	Overdue time.Duration
	// Reason explains the row in the owner's zone: "due 3 days ago (every 14 days; last
	// contact 17 Nov)".
	Reason string
}

// EscalationDigest is the escalations for one recipient, to send as one message.
type EscalationDigest struct {
	// To is the backup's Slack user ID, or TeamRecipient.
	To string
	// Items are ordered most overdue first (ties by relationship ID).
	Items []Escalation
	// Slot names the recipient's window ("esc|U456|2026-11-25", in the backup's zone; UTC
	// for the team), like Digest.Slot.
	Slot string
}

// Escalation tells someone other than the owner about a relationship.
type Escalation struct {
	Relationship rapport.Relationship
	// To is the backup's Slack user ID, or TeamRecipient.
	To     string
	Level  Level
	Reason EscalationReason
	// Ignored is the number of nudges the owner left unanswered.
	Ignored int
	Overdue time.Duration
	// Detail explains the escalation in the recipient's zone: "2 nudges unanswered; due 9
	// days ago (every 14 days; last contact 17 Nov)".
	Detail string
}

// Skip is one nudge or escalation the run held back.
type Skip struct {
	RelationshipID string
	// To is who would have heard: the owner, the backup or TeamRecipient ("" when the
	// relationship has no owner).
	To     string
	Reason SkipReason
}

// SkipCounts counts the skips by reason, for metrics and the run's log line.
func (p Plan) SkipCounts() map[SkipReason]int {
	n := make(map[SkipReason]int)
	for _, s := range p.Skipped {
		n[s.Reason]++
	}
	return n
}

// PlanNudges decides, for the relationships due at in.Now, which owners get a digest,
// which relationships are escalated and why everything else waits.
//
// For each relationship, in order: paused and do-not-contact relationships are never
// nudged; one not due after all (the index lagged) or snoozed waits; one without a present
// owner is escalated to its backup (or the team) instead. Otherwise it may be escalated for
// unanswered nudges — to the backup from EscalateAfter, to the team from EscalateTeamAfter,
// once the latest nudge has had a full repeat interval — and it goes in its owner's digest
// unless the owner heard about it within the repeat interval or it is a weekend or quiet
// hours in the owner's zone. Last, each digest keeps only as many rows as the owner's
// weekly budget allows, the most overdue first.
//
// Escalated relationships stay in the owner's digest: the owner is still the one to act.
// A backup who is the owner, or has left, is passed over for the team; escalations to a
// backup wait for the backup's own window; the team channel has no quiet hours, and
// escalations spend no budget.
func PlanNudges(in PlanInput) Plan {
	pl := planner{
		in:         in,
		recipients: make(map[string]*recipient),
		escalated:  make(map[string][]Escalation),
		skipped:    make([]Skip, 0, len(in.Due)),
	}
	seen := make(map[string]struct{}, len(in.Due))
	for i := range in.Due {
		if _, dup := seen[in.Due[i].ID]; dup {
			continue
		}
		seen[in.Due[i].ID] = struct{}{}
		pl.consider(i)
	}
	return pl.finish()
}

type planner struct {
	in         PlanInput
	recipients map[string]*recipient
	escalated  map[string][]Escalation
	skipped    []Skip
}

// recipient is a Slack user as this run sees them, worked out once per run.
type recipient struct {
	id      string
	deleted bool
	local   time.Time // the plan's Now in the user's zone
	hold    SkipReason
	// rows index the relationships (in PlanInput.Due) that may go in the user's digest;
	// Row values are built only for those that fit the budget.
	rows []int
}

func (pl *planner) recipient(id string) *recipient {
	if rc, ok := pl.recipients[id]; ok {
		return rc
	}
	o := pl.in.Owners[id]
	loc := o.Location()
	rc := &recipient{id: id, deleted: o.Deleted, local: pl.in.Now.In(loc), hold: hold(pl.in.Now, loc, pl.in.Policy)}
	pl.recipients[id] = rc
	return rc
}

func (pl *planner) skip(id, to string, why SkipReason) {
	pl.skipped = append(pl.skipped, Skip{RelationshipID: id, To: to, Reason: why})
}

func (pl *planner) consider(i int) {
	r := &pl.in.Due[i]
	now, p := pl.in.Now, pl.in.Policy
	switch {
	case r.Status == rapport.StatusPaused:
		pl.skip(r.ID, r.Owner, SkipPaused)
		return
	case r.Status == rapport.StatusDoNotContact:
		pl.skip(r.ID, r.Owner, SkipDoNotContact)
		return
	case r.Due.IsZero() || r.Due.After(now):
		pl.skip(r.ID, r.Owner, SkipNotDue)
		return
	case r.SnoozedUntil.After(now):
		pl.skip(r.ID, r.Owner, SkipSnoozed)
		return
	}
	h := pl.in.History[r.ID]
	overdue := now.Sub(r.Due)
	if r.Owner == "" {
		pl.skip(r.ID, "", SkipNoOwner)
		pl.escalateOrphan(*r, h, overdue, EscalateNoOwner)
		return
	}
	rc := pl.recipient(r.Owner)
	if rc.deleted {
		pl.skip(r.ID, r.Owner, SkipOwnerDeparted)
		pl.escalateOrphan(*r, h, overdue, EscalateOwnerDeparted)
		return
	}
	pl.escalateIgnored(*r, h, overdue)
	if within(h.LastNudged, p.Repeat, now) {
		pl.skip(r.ID, r.Owner, SkipRepeatNotElapsed)
		return
	}
	if rc.hold != "" {
		pl.skip(r.ID, r.Owner, rc.hold)
		return
	}
	rc.rows = append(rc.rows, i)
}

// within reports whether last is less than repeat before now. The boundary is open: a
// relationship nudged exactly one repeat interval ago may be nudged again.
func within(last time.Time, repeat time.Duration, now time.Time) bool {
	return !last.IsZero() && last.Add(repeat).After(now)
}

// backup is the relationship's backup when they can stand in: set, not the owner, present.
func (pl *planner) backup(r rapport.Relationship) (string, bool) {
	b := r.Backup
	if b == "" || b == r.Owner || pl.recipient(b).deleted {
		return "", false
	}
	return b, true
}

// escalateOrphan hands a relationship nobody owns to the backup, or else the team.
func (pl *planner) escalateOrphan(r rapport.Relationship, h NudgeHistory, overdue time.Duration, why EscalationReason) {
	to, level := TeamRecipient, LevelTeam
	if b, ok := pl.backup(r); ok {
		to, level = b, LevelBackup
	}
	pl.escalate(r, h, overdue, to, level, why, h.LastEscalated)
}

// escalateIgnored tells the backup, or at the higher threshold the team, about nudges the
// owner has not answered. Without a usable backup the relationship waits for the team
// threshold: the owner keeps being nudged meanwhile.
func (pl *planner) escalateIgnored(r rapport.Relationship, h NudgeHistory, overdue time.Duration) {
	p := pl.in.Policy
	var to string
	var level Level
	switch {
	case p.EscalateTeamAfter > 0 && h.Ignored >= p.EscalateTeamAfter:
		to, level = TeamRecipient, LevelTeam
	case p.EscalateAfter > 0 && h.Ignored >= p.EscalateAfter:
		b, ok := pl.backup(r)
		if !ok {
			return
		}
		to, level = b, LevelBackup
	default:
		return
	}
	// The owner gets a whole repeat interval to answer the latest nudge before anyone else
	// hears, and nobody hears twice within one.
	last := h.LastEscalated
	if h.LastNudged.After(last) {
		last = h.LastNudged
	}
	pl.escalate(r, h, overdue, to, level, EscalateIgnored, last)
}

func (pl *planner) escalate(r rapport.Relationship, h NudgeHistory, overdue time.Duration, to string, level Level, why EscalationReason, last time.Time) {
	if within(last, pl.in.Policy.Repeat, pl.in.Now) {
		pl.skip(r.ID, to, SkipRepeatNotElapsed)
		return
	}
	if level == LevelBackup {
		if rc := pl.recipient(to); rc.hold != "" {
			pl.skip(r.ID, to, rc.hold)
			return
		}
	}
	pl.escalated[to] = append(pl.escalated[to], Escalation{
		Relationship: r, To: to, Level: level, Reason: why, Ignored: h.Ignored, Overdue: overdue,
	})
}

func (pl *planner) finish() Plan {
	p := pl.in.Policy
	var out Plan

	owners := make([]*recipient, 0, len(pl.recipients))
	for _, rc := range pl.recipients {
		if len(rc.rows) > 0 {
			owners = append(owners, rc)
		}
	}
	slices.SortFunc(owners, func(a, b *recipient) int { return cmp.Compare(a.id, b.id) })
	for _, rc := range owners {
		slices.SortFunc(rc.rows, func(i, j int) int { return mostOverdueFirstByDue(&pl.in.Due[i], &pl.in.Due[j]) })
		keep := len(rc.rows)
		if p.BudgetPerWeek > 0 {
			keep = min(keep, max(0, p.BudgetPerWeek-max(0, pl.in.SentThisWeek[rc.id])))
		}
		for _, i := range rc.rows[keep:] {
			pl.skip(pl.in.Due[i].ID, rc.id, SkipBudget)
		}
		if keep == 0 {
			continue
		}
		rows := make([]Row, keep)
		for k, i := range rc.rows[:keep] {
			r := pl.in.Due[i]
			overdue := pl.in.Now.Sub(r.Due)
			rows[k] = Row{Relationship: r, Overdue: overdue, Reason: describe(r, overdue, rc.local)}
		}
		out.Digests = append(out.Digests, Digest{
			Owner: rc.id,
			Rows:  rows,
			Slot:  "digest|" + rc.id + "|" + windowDate(rc.local, p.QuietHours),
			Week:  isoWeek(rc.local),
		})
	}

	tos := make([]string, 0, len(pl.escalated))
	for to := range pl.escalated {
		tos = append(tos, to)
	}
	slices.SortFunc(tos, func(a, b string) int {
		if (a == TeamRecipient) != (b == TeamRecipient) {
			if a == TeamRecipient {
				return 1
			}
			return -1
		}
		return cmp.Compare(a, b)
	})
	for _, to := range tos {
		items := pl.escalated[to]
		slices.SortFunc(items, func(a, b Escalation) int {
			if c := cmp.Compare(b.Overdue, a.Overdue); c != 0 {
				return c
			}
			return strings.Compare(a.Relationship.ID, b.Relationship.ID)
		})
		local, date := pl.in.Now.UTC(), pl.in.Now.UTC().Format(time.DateOnly)
		if to != TeamRecipient {
			rc := pl.recipient(to)
			local, date = rc.local, windowDate(rc.local, p.QuietHours)
		}
		for i := range items {
			items[i].Detail = escalationDetail(items[i], local)
		}
		out.Escalations = append(out.Escalations, EscalationDigest{To: to, Items: items, Slot: "esc|" + to + "|" + date})
	}

	out.Skipped = sortedSkips(pl.skipped)
	return out
}

// sortedSkips orders skips by relationship, then recipient, then reason. It sorts an index
// and copies once, rather than swapping three-string structs, which is measurably cheaper
// for the thousands of skips of a large run.
func sortedSkips(skips []Skip) []Skip {
	if len(skips) == 0 {
		return nil
	}
	idx := make([]int32, len(skips))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(i, j int32) int {
		a, b := &skips[i], &skips[j]
		if c := strings.Compare(a.RelationshipID, b.RelationshipID); c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(a.To, b.To), strings.Compare(string(a.Reason), string(b.Reason)))
	})
	out := make([]Skip, len(skips))
	for k, i := range idx {
		out[k] = skips[i]
	}
	return out
}

// mostOverdueFirstByDue orders the earliest due first, ties by ID.
func mostOverdueFirstByDue(a, b *rapport.Relationship) int {
	if c := a.Due.Compare(b.Due); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// escalationDetail says why someone other than the owner is hearing about a relationship.
func escalationDetail(e Escalation, now time.Time) string {
	var why string
	switch e.Reason {
	case EscalateIgnored:
		why = wording.Plural(e.Ignored, "nudge", "nudges") + " unanswered"
	case EscalateNoOwner:
		why = "no owner"
	case EscalateOwnerDeparted:
		why = "owner has left the workspace"
	}
	return why + "; " + describe(e.Relationship, e.Overdue, now)
}
