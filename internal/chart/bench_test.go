package chart

import (
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// busyHistory is six platforms with 36 monthly periods each, seasonal engagement and
// steady growth.
func busyHistory() []rapport.Snapshot {
	platforms := []rapport.Platform{rapport.Instagram, rapport.TikTok, rapport.YouTube, rapport.X, rapport.Facebook, rapport.Twitch}
	var snaps []rapport.Snapshot
	for pi, p := range platforms {
		f := float64(20000 * (pi + 1) * (pi + 1))
		for m := range 36 {
			f *= 1.02
			er := 0.02 + 0.002*float64(pi)
			if m%12 == 11 {
				er *= 1.8
			}
			snaps = append(snaps, snapshot(p, monthEnd(2023, time.Month(1+m)), f, er*f*0.9, er*f*0.08, er*f*0.02))
		}
	}
	return snaps
}

// BenchmarkTrendPNG times a default-size chart of six platforms × 36 months, PNG encoding
// included.
func BenchmarkTrendPNG(b *testing.B) {
	snaps := busyHistory()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := TrendPNG("Ava Moreau", snaps, fixtureNow, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
