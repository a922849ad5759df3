package poll

import (
	"cmp"
	"slices"
	"strconv"
	"time"
)

// Outcome is what a poll decided. The values are stable: they are recorded on the campaign.
type Outcome string

// The three outcomes.
const (
	OutcomeGo         Outcome = "go"
	OutcomeNoGo       Outcome = "no_go"
	OutcomeNoDecision Outcome = "no_decision"
)

// Basis names the rule behind a decision. The values are stable: use them as log fields and
// metric labels.
type Basis string

// The rules, approvers' first.
const (
	// BasisApproverNoGo: at least one approver voted no-go.
	BasisApproverNoGo Basis = "approver_no_go"
	// BasisApproversGo: every approver voted go or conditional go.
	BasisApproversGo Basis = "approvers_go"
	// BasisAwaitingApprovers: some approvers have not voted yet and none voted no-go.
	BasisAwaitingApprovers Basis = "awaiting_approvers"
	// BasisApproversMissing: the poll closed before every approver voted, and none voted
	// no-go.
	BasisApproversMissing Basis = "approvers_missing"
	// BasisMajority: no approvers are named and one side has more votes.
	BasisMajority Basis = "majority"
	// BasisTie: no approvers are named and the votes are even.
	BasisTie Basis = "tie"
	// BasisNoVotes: no approvers are named and nobody voted.
	BasisNoVotes Basis = "no_votes"
)

// Decision is a poll's outcome and why.
type Decision struct {
	Outcome Outcome `json:"outcome"`
	Basis   Basis   `json:"basis"`
	// Reason explains the outcome in one sentence, without user text or mentions:
	// "Go: all 3 approvers voted go, 1 with conditions."
	Reason string `json:"reason"`
	// Final is false while votes can still change the outcome.
	Final bool `json:"final"`
	// Conditions are the conditional-go votes that count (the approvers', or everyone's when
	// no approvers are named), ordered by user: a go is a go on these conditions.
	Conditions []Vote `json:"conditions,omitempty"`
	// Objections are the no-go votes that count, ordered by user.
	Objections []Vote `json:"objections,omitempty"`
}

// Decide applies the poll rules (see the package documentation) to p's votes at now.
// Decide never returns OutcomeGo while any approver's vote is no-go.
func Decide(p Poll, now time.Time) Decision {
	final := p.Closed || p.deadlinePassed(now)
	appr := approvers(p)
	if len(appr) == 0 {
		return byMajority(p, final)
	}
	var d Decision
	isApprover := make(map[string]bool, len(appr))
	voted := 0
	for _, a := range appr {
		isApprover[a] = true
		v, ok := p.Votes[a]
		if !ok || !v.Choice.Valid() {
			continue
		}
		voted++
		v.User = a
		switch v.Choice {
		case NoGo:
			d.Objections = append(d.Objections, v)
		case ConditionalGo:
			d.Conditions = append(d.Conditions, v)
		}
	}
	sortByUser(d.Objections)
	sortByUser(d.Conditions)
	n := len(appr)
	allVoted := voted == n
	d.Final = final || allVoted
	switch {
	case len(d.Objections) > 0:
		d.Outcome, d.Basis = OutcomeNoGo, BasisApproverNoGo
		d.Reason = lead("No-go", d.Final) + ofApprovers(len(d.Objections), n) + " voted no-go."
	case allVoted:
		d.Outcome, d.Basis = OutcomeGo, BasisApproversGo
		d.Reason = "Go: " + approversGo(len(d.Conditions), n)
	case d.Final:
		d.Outcome, d.Basis = OutcomeNoDecision, BasisApproversMissing
		if voted == 0 {
			d.Reason = "No decision: no approver voted before the poll closed."
		} else {
			d.Reason = "No decision: " + ofApprovers(n-voted, n) + " did not vote before the poll closed."
		}
	default:
		d.Outcome, d.Basis = OutcomeNoDecision, BasisAwaitingApprovers
		d.Reason = "No decision yet: waiting for " + ofApprovers(n-voted, n) + "."
	}
	if d.Outcome != OutcomeNoGo {
		others := 0
		for user, v := range p.Votes {
			if v.Choice == NoGo && !isApprover[user] {
				others++
			}
		}
		switch {
		case others == 1:
			d.Reason += " 1 other voter said no-go."
		case others > 1:
			d.Reason += " " + strconv.Itoa(others) + " other voters said no-go."
		}
	}
	return d
}

// byMajority decides a poll without approvers: the majority of all votes, a conditional go
// counting as go.
func byMajority(p Poll, final bool) Decision {
	d := Decision{Final: final}
	goes := 0
	for user, v := range p.Votes {
		v.User = user
		switch v.Choice {
		case Go:
			goes++
		case ConditionalGo:
			goes++
			d.Conditions = append(d.Conditions, v)
		case NoGo:
			d.Objections = append(d.Objections, v)
		}
	}
	sortByUser(d.Conditions)
	sortByUser(d.Objections)
	noGoes := len(d.Objections)
	goText := strconv.Itoa(goes) + " go"
	if c := len(d.Conditions); c > 0 {
		goText += " (" + strconv.Itoa(c) + " with conditions)"
	}
	noGoText := strconv.Itoa(noGoes) + " no-go"
	switch {
	case goes+noGoes == 0:
		d.Outcome, d.Basis = OutcomeNoDecision, BasisNoVotes
		if final {
			d.Reason = "No decision: nobody voted."
		} else {
			d.Reason = "No decision yet: no votes so far."
		}
	case goes > noGoes:
		d.Outcome, d.Basis = OutcomeGo, BasisMajority
		d.Reason = lead("Go by majority", final) + goText + " to " + noGoText + " (no approvers named)."
	case noGoes > goes:
		d.Outcome, d.Basis = OutcomeNoGo, BasisMajority
		d.Reason = lead("No-go by majority", final) + noGoText + " to " + goText + " (no approvers named)."
	default:
		d.Outcome, d.Basis = OutcomeNoDecision, BasisTie
		d.Reason = lead("No decision", final) + "tied at " + goText + " and " + noGoText + " (no approvers named)."
	}
	return d
}

// lead starts a reason: "No-go: " when final, "No-go so far: " while votes can change.
func lead(s string, final bool) string {
	if final {
		return s + ": "
	}
	if s == "No decision" {
		return "No decision yet: "
	}
	return s + " so far: "
}

// ofApprovers names k of n approvers: "the approver", "both approvers", "all 3 approvers",
// "1 of 3 approvers".
func ofApprovers(k, n int) string {
	switch {
	case n == 1:
		return "the approver"
	case k == n && n == 2:
		return "both approvers"
	case k == n:
		return "all " + strconv.Itoa(n) + " approvers"
	}
	return strconv.Itoa(k) + " of " + strconv.Itoa(n) + " approvers"
}

// approversGo says every approver voted go, and how many with conditions.
func approversGo(conditional, n int) string {
	s := ofApprovers(n, n) + " voted go"
	switch {
	case conditional == 0:
	case n == 1:
		s += " with conditions"
	case conditional == n:
		s += ", all with conditions"
	default:
		s += ", " + strconv.Itoa(conditional) + " with conditions"
	}
	return s + "."
}

func sortByUser(vs []Vote) {
	slices.SortFunc(vs, func(a, b Vote) int { return cmp.Compare(a.User, b.User) })
}
