package redisstore

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// The roster change feed lets a reader that keeps the analysed roster in memory catch up by
// re-reading only the influencers that changed:
//
//	idx:version      counter   bumped by every write to the roster
//	{idx:version}:changes
//	                 stream    one entry per bump recorded through recordRosterChanges, with
//	                           id "<version>-<n>" and field b (the changed influencers'
//	                           buckets, comma-separated, at most feedChunk per entry) or all=1
//	                           (too many, or new influencers: read everything)
//
// The feed names buckets, not people: a bucket is 16 bits of a hash of the influencer's id,
// shared by every handle that hashes alike, so an erased influencer leaves nothing in it
// that names them, and a reader re-reads the influencers it holds in each changed bucket
// (about one at a hundred thousand). A new influencer is in no reader's index yet, so
// recording one asks for a full read.
//
// The stream shares the version's Cluster slot (its hash tag is the version key's name), so
// one script bumps the version and records the buckets: a reader that sees version v finds
// v's entry. A bump made without the feed (a plain INCR) leaves a gap, and a reader that
// finds a gap, or finds the stream trimmed past its position, reads the whole roster instead.
const (
	// feedChunk is how many buckets one stream entry lists.
	feedChunk = 256
	// feedMaxIDs is the most influencers one bump lists; a larger change is recorded as
	// all=1.
	feedMaxIDs = 4096
	// feedMaxLen is about how many entries the stream keeps (trimmed with MAXLEN ~).
	feedMaxLen = 4096
	// feedMaxVersions is the most bumps a reader catches up on through the feed.
	feedMaxVersions = 1024
	// feedPeek is how many entries every check reads along with the version; feedReadCount
	// bounds what a catch-up reads when there are more.
	feedPeek      = 64
	feedReadCount = 4096
	// profileStreamBatch is how many profiles one pipeline reads (EachProfile, ProfilesByID).
	profileStreamBatch = 200
)

// RosterBucket is the change feed's bucket of an influencer id.
func RosterBucket(id string) uint16 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	v := h.Sum32()
	return uint16(v ^ v>>16)
}

// recordChangesScript bumps the roster version and records which buckets changed.
// KEYS[1] version, KEYS[2] feed; ARGV[1] max length, ARGV[2] "b" or "all", ARGV[3…] the
// buckets in chunks. A feed left ahead of the version (the version key was lost) is dropped
// first, since its entries could not be told from new ones. Returns the new version.
var recordChangesScript = redis.NewScript(`
local v = redis.call('INCR', KEYS[1])
if redis.call('EXISTS', KEYS[2]) == 1 then
  local info = redis.call('XINFO', 'STREAM', KEYS[2])
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then
      if tonumber(string.match(info[i + 1], '^(%d+)')) >= v then
        redis.call('DEL', KEYS[2])
      end
      break
    end
  end
end
if ARGV[2] == 'all' or #ARGV < 3 then
  local field, value = 'b', ''
  if ARGV[2] == 'all' then field, value = 'all', '1' end
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], v .. '-0', field, value)
  return v
end
for i = 3, #ARGV do
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], v .. '-' .. (i - 3), 'b', ARGV[i])
end
return v
`)

func (s *Store) versionKey() string { return s.key("idx", "version") }

// feedKey is the change feed's key, in the version key's Cluster slot: tagged with the
// version key's name, or, when the prefix carries a hash tag of its own, under it.
func (s *Store) feedKey() string {
	v := s.versionKey()
	if i := strings.IndexByte(v, '{'); i >= 0 && strings.IndexByte(v[i+1:], '}') > 0 {
		return s.key("idx", "changes")
	}
	return "{" + v + "}:changes"
}

// MarkRosterChanged bumps the roster version and records that the influencers ids changed,
// in one script, so readers of the analysed roster (the search index) re-read only them. It
// stands in for a plain INCR of the version wherever a write knows whom it changed (a
// touchpoint, a campaign, an erasure): call it after the write, never before, so a reader
// that sees the new version sees the change.
func (s *Store) MarkRosterChanged(ctx context.Context, ids []string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return s.recordRosterChanges(ctx, ids)
}

// recordRosterChanges is MarkRosterChanged without its own time bound.
func (s *Store) recordRosterChanges(ctx context.Context, ids []string) error {
	return s.recordFeed(ctx, ids, false)
}

// recordRosterAdditions records a write that added influencers to the roster (and may have
// changed others): readers hold nothing to re-read for a new one, so they read everything.
func (s *Store) recordRosterAdditions(ctx context.Context) error {
	return s.recordFeed(ctx, nil, true)
}

func (s *Store) recordFeed(ctx context.Context, ids []string, created bool) error {
	args := []any{feedMaxLen, "b"}
	if created || len(ids) > feedMaxIDs {
		args[1] = "all"
	} else {
		seen := make(map[uint16]bool, len(ids))
		var buckets []string
		for _, id := range ids {
			if b := RosterBucket(id); id != "" && !seen[b] {
				seen[b] = true
				buckets = append(buckets, strconv.Itoa(int(b)))
			}
		}
		for start := 0; start < len(buckets); start += feedChunk {
			args = append(args, strings.Join(buckets[start:min(start+feedChunk, len(buckets))], ","))
		}
	}
	err := recordChangesScript.Run(ctx, s.rdb, []string{s.versionKey(), s.feedKey()}, args...).Err()
	return wrap("bump roster version", err)
}

// RosterChanges reads the roster version and which influencers may have changed after
// version since, in one round trip (two after many bumps): changed reports, for an id,
// whether its bucket changed. complete is false when the feed cannot say — a bump it did
// not record, entries trimmed away, too many bumps, a new influencer, or a version that
// went back — and the caller must then read the whole roster. When the version did not
// move, changed reports nothing and complete is true.
func (s *Store) RosterChanges(ctx context.Context, since int64) (version int64, changed func(id string) bool, complete bool, err error) {
	none := func(string) bool { return false }
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var get *redis.StringCmd
	var feed *redis.XMessageSliceCmd
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		get = p.Get(ctx, s.versionKey())
		feed = p.XRangeN(ctx, s.feedKey(), strconv.FormatInt(since+1, 10), "+", feedPeek)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return 0, nil, false, wrap("read roster changes", err)
	}
	if get.Err() == nil {
		if version, err = get.Int64(); err != nil {
			return 0, nil, false, fmt.Errorf("read roster version: %w", err)
		}
	}
	switch {
	case version == since:
		return version, none, true, nil
	case version < since || version-since > feedMaxVersions:
		return version, none, false, nil
	}
	entries := feed.Val()
	if len(entries) == feedPeek {
		// More than the peek: read on, up to the bound.
		if entries, err = s.rdb.XRangeN(ctx, s.feedKey(), strconv.FormatInt(since+1, 10), "+", feedReadCount).Result(); err != nil {
			return 0, nil, false, wrap("read roster changes", err)
		}
	}
	seen := make(map[int64]bool, version-since)
	buckets := map[uint16]bool{}
	for _, m := range entries {
		ms, _, _ := strings.Cut(m.ID, "-")
		v, err := strconv.ParseInt(ms, 10, 64)
		if err != nil || v <= since {
			return version, none, false, nil
		}
		if v > version {
			break // written after the version was read: the next read takes it
		}
		if _, all := m.Values["all"]; all {
			return version, none, false, nil
		}
		seen[v] = true
		list, _ := m.Values["b"].(string)
		for f := range strings.SplitSeq(list, ",") {
			if b, err := strconv.ParseUint(f, 10, 16); err == nil {
				buckets[uint16(b)] = true
			}
		}
	}
	if int64(len(seen)) != version-since {
		return version, none, false, nil
	}
	if len(buckets) == 0 {
		return version, none, true, nil
	}
	return version, func(id string) bool { return buckets[RosterBucket(id)] }, true, nil
}

// EachProfile reads every influencer's profile, snapshots, campaigns and latest touchpoint
// in id order, in pipelines of profileStreamBatch influencers, handing each batch to fn and
// holding no more than one batch of profiles at a time: roster-wide views analyse the
// roster without ever keeping it whole. Only the ids are read up front.
func (s *Store) EachProfile(ctx context.Context, fn func([]rapport.Profile) error) error {
	bctx, cancel := s.bound(ctx)
	ids, err := s.rdb.HKeys(bctx, s.key("idx", "roster")).Result()
	cancel()
	if err != nil {
		return wrap("read directory", err)
	}
	slices.Sort(ids)
	batch := make([]rapport.RosterEntry, 0, profileStreamBatch)
	for start := 0; start < len(ids); start += profileStreamBatch {
		batch = batch[:0]
		for _, id := range ids[start:min(start+profileStreamBatch, len(ids))] {
			batch = append(batch, rapport.RosterEntry{ID: id})
		}
		profs, err := s.profileBatch(ctx, batch)
		if err != nil {
			return err
		}
		if err := fn(profs); err != nil {
			return err
		}
	}
	return nil
}
