package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// Launch timing: planned campaigns, the checkpoint queue and go/no-go polls (DESIGN.md §6).
//
// Keys (prefix omitted):
//
//	camp:{id}:campaign          string  JSON rapport.Campaign, Decision left out
//	camp:{id}:decision          string  the poll's decision (SetDecision); closes the poll
//	camp:{id}:votes             hash    Slack user → vote JSON
//	camp:{id}:poll              hash    channel, ts of the poll message
//	idx:campaigns               zset    campaign id, scored by launch (When) in unix ms
//	idx:{checkpoints}           zset    checkpoint key, scored by due time in unix ms
//	idx:{checkpoints}:inflight  zset    claimed checkpoint key, scored by when its claim lapses
//	idx:{checkpoints}:claims    hash    claimed checkpoint key → "due-ms:attempt"
//
// The three checkpoint keys share the hash tag {checkpoints}, so the claim script stays in
// one Cluster slot; a campaign's keys share {id}.

// ErrCampaignExists is returned by CreateCampaign when a campaign with the same id (the same
// name, up to case and punctuation) already exists.
var ErrCampaignExists = fmt.Errorf("a campaign with that name %w", rapport.ErrConflict)

// ErrPollClosed is returned by CastVote once the campaign's decision is recorded.
var ErrPollClosed = errors.New("the poll is closed")

// CreateCampaign saves a new campaign, refusing (ErrCampaignExists) when its id is taken, so
// two campaigns named alike never overwrite each other.
func (s *Store) CreateCampaign(ctx context.Context, c rapport.Campaign) error {
	return s.saveCampaign(ctx, c, true)
}

// SaveCampaign creates or replaces a campaign's record and files it in the index by launch.
// The decision is not part of the record: SetDecision owns it, so an edit saved from an
// older read cannot undo a decision, and c.Decision is ignored. The record is written before
// the index entry; readers skip index entries without a record.
func (s *Store) SaveCampaign(ctx context.Context, c rapport.Campaign) error {
	return s.saveCampaign(ctx, c, false)
}

func (s *Store) saveCampaign(ctx context.Context, c rapport.Campaign, create bool) error {
	if err := checkCampaignID(c.ID); err != nil {
		return err
	}
	when := c.When()
	if when.IsZero() {
		return fmt.Errorf("save campaign %q: no launch, start or end date to file it by", c.ID)
	}
	c.Decision = ""
	raw, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode campaign %q: %w", c.ID, err)
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	key := s.campKey(c.ID, "campaign")
	if create {
		ok, err := s.rdb.SetNX(ctx, key, raw, 0).Result()
		if err != nil {
			return wrap("create campaign", err)
		}
		if !ok {
			return fmt.Errorf("campaign %q: %w", c.ID, ErrCampaignExists)
		}
	} else if err := s.rdb.Set(ctx, key, raw, 0).Err(); err != nil {
		return wrap("save campaign", err)
	}
	// A renamed campaign keeps its id; its new name points at it, so it is found by either.
	if byName := rapport.CampaignID(c.Name); byName != "" && byName != c.ID {
		if err := s.rdb.Set(ctx, s.key("campname", byName), c.ID, 0).Err(); err != nil {
			return wrap("name campaign", err)
		}
	}
	// A separate command, not a transaction: the index is another Cluster slot.
	err = s.rdb.ZAdd(ctx, s.key("idx", "campaigns"), redis.Z{Score: float64(when.UnixMilli()), Member: c.ID}).Err()
	return wrap("index campaign", err)
}

// Campaign reads one campaign by id, with its decision; ErrNotFound if there is none.
func (s *Store) Campaign(ctx context.Context, id string) (rapport.Campaign, error) {
	if err := checkCampaignID(id); err != nil {
		return rapport.Campaign{}, fmt.Errorf("campaign %q: %w", id, ErrNotFound)
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	vals, err := s.rdb.MGet(ctx, s.campKey(id, "campaign"), s.campKey(id, "decision")).Result()
	if err != nil {
		return rapport.Campaign{}, wrap("read campaign", err)
	}
	c, found, err := decodeCampaign(id, vals)
	if err != nil {
		return rapport.Campaign{}, err
	}
	if !found {
		return rapport.Campaign{}, fmt.Errorf("campaign %q: %w", id, ErrNotFound)
	}
	return c, nil
}

// FindCampaign reads a campaign by its name or id ("Spring Glow '26", "spring-glow-26"):
// both reduce to the same id. ErrNotFound if there is none.
func (s *Store) FindCampaign(ctx context.Context, nameOrID string) (rapport.Campaign, error) {
	id := rapport.CampaignID(nameOrID)
	if id == "" {
		return rapport.Campaign{}, fmt.Errorf("campaign %q: %w", nameOrID, ErrNotFound)
	}
	c, err := s.Campaign(ctx, id)
	if !errors.Is(err, ErrNotFound) {
		return c, err
	}
	// Not an id: perhaps the new name of a renamed campaign.
	bctx, cancel := s.bound(ctx)
	defer cancel()
	orig, gerr := s.rdb.Get(bctx, s.key("campname", id)).Result()
	switch {
	case errors.Is(gerr, redis.Nil):
		return c, err
	case gerr != nil:
		return rapport.Campaign{}, wrap("find campaign", gerr)
	}
	found, ferr := s.Campaign(ctx, orig)
	if ferr != nil || rapport.CampaignID(found.Name) != id {
		return rapport.Campaign{}, err // renamed again since: the name is free
	}
	return found, nil
}

// Campaigns lists the campaigns filed with a launch (or, lacking one, start or end) between
// from and to inclusive, earliest first, at most limit of them (limit ≤ 0: all). A zero from
// or to leaves that end open: Campaigns(ctx, now, time.Time{}, 20) is the next 20.
// Cancelled campaigns are listed too; they say so.
func (s *Store) Campaigns(ctx context.Context, from, to time.Time, limit int) ([]rapport.Campaign, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	lo, hi := "-inf", "+inf"
	if !from.IsZero() {
		lo = strconv.FormatInt(from.UnixMilli(), 10)
	}
	if !to.IsZero() {
		hi = strconv.FormatInt(to.UnixMilli(), 10)
	}
	ids, err := s.rdb.ZRangeArgs(ctx, redis.ZRangeArgs{
		Key: s.key("idx", "campaigns"), Start: lo, Stop: hi, ByScore: true, Count: int64(max(limit, 0)),
	}).Result()
	if err != nil {
		return nil, wrap("list campaigns", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	// One MGET per campaign (its two keys share a slot), all in one pipelined round trip.
	cmds := make([]*redis.SliceCmd, len(ids))
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.MGet(ctx, s.campKey(id, "campaign"), s.campKey(id, "decision"))
		}
		return nil
	}); err != nil {
		return nil, wrap("read campaigns", err)
	}
	out := make([]rapport.Campaign, 0, len(ids))
	for i, id := range ids {
		c, found, err := decodeCampaign(id, cmds[i].Val())
		if err != nil {
			return nil, err
		}
		if found {
			out = append(out, c)
		}
	}
	return out, nil
}

// decodeCampaign reads the reply to MGET campaign decision.
func decodeCampaign(id string, vals []any) (rapport.Campaign, bool, error) {
	raw, ok := vals[0].(string)
	if !ok {
		return rapport.Campaign{}, false, nil
	}
	var c rapport.Campaign
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return rapport.Campaign{}, false, fmt.Errorf("decode campaign %q: %w", id, err)
	}
	if d, ok := vals[1].(string); ok {
		c.Decision = d
	}
	return c, true, nil
}

// checkCampaignID accepts only ids as rapport.CampaignID makes them, which also keeps braces
// (hash tags) and the checkpoint keys' "|" out of keys.
func checkCampaignID(id string) error {
	if id == "" || rapport.CampaignID(id) != id {
		return fmt.Errorf("campaign id %q is not in canonical form (want %q)", id, rapport.CampaignID(id))
	}
	return nil
}

// ScheduleCheckpoints queues checkpoints (key → due time). Scheduling a queued key again
// moves it to the new time. A key being run (claimed, not completed) is queued beside its
// claim and claimed again only after that run completes or its claim lapses, so one key
// never runs twice at once.
func (s *Store) ScheduleCheckpoints(ctx context.Context, keys map[string]time.Time) error {
	if len(keys) == 0 {
		return nil
	}
	members := make([]redis.Z, 0, len(keys))
	for k, due := range keys {
		if k == "" {
			return errors.New("schedule checkpoints: empty key")
		}
		members = append(members, redis.Z{Score: float64(due.UnixMilli()), Member: k})
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return wrap("schedule checkpoints", s.rdb.ZAdd(ctx, s.checkpointKey(""), members...).Err())
}

// UnscheduleCheckpoints takes keys out of the queue. A run already under way is not
// interrupted; the dispatcher sees the campaign's state when it resolves the checkpoint.
func (s *Store) UnscheduleCheckpoints(ctx context.Context, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	members := make([]any, len(keys))
	for i, k := range keys {
		members[i] = k
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return wrap("unschedule checkpoints", s.rdb.ZRem(ctx, s.checkpointKey(""), members...).Err())
}

// claimCheckpointsScript claims up to limit checkpoints for one dispatcher: first those whose
// claim lapsed (their claimer died mid-run), then those due, earliest first, skipping any key
// still claimed by a live run. Each moves to the in-flight set, invisible until its
// visibility ends. KEYS[1] queue, KEYS[2] in flight, KEYS[3] claims; ARGV[1] now ms,
// ARGV[2] limit, ARGV[3] visible again at ms. Returns key, due ms, attempt triples.
var claimCheckpointsScript = redis.NewScript(`
local limit = tonumber(ARGV[2])
local out = {}
local n = 0
local lapsed = redis.call('ZRANGE', KEYS[2], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, limit)
for _, k in ipairs(lapsed) do
	local due, attempt = ARGV[1], 1
	local rec = redis.call('HGET', KEYS[3], k)
	if rec then
		local d, a = string.match(rec, '^(%-?%d+):(%d+)$')
		if d then due, attempt = d, tonumber(a) end
	end
	attempt = attempt + 1
	redis.call('ZADD', KEYS[2], ARGV[3], k)
	redis.call('HSET', KEYS[3], k, due .. ':' .. attempt)
	out[#out + 1] = k
	out[#out + 1] = due
	out[#out + 1] = tostring(attempt)
	n = n + 1
end
local skip = 0
while n < limit do
	local due = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', skip, limit - n, 'WITHSCORES')
	if #due == 0 then break end
	for i = 1, #due, 2 do
		local k = due[i]
		if redis.call('ZSCORE', KEYS[2], k) then
			skip = skip + 1
		else
			local d = string.format('%.0f', tonumber(due[i + 1]))
			redis.call('ZREM', KEYS[1], k)
			redis.call('ZADD', KEYS[2], ARGV[3], k)
			redis.call('HSET', KEYS[3], k, d .. ':1')
			out[#out + 1] = k
			out[#out + 1] = d
			out[#out + 1] = '1'
			n = n + 1
		end
	end
end
return out
`)

// ClaimDueCheckpoints claims up to limit checkpoints due at now for the caller, atomically
// (one script): each is handed to exactly one claimer across replicas and stays invisible
// for visibility. The claimer runs it and then calls CompleteCheckpoint; if it dies first,
// the claim lapses after visibility and the checkpoint is claimed again (Attempt > 1), so a
// crash mid-check makes it run again rather than never. Pair the side effect with a
// Deliveries slot so the repeat does not post twice. visibility must exceed the longest
// run; now should come from clocks kept in step across replicas.
func (s *Store) ClaimDueCheckpoints(ctx context.Context, now time.Time, limit int, visibility time.Duration) ([]rapport.ClaimedCheckpoint, error) {
	if limit < 1 {
		return nil, fmt.Errorf("claim checkpoints: limit %d must be at least 1", limit)
	}
	if visibility < time.Millisecond {
		return nil, fmt.Errorf("claim checkpoints: visibility %v is under the 1ms Redis can keep", visibility)
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	keys := []string{s.checkpointKey(""), s.checkpointKey("inflight"), s.checkpointKey("claims")}
	res, err := claimCheckpointsScript.Run(ctx, s.rdb, keys,
		now.UnixMilli(), limit, now.Add(visibility).UnixMilli()).StringSlice()
	if err != nil {
		return nil, wrap("claim checkpoints", err)
	}
	if len(res)%3 != 0 {
		return nil, fmt.Errorf("claim checkpoints: reply of %d items is not triples", len(res))
	}
	out := make([]rapport.ClaimedCheckpoint, 0, len(res)/3)
	for i := 0; i < len(res); i += 3 {
		due, err := strconv.ParseInt(res[i+1], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("claim checkpoints: due of %q: %w", res[i], err)
		}
		attempt, err := strconv.Atoi(res[i+2])
		if err != nil {
			return nil, fmt.Errorf("claim checkpoints: attempt of %q: %w", res[i], err)
		}
		out = append(out, rapport.ClaimedCheckpoint{Key: res[i], Due: time.UnixMilli(due).UTC(), Attempt: attempt})
	}
	return out, nil
}

// CompleteCheckpoint ends a claim: the checkpoint ran, or was judged not to need running.
// If the key was scheduled again meanwhile, that schedule stands.
func (s *Store) CompleteCheckpoint(ctx context.Context, key string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.ZRem(ctx, s.checkpointKey("inflight"), key)
		p.HDel(ctx, s.checkpointKey("claims"), key)
		return nil
	})
	return wrap("complete checkpoint", err)
}

func (s *Store) checkpointKey(what string) string {
	if what == "" {
		return s.prefix + "idx:{checkpoints}"
	}
	return s.prefix + "idx:{checkpoints}:" + what
}

// castVoteScript stores one user's vote unless the decision is recorded.
// KEYS[1] votes, KEYS[2] decision; ARGV[1] user, ARGV[2] vote.
var castVoteScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`)

// CastVote stores userID's vote (replacing any earlier one) in one atomic write per user,
// with no read-modify-write, so simultaneous voters never lose each other's votes. Once the
// decision is recorded the poll is closed: ErrPollClosed. Validate votes (package poll)
// before storing them.
func (s *Store) CastVote(ctx context.Context, campaignID, userID string, voteJSON []byte) error {
	if err := checkCampaignID(campaignID); err != nil {
		return err
	}
	if userID == "" {
		return errors.New("cast vote: empty user id")
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	ok, err := castVoteScript.Run(ctx, s.rdb,
		[]string{s.campKey(campaignID, "votes"), s.campKey(campaignID, "decision")}, userID, voteJSON).Int()
	if err != nil {
		return wrap("cast vote", err)
	}
	if ok == 0 {
		return fmt.Errorf("campaign %q: %w", campaignID, ErrPollClosed)
	}
	return nil
}

// Votes reads every vote of a campaign's poll, by Slack user id.
func (s *Store) Votes(ctx context.Context, campaignID string) (map[string][]byte, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	raw, err := s.rdb.HGetAll(ctx, s.campKey(campaignID, "votes")).Result()
	if err != nil {
		return nil, wrap("read votes", err)
	}
	out := make(map[string][]byte, len(raw))
	for user, v := range raw {
		out[user] = []byte(v)
	}
	return out, nil
}

// SavePollMessage records where the poll was posted, so its tally can be updated in place.
func (s *Store) SavePollMessage(ctx context.Context, campaignID, channel, ts string) error {
	if channel == "" || ts == "" {
		return fmt.Errorf("save poll message of %q: channel and ts are both needed", campaignID)
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return wrap("save poll message", s.rdb.HSet(ctx, s.campKey(campaignID, "poll"), "channel", channel, "ts", ts).Err())
}

// PollMessage reads where the poll was posted; ErrNotFound if it has not been.
func (s *Store) PollMessage(ctx context.Context, campaignID string) (channel, ts string, err error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	vals, err := s.rdb.HMGet(ctx, s.campKey(campaignID, "poll"), "channel", "ts").Result()
	if err != nil {
		return "", "", wrap("read poll message", err)
	}
	channel, _ = vals[0].(string)
	ts, _ = vals[1].(string)
	if channel == "" || ts == "" {
		return "", "", fmt.Errorf("poll message of campaign %q: %w", campaignID, ErrNotFound)
	}
	return channel, ts, nil
}

// SetDecision records the poll's outcome ("go", "no-go", "no decision") on the campaign and
// closes the poll to further votes.
func (s *Store) SetDecision(ctx context.Context, campaignID, decision string) error {
	if err := checkCampaignID(campaignID); err != nil {
		return err
	}
	if decision == "" {
		return fmt.Errorf("set decision of %q: empty decision (ClearPoll reopens a poll)", campaignID)
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return wrap("set decision", s.rdb.Set(ctx, s.campKey(campaignID, "decision"), decision, 0).Err())
}

// ClearPoll forgets a campaign's poll — votes, message and decision — in one transaction,
// for a fresh poll after the launch moved.
func (s *Store) ClearPoll(ctx context.Context, campaignID string) error {
	if err := checkCampaignID(campaignID); err != nil {
		return err
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, s.campKey(campaignID, "votes"), s.campKey(campaignID, "poll"), s.campKey(campaignID, "decision"))
		return nil
	})
	return wrap("clear poll", err)
}

// SetLastRisk records the level of the campaign's latest timing check, for its status card.
func (s *Store) SetLastRisk(ctx context.Context, campaignID, level string, at time.Time) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	v := level + "|" + strconv.FormatInt(at.UnixMilli(), 10)
	return wrap("record risk", s.rdb.Set(ctx, s.campKey(campaignID, "risk"), v, 0).Err())
}

// LastRisk returns the level and time of the campaign's latest timing check; "" when none.
func (s *Store) LastRisk(ctx context.Context, campaignID string) (string, time.Time, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	v, err := s.rdb.Get(ctx, s.campKey(campaignID, "risk")).Result()
	if errors.Is(err, redis.Nil) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, wrap("read risk", err)
	}
	level, ms, _ := strings.Cut(v, "|")
	n, _ := strconv.ParseInt(ms, 10, 64)
	return level, time.UnixMilli(n).UTC(), nil
}

// ScheduledCheckpoints lists the queued checkpoints whose key starts with prefix (a
// campaign id followed by "|"), with their due times, soonest first. For status and tests;
// the dispatcher claims with ClaimDueCheckpoints.
func (s *Store) ScheduledCheckpoints(ctx context.Context, prefix string) (map[string]time.Time, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	zs, err := s.rdb.ZRangeWithScores(ctx, s.checkpointKey(""), 0, -1).Result()
	if err != nil {
		return nil, wrap("read checkpoints", err)
	}
	out := map[string]time.Time{}
	for _, z := range zs {
		if key, _ := z.Member.(string); strings.HasPrefix(key, prefix) {
			out[key] = time.UnixMilli(int64(z.Score)).UTC()
		}
	}
	return out, nil
}
