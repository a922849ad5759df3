package poll

import (
	"slices"
	"time"
)

// The tests' clock: the poll is posted at posted and closes at deadline, 30 minutes before
// a 16:00 UTC launch.
var (
	posted   = time.Date(2026, 11, 25, 13, 30, 0, 0, time.UTC)
	deadline = time.Date(2026, 11, 25, 15, 30, 0, 0, time.UTC)
	before   = deadline.Add(-time.Minute)
)

func goVote(user string) Vote { return Vote{User: user, Choice: Go, At: posted} }
func condVote(user, note string) Vote {
	return Vote{User: user, Choice: ConditionalGo, Note: note, At: posted}
}
func noGoVote(user, reason string) Vote {
	return Vote{User: user, Choice: NoGo, Note: reason, At: posted}
}
func approve(users ...string) []string { return users }
func users(vs []Vote) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.User
	}
	return out
}

// newPoll is an open poll for "spring-glow" with the given approvers and votes.
func newPoll(approvers []string, votes ...Vote) Poll {
	p := Poll{CampaignID: "spring-glow", Approvers: approvers, Deadline: deadline}
	if len(votes) > 0 {
		p.Votes = make(map[string]Vote, len(votes))
		for _, v := range votes {
			p.Votes[v.User] = v
		}
	}
	return p
}

func sameStrings(a, b []string) bool { return slices.Equal(a, b) || (len(a) == 0 && len(b) == 0) }
