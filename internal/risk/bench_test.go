package risk

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// benchInput is a busy check: n matches from 20 feeds in 6 markets (5 of them the
// campaign's), over 40 terms of all three kinds and a week of publication times, with the
// usual duplicates across feeds; volume signals, dates and 10 influencers.
func benchInput(n int) Input {
	rng := rand.New(rand.NewPCG(3, 14))
	markets := []string{"US", "GB", "DE", "FR", "JP", "BR"}
	kinds := []MatchKind{KeywordMatch, SensitiveTopic, CrisisTerm}
	in := Input{Now: now, Launch: launch, Markets: markets[:5]}
	for i := range 20 {
		s := Source{Name: fmt.Sprintf("feed %d", i), URL: fmt.Sprintf("https://news.example/%d.rss", i), Kind: NewsSource}
		if i == 7 {
			s.Err = "timeout"
		}
		in.Sources = append(in.Sources, s)
	}
	for i := range n {
		article := rng.IntN(n * 2 / 3) // about a third are the same article from another feed
		term := rng.IntN(40)
		in.Matches = append(in.Matches, Match{
			Title:     fmt.Sprintf("Headline number %d about term %d", article, term),
			Link:      fmt.Sprintf("https://news.example/articles/%d", article),
			Source:    fmt.Sprintf("feed %d", i%20),
			Published: now.Add(-time.Duration(rng.Int64N(int64(7 * day)))),
			Term:      fmt.Sprintf("term-%d", term),
			Kind:      kinds[term%3],
			Market:    markets[rng.IntN(len(markets))],
		})
	}
	for i := range 40 {
		in.Volume = append(in.Volume, VolumeSignal{Term: fmt.Sprintf("term-%d", i), Kind: kinds[i%3], Recent: rng.IntN(20), Baseline: rng.Float64() * 5, Window: 24 * time.Hour})
	}
	for i, m := range markets {
		in.Dates = append(in.Dates, DateHit{Market: m, Date: launch.AddDate(0, 0, i%3-1), Name: "Day " + m, Kind: DateKind([]DateKind{PublicHoliday, SensitiveDate, ICSEvent}[i%3]), Severity: Severity(i % 4)})
	}
	for i := range 10 {
		in.Readiness = append(in.Readiness, ReadinessItem{Handle: fmt.Sprintf("creator%d", i), LastContact: now.Add(-time.Duration(i*3) * day), Flags: []string{"declining", "rising", "inactive"}[i%3 : i%3+1]})
	}
	return in
}

// BenchmarkAssess scores a check with 4,000 matching items.
func BenchmarkAssess(b *testing.B) {
	in := benchInput(4000)
	b.ReportAllocs()
	for b.Loop() {
		Assess(in)
	}
}
