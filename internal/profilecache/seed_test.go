package profilecache_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/redistest"
)

// now is the instant the seeded metrics lead up to.
var now = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

const prefix = "pc:"

func openStore(t testing.TB) (*redisstore.Store, *redistest.Server) {
	t.Helper()
	srv := redistest.Start(t)
	s, err := redisstore.Open(srv.URL(), redisstore.Options{KeyPrefix: prefix, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, srv
}

// seedRoster stores n influencers with months of monthly metrics each: Instagram always,
// TikTok for a third, YouTube for a fifth; followers from 2K to 3M; ER from 0.3% to 12%
// with trends either way; twenty tags, eight markets, four owners and every status. A
// quarter have a touchpoint and a tenth campaigns, when withHistory (slow at large n).
// It writes a thousand influencers at a time, so seeding never holds the whole roster.
func seedRoster(tb testing.TB, s *redisstore.Store, n, months int, withHistory bool) {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(11, uint64(n)))
	markets := []string{"FR", "GB", "US", "DE", "IT", "ES", "BE", "UK"}
	names := []string{"Ava", "Chloé", "Ben", "Dan", "Émile", "Gia", "Hera", "Jon", "Kai", "Léa"}
	statuses := []rapport.Status{rapport.StatusActive, rapport.StatusActive, rapport.StatusProspect, "",
		rapport.StatusAlumni, rapport.StatusPaused, rapport.StatusDoNotContact}
	owners := []string{"U0PRIYA", "U0OTHER", "U0THIRD", ""}
	const chunk = 1000
	for start := 0; start < n; start += chunk {
		var ins []rapport.Influencer
		var snaps []rapport.Snapshot
		var tps []rapport.Touchpoint
		var camps []rapport.CampaignRecord
		for i := start; i < min(start+chunk, n); i++ {
			h := fmt.Sprintf("creator%06d", i)
			ins = append(ins, rapport.Influencer{
				Handle: h, Name: fmt.Sprintf("%s %d", names[r.IntN(len(names))], i),
				Tags:    []string{fmt.Sprintf("tag%d", r.IntN(20)), fmt.Sprintf("tag%d", r.IntN(20))},
				Markets: []string{markets[r.IntN(len(markets))]}, Owner: owners[r.IntN(len(owners))],
				Status: statuses[r.IntN(len(statuses))],
			})
			platforms := []rapport.Platform{rapport.Instagram}
			if i%3 == 0 {
				platforms = append(platforms, rapport.TikTok)
			}
			if i%5 == 0 {
				platforms = append(platforms, rapport.YouTube)
			}
			for _, p := range platforms {
				followers := math.Round(2000 * math.Pow(1500, r.Float64()))
				er := 0.003 + 0.117*r.Float64()*r.Float64()
				growth := 0.6 + 0.8*r.Float64() // ER now over ER a year ago, roughly
				for m := range months {
					back := months - 1 - m // months before the latest
					asOf := time.Date(now.Year(), now.Month()-time.Month(back), 0, 0, 0, 0, 0, time.UTC)
					rate := er / math.Pow(growth, float64(back)/12) * (0.9 + 0.2*r.Float64())
					f := followers * (1 - 0.01*float64(back))
					snaps = append(snaps, rapport.Snapshot{Handle: h, Platform: p, AsOf: asOf,
						Followers: rapport.Known(math.Round(f)), Posts: rapport.Known(8),
						AvgLikes: rapport.Known(math.Round(rate * f * 0.9)), AvgComments: rapport.Known(math.Round(rate * f * 0.1)),
						AvgViews: rapport.Known(math.Round(f * 2))})
				}
			}
			if withHistory && r.IntN(4) == 0 {
				tps = append(tps, rapport.Touchpoint{ID: fmt.Sprintf("tp-%d", i), Handle: h, Kind: "call",
					At: now.Add(-time.Duration(r.IntN(200*24)) * time.Hour), LoggedAt: now, By: "U0PRIYA"})
			}
			if withHistory && r.IntN(10) == 0 {
				for k := range 1 + r.IntN(3) {
					c := rapport.Campaign{ID: fmt.Sprintf("drop-%d", k), Name: fmt.Sprintf("Drop %d", k),
						Start: now.AddDate(0, -k, 0), Cancelled: k == 2}
					camps = append(camps, rapport.CampaignRecord{Campaign: c,
						Participation: rapport.Participation{CampaignID: c.ID, Handle: h}})
				}
			}
		}
		if _, err := s.UpsertInfluencers(ctx, ins, now); err != nil {
			tb.Fatal(err)
		}
		if _, err := s.UpsertSnapshots(ctx, snaps); err != nil {
			tb.Fatal(err)
		}
		for _, tp := range tps {
			if _, err := s.LogTouchpoint(ctx, tp, 14*24*time.Hour); err != nil {
				tb.Fatal(err)
			}
		}
		if len(camps) > 0 {
			if _, err := s.UpsertCampaignRecords(ctx, camps); err != nil {
				tb.Fatal(err)
			}
		}
	}
}
