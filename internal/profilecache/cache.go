// Package profilecache keeps the whole roster analysed in memory for roster-wide views (search,
// digests), reloading it only when the store says it changed. Imports, touchpoints and
// campaign edits bump the store's roster version; the cache compares one integer per
// request instead of reading every profile.
package profilecache

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// Source is what the cache reads.
type Source interface {
	RosterVersion(ctx context.Context) (int64, error)
	AllProfiles(ctx context.Context) ([]rapport.Profile, error)
}

// Entry is one influencer with their engagement analysis.
type Entry struct {
	Profile  rapport.Profile
	Analysis engagement.Analysis
}

// Cache holds the analysed roster. It is safe for concurrent use; concurrent reloads
// collapse into one.
type Cache struct {
	src        Source
	benchmarks engagement.Benchmarks
	// maxAge bounds how old an analysis may be even when nothing changed: the 90-day
	// windows move with the calendar.
	maxAge time.Duration

	mu       sync.RWMutex
	version  int64
	loadedAt time.Time
	entries  []Entry
	loaded   bool

	flight singleflight.Group
}

// New returns an empty cache over src.
func New(src Source, b engagement.Benchmarks, maxAge time.Duration) *Cache {
	return &Cache{src: src, benchmarks: b, maxAge: maxAge}
}

// Entries returns the analysed roster as of now, reloading it when the store's version
// moved or the analysis is older than maxAge. The slice is shared: do not modify it.
func (c *Cache) Entries(ctx context.Context, now time.Time) ([]Entry, error) {
	v, err := c.src.RosterVersion(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.RLock()
	fresh := c.loaded && c.version == v && now.Sub(c.loadedAt) < c.maxAge && !now.Before(c.loadedAt)
	entries := c.entries
	c.mu.RUnlock()
	if fresh {
		return entries, nil
	}
	res, err, _ := c.flight.Do(fmt.Sprint(v), func() (any, error) {
		profiles, err := c.src.AllProfiles(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]Entry, len(profiles))
		for i, p := range profiles {
			out[i] = Entry{Profile: p, Analysis: engagement.Analyze(p.Snapshots, now, c.benchmarks)}
		}
		c.mu.Lock()
		c.entries, c.version, c.loadedAt, c.loaded = out, v, now, true
		c.mu.Unlock()
		return out, nil
	})
	if err != nil {
		return nil, fmt.Errorf("load roster: %w", err)
	}
	return res.([]Entry), nil
}
