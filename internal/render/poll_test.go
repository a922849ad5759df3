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
