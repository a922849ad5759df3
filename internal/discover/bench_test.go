package discover

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// benchRoster is n influencers with Instagram, a third of them also on TikTok, followers
// spread from 2K to 3M, ER from 0.5% to 8%, two tags and a market each.
func benchRoster(n int) []Candidate {
	r := rand.New(rand.NewPCG(7, 7))
	tags := []string{"beauty", "skincare", "slow fashion", "food", "travel", "fitness", "gaming", "vegan",
		"parenting", "tech", "décor", "wellness"}
	markets := []string{"FR", "GB", "US", "DE", "IT", "ES", "BE", "NL"}
	names := []string{"Ava", "Chloé", "Ben", "Dan", "Émile", "Gia", "Hera", "Jon", "Kai", "Léa"}
	statuses := []rapport.Status{rapport.StatusActive, rapport.StatusActive, rapport.StatusProspect,
		rapport.StatusAlumni, rapport.StatusPaused, rapport.StatusDoNotContact}
	owners := []string{me, other, "U0THIRD", ""}
	cands := make([]Candidate, n)
	for i := range cands {
		followers := math.Round(2000 * math.Pow(1500, r.Float64()))
		acc := trending(account(rapport.Instagram, followers, 0.005+0.075*r.Float64()), 0.4+1.2*r.Float64())
		a := analysis(acc)
		if i%3 == 0 {
			tt := account(rapport.TikTok, followers*r.Float64(), 0.02+0.15*r.Float64())
			a = analysis(acc, tt)
		}
		opts := []option{
			named(fmt.Sprintf("%s %d", names[r.IntN(len(names))], i)),
			tagged(tags[r.IntN(len(tags))], tags[r.IntN(len(tags))]),
			in(markets[r.IntN(len(markets))]),
			ownedBy(owners[r.IntN(len(owners))]),
			status(statuses[r.IntN(len(statuses))]),
			metrics(a),
		}
		if r.IntN(4) > 0 {
			opts = append(opts, contacted(r.IntN(200)))
		}
		cands[i] = cand(fmt.Sprintf("creator%05d", i), opts...)
	}
	return cands
}

func BenchmarkSearch(b *testing.B) {
	cands := benchRoster(10_000)
	for _, query := range []string{
		"tag:beauty market:FR er>2",
		"underrated",
		"chloe",
		"platform:tiktok tier:micro-mid sort:followers",
		"status:active", // most of the roster matches: ranking and reasons dominate
	} {
		q := mustParse(b, query)
		b.Run(query, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				n = len(Search(q, cands, me, now))
			}
			b.ReportMetric(float64(n), "results")
		})
	}
}

func BenchmarkParseQuery(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseQuery(`tag:beauty tag:"slow fashion" market:FR,BE tier:micro-mid platform:ig,tt er>=3 rising underrated sort:er`); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFind searches a Roster of 100,000 records, as the bot does, and shows the first
// page: the cost of a find apart from Redis.
func BenchmarkFind(b *testing.B) {
	cands := benchRoster(100_000)
	in := NewInterner()
	rb := NewRosterBuilder(in)
	for i := range cands {
		rb.Add(in.Candidate(cands[i], ""))
	}
	roster := rb.Roster()
	for _, query := range []string{
		"tag:beauty er>1",
		"underrated",
		"chloe",
		"market:FR tier:micro-mid sort:followers",
		"status:active",
	} {
		q := mustParse(b, query)
		b.Run(query, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				h := Find(q, roster, me, now)
				h.Page(1, DefaultPageSize)
				n = h.Len()
				h.Release()
			}
			b.ReportMetric(float64(n), "results")
		})
	}
}
