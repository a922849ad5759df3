package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// batchSize bounds one pipeline so a large import neither builds a huge buffer nor blocks
// Redis for long.
const batchSize = 500

// UpsertInfluencers creates or replaces influencer records, keyed by normalised handle.
// Re-importing the same data changes nothing (idempotent), and UpdatedAt moves only when a
// record really changed. Each batch is one read round trip and three write round trips.
func (s *Store) UpsertInfluencers(ctx context.Context, ins []rapport.Influencer, now time.Time) (rapport.UpsertStats, error) {
	var st rapport.UpsertStats
	for start := 0; start < len(ins); start += batchSize {
		b, err := s.upsertInfluencerBatch(ctx, ins[start:min(start+batchSize, len(ins))], now)
		if err != nil {
			return st, err
		}
		st.Created += b.Created
		st.Updated += b.Updated
		st.Unchanged += b.Unchanged
	}
	return st, nil
}

// influencerWrite is one changed influencer record and the index entries it needs.
type influencerWrite struct {
	id, oldName, name, roster string
	raw                       []byte
}

// upsertInfluencerBatch writes in an order that a re-run completes, since an influencer's
// keys and the indexes live in different Cluster slots and no transaction spans them: first
// the indexes and the relationship's start (a re-run would skip them once the profile is
// written), then the profiles, then the roster version with what changed (rosterfeed.go),
// so a reader that sees the new version sees the new profiles.
func (s *Store) upsertInfluencerBatch(ctx context.Context, ins []rapport.Influencer, now time.Time) (rapport.UpsertStats, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	gets := make([]*redis.StringCmd, len(ins))
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, in := range ins {
			gets[i] = p.Get(ctx, s.infKey(in.ID(), "profile"))
		}
		return nil
	}); err != nil && !errors.Is(err, redis.Nil) {
		return rapport.UpsertStats{}, wrap("read influencers", err)
	}
	var st rapport.UpsertStats
	var writes []influencerWrite
	for i, in := range ins {
		old, found, err := decodeInfluencer(gets[i])
		if err != nil {
			return rapport.UpsertStats{}, err
		}
		if found && sameInfluencer(old, in) {
			st.Unchanged++
			continue
		}
		w := influencerWrite{id: in.ID(), name: nameKey(in.Name), roster: in.Handle + "\t" + in.Name}
		if found {
			st.Updated++
			if w.oldName = nameKey(old.Name); w.oldName == w.name {
				w.oldName = ""
			}
		} else {
			st.Created++
		}
		in.UpdatedAt = now.UTC()
		if w.raw, err = json.Marshal(in); err != nil {
			return rapport.UpsertStats{}, fmt.Errorf("encode influencer %s: %w", in.Handle, err)
		}
		writes = append(writes, w)
	}
	if len(writes) == 0 {
		return st, nil
	}
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, w := range writes {
			if w.oldName != "" {
				p.HDel(ctx, s.key("idx", "names"), w.oldName)
			}
			// The relationship's clock starts when the influencer joins the roster.
			p.HSetNX(ctx, s.infKey(w.id, "rel"), "since", now.UnixMilli())
			p.HSet(ctx, s.key("idx", "roster"), w.id, w.roster)
			if w.name != "" {
				p.HSet(ctx, s.key("idx", "names"), w.name, w.id)
			}
		}
		return nil
	})
	if err != nil {
		return rapport.UpsertStats{}, wrap("write influencer indexes", err)
	}
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, w := range writes {
			p.Set(ctx, s.infKey(w.id, "profile"), w.raw, 0)
		}
		return nil
	})
	if err != nil {
		return rapport.UpsertStats{}, wrap("write influencers", err)
	}
	record := func() error {
		ids := make([]string, len(writes))
		for i, w := range writes {
			ids[i] = w.id
		}
		return s.recordRosterChanges(ctx, ids)
	}
	if st.Created > 0 {
		record = func() error { return s.recordRosterAdditions(ctx) }
	}
	if err := record(); err != nil {
		return rapport.UpsertStats{}, err
	}
	return st, nil
}

func sameInfluencer(a, b rapport.Influencer) bool {
	a.UpdatedAt, b.UpdatedAt = time.Time{}, time.Time{}
	return reflect.DeepEqual(a, b)
}

func decodeInfluencer(cmd *redis.StringCmd) (rapport.Influencer, bool, error) {
	raw, err := cmd.Bytes()
	if errors.Is(err, redis.Nil) {
		return rapport.Influencer{}, false, nil
	}
	if err != nil {
		return rapport.Influencer{}, false, wrap("read influencer", err)
	}
	var in rapport.Influencer
	if err := json.Unmarshal(raw, &in); err != nil {
		return rapport.Influencer{}, false, fmt.Errorf("decode influencer: %w", err)
	}
	return in, true, nil
}

// nameKey is how names are matched: case- and space-insensitive.
func nameKey(name string) string {
	return strings.Join(strings.Fields(strings.ToLower(name)), " ")
}

// MissingInfluencers returns which of the given ids have no influencer record, in one
// round trip.
func (s *Store) MissingInfluencers(ctx context.Context, ids []string) (map[string]bool, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	cmds := make(map[string]*redis.IntCmd, len(ids))
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, id := range ids {
			if _, ok := cmds[id]; !ok {
				cmds[id] = p.Exists(ctx, s.infKey(id, "profile"))
			}
		}
		return nil
	}); err != nil {
		return nil, wrap("check influencers", err)
	}
	missing := map[string]bool{}
	for id, c := range cmds {
		if c.Val() == 0 {
			missing[id] = true
		}
	}
	return missing, nil
}

// Profile finds an influencer by handle (with or without "@") or by exact name, both
// case-insensitive. A handle match costs one round trip; a name match two.
func (s *Store) Profile(ctx context.Context, query string) (rapport.Profile, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	id := rapport.NormalizeHandle(query)
	var prof *redis.StringCmd
	var snaps, camps *redis.MapStringStringCmd
	var touch *redis.StringSliceCmd
	var byName *redis.StringCmd
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		if id != "" && !strings.ContainsAny(id, "{}") {
			prof = p.Get(ctx, s.infKey(id, "profile"))
			snaps = p.HGetAll(ctx, s.infKey(id, "snaps"))
			camps = p.HGetAll(ctx, s.infKey(id, "camps"))
			touch = p.ZRevRange(ctx, s.infKey(id, "touch"), 0, 0)
		}
		if n := nameKey(query); n != "" {
			byName = p.HGet(ctx, s.key("idx", "names"), n)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return rapport.Profile{}, wrap("read profile", err)
	}
	if prof != nil {
		if in, found, err := decodeInfluencer(prof); err != nil {
			return rapport.Profile{}, err
		} else if found {
			return buildProfile(in, snaps.Val(), camps.Val(), touch.Val())
		}
	}
	if byName == nil || byName.Err() != nil {
		return rapport.Profile{}, fmt.Errorf("influencer %q: %w", query, ErrNotFound)
	}
	nameID := byName.Val()
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		prof = p.Get(ctx, s.infKey(nameID, "profile"))
		snaps = p.HGetAll(ctx, s.infKey(nameID, "snaps"))
		camps = p.HGetAll(ctx, s.infKey(nameID, "camps"))
		touch = p.ZRevRange(ctx, s.infKey(nameID, "touch"), 0, 0)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return rapport.Profile{}, wrap("read profile", err)
	}
	in, found, err := decodeInfluencer(prof)
	if err != nil {
		return rapport.Profile{}, err
	}
	if !found {
		return rapport.Profile{}, fmt.Errorf("influencer %q: %w", query, ErrNotFound)
	}
	return buildProfile(in, snaps.Val(), camps.Val(), touch.Val())
}

func buildProfile(in rapport.Influencer, raw, camps map[string]string, lastTouch []string) (rapport.Profile, error) {
	p := rapport.Profile{Influencer: in, Snapshots: make([]rapport.Snapshot, 0, len(raw))}
	id := in.ID()
	for k, v := range raw {
		sn, err := decodeSnapshot(id, k, v)
		if err != nil {
			return rapport.Profile{}, fmt.Errorf("decode %s: %w", in.Handle, err)
		}
		p.Snapshots = append(p.Snapshots, sn)
	}
	sort.Slice(p.Snapshots, func(i, j int) bool {
		a, b := p.Snapshots[i], p.Snapshots[j]
		if a.Platform != b.Platform {
			return a.Platform < b.Platform
		}
		return a.AsOf.Before(b.AsOf)
	})
	var err error
	if p.Campaigns, err = decodeCampaignRecords(camps); err != nil {
		return rapport.Profile{}, fmt.Errorf("%s: %w", in.Handle, err)
	}
	if len(lastTouch) > 0 {
		tps, err := decodeTouchpoints(lastTouch)
		if err != nil {
			return rapport.Profile{}, fmt.Errorf("%s: %w", in.Handle, err)
		}
		p.LastTouchpoint = &tps[0]
	}
	return p, nil
}

// Directory lists every influencer's handle and name. It reads one hash: used on the
// unknown-handle path to suggest close matches, never on the card's hot path.
func (s *Store) Directory(ctx context.Context) ([]rapport.RosterEntry, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	m, err := s.rdb.HGetAll(ctx, s.key("idx", "roster")).Result()
	if err != nil {
		return nil, wrap("read directory", err)
	}
	out := make([]rapport.RosterEntry, 0, len(m))
	for id, v := range m {
		h, n, _ := strings.Cut(v, "\t")
		out = append(out, rapport.RosterEntry{ID: id, Handle: h, Name: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
