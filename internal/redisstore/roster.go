package redisstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// RosterVersion is a counter that every write to the roster (influencers, metrics,
// campaigns) increments, so readers can cache the analysed roster until it changes.
func (s *Store) RosterVersion(ctx context.Context) (int64, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	v, err := s.rdb.Get(ctx, s.key("idx", "version")).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, wrap("read roster version", err)
	}
	return v, nil
}

// AllProfiles reads every influencer's profile, snapshots, campaigns and latest touchpoint,
// in id order, and holds them all. Roster-wide jobs stream the roster with EachProfile
// instead; this is for small rosters and checks.
func (s *Store) AllProfiles(ctx context.Context) ([]rapport.Profile, error) {
	var out []rapport.Profile
	err := s.EachProfile(ctx, func(batch []rapport.Profile) error {
		out = append(out, batch...)
		return nil
	})
	return out, err
}

func (s *Store) profileBatch(ctx context.Context, batch []rapport.RosterEntry) ([]rapport.Profile, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	type cmds struct {
		prof        *redis.StringCmd
		snaps, camp *redis.MapStringStringCmd
		touch       *redis.StringSliceCmd
	}
	cs := make([]cmds, len(batch))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, e := range batch {
			cs[i] = cmds{
				prof:  p.Get(ctx, s.infKey(e.ID, "profile")),
				snaps: p.HGetAll(ctx, s.infKey(e.ID, "snaps")),
				camp:  p.HGetAll(ctx, s.infKey(e.ID, "camps")),
				touch: p.ZRevRange(ctx, s.infKey(e.ID, "touch"), 0, 0),
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap("read roster", err)
	}
	out := make([]rapport.Profile, 0, len(batch))
	for _, c := range cs {
		in, found, err := decodeInfluencer(c.prof)
		if err != nil {
			return nil, err
		}
		if !found {
			continue // removed between the directory read and this one
		}
		p, err := buildProfile(in, c.snaps.Val(), c.camp.Val(), c.touch.Val())
		if err != nil {
			return nil, fmt.Errorf("roster: %w", err)
		}
		out = append(out, p)
	}
	return out, nil
}
