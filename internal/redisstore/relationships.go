package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// Relationship upkeep keys (prefix omitted):
//
//	inf:{id}:touch  sorted set  JSON rapport.Touchpoint scored by when it happened (ms)
//	inf:{id}:touchids set       touchpoint ids already saved, so a retried save adds nothing
//	inf:{id}:rel    hash        last_contact, snoozed_until, last_nudged (ms), ignored, since
//	idx:due         sorted set  influencer id scored by due time (ms); absent = never due
//
// The due index is what the nudge planner reads (ZRANGE BYSCORE … LIMIT), so planning costs
// round trips proportional to the due relationships, never to the roster.

// logTouchpoint adds a touchpoint and moves last contact — and with it the due time —
// forward only: a backdated entry older than the latest leaves both as they are. Adding a
// touchpoint whose id is already saved changes nothing, whatever else differs (a re-import
// has a new LoggedAt). One script, so the history, the relationship and
// the due index never disagree.
var logTouchpoint = redis.NewScript(`
local added = redis.call('SADD', KEYS[4], ARGV[5])
if added == 1 then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
end
local at = tonumber(ARGV[2])
local last = tonumber(redis.call('HGET', KEYS[2], 'last_contact') or '0')
if at > last then
  redis.call('HSET', KEYS[2], 'last_contact', ARGV[2], 'ignored', 0)
  last = at
end
local cadence = tonumber(ARGV[3])
redis.call('HSET', KEYS[2], 'cadence', ARGV[3])
if cadence > 0 then
  redis.call('ZADD', KEYS[3], last + cadence, ARGV[4])
else
  redis.call('ZREM', KEYS[3], ARGV[4])
end
return {added, last}
`)

// LogTouchpoint saves tp and updates the relationship's last contact and due time
// (last contact + cadence; a zero cadence means never due).
func (s *Store) LogTouchpoint(ctx context.Context, tp rapport.Touchpoint, cadence time.Duration) (rapport.LogResult, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	raw, err := json.Marshal(tp)
	if err != nil {
		return rapport.LogResult{}, fmt.Errorf("encode touchpoint: %w", err)
	}
	id := rapport.NormalizeHandle(tp.Handle)
	res, err := logTouchpoint.Run(ctx, s.rdb,
		[]string{s.infKey(id, "touch"), s.infKey(id, "rel"), s.key("idx", "due"), s.infKey(id, "touchids")},
		raw, tp.At.UnixMilli(), cadence.Milliseconds(), id, tp.ID).Int64Slice()
	if err != nil {
		return rapport.LogResult{}, wrap("log touchpoint", err)
	}
	if err := s.bumpVersion(ctx); err != nil {
		return rapport.LogResult{}, err
	}
	return rapport.LogResult{Added: res[0] == 1, LastContact: time.UnixMilli(res[1]).UTC()}, nil
}

func (s *Store) bumpVersion(ctx context.Context) error {
	return wrap("bump roster version", s.rdb.Incr(ctx, s.key("idx", "version")).Err())
}

// Touchpoints returns a page of an influencer's touchpoints, newest first, and how many
// there are in all.
func (s *Store) Touchpoints(ctx context.Context, id string, offset, limit int) ([]rapport.Touchpoint, int, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var page *redis.StringSliceCmd
	var total *redis.IntCmd
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		page = p.ZRevRange(ctx, s.infKey(id, "touch"), int64(offset), int64(offset+limit-1))
		total = p.ZCard(ctx, s.infKey(id, "touch"))
		return nil
	})
	if err != nil {
		return nil, 0, wrap("read touchpoints", err)
	}
	tps, err := decodeTouchpoints(page.Val())
	return tps, int(total.Val()), err
}

func decodeTouchpoints(raw []string) ([]rapport.Touchpoint, error) {
	out := make([]rapport.Touchpoint, 0, len(raw))
	for _, r := range raw {
		var tp rapport.Touchpoint
		if err := json.Unmarshal([]byte(r), &tp); err != nil {
			return nil, fmt.Errorf("decode touchpoint: %w", err)
		}
		out = append(out, tp)
	}
	return out, nil
}

// SetDues places many relationships in (or, with a zero Due, out of) the due index, and
// records the cadence each was computed with, in one round trip.
func (s *Store) SetDues(ctx context.Context, dues map[string]rapport.DueEntry) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for id, d := range dues {
			if d.Due.IsZero() {
				p.ZRem(ctx, s.key("idx", "due"), id)
			} else {
				p.ZAdd(ctx, s.key("idx", "due"), redis.Z{Score: float64(d.Due.UnixMilli()), Member: id})
			}
			p.HSet(ctx, s.infKey(id, "rel"), "cadence", d.Cadence.Milliseconds())
		}
		return nil
	})
	return wrap("set dues", err)
}

// Snooze silences nudges for the relationship until the given time; its due time stays.
func (s *Store) Snooze(ctx context.Context, id string, until time.Time) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return wrap("snooze", s.rdb.HSet(ctx, s.infKey(id, "rel"), "snoozed_until", until.UnixMilli()).Err())
}

// DueIDs returns up to limit relationship ids due at or before t, most overdue first, with
// their due times.
func (s *Store) DueIDs(ctx context.Context, t time.Time, limit int) ([]string, []time.Time, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	zs, err := s.rdb.ZRangeArgsWithScores(ctx, redis.ZRangeArgs{
		Key: s.key("idx", "due"), ByScore: true, Start: "-inf", Stop: strconv.FormatInt(t.UnixMilli(), 10),
		Count: int64(limit),
	}).Result()
	if err != nil {
		return nil, nil, wrap("read due index", err)
	}
	ids := make([]string, len(zs))
	dues := make([]time.Time, len(zs))
	for i, z := range zs {
		ids[i], _ = z.Member.(string)
		dues[i] = time.UnixMilli(int64(z.Score)).UTC()
	}
	return ids, dues, nil
}

// RelStates reads the upkeep state of the given relationships in one round trip.
func (s *Store) RelStates(ctx context.Context, ids []string) (map[string]rapport.RelState, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	hs := make([]*redis.MapStringStringCmd, len(ids))
	dues := make([]*redis.FloatCmd, len(ids))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			hs[i] = p.HGetAll(ctx, s.infKey(id, "rel"))
			dues[i] = p.ZScore(ctx, s.key("idx", "due"), id)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap("read relationships", err)
	}
	out := make(map[string]rapport.RelState, len(ids))
	for i, id := range ids {
		st := relStateFrom(hs[i].Val())
		if d, err := dues[i].Result(); err == nil {
			st.Due = time.UnixMilli(int64(d)).UTC()
		}
		out[id] = st
	}
	return out, nil
}

func relStateFrom(h map[string]string) rapport.RelState {
	ms := func(k string) time.Time {
		v, err := strconv.ParseInt(h[k], 10, 64)
		if err != nil || v == 0 {
			return time.Time{}
		}
		return time.UnixMilli(v).UTC()
	}
	ignored, _ := strconv.Atoi(h["ignored"])
	cadence, _ := strconv.ParseInt(h["cadence"], 10, 64)
	return rapport.RelState{LastContact: ms("last_contact"), SnoozedUntil: ms("snoozed_until"), LastNudged: ms("last_nudged"),
		Ignored: ignored, Since: ms("since"), LastEscalated: ms("last_escalated"), Cadence: time.Duration(cadence) * time.Millisecond}
}

// MarkNudged records that the relationships were in a sent nudge: their repeat interval
// starts now and their ignored count goes up until the next contact resets it.
func (s *Store) MarkNudged(ctx context.Context, ids []string, at time.Time) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, id := range ids {
			p.HSet(ctx, s.infKey(id, "rel"), "last_nudged", at.UnixMilli())
			p.HIncrBy(ctx, s.infKey(id, "rel"), "ignored", 1)
		}
		return nil
	})
	return wrap("mark nudged", err)
}

// MarkEscalated records that the relationships were in a sent escalation.
func (s *Store) MarkEscalated(ctx context.Context, ids []string, at time.Time) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, id := range ids {
			p.HSet(ctx, s.infKey(id, "rel"), "last_escalated", at.UnixMilli())
		}
		return nil
	})
	return wrap("mark escalated", err)
}

// weekCountTTL keeps a weekly nudge count a little beyond its week.
const weekCountTTL = 9 * 24 * time.Hour

// WeekCounts reads nudge-budget counters by key ("owner|2026-W48"); missing ones are 0.
func (s *Store) WeekCounts(ctx context.Context, keys []string) (map[string]int, error) {
	out := make(map[string]int, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = s.key("budget", k)
	}
	vals := make([]*redis.StringCmd, len(keys))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, k := range full {
			vals[i] = p.Get(ctx, k)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap("read nudge budgets", err)
	}
	for i, k := range keys {
		n, _ := vals[i].Int()
		out[k] = n
	}
	return out, nil
}

// AddWeekCount adds n to a nudge-budget counter.
func (s *Store) AddWeekCount(ctx context.Context, key string, n int) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.IncrBy(ctx, s.key("budget", key), int64(n))
		p.Expire(ctx, s.key("budget", key), weekCountTTL)
		return nil
	})
	return wrap("count nudges", err)
}

// ProfilesByID reads the profiles of the given influencers (missing ones are left out).
func (s *Store) ProfilesByID(ctx context.Context, ids []string) ([]rapport.Profile, error) {
	out := make([]rapport.Profile, 0, len(ids))
	for start := 0; start < len(ids); start += rosterBatch {
		part := ids[start:min(start+rosterBatch, len(ids))]
		entries := make([]rapport.RosterEntry, len(part))
		for i, id := range part {
			entries[i] = rapport.RosterEntry{ID: id}
		}
		profs, err := s.profileBatch(ctx, entries)
		if err != nil {
			return nil, err
		}
		out = append(out, profs...)
	}
	return out, nil
}

// Relationships reads what the nudge planner needs about the given influencers — the
// profile record and the upkeep state, not metrics or campaigns — in pipelines of
// batchSize. Missing influencers are left out. Round trips grow with len(ids), never with
// the roster.
func (s *Store) Relationships(ctx context.Context, ids []string) ([]rapport.Influencer, map[string]rapport.RelState, error) {
	ins := make([]rapport.Influencer, 0, len(ids))
	states := make(map[string]rapport.RelState, len(ids))
	for start := 0; start < len(ids); start += batchSize {
		part := ids[start:min(start+batchSize, len(ids))]
		ctx, cancel := s.bound(ctx)
		profs := make([]*redis.StringCmd, len(part))
		rels := make([]*redis.MapStringStringCmd, len(part))
		dues := make([]*redis.FloatCmd, len(part))
		_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, id := range part {
				profs[i] = p.Get(ctx, s.infKey(id, "profile"))
				rels[i] = p.HGetAll(ctx, s.infKey(id, "rel"))
				dues[i] = p.ZScore(ctx, s.key("idx", "due"), id)
			}
			return nil
		})
		cancel()
		if err != nil && !errors.Is(err, redis.Nil) {
			return nil, nil, wrap("read relationships", err)
		}
		for i, id := range part {
			in, found, err := decodeInfluencer(profs[i])
			if err != nil {
				return nil, nil, err
			}
			if !found {
				continue
			}
			st := relStateFrom(rels[i].Val())
			if d, err := dues[i].Result(); err == nil {
				st.Due = time.UnixMilli(int64(d)).UTC()
			}
			ins = append(ins, in)
			states[id] = st
		}
	}
	return ins, states, nil
}
