package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// SlotState is where a business slot stands, or what a call just did with it.
//
// Slots make scheduled side effects idempotent by business slot ("digest|U123|2026-11-25",
// "check|c42|-24h") rather than by the instant a timer fired, so skewed replicas, a new leader
// after a failover and a job re-run after a restart all meet the same record (slot:<slot>).
//
// Two forms, each decided by one atomic command or script:
//
//   - ClaimSlot: at most once. The slot is done before the effect starts, so a crash after
//     the claim loses the effect. For effects where missing one beats repeating it.
//   - BeginSlot, RetrySlot, CompleteSlot: at most twice, and twice only when the first
//     attempt was not recorded within grace. BeginSlot gives the first attempt to exactly
//     one caller (SlotFresh) and CompleteSlot records success. If the process dies between
//     performing the effect and CompleteSlot, the slot stays SlotSending; once grace has
//     passed, RetrySlot gives exactly one caller the single retry (SlotRetry), after which
//     the slot is SlotRetried and nobody is handed it again. So a crash between "sent" and
//     "recorded" costs at most one repeated effect, and a crash before "sent" is made good
//     by the retry.
//
// Grace is measured on Redis's clock (TIME inside the script), so replicas' clocks do not
// matter. The guarantee lasts as long as the record: ttl must cover the whole window in which
// the slot may be attempted (a daily digest: two days or more), and it survives a Redis restart
// only as far as Redis persistence does (AOF everysec may lose the last second).
type SlotState int

const (
	// SlotFree: no record; never begun, or its record expired.
	SlotFree SlotState = iota
	// SlotFresh: this call claimed the first attempt; perform the effect, then CompleteSlot.
	SlotFresh
	// SlotSending: the first attempt began and has not completed; it may still be under way,
	// or its process died. Nothing to do now; RetrySlot after grace.
	SlotSending
	// SlotRetry: this call claimed the single retry; perform the effect, then CompleteSlot.
	SlotRetry
	// SlotRetried: the retry was handed out and has not completed. Nobody will be handed the
	// slot again: a human should look.
	SlotRetried
	// SlotDone: the effect completed (or was claimed with ClaimSlot).
	SlotDone
)

var slotStateNames = [...]string{"free", "fresh", "sending", "retry", "retried", "done"}

func (st SlotState) String() string {
	if st < 0 || int(st) >= len(slotStateNames) {
		return fmt.Sprintf("SlotState(%d)", int(st))
	}
	return slotStateNames[st]
}

// Owned reports whether the call that returned st now owns an attempt and should perform
// the effect.
func (st SlotState) Owned() bool { return st == SlotFresh || st == SlotRetry }

const slotDone = "done"

// beginSlotScript claims a free slot as the first attempt, stamped with Redis's time.
// KEYS[1] slot; ARGV[1] ttl ms.
var beginSlotScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v then
	if v == 'done' then return 'done' end
	if string.sub(v, 1, 10) == 'sending:1:' then return 'sending' end
	return 'retried'
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('SET', KEYS[1], 'sending:1:' .. string.format('%.0f', now), 'PX', ARGV[1])
return 'fresh'
`)

// retrySlotScript hands out the single retry of a slot whose first attempt began at least
// grace ago and never completed. KEYS[1] slot; ARGV[1] grace ms; ARGV[2] ttl ms.
var retrySlotScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then return 'free' end
if v == 'done' then return 'done' end
local attempt, since = string.match(v, '^sending:(%d+):(%d+)$')
if not attempt then return redis.error_reply('unrecognised slot record ' .. v) end
if attempt ~= '1' then return 'retried' end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now - tonumber(since) < tonumber(ARGV[1]) then return 'sending' end
redis.call('SET', KEYS[1], 'sending:2:' .. string.format('%.0f', now), 'PX', ARGV[2])
return 'retry'
`)

// ClaimSlot marks slot done if nobody has claimed or begun it within ttl, and reports whether
// this call did: at most once (SET NX PX).
func (s *Store) ClaimSlot(ctx context.Context, slot string, ttl time.Duration) (bool, error) {
	if err := checkSlotTTL(slot, ttl); err != nil {
		return false, err
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	ok, err := s.rdb.SetNX(ctx, s.slotKey(slot), slotDone, ttl).Result()
	if err != nil {
		return false, wrap("claim slot", err)
	}
	return ok, nil
}

// BeginSlot claims slot's first attempt: SlotFresh if this call claimed it (the record lives
// for ttl), otherwise the slot's state (SlotSending, SlotRetried or SlotDone), which is never
// an invitation to act; after grace, a SlotSending slot goes to RetrySlot.
func (s *Store) BeginSlot(ctx context.Context, slot string, ttl time.Duration) (SlotState, error) {
	if err := checkSlotTTL(slot, ttl); err != nil {
		return SlotFree, err
	}
	return s.runSlotScript(ctx, "begin slot", beginSlotScript, slot, ttl.Milliseconds())
}

// RetrySlot claims the single retry of a slot whose first attempt began at least grace ago
// (on Redis's clock) and has not completed: SlotRetry if this call claimed it, otherwise
// SlotSending (grace has not passed), SlotRetried (the retry is already taken), SlotDone, or
// SlotFree (nothing was begun: use BeginSlot). Grace should exceed the longest plausible
// attempt, or a slow first attempt and the retry both perform the effect.
func (s *Store) RetrySlot(ctx context.Context, slot string, grace, ttl time.Duration) (SlotState, error) {
	if err := checkSlotTTL(slot, ttl); err != nil {
		return SlotFree, err
	}
	if grace < 0 {
		return SlotFree, fmt.Errorf("retry slot %q: negative grace %v", slot, grace)
	}
	return s.runSlotScript(ctx, "retry slot", retrySlotScript, slot, grace.Milliseconds(), ttl.Milliseconds())
}

// CompleteSlot records that slot's effect happened; the record lives for ttl. It completes
// whatever attempt is recorded, or none: completing is always safe.
func (s *Store) CompleteSlot(ctx context.Context, slot string, ttl time.Duration) error {
	if err := checkSlotTTL(slot, ttl); err != nil {
		return err
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return wrap("complete slot", s.rdb.Set(ctx, s.slotKey(slot), slotDone, ttl).Err())
}

// SlotState reads where slot stands: SlotFree, SlotSending, SlotRetried or SlotDone.
func (s *Store) SlotState(ctx context.Context, slot string) (SlotState, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	v, err := s.rdb.Get(ctx, s.slotKey(slot)).Result()
	switch {
	case errors.Is(err, redis.Nil):
		return SlotFree, nil
	case err != nil:
		return SlotFree, wrap("slot state", err)
	case v == slotDone:
		return SlotDone, nil
	case strings.HasPrefix(v, "sending:1:"):
		return SlotSending, nil
	case strings.HasPrefix(v, "sending:"):
		return SlotRetried, nil
	}
	return SlotFree, fmt.Errorf("slot state %q: unrecognised record %q", slot, v)
}

func (s *Store) runSlotScript(ctx context.Context, op string, script *redis.Script, slot string, args ...any) (SlotState, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	v, err := script.Run(ctx, s.rdb, []string{s.slotKey(slot)}, args...).Text()
	if err != nil {
		return SlotFree, wrap(op, err)
	}
	for st, name := range slotStateNames {
		if v == name {
			return SlotState(st), nil
		}
	}
	return SlotFree, fmt.Errorf("%s %q: unexpected reply %q", op, slot, v)
}

func (s *Store) slotKey(slot string) string { return s.key("slot", slot) }

func checkSlotTTL(slot string, ttl time.Duration) error {
	if slot == "" {
		return errors.New("slot: empty slot name")
	}
	if ttl < time.Millisecond {
		return fmt.Errorf("slot %q: ttl %v is under the 1ms Redis can keep", slot, ttl)
	}
	return nil
}

// Deliveries adapts slots to "may I send this, at most twice ever": the first claim of a
// slot sends; a claim found stuck in sending for longer than grace (a crash between sending
// and recording) may send once more; everything else is told no.
type Deliveries struct {
	Store *Store
	// TTL keeps a slot's record for its whole business window and beyond.
	TTL time.Duration
	// Grace is how long a send may take before a retry is allowed.
	Grace time.Duration
}

// Claim reports whether the caller should perform the effect named by slot.
func (d Deliveries) Claim(ctx context.Context, slot string) (bool, error) {
	st, err := d.Store.BeginSlot(ctx, slot, d.TTL)
	if err != nil {
		return false, err
	}
	if st == SlotSending {
		st, err = d.Store.RetrySlot(ctx, slot, d.Grace, d.TTL)
		if err != nil {
			return false, err
		}
	}
	return st.Owned(), nil
}

// Complete records that the effect named by slot happened.
func (d Deliveries) Complete(ctx context.Context, slot string) error {
	return d.Store.CompleteSlot(ctx, slot, d.TTL)
}

// Abandon forgets a slot whose effect failed for sure (the send returned an error), so the
// next run tries afresh instead of waiting out the grace and its single retry.
func (d Deliveries) Abandon(ctx context.Context, slot string) error {
	ctx, cancel := d.Store.bound(ctx)
	defer cancel()
	return wrap("abandon slot", d.Store.rdb.Del(ctx, d.Store.slotKey(slot)).Err())
}
