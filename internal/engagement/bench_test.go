package engagement

import (
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// cardHistory is a busy influencer: six platforms with 36 monthly periods each, with
// seasonal engagement, steady growth and one follower spike.
func cardHistory() []rapport.Snapshot {
	platforms := []rapport.Platform{rapport.Instagram, rapport.TikTok, rapport.YouTube, rapport.X, rapport.Facebook, rapport.Twitch}
	var snaps []rapport.Snapshot
	for pi, p := range platforms {
		f := float64(20000 * (pi + 1) * (pi + 1))
		for m := range 36 {
			f *= 1.02
			if pi == 1 && m == 20 {
				f *= 1.4
			}
			er := 0.02 + 0.002*float64(pi)
			if m%12 == 11 {
				er *= 1.8
			}
			s := rated(p, monthEnd(2023, time.Month(2+m)), f, er*f)
			s.AvgComments = rapport.Known(er * f / 20)
			s.AvgShares = rapport.Known(er * f / 50)
			s.AvgViews = rapport.Known(f * 0.4)
			snaps = append(snaps, s)
		}
	}
	return snaps
}

func BenchmarkAnalyze(b *testing.B) {
	snaps := cardHistory()
	now := date(2026, 1, 20)
	bm := DefaultBenchmarks()
	if a := Analyze(snaps, now, bm); len(a.Platforms) != 6 || a.Summary.Flags == 0 {
		b.Fatalf("unexpected analysis: %d platforms, %d flags", len(a.Platforms), a.Summary.Flags)
	}
	b.ReportAllocs()
	for b.Loop() {
		Analyze(snaps, now, bm)
	}
}
