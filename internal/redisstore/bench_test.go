package redisstore

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// benchRoster stores one influencer with 6 platforms × 36 monthly snapshots.
func benchRoster(b *testing.B, s *Store) {
	b.Helper()
	ctx := context.Background()
	if _, err := s.UpsertInfluencers(ctx, []rapport.Influencer{ava()}, now); err != nil {
		b.Fatal(err)
	}
	var snaps []rapport.Snapshot
	for _, p := range []rapport.Platform{rapport.Instagram, rapport.TikTok, rapport.YouTube, rapport.X, rapport.Twitch, rapport.Facebook} {
		for m := range 36 {
			snaps = append(snaps, rapport.Snapshot{
				Handle: "ava.moreau", Platform: p, AsOf: time.Date(2023, time.Month(12+m), 0, 0, 0, 0, 0, time.UTC),
				Followers: rapport.Known(150000 + float64(m)*1000), Posts: rapport.Known(12),
				AvgLikes: rapport.Known(4000), AvgComments: rapport.Known(250), AvgShares: rapport.Known(40), AvgViews: rapport.Known(60000),
			})
		}
	}
	if _, err := s.UpsertSnapshots(ctx, snaps); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkProfile reads everything a card needs — the profile and 216 snapshots — from a
// real redis-server over a unix socket: one pipelined round trip plus decoding.
func BenchmarkProfile(b *testing.B) {
	s, _ := newStore(b)
	benchRoster(b, s)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		p, err := s.Profile(ctx, "ava.moreau")
		if err != nil || len(p.Snapshots) != 216 {
			b.Fatalf("Profile = %d snapshots, %v", len(p.Snapshots), err)
		}
	}
}

// BenchmarkProfileParallel is the same read from many goroutines, as concurrent slash
// commands would issue it.
func BenchmarkProfileParallel(b *testing.B) {
	s, _ := newStore(b)
	benchRoster(b, s)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.Profile(ctx, "ava.moreau"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
