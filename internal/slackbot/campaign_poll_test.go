package slackbot

import (
	"log/slog"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/launches"
	"github.com/rapport-bot/rapport/internal/poll"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// A vote that arrives after the poll closed (a click on a message drawn before the close)
// is answered with the decision, not an error, with the campaign's name escaped.
func TestVotingClosedSaysWhatWasDecided(t *testing.T) {
	deadline := time.Date(2026, 3, 1, 7, 30, 0, 0, time.UTC)
	c := rapport.Campaign{ID: "spring", Name: "Spring <Glow>"}
	closed := poll.Close(poll.Poll{Approvers: []string{"U1", "U2"}, Deadline: deadline,
		Votes: map[string]poll.Vote{"U1": {User: "U1", Choice: poll.Go}, "U2": {User: "U2", Choice: poll.Go}}}, deadline)
	err := &launches.VotingClosedError{Campaign: c, Decision: closed.Decision}
	got := (&Bot{}).launchProblem(err, c, "", slog.New(slog.DiscardHandler)).Text
	if want := "Voting on *Spring &lt;Glow&gt;* has closed. Go: both approvers voted go."; got != want {
		t.Errorf("answer = %q, want %q", got, want)
	}
}
