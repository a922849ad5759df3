package profilecache

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

type fakeSource struct {
	version atomic.Int64
	loads   atomic.Int32
	err     error
}

func (f *fakeSource) RosterVersion(context.Context) (int64, error) { return f.version.Load(), f.err }

func (f *fakeSource) AllProfiles(context.Context) ([]rapport.Profile, error) {
	f.loads.Add(1)
	time.Sleep(10 * time.Millisecond) // long enough for concurrent callers to pile up
	return []rapport.Profile{{Influencer: rapport.Influencer{Handle: "ava"}}}, nil
}

func TestCacheReloadsOnlyWhenNeeded(t *testing.T) {
	ctx := context.Background()
	src := &fakeSource{}
	c := New(src, engagement.DefaultBenchmarks(), time.Hour)
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if e, err := c.Entries(ctx, t0); err != nil || len(e) != 1 {
				t.Errorf("Entries = %v, %v", e, err)
			}
		})
	}
	wg.Wait()
	if n := src.loads.Load(); n != 1 {
		t.Errorf("10 concurrent first reads loaded %d times, want 1", n)
	}
	steps := []struct {
		name      string
		bump      bool
		at        time.Time
		wantLoads int32
	}{
		{"same version, fresh", false, t0.Add(time.Minute), 1},
		{"version moved", true, t0.Add(2 * time.Minute), 2},
		{"analysis too old", false, t0.Add(2 * time.Hour), 3},
		{"clock went back", false, t0, 4},
	}
	for _, s := range steps {
		if s.bump {
			src.version.Add(1)
		}
		if _, err := c.Entries(ctx, s.at); err != nil {
			t.Fatal(err)
		}
		if n := src.loads.Load(); n != s.wantLoads {
			t.Errorf("%s: %d loads, want %d", s.name, n, s.wantLoads)
		}
	}
	src.err = errors.New("down")
	if _, err := c.Entries(ctx, t0); err == nil {
		t.Error("version read error not returned")
	}
}
