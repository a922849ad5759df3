package cadence

import (
	"errors"
	"fmt"
	"time"
)

// Policy is how often and when people may be nudged (config `nudges:`).
type Policy struct {
	// Repeat is the least time between two nudges about the same relationship, and between
	// two escalations of it. Zero leaves only the one-digest-per-window limit.
	Repeat time.Duration
	// QuietHours are read in each recipient's own zone; the zero value means none.
	QuietHours QuietHours
	// Weekends allows nudges on Saturday and Sunday (in the recipient's zone).
	Weekends bool
	// BudgetPerWeek caps the digest rows one owner receives per ISO week in their zone;
	// zero means no cap.
	BudgetPerWeek int
	// EscalateAfter is how many unanswered nudges (sent since the last contact) bring in the
	// backup; EscalateTeamAfter how many bring in the team channel. Zero turns a level off.
	EscalateAfter     int
	EscalateTeamAfter int
}

// DefaultPolicy is the policy without configuration: a relationship at most every three
// days, quiet 19:00–09:00 and at weekends, eight rows per owner per week, the backup after
// two unanswered nudges and the team channel after four.
func DefaultPolicy() Policy {
	return Policy{
		Repeat:            3 * day,
		QuietHours:        QuietHours{start: 19 * 60, end: 9 * 60},
		Weekends:          false,
		BudgetPerWeek:     8,
		EscalateAfter:     2,
		EscalateTeamAfter: 4,
	}
}

// Validate says what is wrong with the policy, naming each setting as the config file does.
func (p Policy) Validate() error {
	var errs []error
	if p.Repeat < 0 {
		errs = append(errs, fmt.Errorf("repeat %v is negative", p.Repeat))
	}
	if p.BudgetPerWeek < 0 {
		errs = append(errs, fmt.Errorf("budget_per_week %d is negative; use 0 for no cap", p.BudgetPerWeek))
	}
	if p.EscalateAfter < 0 {
		errs = append(errs, fmt.Errorf("escalate_after %d is negative; use 0 to never tell the backup", p.EscalateAfter))
	}
	if p.EscalateTeamAfter < 0 {
		errs = append(errs, fmt.Errorf("escalate_team_after %d is negative; use 0 to never tell the team", p.EscalateTeamAfter))
	}
	if p.EscalateAfter > 0 && p.EscalateTeamAfter > 0 && p.EscalateTeamAfter <= p.EscalateAfter {
		errs = append(errs, fmt.Errorf("escalate_team_after (%d) must be more than escalate_after (%d), or the backup is never told",
			p.EscalateTeamAfter, p.EscalateAfter))
	}
	return errors.Join(errs...)
}

// Owner is what the planner needs to know about a Slack user who owns or backs up
// relationships.
type Owner struct {
	// TZ is the user's zone from their Slack profile; nil (unknown) is read as UTC.
	TZ *time.Location
	// Deleted marks a user who has left the workspace: their relationships go to the backup.
	Deleted bool
}

// Location is the zone the owner's quiet hours, weekends and days are read in.
func (o Owner) Location() *time.Location {
	if o.TZ == nil {
		return time.UTC
	}
	return o.TZ
}

// Week is the ISO week at now in the owner's zone ("2026-W48"): the period the weekly
// budget counts rows in.
func (o Owner) Week(now time.Time) string { return isoWeek(now.In(o.Location())) }

func isoWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}
