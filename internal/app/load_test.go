package app

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/slackfake"
)

// BenchmarkInfluencerCardEndToEnd measures the whole /influencer path as a user feels it:
// the fake Slack sends the slash command over a real websocket, `rapport serve` acks,
// reads the card from a real redis-server, analyses and renders it, and posts it to the
// response_url. Reported: commands per second, and p50/p99 latency from command to card.
func BenchmarkInfluencerCardEndToEnd(b *testing.B) {
	h := newHarness(b)
	h.env["RAPPORT_LOG_LEVEL"] = "error"
	h.importFixtures()
	h.serve()
	ctx := context.Background()
	var mu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(8)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			t0 := time.Now()
			it, err := h.slack.SlashCommand(ctx, slackfake.SlashCommand{User: "U0PRIYA", Channel: testChannel, Command: "/influencer", Text: "ava.moreau"})
			if err != nil {
				b.Error(err)
				return
			}
			wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			m, err := it.WaitResponse(wctx)
			cancel()
			if err != nil || !strings.Contains(m.Text, "Ava Moreau") {
				b.Errorf("no card: %v", err)
				return
			}
			mu.Lock()
			lat = append(lat, time.Since(t0))
			mu.Unlock()
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "cards/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
