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
//	inf:{id}:touch     sorted set  JSON rapport.Touchpoint scored by when it happened (ms)
//	inf:{id}:touchids  set         touchpoint ids already saved, so a retried save adds nothing
//	inf:{id}:rel       hash        last_contact, snoozed_until, last_nudged (ms), ignored, since,
//	                               cadence, due (ms; absent = never due), due_seq
//	idx:due:{bN}       sorted set  id scored by due time (ms), for ids in bucket N (dueindex.go)
//	idx:due:{bN}:seq   hash        id → the last due_seq copied into bucket N
//
// The due index is what the nudge planner reads (ZRANGE BYSCORE … LIMIT on each bucket, in
// one round trip), so planning costs round trips proportional to the due relationships,
// never to the roster.

// logTouchpoint adds a touchpoint and moves last contact — and with it the due time —
// forward only: a backdated entry older than the latest leaves both as they are. Adding a
// touchpoint whose id is already saved changes nothing, whatever else differs (a re-import
// has a new LoggedAt). One script over the influencer's own keys (one Cluster slot), so the
// history and the relationship never disagree; the due index follows (indexDues).
// KEYS[1] touch, KEYS[2] rel, KEYS[3] touchids; ARGV[1] touchpoint JSON, ARGV[2] at ms,
// ARGV[3] cadence ms, ARGV[4] touchpoint id. Returns added, last contact ms, due ms (0:
// never due), due_seq.
var logTouchpoint = redis.NewScript(`
local added = redis.call('SADD', KEYS[3], ARGV[4])
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
local due = 0
if cadence > 0 then
  due = last + cadence
  redis.call('HSET', KEYS[2], 'due', string.format('%.0f', due))
else
  redis.call('HDEL', KEYS[2], 'due')
end
local seq = redis.call('HINCRBY', KEYS[2], 'due_seq', 1)
return {added, last, due, seq}
`)

// LogTouchpoint saves tp and updates the relationship's last contact and due time
// (last contact + cadence; a zero cadence means never due). With RequireReplicaAcks, it
// succeeds only once that many replicas have the touchpoint and the relationship.
func (s *Store) LogTouchpoint(ctx context.Context, tp rapport.Touchpoint, cadence time.Duration) (rapport.LogResult, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	raw, err := json.Marshal(tp)
	if err != nil {
		return rapport.LogResult{}, fmt.Errorf("encode touchpoint: %w", err)
	}
	id := rapport.NormalizeHandle(tp.Handle)
	// A pipeline of one script, not Script.Run, so that the replicas' acknowledgement
	// (RequireReplicaAcks) is asked for on the connection that wrote.
	var cmd *redis.Cmd
	wctx, awaitWrite := awaitReplicas(ctx)
	err = s.pipelineScripts(wctx, []*redis.Script{logTouchpoint}, func(p redis.Pipeliner) error {
		cmd = p.EvalSha(ctx, logTouchpoint.Hash(),
			[]string{s.infKey(id, "touch"), s.infKey(id, "rel"), s.infKey(id, "touchids")},
			raw, tp.At.UnixMilli(), cadence.Milliseconds(), tp.ID)
		awaitWrite(cmd)
		return nil
	})
	if err != nil {
		return rapport.LogResult{}, wrap("log touchpoint", err)
	}
	res, err := cmd.Int64Slice()
	if err != nil || len(res) != 4 {
		return rapport.LogResult{}, fmt.Errorf("log touchpoint: unexpected reply %v: %w", cmd.Val(), err)
	}
	up := dueUpdate{id: id, seq: res[3]}
	if res[2] != 0 {
		up.due = strconv.FormatInt(res[2], 10)
	}
	if err := s.indexDues(ctx, []dueUpdate{up}); err != nil {
		return rapport.LogResult{}, wrap("log touchpoint", err)
	}
	// The roster moves after the touchpoint is written, never before, so a reader that sees
	// the change sees the touchpoint; readers re-read this influencer only.
	if err := s.recordRosterChanges(ctx, []string{id}); err != nil {
		return rapport.LogResult{}, wrap("log touchpoint", err)
	}
	return rapport.LogResult{Added: res[0] == 1, LastContact: time.UnixMilli(res[1]).UTC()}, nil
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
// records the cadence each was computed with: one round trip for the relationships, one for
// the index.
func (s *Store) SetDues(ctx context.Context, dues map[string]rapport.DueEntry) error {
	if len(dues) == 0 {
		return nil
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	ups := make([]dueUpdate, 0, len(dues))
	for id, d := range dues {
		u := dueUpdate{id: id}
		if !d.Due.IsZero() {
			u.due = strconv.FormatInt(d.Due.UnixMilli(), 10)
		}
		ups = append(ups, u)
	}
	seqs := make([]*redis.Cmd, len(ups))
	err := s.pipelineScripts(ctx, []*redis.Script{setDueScript}, func(p redis.Pipeliner) error {
		for i, u := range ups {
			seqs[i] = p.EvalSha(ctx, setDueScript.Hash(), []string{s.infKey(u.id, "rel")}, u.due, dues[u.id].Cadence.Milliseconds())
		}
		return nil
	})
	if err != nil {
		return wrap("set dues", err)
	}
	for i := range ups {
		if ups[i].seq, err = seqs[i].Int64(); err != nil {
			return wrap("set dues", err)
		}
	}
	return wrap("set dues", s.indexDues(ctx, ups))
}

// Snooze silences nudges for the relationship until the given time; its due time stays.
func (s *Store) Snooze(ctx context.Context, id string, until time.Time) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return wrap("snooze", s.rdb.HSet(ctx, s.infKey(id, "rel"), "snoozed_until", until.UnixMilli()).Err())
}

// DueIDs returns up to limit relationship ids due at or before t, most overdue first (ties by
// id), with their due times.
func (s *Store) DueIDs(ctx context.Context, t time.Time, limit int) ([]string, []time.Time, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	es, err := s.readDueIndex(ctx, t.UnixMilli(), limit)
	if err != nil {
		return nil, nil, wrap("read due index", err)
	}
	ids := make([]string, len(es))
	dues := make([]time.Time, len(es))
	for i, e := range es {
		ids[i] = e.id
		dues[i] = time.UnixMilli(e.due).UTC()
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
			dues[i] = p.ZScore(ctx, s.legacyDueKey(), id)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap("read relationships", err)
	}
	out := make(map[string]rapport.RelState, len(ids))
	for i, id := range ids {
		st := relStateFrom(hs[i].Val())
		st.Due = dueOf(hs[i].Val(), dues[i])
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
	for start := 0; start < len(ids); start += profileStreamBatch {
		part := ids[start:min(start+profileStreamBatch, len(ids))]
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
				dues[i] = p.ZScore(ctx, s.legacyDueKey(), id)
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
			st.Due = dueOf(rels[i].Val(), dues[i])
			ins = append(ins, in)
			states[id] = st
		}
	}
	return ins, states, nil
}
