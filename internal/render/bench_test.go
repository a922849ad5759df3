package render

import (
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// BenchmarkProfileCard renders a card for 6 platforms × 36 monthly snapshots and 40
// campaigns, the engagement analysis included: everything a card costs after the store read.
func BenchmarkProfileCard(b *testing.B) {
	in := rapport.Influencer{Handle: "ava.moreau", Name: "Ava Moreau", Markets: []string{"FR"}, Owner: "U0PRIYA", Status: rapport.StatusActive}
	var snaps []rapport.Snapshot
	for _, p := range []rapport.Platform{rapport.Instagram, rapport.TikTok, rapport.YouTube, rapport.X, rapport.Twitch, rapport.Facebook} {
		for m := range 36 {
			snaps = append(snaps, rapport.Snapshot{Platform: p, AsOf: time.Date(2023, time.Month(12+m), 0, 0, 0, 0, 0, time.UTC),
				Followers: rapport.Known(150000), AvgLikes: rapport.Known(4000), AvgComments: rapport.Known(250), AvgViews: rapport.Known(60000)})
		}
	}
	c := sampleCard(40)
	c.Profile.Influencer, c.Profile.Snapshots = in, snaps
	bench := engagement.DefaultBenchmarks()
	b.ReportAllocs()
	for b.Loop() {
		c.Analysis = engagement.Analyze(c.Profile.Snapshots, cardNow, bench)
		if m := ProfileCard(c); len(m.Blocks) == 0 {
			b.Fatal("empty card")
		}
	}
}
