package render

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/blockcheck"
	"github.com/rapport-bot/rapport/internal/poll"
	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestPollMessageWithManyVotersStaysValid(t *testing.T) {
	p := poll.Poll{CampaignID: "c", Votes: map[string]poll.Vote{}}
	for i := range 300 {
		u := fmt.Sprintf("U%010d", i)
		p.Votes[u] = poll.Vote{User: u, Choice: poll.Go, At: cardNow}
	}
	c := rapport.Campaign{ID: "c", Name: "Spring", LaunchAt: cardNow.Add(48 * time.Hour)}
	m := PollMessage(c, p, cardNow)
	raw, _ := json.Marshal(m.Blocks)
	if err := blockcheck.ValidateMessage(m.Text, raw); err != nil {
		t.Fatalf("poll with 300 voters invalid: %v", err)
	}
	if !strings.Contains(string(raw), "and 240 more") || !strings.Contains(string(raw), "*Go* (300)") {
		t.Errorf("voters not summarised: %s", raw)
	}
}

// With approvers, the tally counts theirs; other people's votes are shown apart as advisory.
func TestPollMessageShowsAdvisoryVotesApart(t *testing.T) {
	now := time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC)
	c := rapport.Campaign{ID: "spring", Name: "Spring", LaunchAt: now.Add(2 * time.Hour), TimeZone: "UTC"}
	p := poll.Poll{CampaignID: c.ID, Approvers: []string{"U0PRIYA"}, Deadline: now.Add(time.Hour), Votes: map[string]poll.Vote{
		"U0PRIYA": {User: "U0PRIYA", Choice: poll.Go}, "U0DIEGO": {User: "U0DIEGO", Choice: poll.Go}, "U0EVE": {User: "U0EVE", Choice: poll.NoGo, Note: "no"},
	}}
	m := PollMessage(c, p, now)
	if want := "Go/no-go for Spring: 1 go, 0 conditional, 0 no-go (approvers), 2 advisory"; m.Text != want {
		t.Errorf("text = %q, want %q", m.Text, want)
	}
	all := strings.Join(mrkdwnTexts(t, m), "\n")
	for _, want := range []string{"*Go* (1)\n<@U0PRIYA>", "*Advisory, not approvers* (2)\n<@U0DIEGO> go, <@U0EVE> no-go"} {
		if !strings.Contains(all, want) {
			t.Errorf("poll lacks %q:\n%s", want, all)
		}
	}
}
