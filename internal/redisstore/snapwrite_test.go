package redisstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redistest"
)

// TestUpsertSnapshotsSavesEachOnceLastWins imports snapshots of many influencers, interleaved
// and spanning several pipelines, with a period repeated far apart, on one Redis and on a
// Cluster (one HSET per influencer keeps each write in one slot): every snapshot is stored
// once, the later of two for a period wins, importing again changes nothing, and the roster
// version moves after each pipeline.
func TestUpsertSnapshotsSavesEachOnceLastWins(t *testing.T) {
	t.Parallel()
	for _, where := range []string{"redis", "cluster"} {
		t.Run(where, func(t *testing.T) {
			var s *Store
			if where == "cluster" {
				s = openStore(t, redistest.StartCluster(t).URL(), "test:")
			} else {
				s, _ = newStore(t)
			}
			ctx := context.Background()
			const influencers, months = 300, 30 // 9,000 snapshots: three pipelines
			var snaps []rapport.Snapshot
			for m := range months {
				for i := range influencers {
					snaps = append(snaps, rapport.Snapshot{
						Handle: fmt.Sprintf("creator%03d", i), Platform: rapport.TikTok,
						AsOf:      time.Date(2024, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC),
						Followers: rapport.Known(float64(1000*i + m)), Posts: rapport.Known(3),
					})
				}
			}
			// The first influencer's first month again, at the end and in another pipeline.
			again := snaps[0]
			again.Followers = rapport.Known(777)
			snaps = append(snaps, again)

			version := func() int64 {
				v, _ := s.rdb.Get(ctx, s.versionKey()).Int64()
				return v
			}
			before := version()
			n, err := s.UpsertSnapshots(ctx, snaps)
			if err != nil || n != len(snaps) {
				t.Fatalf("UpsertSnapshots = %d, %v; want %d saved", n, err, len(snaps))
			}
			if after := version(); after-before != 3 {
				t.Errorf("roster version moved by %d, want 3 (once a pipeline)", after-before)
			}
			check := func() {
				t.Helper()
				for _, i := range []int{0, 1, 150, influencers - 1} {
					id := fmt.Sprintf("creator%03d", i)
					raw, err := s.rdb.HGetAll(ctx, s.infKey(id, "snaps")).Result()
					if err != nil || len(raw) != months {
						t.Fatalf("%s: %d snapshots, %v; want %d", id, len(raw), err, months)
					}
					for m := range months {
						asOf := time.Date(2024, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC)
						field := "tiktok|" + asOf.Format(time.DateOnly)
						got, err := decodeSnapshot(id, field, raw[field])
						if err != nil {
							t.Fatalf("%s %s: %v", id, field, err)
						}
						want := rapport.Known(float64(1000*i + m))
						if i == 0 && m == 0 {
							want = rapport.Known(777)
						}
						if got.Followers != want || got.Posts != rapport.Known(3) || got.AvgLikes.Known {
							t.Errorf("%s %s = %+v, want followers %v", id, field, got, want.Value)
						}
					}
				}
			}
			check()
			if _, err := s.UpsertSnapshots(ctx, snaps); err != nil {
				t.Fatalf("import again: %v", err)
			}
			check()
		})
	}
}

// BenchmarkUpsertSnapshots writes 36 monthly snapshots for each of 1,000 influencers, as
// the import hands them over, into a real redis-server.
func BenchmarkUpsertSnapshots(b *testing.B) {
	s, _ := newStore(b)
	ctx := context.Background()
	snaps := make([]rapport.Snapshot, 0, 36000)
	for i := range 1000 {
		for m := range 36 {
			snaps = append(snaps, rapport.Snapshot{
				Handle: fmt.Sprintf("creator%05d", i), Platform: rapport.TikTok,
				AsOf:      time.Date(2024, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC),
				Followers: rapport.Known(float64(1000*i + m)), Posts: rapport.Known(3), AvgLikes: rapport.Known(1200),
				AvgComments: rapport.Known(40), AvgShares: rapport.Known(7), AvgViews: rapport.Known(45000),
			})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.UpsertSnapshots(ctx, snaps); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(snaps)*b.N)/b.Elapsed().Seconds(), "snapshots/s")
}
