package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Lease is a named claim that one holder at a time keeps alive in Redis (lease:<name>, a
// string holding the holder's id, with a PX expiry). It is what makes one replica the
// scheduler's leader: whoever holds the lease runs the jobs, and if the holder dies without
// releasing, the key expires after ttl and another replica acquires it.
//
// Every change is one atomic command or Lua script run with Script.Run outside any pipeline
// (go-redis #3228): EVALSHA, falling back to EVAL when Redis answers NOSCRIPT, so a Redis
// restart that empties the script cache costs one extra round trip and nothing else.
//
// A Lease is safe for concurrent use. Holder ids must be unique per process (see
// schedule.NewHolderID): two processes sharing an id would both believe they hold it.
type Lease struct {
	s      *Store
	key    string
	holder string
	ttl    time.Duration
}

// NewLease describes the lease name as seen by holder; it does no I/O. ttl is how long the
// lease outlives its holder's last Acquire or Renew, at millisecond precision.
func (s *Store) NewLease(name, holder string, ttl time.Duration) *Lease {
	return &Lease{s: s, key: s.key("lease", name), holder: holder, ttl: ttl}
}

// TTL is the lease's time to live after each Acquire or Renew.
func (l *Lease) TTL() time.Duration { return l.ttl }

// acquireScript takes a free lease, or extends it when this holder already has it, so a
// holder that lost track of its own lease (a timed-out reply) gets it back instead of
// waiting for it to expire.
var acquireScript = redis.NewScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
	return 1
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
	redis.call('PEXPIRE', KEYS[1], ARGV[2])
	return 1
end
return 0
`)

// renewScript extends the lease only while this holder still has it.
var renewScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`)

// releaseScript deletes the lease only while this holder still has it, so a holder whose
// lease already expired and passed to another cannot delete the new holder's lease.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0
`)

// Acquire takes the lease if nobody holds it (SET NX PX) or extends it if this holder
// already does, and reports whether this holder now holds it for ttl.
func (l *Lease) Acquire(ctx context.Context) (bool, error) {
	return l.run(ctx, "lease acquire", acquireScript)
}

// Renew extends the lease by ttl if this holder still holds it. False means the lease
// expired or passed to another holder: stop acting as its holder at once.
func (l *Lease) Renew(ctx context.Context) (bool, error) {
	return l.run(ctx, "lease renew", renewScript)
}

// Release gives the lease up if this holder holds it, so another holder can take it without
// waiting for ttl. Releasing a lease held by someone else, or by nobody, changes nothing.
func (l *Lease) Release(ctx context.Context) error {
	if err := l.check(); err != nil {
		return err
	}
	ctx, cancel := l.s.bound(ctx)
	defer cancel()
	err := releaseScript.Run(ctx, l.s.rdb, []string{l.key}, l.holder).Err()
	return wrap("lease release", err)
}

// Holder is the id of the lease's current holder, or "" when nobody holds it.
func (l *Lease) Holder(ctx context.Context) (string, error) {
	ctx, cancel := l.s.bound(ctx)
	defer cancel()
	h, err := l.s.rdb.Get(ctx, l.key).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", wrap("lease holder", err)
	}
	return h, nil
}

func (l *Lease) run(ctx context.Context, op string, script *redis.Script) (bool, error) {
	if err := l.check(); err != nil {
		return false, err
	}
	ctx, cancel := l.s.bound(ctx)
	defer cancel()
	n, err := script.Run(ctx, l.s.rdb, []string{l.key}, l.holder, l.ttl.Milliseconds()).Int()
	if err != nil {
		return false, wrap(op, err)
	}
	return n == 1, nil
}

func (l *Lease) check() error {
	if l.holder == "" {
		return fmt.Errorf("lease %s: empty holder id", l.key)
	}
	if l.ttl < time.Millisecond {
		return fmt.Errorf("lease %s: ttl %v is under the 1ms Redis can keep", l.key, l.ttl)
	}
	return nil
}

// LoadScripts puts the store's Lua scripts into Redis's script cache (SCRIPT LOAD; on
// Cluster, on every shard). Optional, since each script falls back to EVAL, but calling it at
// start proves that Redis runs scripts before the first lease renewal depends on it.
func (s *Store) LoadScripts(ctx context.Context) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	for _, sc := range []*redis.Script{acquireScript, renewScript, releaseScript, beginSlotScript, retrySlotScript,
		logTouchpoint, setDueScript, dueIndexScript, claimCheckpointsScript, castVoteScript} {
		if err := sc.Load(ctx, s.rdb).Err(); err != nil {
			return wrap("script load", err)
		}
	}
	return nil
}
