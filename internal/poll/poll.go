package poll

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Poll is one go/no-go poll for a campaign launch.
type Poll struct {
	CampaignID string `json:"campaign_id"`
	// Approvers are the Slack user IDs whose votes decide; empty means the majority of all
	// voters decides. Blanks and repeats are ignored.
	Approvers []string `json:"approvers,omitempty"`
	// Deadline closes voting: a vote at or after it is refused. Zero means no deadline; the
	// poll then stays open until Close.
	Deadline time.Time `json:"deadline,omitzero"`
	// Votes is keyed by user ID; the key, not Vote.User, names the voter.
	Votes map[string]Vote `json:"votes,omitempty"`
	// Closed is set by Close; a closed poll takes no more votes.
	Closed bool `json:"closed,omitempty"`
	// Decision is the decision recorded by Close; zero while the poll is open.
	Decision Decision `json:"decision,omitzero"`
}

// Open reports whether p still takes votes at now: not closed, and before its deadline.
func (p Poll) Open(now time.Time) bool {
	return !p.Closed && !p.deadlinePassed(now)
}

func (p Poll) deadlinePassed(now time.Time) bool {
	return !p.Deadline.IsZero() && !now.Before(p.Deadline)
}

// Cast records v as v.User's vote, replacing any earlier vote of theirs, and returns the
// updated poll; p itself is not modified. The note is stored trimmed, and At defaults to now.
// It fails with the Validate error for an invalid vote, and with ErrClosed once the poll is
// closed or its deadline has passed.
func Cast(p Poll, v Vote, now time.Time) (Poll, error) {
	if err := Validate(v); err != nil {
		return p, err
	}
	switch {
	case p.Closed:
		return p, ErrClosed
	case p.deadlinePassed(now):
		return p, fmt.Errorf("%w: voting ended at the deadline", ErrClosed)
	}
	v.User = strings.TrimSpace(v.User)
	v.Note = strings.TrimSpace(v.Note)
	if v.At.IsZero() {
		v.At = now
	}
	votes := make(map[string]Vote, len(p.Votes)+1)
	maps.Copy(votes, p.Votes)
	votes[v.User] = v
	p.Votes = votes
	return p, nil
}

// Close closes the poll and records its decision, which is final. Closing a closed poll
// changes nothing.
func Close(p Poll, now time.Time) Poll {
	if p.Closed {
		return p
	}
	p.Closed = true
	p.Decision = Decide(p, now)
	return p
}

// Tally counts a poll's votes for the live message. With approvers named, only their votes
// decide and count here; everyone else's are Advisory, shown apart.
type Tally struct {
	Go, Conditional, NoGo int
	// Voters lists, for each choice, who chose it, ordered by user ID.
	Voters map[Choice][]string
	// MissingApprovers are the approvers who have not voted, in Approvers order.
	MissingApprovers []string
	// Advisory are the votes of people who are not approvers, ordered by user, when the
	// poll has approvers; they inform the decision without making it.
	Advisory []Vote
}

// Total is the number of counted votes.
func (t Tally) Total() int { return t.Go + t.Conditional + t.NoGo }

// TallyVotes counts p's votes. A stored vote with an unknown choice is not counted, and its
// voter, if an approver, is still missing.
func TallyVotes(p Poll) Tally {
	t := Tally{Voters: make(map[Choice][]string, len(Choices))}
	appr := approvers(p)
	for user, v := range p.Votes {
		if !v.Choice.Valid() {
			continue
		}
		if len(appr) > 0 && !slices.Contains(appr, user) {
			v.User = user
			t.Advisory = append(t.Advisory, v)
			continue
		}
		switch v.Choice {
		case Go:
			t.Go++
		case ConditionalGo:
			t.Conditional++
		case NoGo:
			t.NoGo++
		}
		t.Voters[v.Choice] = append(t.Voters[v.Choice], user)
	}
	for _, users := range t.Voters {
		slices.Sort(users)
	}
	sortByUser(t.Advisory)
	t.MissingApprovers = missing(p)
	return t
}

// approvers is p.Approvers without blanks and repeats, in order.
func approvers(p Poll) []string {
	out := make([]string, 0, len(p.Approvers))
	for _, a := range p.Approvers {
		a = strings.TrimSpace(a)
		if a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// missing lists the approvers without a valid vote, in Approvers order.
func missing(p Poll) []string {
	var out []string
	for _, a := range approvers(p) {
		if v, ok := p.Votes[a]; !ok || !v.Choice.Valid() {
			out = append(out, a)
		}
	}
	return out
}

// Reminders lists the approvers to remind at now: once now has reached remindAt, every
// approver who has not voted, while the poll is open. It returns the same users on every
// call, so the caller claims ReminderSlot for each before sending, and each approver hears
// once.
func Reminders(p Poll, now, remindAt time.Time) []string {
	if !p.Open(now) || now.Before(remindAt) {
		return nil
	}
	return missing(p)
}

// ReminderSlot names one approver's reminder for an idempotency key:
// "poll-remind|spring-glow|1795000000|U123". The deadline is part of it, so a poll posted
// again for a moved launch reminds afresh.
func ReminderSlot(p Poll, user string) string {
	deadline := "none"
	if !p.Deadline.IsZero() {
		deadline = strconv.FormatInt(p.Deadline.Unix(), 10)
	}
	return "poll-remind|" + p.CampaignID + "|" + deadline + "|" + user
}
