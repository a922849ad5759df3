package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// People's data: erasing everything held about one influencer (rapport forget).
//
// What names a person (prefix omitted):
//
//	inf:{id}:*               their own keys (personKeys): deleted
//	idx:roster, idx:names    directory entries: removed
//	idx:due:{bN}, idx:due    due index entries (dueindex.go): removed
//	camp:{c}:members         campaign membership: removed
//	camp:{c}:campaign        the id in the campaign's Influencers: removed, the campaign kept
//	inf:{other}:camps        other participants' copies of that campaign: the id removed
//	audit:{campaign:c}       mentions of the handle or name in campaign audits: redacted
//
// Kept: campaigns themselves, their polls, votes, decisions and checkpoints; counters that
// name nobody (nudge budgets per owner and week, the roster version). Campaign results are
// not totalled anywhere apart from each participant's record, so the person's results go
// with them: there is no separate aggregate to keep.
//
// audit:{people:deletions} records each erasure — when, by whom, how much — without naming
// the person: no handle and no hash of it, since a hash of a public handle is undone by
// hashing the roster's handles.

// DeletionsSubject is the audit subject of erasures.
const DeletionsSubject = "people:deletions"

// ErrErasedNamesThePerson refuses an erasure whose requester, as given, names the person
// erased: the audit of erasures would keep their name.
var ErrErasedNamesThePerson = errors.New("who asked for the erasure is given as the person erased; name who handled the request instead")

// ErasedMark replaces a forgotten person's handle or name in text that is kept.
const ErasedMark = "[erased]"

// personKeys are the suffixes of every per-influencer key (infKey). A test reads the
// package's sources to keep this list complete: a key missing here would survive Forget.
func personKeys() []string {
	return []string{"profile", "snaps", "camps", "touch", "touchids", "rel", "audit"}
}

// Erasure says what Forget removed.
type Erasure struct {
	// Keys counts the person's own keys deleted (profile, metrics, history, state, audit).
	Keys int
	// IndexEntries counts directory and due-index entries removed.
	IndexEntries int
	// Campaigns counts the campaigns the person was taken out of; the campaigns stay.
	Campaigns int
	// Copies counts other participants' copies of those campaigns rewritten without them.
	Copies int
	// AuditEntries counts campaign audit entries whose mention of them was redacted.
	AuditEntries int
}

// Total is how many records Forget changed.
func (e Erasure) Total() int {
	return e.Keys + e.IndexEntries + e.Campaigns + e.Copies + e.AuditEntries
}

// Forget erases everything the store holds about the influencer id: their keys, their
// directory and due-index entries, their place in campaigns (which are kept), and mentions
// of their handle or name in campaign audits. It then records the erasure under
// DeletionsSubject as done by `by` at `at`, without naming the person. ErrNotFound when
// nothing names them.
//
// Keys of different slots cannot change in one transaction, so Forget goes in an order
// that a re-run completes: the indexes first (nothing schedules them any more), then the
// campaigns, the audit entry, and the person's own keys last, in one DEL.
func (s *Store) Forget(ctx context.Context, id, by string, at time.Time) (Erasure, error) {
	if err := checkPersonID(id); err != nil {
		return Erasure{}, err
	}
	if strings.TrimSpace(by) == "" {
		return Erasure{}, errors.New("forget: say who asked for the erasure")
	}
	var e Erasure
	in, keys, err := s.personKeysPresent(ctx, id)
	if err != nil {
		return Erasure{}, err
	}
	terms := []string{id}
	if in.Name != "" {
		terms = append(terms, in.Name)
	}
	if RedactMentions(by, terms) != by {
		// The audit of erasures must not name the person: say who handled the request.
		return Erasure{}, ErrErasedNamesThePerson
	}
	if e.IndexEntries, err = s.removeFromIndexes(ctx, id); err != nil {
		return e, err
	}
	if err := s.removeFromCampaigns(ctx, id, terms, &e); err != nil {
		return e, err
	}
	e.Keys = len(keys)
	if e.Total() == 0 {
		return Erasure{}, fmt.Errorf("influencer %q: %w", id, ErrNotFound)
	}
	err = s.AppendAudit(ctx, rapport.AuditEntry{At: at, By: by, Subject: DeletionsSubject, Action: "erased an influencer",
		Detail: fmt.Sprintf("%d keys, %d index entries; taken out of %d campaigns (%d copies); %d campaign audit entries redacted",
			e.Keys, e.IndexEntries, e.Campaigns, e.Copies, e.AuditEntries)})
	if err != nil {
		return e, err
	}
	bctx, cancel := s.bound(ctx)
	defer cancel()
	if len(keys) > 0 {
		if err := s.rdb.Del(bctx, keys...).Err(); err != nil {
			return e, wrap("erase influencer", err)
		}
	}
	return e, s.recordRosterChanges(bctx, []string{id})
}

// checkPersonID refuses ids that would reach outside one influencer's keys: braces change
// the hash tag, and glob characters would make a pattern of it.
func checkPersonID(id string) error {
	if id == "" || strings.ContainsAny(id, "{}*?[]\\ \t\r\n") {
		return fmt.Errorf("influencer id %q is not a normalised handle", id)
	}
	return nil
}

// personKeysPresent returns the influencer's record (zero when it is gone) and which of
// their keys exist.
func (s *Store) personKeysPresent(ctx context.Context, id string) (rapport.Influencer, []string, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	suffixes := personKeys()
	var prof *redis.StringCmd
	exists := make([]*redis.IntCmd, len(suffixes))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		prof = p.Get(ctx, s.infKey(id, "profile"))
		for i, k := range suffixes {
			exists[i] = p.Exists(ctx, s.infKey(id, k))
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return rapport.Influencer{}, nil, wrap("read influencer keys", err)
	}
	in, _, err := decodeInfluencer(prof)
	if err != nil {
		return rapport.Influencer{}, nil, err
	}
	var keys []string
	for i, k := range suffixes {
		if exists[i].Val() > 0 {
			keys = append(keys, s.infKey(id, k))
		}
	}
	return in, keys, nil
}

// removeFromIndexes takes id out of the roster directory, the name lookup (every name that
// points at it) and the due index, and returns how many entries went.
func (s *Store) removeFromIndexes(ctx context.Context, id string) (int, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	names, err := s.rdb.HGetAll(ctx, s.key("idx", "names")).Result()
	if err != nil {
		return 0, wrap("read name index", err)
	}
	var mine []string
	for name, v := range names {
		if v == id {
			mine = append(mine, name)
		}
	}
	var dels []*redis.IntCmd
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		dels = append(dels, p.HDel(ctx, s.key("idx", "roster"), id))
		dels = append(dels, s.unindexDue(ctx, p, id)...)
		if len(mine) > 0 {
			dels = append(dels, p.HDel(ctx, s.key("idx", "names"), mine...))
		}
		return nil
	})
	if err != nil {
		return 0, wrap("remove from indexes", err)
	}
	n := 0
	for _, d := range dels {
		n += int(d.Val())
	}
	return n, nil
}

// removeFromCampaigns takes id out of every campaign: the campaign record's influencers,
// its members, the other participants' copies of the record, and its audit trail.
func (s *Store) removeFromCampaigns(ctx context.Context, id string, terms []string, e *Erasure) error {
	ids, err := s.campaignIDs(ctx, id)
	if err != nil {
		return err
	}
	for _, c := range ids {
		changed, err := s.removeFromCampaign(ctx, c, id)
		if err != nil {
			return err
		}
		if changed {
			e.Campaigns++
		}
		members, err := s.campaignMembers(ctx, c)
		if err != nil {
			return err
		}
		for _, m := range members {
			ok, err := s.removeFromCopy(ctx, m, c, id)
			if err != nil {
				return err
			}
			if ok {
				e.Copies++
			}
		}
		n, err := s.redactAudit(ctx, rapport.CampaignSubject(c), terms)
		if err != nil {
			return err
		}
		e.AuditEntries += n
	}
	return nil
}

// campaignIDs lists every campaign: those filed by date, and those only the influencer's
// own records name (imported without any date).
func (s *Store) campaignIDs(ctx context.Context, id string) ([]string, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var filed, own *redis.StringSliceCmd
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		filed = p.ZRange(ctx, s.key("idx", "campaigns"), 0, -1)
		own = p.HKeys(ctx, s.infKey(id, "camps"))
		return nil
	})
	if err != nil {
		return nil, wrap("list campaigns", err)
	}
	ids := append(filed.Val(), own.Val()...)
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

func (s *Store) campaignMembers(ctx context.Context, c string) ([]string, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	ms, err := s.rdb.SMembers(ctx, s.campKey(c, "members")).Result()
	if err != nil {
		return nil, wrap("read campaign members", err)
	}
	sort.Strings(ms)
	return ms, nil
}

// watchRetries bounds the optimistic transactions of Forget: a campaign edited at the very
// moment is read again, a few times at most.
const watchRetries = 5

// watched runs fn in an optimistic transaction on keys (one Cluster slot), again when
// another client changed them meanwhile.
func (s *Store) watched(ctx context.Context, op string, fn func(*redis.Tx) error, keys ...string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	for range watchRetries {
		err := s.rdb.Watch(ctx, fn, keys...)
		var bad badRecord
		switch {
		case errors.As(err, &bad):
			return fmt.Errorf("%s: %w", op, bad.err)
		case !errors.Is(err, redis.TxFailedErr):
			return wrap(op, err)
		}
	}
	return fmt.Errorf("%s: changed by others %d times running; try again", op, watchRetries)
}

// badRecord is a stored record that does not decode: the data's fault, not Redis's
// availability.
type badRecord struct{ err error }

func (b badRecord) Error() string { return b.err.Error() }
func (b badRecord) Unwrap() error { return b.err }

// removeFromCampaign takes id out of campaign c's record and members, and reports whether
// either named them.
func (s *Store) removeFromCampaign(ctx context.Context, c, id string) (bool, error) {
	recKey, membersKey := s.campKey(c, "campaign"), s.campKey(c, "members")
	changed := false
	err := s.watched(ctx, "take influencer out of campaign", func(tx *redis.Tx) error {
		changed = false
		member, err := tx.SIsMember(ctx, membersKey, id).Result()
		if err != nil {
			return err
		}
		raw, err := tx.Get(ctx, recKey).Bytes()
		if err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		var rec []byte
		if err == nil {
			var camp rapport.Campaign
			if err := json.Unmarshal(raw, &camp); err != nil {
				return badRecord{fmt.Errorf("decode campaign %q: %w", c, err)}
			}
			if without, ok := withoutInfluencer(camp.Influencers, id); ok {
				camp.Influencers = without
				if rec, err = json.Marshal(camp); err != nil {
					return badRecord{fmt.Errorf("encode campaign %q: %w", c, err)}
				}
			}
		}
		if !member && rec == nil {
			return nil
		}
		changed = true
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.SRem(ctx, membersKey, id)
			if rec != nil {
				p.Set(ctx, recKey, rec, 0)
			}
			return nil
		})
		return err
	}, recKey, membersKey)
	return changed, err
}

// removeFromCopy takes id out of member m's copy of campaign c (inf:{m}:camps), which
// carries the campaign's influencers, and reports whether it named them.
func (s *Store) removeFromCopy(ctx context.Context, m, c, id string) (bool, error) {
	if m == id || checkPersonID(m) != nil {
		return false, nil
	}
	key := s.infKey(m, "camps")
	changed := false
	err := s.watched(ctx, "rewrite campaign copy", func(tx *redis.Tx) error {
		changed = false
		raw, err := tx.HGet(ctx, key, c).Bytes()
		if errors.Is(err, redis.Nil) {
			return nil
		}
		if err != nil {
			return err
		}
		var rec rapport.CampaignRecord
		if err := json.Unmarshal(raw, &rec); err != nil {
			return badRecord{fmt.Errorf("decode campaign record %s of %s: %w", c, m, err)}
		}
		without, ok := withoutInfluencer(rec.Campaign.Influencers, id)
		if !ok {
			return nil
		}
		rec.Campaign.Influencers = without
		out, err := json.Marshal(rec)
		if err != nil {
			return badRecord{fmt.Errorf("encode campaign record %s of %s: %w", c, m, err)}
		}
		changed = true
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HSet(ctx, key, c, out)
			return nil
		})
		return err
	}, key)
	return changed, err
}

// withoutInfluencer is ids without id (compared as handles), and whether it was there.
func withoutInfluencer(ids []string, id string) ([]string, bool) {
	out := slices.DeleteFunc(slices.Clone(ids), func(v string) bool { return rapport.NormalizeHandle(v) == id })
	if len(out) == len(ids) {
		return ids, false
	}
	if len(out) == 0 {
		out = nil
	}
	return out, true
}

// redactAudit replaces mentions of terms in subject's audit entries with ErasedMark and
// returns how many entries changed. A stream cannot be edited in place, so a stream that
// needs it is written again with the same entry ids, in one transaction that is retried
// if an entry is appended meanwhile.
func (s *Store) redactAudit(ctx context.Context, subject string, terms []string) (int, error) {
	key := s.auditKey(subject)
	changed := 0
	err := s.watched(ctx, "redact audit", func(tx *redis.Tx) error {
		changed = 0
		msgs, err := tx.XRange(ctx, key, "-", "+").Result()
		if err != nil {
			return err
		}
		for i, m := range msgs {
			vals, ok := redactValues(m.Values, terms)
			if ok {
				msgs[i].Values = vals
				changed++
			}
		}
		if changed == 0 {
			return nil
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Del(ctx, key)
			for _, m := range msgs {
				p.XAdd(ctx, &redis.XAddArgs{Stream: key, ID: m.ID, Values: streamValues(m.Values)})
			}
			return nil
		})
		return err
	}, key)
	return changed, err
}

// redactValues returns a stream entry's values with every mention of terms erased, and
// whether any was.
func redactValues(vals map[string]any, terms []string) (map[string]any, bool) {
	out := make(map[string]any, len(vals))
	changed := false
	for k, v := range vals {
		str, _ := v.(string)
		red := RedactMentions(str, terms)
		if red != str {
			changed = true
			out[k] = red
			continue
		}
		out[k] = v
	}
	return out, changed
}

// streamValues lists an entry's fields in the order AppendAudit writes them, then any
// others by name.
func streamValues(vals map[string]any) []any {
	order := []string{"at", "by", "action", "detail"}
	var rest []string
	for k := range vals {
		if !slices.Contains(order, k) {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	var out []any
	for _, k := range append(order, rest...) {
		if v, ok := vals[k]; ok {
			out = append(out, k, v)
		}
	}
	return out
}

// RedactMentions replaces each mention of a term in text (case-insensitive, as a whole
// handle or name: "ava.moreau" in "influencers ava.moreau, tilly" or "@Ava.Moreau", not
// in "ava.moreau2") with ErasedMark. A leading "@" goes with it.
func RedactMentions(text string, terms []string) string {
	for _, term := range terms {
		if term == "" {
			continue
		}
		text = redactTerm(text, term)
	}
	return text
}

func redactTerm(text, term string) string {
	// Matching is on lower-cased text, whose byte offsets are the text's unless lower-casing
	// changed a length (a few scripts): then it is on the text as written.
	hay, needle := strings.ToLower(text), strings.ToLower(term)
	if len(hay) != len(text) || len(needle) != len(term) {
		hay, needle = text, term
	}
	var b strings.Builder
	last := 0
	for from := 0; ; {
		i := strings.Index(hay[from:], needle)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(needle)
		if !mentionStarts(text, start) || !mentionEnds(text, end) {
			from = start + 1
			continue
		}
		from = end
		if start > 0 && text[start-1] == '@' {
			start--
		}
		b.WriteString(text[last:start])
		b.WriteString(ErasedMark)
		last = end
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// handleRune reports runes that continue a handle or a word.
func handleRune(r byte) bool {
	return r == '_' || r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0x80
}

func mentionStarts(text string, i int) bool {
	return i == 0 || !handleRune(text[i-1]) || text[i-1] == '.' && (i < 2 || !handleRune(text[i-2]))
}

// mentionEnds allows a full stop after a mention ("… to ava.moreau."), not a longer handle.
func mentionEnds(text string, i int) bool {
	if i == len(text) {
		return true
	}
	if text[i] == '.' {
		return i+1 == len(text) || !handleRune(text[i+1]) || text[i+1] == '.'
	}
	return !handleRune(text[i])
}
