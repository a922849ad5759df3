package app

import (
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/slackfake"
)

// storyInstants are moments when calendar arithmetic goes wrong if it is going to: each
// key story runs with the harness clock set to each of them.
var storyInstants = []struct {
	name string
	at   time.Time
}{
	{"leap day", time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC)},
	{"Paris springs forward in 30s", time.Date(2027, 3, 28, 0, 59, 30, 0, time.UTC)},
	{"Paris falls back in 30s", time.Date(2027, 10, 31, 0, 59, 30, 0, time.UTC)},
	{"New York springs forward in 30s", time.Date(2027, 3, 14, 6, 59, 30, 0, time.UTC)},
	{"New York falls back in 30s", time.Date(2026, 11, 1, 5, 59, 30, 0, time.UTC)},
	{"New Year's Eve 23:59", time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC)},
	{"Monday 08:59 UTC", time.Date(2027, 1, 4, 8, 59, 0, 0, time.UTC)},
}

// TestKeyStoriesAtAnyInstant runs the stories whose every date comes from the harness
// clock at each of storyInstants: they must tell the same at any date and hour.
func TestKeyStoriesAtAnyInstant(t *testing.T) {
	stories := []struct {
		name string
		run  func(*testing.T, *harness)
	}{
		{"card", storyInfluencerCard},
		{"card with campaigns", storyCardCampaignsAndShare},
		{"compare", storyCompare},
		{"log contacts", storyLogTouchpoints},
		{"nudge digest", storyNudgeDigest},
		{"weekly digest", func(t *testing.T, h *harness) {
			h.slack.SetChannel(slackfake.Channel{ID: "C0TEAM0001", Name: "partners-team"})
			h.fastConfig()
			h.importFixtures()
			h.serve()
			storyWeeklyDigest(t, h)
		}},
		{"checks, poll and decision", storyScheduledChecksPollAndDecision},
		{"campaign form", storyCampaignForm},
	}
	for _, in := range storyInstants {
		t.Run(in.name, func(t *testing.T) {
			t.Parallel()
			for _, st := range stories {
				t.Run(st.name, func(t *testing.T) { st.run(t, newHarnessAt(t, in.at)) })
			}
		})
	}
}
