package render

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rapport-bot/rapport/internal/blockcheck"
	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestCompare(t *testing.T) {
	a := sampleCard(3)
	kSnaps := monthlySnaps(rapport.Twitch, 5000, 9000, 0.1, 0.1)
	for i := range kSnaps {
		kSnaps[i].Handle = "kai_plays"
	}
	b := Compared{
		Profile:  rapport.Profile{Influencer: rapport.Influencer{Handle: "kai_plays", Name: "Kai <Tanaka>"}, Snapshots: kSnaps},
		Analysis: engagement.Analyze(kSnaps, cardNow, engagement.DefaultBenchmarks()),
	}
	m := Compare([]Compared{{Profile: a.Profile, Analysis: a.Analysis}, b}, cardNow, "EUR")
	golden(t, "compare", m)
	all := strings.Join(mrkdwnTexts(t, m), "\n")
	for _, want := range []string{"*Instagram*", "*Twitch*", "ER/followers *2.11%* (1y 3.49%) ↘", "Kai &lt;Tanaka&gt;",
		"*Glow &amp; &lt;Co&gt; 0*", "CPE EUR 0.42", "none yet", "—"} {
		if !strings.Contains(all, want) {
			t.Errorf("comparison lacks %q:\n%s", want, all)
		}
	}
	// Three influencers on six platforms stay within Slack's limits.
	c := sampleCard(40)
	for _, p := range []rapport.Platform{rapport.YouTube, rapport.X, rapport.Facebook, rapport.Twitch} {
		c.Profile.Snapshots = append(c.Profile.Snapshots, monthlySnaps(p, 1e6, 2e6, 0.01, 0.02)...)
	}
	c.Analysis = engagement.Analyze(c.Profile.Snapshots, cardNow, engagement.DefaultBenchmarks())
	big := Compare([]Compared{{c.Profile, c.Analysis}, {c.Profile, c.Analysis}, b}, cardNow, "EUR")
	raw, _ := json.Marshal(big.Blocks)
	if err := blockcheck.ValidateMessage(big.Text, raw); err != nil {
		t.Fatalf("comparison invalid: %v", err)
	}
}
