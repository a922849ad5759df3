package slackbot

import (
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/poll"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// A vote that arrives after the poll closed (a click on a message drawn before the close)
// is answered with the decision, not an error.
func TestVotingClosedSaysWhatWasDecided(t *testing.T) {
	deadline := time.Date(2026, 3, 1, 7, 30, 0, 0, time.UTC)
	c := rapport.Campaign{ID: "spring", Name: "Spring <Glow>"}
	approvers := []string{"U1", "U2"}
	both := map[string]poll.Vote{"U1": {User: "U1", Choice: poll.Go}, "U2": {User: "U2", Choice: poll.Go}}
	one := map[string]poll.Vote{"U1": {User: "U1", Choice: poll.Go}}
	tests := []struct {
		name string
		p    poll.Poll
		now  time.Time
		want string
	}{
		{"closed: the recorded decision", poll.Close(poll.Poll{Approvers: approvers, Deadline: deadline, Votes: both}, deadline),
			deadline.Add(time.Hour), "Voting on *Spring &lt;Glow&gt;* has closed. Go: both approvers voted go."},
		{"the deadline passed before the close was recorded", poll.Poll{Approvers: approvers, Deadline: deadline, Votes: one},
			deadline.Add(time.Minute), "Voting on *Spring &lt;Glow&gt;* has closed. No decision: 1 of 2 approvers did not vote before the poll closed."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := votingClosed(c, tt.p, tt.now).Text; got != tt.want {
				t.Errorf("answer = %q, want %q", got, tt.want)
			}
		})
	}
}
