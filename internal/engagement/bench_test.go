package engagement

import (
	"cmp"
	"math/rand/v2"
	"slices"
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

// BenchmarkAnalyze times the card's analytics for six platforms × 36 monthly periods, in the
// order the store returns snapshots (by platform, then period) and shuffled.
func BenchmarkAnalyze(b *testing.B) {
	sorted := cardHistory()
	slices.SortFunc(sorted, func(x, y rapport.Snapshot) int {
		if c := cmp.Compare(x.Platform, y.Platform); c != 0 {
			return c
		}
		return x.AsOf.Compare(y.AsOf)
	})
	shuffled := slices.Clone(sorted)
	rand.New(rand.NewPCG(1, 1)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	now := date(2026, 1, 20)
	bm := DefaultBenchmarks()
	for _, bc := range []struct {
		name  string
		snaps []rapport.Snapshot
	}{{"store order", sorted}, {"shuffled", shuffled}} {
		b.Run(bc.name, func(b *testing.B) {
			if a := Analyze(bc.snaps, now, bm); len(a.Platforms) != 6 || a.Summary.FlagCount == 0 {
				b.Fatalf("unexpected analysis: %d platforms, %d flags", len(a.Platforms), a.Summary.FlagCount)
			}
			b.ReportAllocs()
			for b.Loop() {
				Analyze(bc.snaps, now, bm)
			}
		})
	}
}
