// Package access holds Rapport's permission rules: who may do what to a campaign or a
// relationship, and, when someone may not, whom to ask. It is pure: the services pass the
// facts (who is an admin, who is in a private campaign's channel) and enforce the answer, so
// the rules live in one place and are tested with plain values.
//
// The roles:
//   - admins, named in the configuration (`admins`);
//   - a campaign's creator, its approvers, and the members of its channel;
//   - a relationship's owner and backup.
//
// The rules (README, "Permissions"):
//   - A campaign planned in a private channel is visible, and operable, only to that
//     channel's members; everything below also needs that.
//   - Anyone who can see a campaign may run a timing check and vote; only approvers' votes
//     decide, the others are advisory.
//   - Only the creator, an approver or an admin may edit, cancel, or put up the poll early.
//   - Only an admin may change the approvers of a campaign whose poll is up.
//   - Anyone may log a touchpoint (it records who did).
//   - Only the owner, the backup or an admin may reassign a relationship, change its
//     contact, pause or resume it, or snooze it for longer than MaxOpenSnooze. A
//     relationship with neither owner nor backup may be taken by anyone.
package access

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// MaxOpenSnooze is the longest snooze anyone may set; longer ones are the owner's call.
const MaxOpenSnooze = 14 * 24 * time.Hour

// Actor is who is asking.
type Actor struct {
	ID    string
	Admin bool
}

// Action is something done to a campaign or a relationship.
type Action string

// The actions the rules know.
const (
	ViewCampaign      Action = "view the campaign"
	CheckCampaign     Action = "run a timing check on the campaign"
	Vote              Action = "vote on the campaign"
	EditCampaign      Action = "edit the campaign"
	CancelCampaign    Action = "cancel the campaign"
	PostPoll          Action = "put up the campaign's poll"
	ChangeApprovers   Action = "change the approvers once the poll is up"
	LogTouchpoint     Action = "log a contact"
	Reassign          Action = "change the relationship's owner"
	ChangeContact     Action = "change the relationship's contact"
	PauseRelationship Action = "pause or resume the relationship"
	LongSnooze        Action = "snooze the relationship for more than 2 weeks"
)

// Decision is the answer: allowed, or refused with whom to ask.
type Decision struct {
	Allowed bool
	// Hidden is true when the actor may not even know the campaign exists (a private
	// channel they are not in): the answer must look like "no such campaign".
	Hidden bool
	// Ask are the people who may do it, each with their role ("creator", "owner"…), in
	// order; admins are always an option and said separately.
	Ask []Person
	// Action is what was refused.
	Action Action
}

// Person is someone who may do what was refused, and why they may.
type Person struct {
	ID   string
	Role string
}

// CampaignFacts are what the rules need to know beyond the campaign itself.
type CampaignFacts struct {
	// Private is true when the campaign's channel is private.
	Private bool
	// Member is true when the actor is in the campaign's channel.
	Member bool
	// PollUp is true once the campaign's poll has been posted.
	PollUp bool
}

func allow() Decision { return Decision{Allowed: true} }

// Campaign decides whether a may do action to c.
func Campaign(a Actor, c rapport.Campaign, f CampaignFacts, action Action) Decision {
	if f.Private && !f.Member {
		return Decision{Hidden: true, Action: action}
	}
	switch action {
	case ViewCampaign, CheckCampaign, Vote:
		return allow()
	case EditCampaign, CancelCampaign, PostPoll:
		if a.Admin || a.ID == c.CreatedBy || slices.Contains(c.Approvers, a.ID) {
			return allow()
		}
		var ask []Person
		if c.CreatedBy != "" {
			ask = append(ask, Person{ID: c.CreatedBy, Role: "creator"})
		}
		for _, ap := range c.Approvers {
			if ap != c.CreatedBy {
				ask = append(ask, Person{ID: ap, Role: "approver"})
			}
		}
		return Decision{Ask: ask, Action: action}
	case ChangeApprovers:
		if a.Admin || !f.PollUp {
			return allow()
		}
		return Decision{Action: action}
	}
	return Decision{Action: action}
}

// SameApprovers reports whether two approver lists name the same people, in any order.
func SameApprovers(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

// Relationship decides whether a may do action to the relationship with in.
func Relationship(a Actor, in rapport.Influencer, action Action) Decision {
	switch action {
	case LogTouchpoint:
		return allow()
	case Reassign, ChangeContact, PauseRelationship, LongSnooze:
		owner, backup := strings.TrimSpace(in.Owner), strings.TrimSpace(in.Backup)
		if a.Admin || a.ID == owner || a.ID == backup || owner == "" && backup == "" {
			return allow()
		}
		var ask []Person
		if owner != "" {
			ask = append(ask, Person{ID: owner, Role: "owner"})
		}
		if backup != "" && backup != owner {
			ask = append(ask, Person{ID: backup, Role: "backup"})
		}
		return Decision{Ask: ask, Action: action}
	}
	return Decision{Action: action}
}

// Snooze is the action a snooze of d is.
func Snooze(d time.Duration) Action {
	if d > MaxOpenSnooze {
		return LongSnooze
	}
	return LogTouchpoint // as open as logging a contact
}

// DeniedError is a refusal a service returns; handlers say who to ask.
type DeniedError struct{ Decision Decision }

func (e *DeniedError) Error() string { return "not allowed to " + string(e.Decision.Action) }

// Check returns nil when d allows, rapport.ErrNotFound when the actor may not know the
// campaign exists, else a *DeniedError.
func Check(d Decision) error {
	switch {
	case d.Allowed:
		return nil
	case d.Hidden:
		return fmt.Errorf("%w: a campaign in a private channel", rapport.ErrNotFound)
	}
	return &DeniedError{Decision: d}
}
