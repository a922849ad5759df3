package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
)

// snapshotsPerInfluencer is how many monthly snapshots each seeded influencer has, spread
// over its platforms (36 months on one, 18 on two, 12 on three).
const snapshotsPerInfluencer = 36

// tagCount is how many tags the roster uses (tag0 … tag19); find queries pick among them.
const tagCount = 20

var (
	seedPlatforms = []rapport.Platform{rapport.Instagram, rapport.TikTok, rapport.YouTube}
	seedMarkets   = []string{"FR", "DE", "US", "GB", "ES", "IT"}
)

// seedHandle is the handle of the i-th seeded influencer.
func seedHandle(i int) string { return fmt.Sprintf("creator%06d", i) }

// seedInfluencer is the i-th seeded influencer: two tags, one or two markets, owned by
// one of the load users.
func seedInfluencer(i int) rapport.Influencer {
	tags := []string{fmt.Sprintf("tag%d", i%tagCount)}
	if t := fmt.Sprintf("tag%d", (i/tagCount+7)%tagCount); t != tags[0] {
		tags = append(tags, t)
	}
	markets := []string{seedMarkets[i%len(seedMarkets)]}
	if i%4 == 0 {
		markets = append(markets, seedMarkets[(i+1)%len(seedMarkets)])
	}
	return rapport.Influencer{
		Handle:  seedHandle(i),
		Name:    fmt.Sprintf("Creator %d", i),
		Markets: markets,
		Tags:    tags,
		Owner:   loadUsers[i%len(loadUsers)].ID,
		Status:  rapport.StatusActive,
	}
}

// seedSnapshots are the i-th influencer's month-end snapshots up to the month before now:
// followers growing or shrinking a little each month, an engagement rate between 0.3 % and
// 8 %, views on video platforms.
func seedSnapshots(i int, now time.Time) []rapport.Snapshot {
	rng := rand.New(rand.NewPCG(uint64(i), 0x5eed))
	k := 1 + i%len(seedPlatforms)
	months := snapshotsPerInfluencer / k
	monthStart := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	out := make([]rapport.Snapshot, 0, snapshotsPerInfluencer)
	for p := range k {
		platform := seedPlatforms[(i+p)%len(seedPlatforms)]
		followers := math.Exp(math.Log(5e3) + rng.Float64()*(math.Log(2e6)-math.Log(5e3)))
		growth := 1 + (rng.Float64()-0.4)*0.04
		er := 0.003 + rng.Float64()*0.077
		for m := months; m >= 1; m-- {
			asOf := monthStart.AddDate(0, -m+1, 0).Add(-24 * time.Hour) // the last day of an earlier month
			f := followers * math.Pow(growth, float64(months-m))
			e := er * (0.8 + 0.4*rng.Float64())
			s := rapport.Snapshot{
				Handle:      seedHandle(i),
				Platform:    platform,
				AsOf:        asOf,
				Followers:   rapport.Known(math.Round(f)),
				Posts:       rapport.Known(float64(4 + rng.IntN(26))),
				AvgLikes:    rapport.Known(math.Round(f * e * 0.9)),
				AvgComments: rapport.Known(math.Round(f * e * 0.08)),
				AvgShares:   rapport.Known(math.Round(f * e * 0.02)),
			}
			if platform.IsVideo() {
				s.AvgViews = rapport.Known(math.Round(f * (0.1 + 0.5*rng.Float64())))
			}
			out = append(out, s)
		}
	}
	return out
}

// seedRoster writes n influencers with their snapshots and m touchpoints through the
// store's own import writes, several batches at once.
func seedRoster(ctx context.Context, store *redisstore.Store, n, m int, now time.Time) error {
	const chunk = 1000
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for start := 0; start < n; start += chunk {
		end := min(start+chunk, n)
		g.Go(func() error {
			ins := make([]rapport.Influencer, 0, end-start)
			snaps := make([]rapport.Snapshot, 0, (end-start)*snapshotsPerInfluencer)
			for i := start; i < end; i++ {
				ins = append(ins, seedInfluencer(i))
				snaps = append(snaps, seedSnapshots(i, now)...)
			}
			if _, err := store.UpsertInfluencers(gctx, ins, now); err != nil {
				return fmt.Errorf("seeding influencers: %w", err)
			}
			if _, err := store.UpsertSnapshots(gctx, snaps); err != nil {
				return fmt.Errorf("seeding snapshots: %w", err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return seedTouchpoints(ctx, store, n, m, now)
}

// seedTouchpoints logs m contacts with random influencers over the last year.
func seedTouchpoints(ctx context.Context, store *redisstore.Store, n, m int, now time.Time) error {
	if m == 0 || n == 0 {
		return nil
	}
	if err := store.LoadScripts(ctx); err != nil {
		return fmt.Errorf("loading redis scripts: %w", err)
	}
	const workers = 8
	g, gctx := errgroup.WithContext(ctx)
	for w := range workers {
		g.Go(func() error {
			rng := rand.New(rand.NewPCG(uint64(w), 0x70c4))
			for j := w; j < m; j += workers {
				i := rng.IntN(n)
				at := now.Add(-time.Duration(rng.IntN(365*24)) * time.Hour)
				tp := rapport.Touchpoint{
					ID: fmt.Sprintf("load-%d", j), Handle: seedHandle(i),
					Kind: rapport.TouchpointKinds[j%len(rapport.TouchpointKinds)],
					At:   at, LoggedAt: now, By: loadUsers[i%len(loadUsers)].ID, Note: "seeded by rapportload",
				}
				if _, err := store.LogTouchpoint(gctx, tp, 30*24*time.Hour); err != nil {
					return fmt.Errorf("seeding touchpoints: %w", err)
				}
			}
			return nil
		})
	}
	return g.Wait()
}
