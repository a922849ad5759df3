package app

import (
	"testing"

	"github.com/rapport-bot/rapport/internal/redistest"
)

// TestKeyStoriesOnRedisCluster runs key stories end to end against a real three-master
// Redis Cluster (REDIS_URL redis-cluster://…), which refuses any script, transaction or
// multi-key command that spans slots: import, the card, logging contacts, and the nudge
// digest with its lease, delivery slots and due index. Not parallel: it runs before the
// parallel stories rather than adding its cluster to their load.
func TestKeyStoriesOnRedisCluster(t *testing.T) {
	cluster := redistest.StartCluster(t)
	stories := []struct {
		name string
		run  func(*testing.T, *harness)
	}{
		{"card", storyInfluencerCard},
		{"log contacts", storyLogTouchpoints},
		{"nudge digest", storyNudgeDigest},
	}
	for _, st := range stories {
		cluster.Flush()
		t.Run(st.name, func(t *testing.T) {
			h := newHarness(t)
			h.env["REDIS_URL"] = cluster.URL()
			st.run(t, h)
		})
	}
}
