package poll

import (
	"testing"
	"time"
)

func TestDecide(t *testing.T) {
	closedPoll := func(p Poll) Poll { p.Closed = true; return p }
	tests := []struct {
		name       string
		poll       Poll
		now        time.Time
		outcome    Outcome
		basis      Basis
		final      bool
		reason     string
		conditions []string
		objections []string
	}{
		// Approvers decide.
		{
			name: "every approver go: go, final as soon as the last one votes",
			poll: newPoll(approve("UA", "UB", "UC"), goVote("UA"), goVote("UB"), goVote("UC")),
			now:  before, outcome: OutcomeGo, basis: BasisApproversGo, final: true,
			reason: "Go: all 3 approvers voted go.",
		},
		{
			name: "a conditional go counts as go, and its conditions come with the decision",
			poll: newPoll(approve("UA", "UB", "UC"), goVote("UA"), condVote("UC", "captions fixed"), condVote("UB", "legal ok")),
			now:  before, outcome: OutcomeGo, basis: BasisApproversGo, final: true,
			reason:     "Go: all 3 approvers voted go, 2 with conditions.",
			conditions: []string{"UB", "UC"},
		},
		{
			name: "a single approver's conditional go",
			poll: newPoll(approve("UA"), condVote("UA", "legal ok")),
			now:  before, outcome: OutcomeGo, basis: BasisApproversGo, final: true,
			reason: "Go: the approver voted go with conditions.", conditions: []string{"UA"},
		},
		{
			name: "both approvers conditional",
			poll: newPoll(approve("UA", "UB"), condVote("UA", "x"), condVote("UB", "y")),
			now:  before, outcome: OutcomeGo, basis: BasisApproversGo, final: true,
			reason: "Go: both approvers voted go, all with conditions.", conditions: []string{"UA", "UB"},
		},
		{
			name: "one approver no-go outweighs every go",
			poll: newPoll(approve("UA", "UB", "UC"), goVote("UA"), noGoVote("UB", "storm"), goVote("UC"), goVote("UX"), goVote("UY")),
			now:  before, outcome: OutcomeNoGo, basis: BasisApproverNoGo, final: true,
			reason: "No-go: 1 of 3 approvers voted no-go.", objections: []string{"UB"},
		},
		{
			name: "an approver no-go before the others vote is provisional",
			poll: newPoll(approve("UA", "UB"), noGoVote("UB", "storm")),
			now:  before, outcome: OutcomeNoGo, basis: BasisApproverNoGo, final: false,
			reason: "No-go so far: 1 of 2 approvers voted no-go.", objections: []string{"UB"},
		},
		{
			name: "the same no-go is final at the deadline",
			poll: newPoll(approve("UA", "UB"), noGoVote("UB", "storm")),
			now:  deadline, outcome: OutcomeNoGo, basis: BasisApproverNoGo, final: true,
			reason: "No-go: 1 of 2 approvers voted no-go.", objections: []string{"UB"},
		},
		{
			name: "an approver who changed no-go to go: the latest vote counts",
			poll: func() Poll {
				p := newPoll(approve("UA", "UB"), goVote("UA"), noGoVote("UB", "storm"))
				p, _ = Cast(p, goVote("UB"), before)
				return p
			}(),
			now: before, outcome: OutcomeGo, basis: BasisApproversGo, final: true,
			reason: "Go: both approvers voted go.",
		},
		{
			name: "all approvers no-go",
			poll: newPoll(approve("UA", "UB"), noGoVote("UA", "a"), noGoVote("UB", "b")),
			now:  before, outcome: OutcomeNoGo, basis: BasisApproverNoGo, final: true,
			reason: "No-go: both approvers voted no-go.", objections: []string{"UA", "UB"},
		},
		{
			name: "waiting for approvers before the deadline",
			poll: newPoll(approve("UA", "UB", "UC"), goVote("UA")),
			now:  before, outcome: OutcomeNoDecision, basis: BasisAwaitingApprovers, final: false,
			reason: "No decision yet: waiting for 2 of 3 approvers.",
		},
		{
			name: "an approver missing at the deadline: no decision, final",
			poll: newPoll(approve("UA", "UB", "UC"), goVote("UA"), goVote("UB")),
			now:  deadline, outcome: OutcomeNoDecision, basis: BasisApproversMissing, final: true,
			reason: "No decision: 1 of 3 approvers did not vote before the poll closed.",
		},
		{
			name: "no approver voted by the deadline",
			poll: newPoll(approve("UA", "UB"), goVote("UX")),
			now:  deadline.Add(time.Hour), outcome: OutcomeNoDecision, basis: BasisApproversMissing, final: true,
			reason: "No decision: no approver voted before the poll closed.",
		},
		{
			name: "closed early with the single approver missing",
			poll: closedPoll(newPoll(approve("UA"))),
			now:  posted, outcome: OutcomeNoDecision, basis: BasisApproversMissing, final: true,
			reason: "No decision: no approver voted before the poll closed.",
		},
		{
			name: "other voters' no-go changes nothing but is mentioned",
			poll: newPoll(approve("UA"), goVote("UA"), noGoVote("UX", "clash"), noGoVote("UY", "clash")),
			now:  before, outcome: OutcomeGo, basis: BasisApproversGo, final: true,
			reason: "Go: the approver voted go. 2 other voters said no-go.",
		},
		{
			name: "one other voter's no-go while waiting",
			poll: newPoll(approve("UA"), noGoVote("UX", "clash")),
			now:  before, outcome: OutcomeNoDecision, basis: BasisAwaitingApprovers, final: false,
			reason: "No decision yet: waiting for the approver. 1 other voter said no-go.",
		},
		{
			name: "an approver's vote with an unknown choice counts as not voted",
			poll: newPoll(approve("UA", "UB"), goVote("UA"), Vote{User: "UB", Choice: "maybe"}),
			now:  before, outcome: OutcomeNoDecision, basis: BasisAwaitingApprovers, final: false,
			reason: "No decision yet: waiting for 1 of 2 approvers.",
		},
		{
			name: "repeated and blank approvers count once",
			poll: newPoll(approve("UA", "UA", " ", ""), goVote("UA")),
			now:  before, outcome: OutcomeGo, basis: BasisApproversGo, final: true,
			reason: "Go: the approver voted go.",
		},
		// No approvers: the majority decides at the deadline.
		{
			name: "majority go, provisional before the deadline",
			poll: newPoll(nil, goVote("U1"), condVote("U2", "x"), noGoVote("U3", "y")),
			now:  before, outcome: OutcomeGo, basis: BasisMajority, final: false,
			reason:     "Go by majority so far: 2 go (1 with conditions) to 1 no-go (no approvers named).",
			conditions: []string{"U2"}, objections: []string{"U3"},
		},
		{
			name: "majority go at the deadline",
			poll: newPoll(nil, goVote("U1"), goVote("U2"), noGoVote("U3", "y")),
			now:  deadline, outcome: OutcomeGo, basis: BasisMajority, final: true,
			reason: "Go by majority: 2 go to 1 no-go (no approvers named).", objections: []string{"U3"},
		},
		{
			name: "majority no-go at the deadline",
			poll: newPoll(nil, goVote("U1"), noGoVote("U2", "x"), noGoVote("U3", "y")),
			now:  deadline, outcome: OutcomeNoGo, basis: BasisMajority, final: true,
			reason: "No-go by majority: 2 no-go to 1 go (no approvers named).", objections: []string{"U2", "U3"},
		},
		{
			name: "a tie is no decision",
			poll: newPoll(nil, condVote("U1", "x"), noGoVote("U2", "y")),
			now:  deadline, outcome: OutcomeNoDecision, basis: BasisTie, final: true,
			reason:     "No decision: tied at 1 go (1 with conditions) and 1 no-go (no approvers named).",
			conditions: []string{"U1"}, objections: []string{"U2"},
		},
		{
			name: "a tie before the deadline",
			poll: newPoll(nil, goVote("U1"), noGoVote("U2", "y")),
			now:  before, outcome: OutcomeNoDecision, basis: BasisTie, final: false,
			reason: "No decision yet: tied at 1 go and 1 no-go (no approvers named).", objections: []string{"U2"},
		},
		{
			name: "nobody voted by the deadline",
			poll: newPoll(nil),
			now:  deadline, outcome: OutcomeNoDecision, basis: BasisNoVotes, final: true,
			reason: "No decision: nobody voted.",
		},
		{
			name: "no votes yet",
			poll: newPoll(nil),
			now:  before, outcome: OutcomeNoDecision, basis: BasisNoVotes, final: false,
			reason: "No decision yet: no votes so far.",
		},
		{
			name: "without a deadline the majority stays provisional until closed",
			poll: func() Poll { p := newPoll(nil, goVote("U1")); p.Deadline = time.Time{}; return p }(),
			now:  deadline.Add(48 * time.Hour), outcome: OutcomeGo, basis: BasisMajority, final: false,
			reason: "Go by majority so far: 1 go to 0 no-go (no approvers named).",
		},
		{
			name: "closed without approvers: final",
			poll: closedPoll(newPoll(nil, goVote("U1"))),
			now:  posted, outcome: OutcomeGo, basis: BasisMajority, final: true,
			reason: "Go by majority: 1 go to 0 no-go (no approvers named).",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decide(tt.poll, tt.now)
			if d.Outcome != tt.outcome || d.Basis != tt.basis || d.Final != tt.final {
				t.Errorf("decision = %s (%s), final %v; want %s (%s), final %v", d.Outcome, d.Basis, d.Final, tt.outcome, tt.basis, tt.final)
			}
			if d.Reason != tt.reason {
				t.Errorf("reason = %q\n          want %q", d.Reason, tt.reason)
			}
			if got := users(d.Conditions); !sameStrings(got, tt.conditions) {
				t.Errorf("conditions from %q, want %q", got, tt.conditions)
			}
			if got := users(d.Objections); !sameStrings(got, tt.objections) {
				t.Errorf("objections from %q, want %q", got, tt.objections)
			}
		})
	}
}

func TestDecisionCarriesTheNotes(t *testing.T) {
	d := Decide(newPoll(approve("UA", "UB"), condVote("UA", "legal ok"), noGoVote("UB", "storm warning")), before)
	if len(d.Conditions) != 1 || d.Conditions[0].Note != "legal ok" {
		t.Errorf("conditions = %+v", d.Conditions)
	}
	if len(d.Objections) != 1 || d.Objections[0].Note != "storm warning" {
		t.Errorf("objections = %+v", d.Objections)
	}
}
