package profilecache_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/discover"
	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/profilecache"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// benchRosterSize is how many influencers BenchmarkRosterIndex seeds: RAPPORT_BENCH_ROSTER,
// or 2000 so a plain `go test -bench` stays quick; README's figures are at 100000.
func benchRosterSize(b *testing.B) int {
	if v := os.Getenv("RAPPORT_BENCH_ROSTER"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("RAPPORT_BENCH_ROSTER=%q: want a positive count", v)
		}
		return n
	}
	return 2000
}

// BenchmarkRosterIndex seeds a real redis-server with the roster (36 monthly snapshots per
// account) and measures Redis bytes per influencer, the full read's time and memory, find
// latency on the loaded index, and an incremental update after one touchpoint.
//
//	RAPPORT_BENCH_ROSTER=100000 go test ./internal/profilecache -run '^$' -bench RosterIndex -benchtime 1x -timeout 30m
func BenchmarkRosterIndex(b *testing.B) {
	n := benchRosterSize(b)
	ctx := context.Background()
	s, srv := openStore(b)
	rdb := srv.Client()
	memBefore := usedMemory(b, rdb)
	start := time.Now()
	seedRoster(b, s, n, 36, true)
	seedTime := time.Since(start)
	redisPer := float64(usedMemory(b, rdb)-memBefore) / float64(n)
	samplePer := sampledUsage(b, rdb, n)
	b.Logf("seeded %d influencers × 36 months in %v", n, seedTime.Round(time.Millisecond))

	b.Run("redis", func(b *testing.B) {
		for b.Loop() {
		}
		b.ReportMetric(redisPer, "redis-B/influencer")
		b.ReportMetric(samplePer, "keys-B/influencer")
	})

	c := profilecache.New(s, engagement.DefaultBenchmarks(), 24*time.Hour)
	b.Cleanup(c.Close)
	b.Run("load", func(b *testing.B) {
		base := heapInuse()
		debug.FreeOSMemory()
		var peak, peakRSS atomic.Uint64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() { samplePeak(&peak, &peakRSS, stop) })
		var loaded *discover.Roster
		for b.Loop() {
			fresh := profilecache.New(s, engagement.DefaultBenchmarks(), 24*time.Hour)
			r, err := fresh.Roster(ctx, now)
			fresh.Close()
			if err != nil || r.Len() != n {
				b.Fatalf("load: %d influencers, %v", r.Len(), err)
			}
			loaded = r
		}
		close(stop)
		wg.Wait()
		b.StopTimer()
		held := heapInuse()
		runtime.KeepAlive(loaded)
		b.ReportMetric(float64(held-base)/float64(n), "index-B/influencer")
		b.ReportMetric(float64(held-base)/(1<<20), "index-MiB")
		b.ReportMetric(float64(peak.Load()-min(peak.Load(), base))/(1<<20), "load-peak-heap-MiB")
		b.ReportMetric(float64(peakRSS.Load())/(1<<20), "load-peak-rss-MiB")
	})

	if _, err := c.Roster(ctx, now); err != nil {
		b.Fatal(err)
	}
	queries := []string{"tag:tag7 er>1", "underrated", "market:FR tier:micro-mid sort:followers", "chloe", "status:active rising"}
	b.Run("find", func(b *testing.B) {
		var lat []time.Duration
		for b.Loop() {
			for range latencyRounds {
				for _, query := range queries {
					t0 := time.Now()
					q, err := discover.ParseQuery(query)
					if err != nil {
						b.Fatal(err)
					}
					r, err := c.Roster(ctx, now)
					if err != nil {
						b.Fatal(err)
					}
					h := discover.Find(q, r, "U0PRIYA", now)
					h.Page(1, discover.DefaultPageSize)
					lat = append(lat, time.Since(t0))
				}
			}
		}
		reportLatency(b, lat)
		b.ReportMetric(float64(heapInuse())/(1<<20), "heap-inuse-MiB")
		debug.FreeOSMemory()
		b.ReportMetric(float64(rssBytes(b))/(1<<20), "process-rss-MiB")
	})
	for _, query := range queries {
		b.Run("find/"+strings.ReplaceAll(query, " ", "_"), func(b *testing.B) {
			var lat, index []time.Duration
			q, _ := discover.ParseQuery(query)
			for b.Loop() {
				for range latencyRounds {
					t0 := time.Now()
					r, err := c.Roster(ctx, now)
					if err != nil {
						b.Fatal(err)
					}
					t1 := time.Now()
					h := discover.Find(q, r, "U0PRIYA", now)
					h.Page(1, discover.DefaultPageSize)
					h.Release()
					lat = append(lat, time.Since(t0))
					index = append(index, time.Since(t1))
				}
			}
			reportLatency(b, lat)
			slices.Sort(index)
			b.ReportMetric(float64(index[len(index)*99/100].Microseconds())/1000, "index-p99-ms")
		})
	}

	b.Run("touchpoint", func(b *testing.B) {
		// A touchpoint as LogTouchpoint writes it once it records its change in the feed:
		// the history entry, then the version bump with the influencer's id.
		var lat []time.Duration
		i := 0
		before := c.Stats()
		for b.Loop() {
			for range latencyRounds {
				h := fmt.Sprintf("creator%06d", (i*7919)%n)
				at := now.Add(-time.Duration(i+1) * time.Minute)
				tp, _ := json.Marshal(rapport.Touchpoint{ID: fmt.Sprintf("bench-%d", i), Handle: h, Kind: "dm", At: at, LoggedAt: now})
				if err := rdb.ZAdd(ctx, prefix+"inf:{"+h+"}:touch", redis.Z{Score: float64(at.UnixMilli()), Member: tp}).Err(); err != nil {
					b.Fatal(err)
				}
				if err := s.MarkRosterChanged(ctx, []string{h}); err != nil {
					b.Fatal(err)
				}
				t0 := time.Now()
				r, err := c.Roster(ctx, now)
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
				if rec, ok := r.Lookup(h); !ok || rec.LastTouchpoint() == nil {
					b.Fatalf("%s: touchpoint not in the index", h)
				}
				i++
			}
		}
		after := c.Stats()
		reportLatency(b, lat)
		b.ReportMetric(float64(after.ProfilesRead-before.ProfilesRead)/float64(i), "profiles-read/update")
		b.ReportMetric(float64(after.FullReads-before.FullReads), "full-reads")
	})
}

// latencyRounds is how many timed requests one iteration of a latency benchmark makes, so
// that a p99 means something at -benchtime 1x.
const latencyRounds = 100

func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	if len(lat) == 0 {
		return
	}
	at := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

func heapInuse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// samplePeak records the largest heap in use, and resident set, it sees until stop.
func samplePeak(peak, peakRSS *atomic.Uint64, stop <-chan struct{}) {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
		if rss := readRSS(); rss > peakRSS.Load() {
			peakRSS.Store(rss)
		}
		select {
		case <-stop:
			return
		case <-t.C:
		}
	}
}

// rssBytes is the process's resident set (Linux).
func rssBytes(b *testing.B) uint64 {
	rss := readRSS()
	if rss == 0 {
		b.Skip("no /proc/self/status to read the resident set from")
	}
	return rss
}

func readRSS() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func usedMemory(b *testing.B, rdb *redis.Client) int64 {
	info, err := rdb.Info(context.Background(), "memory").Result()
	if err != nil {
		b.Fatal(err)
	}
	for line := range strings.SplitSeq(info, "\r\n") {
		if v, ok := strings.CutPrefix(line, "used_memory:"); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	b.Fatal("INFO memory has no used_memory")
	return 0
}

// sampledUsage is MEMORY USAGE summed over one influencer's own keys, averaged over a
// sample of influencers (the shared indexes left out).
func sampledUsage(b *testing.B, rdb *redis.Client, n int) float64 {
	ctx := context.Background()
	var total int64
	sample := min(n, 200)
	for i := range sample {
		h := fmt.Sprintf("creator%06d", i*(n/sample))
		for _, k := range []string{"profile", "snaps", "camps", "touch", "touchids", "rel"} {
			v, err := rdb.MemoryUsage(ctx, prefix+"inf:{"+h+"}:"+k, 0).Result()
			if err != nil && err != redis.Nil {
				b.Fatal(err)
			}
			total += v
		}
	}
	return float64(total) / float64(sample)
}
