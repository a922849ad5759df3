package cadence

// SkipReason says why a due relationship produced no nudge (or no escalation) for one
// recipient in this planning run. The values are stable: use them as log fields and metric
// labels.
type SkipReason string

// Why a nudge was held back.
const (
	// SkipNotDue: the relationship is not due yet (the due index lagged a touchpoint).
	SkipNotDue SkipReason = "not_due"
	// SkipPaused: the relationship is paused; it is never nudged until resumed.
	SkipPaused SkipReason = "paused"
	// SkipDoNotContact: the influencer must not be contacted; never nudged.
	SkipDoNotContact SkipReason = "do_not_contact"
	// SkipSnoozed: snoozed until a later time; its due time is unchanged.
	SkipSnoozed SkipReason = "snoozed"
	// SkipNoOwner: nobody owns the relationship; it is escalated instead.
	SkipNoOwner SkipReason = "no_owner"
	// SkipOwnerDeparted: the owner has left the workspace; it is escalated instead.
	SkipOwnerDeparted SkipReason = "owner_departed"
	// SkipRepeatNotElapsed: the recipient heard about it less than one repeat interval ago.
	SkipRepeatNotElapsed SkipReason = "repeat_not_elapsed"
	// SkipWeekend: it is Saturday or Sunday where the recipient is.
	SkipWeekend SkipReason = "weekend"
	// SkipQuietHours: it is within quiet hours where the recipient is.
	SkipQuietHours SkipReason = "quiet_hours"
	// SkipBudget: the owner's weekly budget of rows is spent; more overdue rows went first.
	SkipBudget SkipReason = "budget"
)

// Level is who hears about a relationship its owner is not keeping up.
type Level string

// Escalation levels, from the nearest to the widest audience.
const (
	// LevelBackup: the relationship's backup, by DM.
	LevelBackup Level = "backup"
	// LevelTeam: the team channel.
	LevelTeam Level = "team"
)

// EscalationReason says why a relationship was escalated.
type EscalationReason string

// Why a relationship was escalated.
const (
	// EscalateIgnored: the owner left EscalateAfter (or EscalateTeamAfter) nudges unanswered.
	EscalateIgnored EscalationReason = "ignored"
	// EscalateNoOwner: nobody owns the relationship.
	EscalateNoOwner EscalationReason = "no_owner"
	// EscalateOwnerDeparted: the owner has left the workspace.
	EscalateOwnerDeparted EscalationReason = "owner_departed"
)
