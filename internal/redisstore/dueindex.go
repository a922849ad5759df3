package redisstore

import (
	"context"
	"hash/fnv"
	"sort"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// The due index (what the nudge planner and the stale list read) is split into dueBuckets
// sorted sets, idx:due:{b0} … idx:due:{b15}, each under its own hash tag, so on Redis
// Cluster it spreads over the shards and no script has to reach both an influencer's keys
// and a global key. A relationship's bucket is fixed by its id.
//
// The truth about a relationship's due time is in its rel hash (fields due and due_seq), in
// the influencer's slot, written by the same script as the touchpoint or the cadence. The
// bucket copies it right after, through dueIndexScript, which applies an update only if its
// due_seq is newer than the last one it applied for that id (idx:due:{bN}:seq), so updates
// that reach the index out of order never move it back. If a process dies between the two
// writes, the index lags that one relationship until its next update or the next Reindex
// (at every import and every 6 h); reads of a relationship's state always come from the rel
// hash.
//
// Before buckets, the index was one sorted set, idx:due (legacyDueKey). Reads still consult
// it for relationships whose rel hash has no due_seq yet (written by an older Rapport), and
// every update removes its id from it, so the first Reindex after an upgrade empties it and
// Redis deletes it. The fallback can go once every deployment has run one Reindex.
const dueBuckets = 16

// dueBucket is the bucket of relationship id: FNV-1a of the id, modulo dueBuckets.
func dueBucket(id string) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	return int(h.Sum32() % dueBuckets)
}

func (s *Store) dueKey(bucket int) string {
	return s.prefix + "idx:due:{b" + strconv.Itoa(bucket) + "}"
}

func (s *Store) dueSeqKey(bucket int) string { return s.dueKey(bucket) + ":seq" }

func (s *Store) legacyDueKey() string { return s.key("idx", "due") }

// setDueScript records a relationship's due time and cadence in its rel hash and returns the
// new due_seq. KEYS[1] rel; ARGV[1] due ms, or "" for never due; ARGV[2] cadence ms.
var setDueScript = redis.NewScript(`
redis.call('HSET', KEYS[1], 'cadence', ARGV[2])
if ARGV[1] == '' then
  redis.call('HDEL', KEYS[1], 'due')
else
  redis.call('HSET', KEYS[1], 'due', ARGV[1])
end
return redis.call('HINCRBY', KEYS[1], 'due_seq', 1)
`)

// dueIndexScript copies one relationship's due time into its bucket unless the bucket has
// already seen the same or a newer due_seq. KEYS[1] bucket, KEYS[2] bucket's seq hash;
// ARGV[1] id, ARGV[2] due ms or "" for never due, ARGV[3] due_seq.
var dueIndexScript = redis.NewScript(`
local seq = tonumber(ARGV[3])
local seen = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if seq <= seen then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
if ARGV[2] == '' then
  redis.call('ZREM', KEYS[1], ARGV[1])
else
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
end
return 1
`)

// dueUpdate is one relationship's due time as its rel hash now has it.
type dueUpdate struct {
	id  string
	due string // unix ms, or "" when never due
	seq int64
}

// indexDues copies the updates into their buckets and takes their ids out of the legacy
// index, in one pipeline; also, if not nil, runs more commands in the same pipeline.
func (s *Store) indexDues(ctx context.Context, ups []dueUpdate) error {
	return s.pipelineScripts(ctx, []*redis.Script{dueIndexScript}, func(p redis.Pipeliner) error {
		for _, u := range ups {
			b := dueBucket(u.id)
			p.EvalSha(ctx, dueIndexScript.Hash(), []string{s.dueKey(b), s.dueSeqKey(b)}, u.id, u.due, u.seq)
			p.ZRem(ctx, s.legacyDueKey(), u.id)
		}
		return nil
	})
}

// pipelineScripts runs fn's commands in one pipeline. When a server answers NOSCRIPT (its
// script cache was emptied by a restart or a failover), it loads scripts and runs fn once
// more, so fn must be safe to run twice and must take its results from the last run. Script.Run
// cannot do this inside a pipeline (go-redis #3228).
func (s *Store) pipelineScripts(ctx context.Context, scripts []*redis.Script, fn func(redis.Pipeliner) error) error {
	cmds, err := s.rdb.Pipelined(ctx, fn)
	if err == nil || !anyNoScript(cmds) {
		return err
	}
	for _, sc := range scripts {
		if err := sc.Load(ctx, s.rdb).Err(); err != nil {
			return err
		}
	}
	_, err = s.rdb.Pipelined(ctx, fn)
	return err
}

func anyNoScript(cmds []redis.Cmder) bool {
	for _, c := range cmds {
		if redis.HasErrorPrefix(c.Err(), "NOSCRIPT") {
			return true
		}
	}
	return false
}

// dueEntry is one member of the due index.
type dueEntry struct {
	id  string
	due int64
}

// readDueIndex reads up to limit entries due at or before ms (limit ≤ 0: all) from every
// bucket and from the legacy index, in one round trip, plus one more only while the legacy
// index still has entries: those whose relationship has been updated since (a due_seq) are
// the buckets' to answer for.
func (s *Store) readDueIndex(ctx context.Context, ms int64, limit int) ([]dueEntry, error) {
	args := func(key string) redis.ZRangeArgs {
		return redis.ZRangeArgs{Key: key, ByScore: true, Start: "-inf", Stop: strconv.FormatInt(ms, 10), Count: int64(max(limit, 0))}
	}
	buckets := make([]*redis.ZSliceCmd, dueBuckets)
	var legacy *redis.ZSliceCmd
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for b := range buckets {
			buckets[b] = p.ZRangeArgsWithScores(ctx, args(s.dueKey(b)))
		}
		legacy = p.ZRangeArgsWithScores(ctx, args(s.legacyDueKey()))
		return nil
	}); err != nil {
		return nil, err
	}
	var out []dueEntry
	seen := map[string]bool{}
	for _, c := range buckets {
		for _, z := range c.Val() {
			id, _ := z.Member.(string)
			out = append(out, dueEntry{id: id, due: int64(z.Score)})
			seen[id] = true
		}
	}
	var old []dueEntry
	for _, z := range legacy.Val() {
		if id, _ := z.Member.(string); !seen[id] {
			old = append(old, dueEntry{id: id, due: int64(z.Score)})
		}
	}
	if len(old) > 0 {
		updated := make([]*redis.BoolCmd, len(old))
		if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, e := range old {
				updated[i] = p.HExists(ctx, s.infKey(e.id, "rel"), "due_seq")
			}
			return nil
		}); err != nil {
			return nil, err
		}
		for i, e := range old {
			if !updated[i].Val() {
				out = append(out, e)
			}
		}
	}
	// One sorted set orders by score, then member: so do the buckets together.
	sort.Slice(out, func(i, j int) bool {
		if out[i].due != out[j].due {
			return out[i].due < out[j].due
		}
		return out[i].id < out[j].id
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// dueOf is a relationship's due time from its rel hash, or, for a relationship not updated
// since the due index was bucketed, from the legacy index; zero when never due.
func dueOf(rel map[string]string, legacy *redis.FloatCmd) time.Time {
	if _, ok := rel["due_seq"]; !ok {
		if d, err := legacy.Result(); err == nil {
			return time.UnixMilli(int64(d)).UTC()
		}
		return time.Time{}
	}
	ms, err := strconv.ParseInt(rel["due"], 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// unindexDue queues on p the commands that take id out of the due index — its bucket, the
// bucket's record of its due_seq (which names it too) and the legacy index — and returns
// those that remove an entry (1 each when there was one), for erasure counts.
func (s *Store) unindexDue(ctx context.Context, p redis.Pipeliner, id string) []*redis.IntCmd {
	b := dueBucket(id)
	p.HDel(ctx, s.dueSeqKey(b), id)
	return []*redis.IntCmd{p.ZRem(ctx, s.dueKey(b), id), p.ZRem(ctx, s.legacyDueKey(), id)}
}
