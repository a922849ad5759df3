package redisstore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// ErrNotFound is rapport.ErrNotFound, returned when a record does not exist.
var ErrNotFound = rapport.ErrNotFound

// ErrUnavailable is rapport.ErrUnavailable: Redis could not be reached (refused, timed out,
// closed), as opposed to Redis answering with an error.
var ErrUnavailable = rapport.ErrUnavailable

// Store is the Redis-backed store. It is safe for concurrent use.
type Store struct {
	rdb     redis.UniversalClient
	prefix  string
	timeout time.Duration
}

// Options tune a Store.
type Options struct {
	// KeyPrefix namespaces every key ("rapport:").
	KeyPrefix string
	// Timeout bounds each call, dial and read included.
	Timeout time.Duration
}

func (o Options) withDefaults() Options {
	if o.KeyPrefix == "" {
		o.KeyPrefix = "rapport:"
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Second
	}
	return o
}

// New wraps an existing client.
func New(rdb redis.UniversalClient, o Options) *Store {
	o = o.withDefaults()
	return &Store{rdb: rdb, prefix: o.KeyPrefix, timeout: o.Timeout}
}

// Open builds a client from a REDIS_URL (redis://, rediss://, unix://, redis-sentinel://,
// redis-cluster://) without connecting; the first call connects. Dial and command retries are
// kept short: a user waiting on a slash command should hear "try again" quickly, and the
// client reconnects by itself once Redis is back.
func Open(rawURL string, o Options) (*Store, error) {
	o = o.withDefaults()
	rdb, err := newClient(rawURL, o.Timeout)
	if err != nil {
		return nil, err
	}
	return New(rdb, o), nil
}

func newClient(rawURL string, timeout time.Duration) (redis.UniversalClient, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("parse redis url: %w", err)
	}
	const (
		dialRetries  = 2
		dialBackoff  = 50 * time.Millisecond
		cmdRetries   = 2
		minIdleConns = 2
		clientName   = "rapport"
	)
	switch u.Scheme {
	case "redis-sentinel":
		u.Scheme = "redis"
		fo, err := redis.ParseFailoverURL(u.String())
		if err != nil {
			return nil, fmt.Errorf("parse sentinel url: %w", err)
		}
		fo.DialTimeout, fo.ReadTimeout, fo.WriteTimeout = timeout, timeout, timeout
		fo.DialerRetries, fo.DialerRetryTimeout, fo.MaxRetries = dialRetries, dialBackoff, cmdRetries
		fo.MinIdleConns, fo.ClientName = minIdleConns, clientName
		return redis.NewFailoverClient(fo), nil
	case "redis-cluster":
		u.Scheme = "redis"
		co, err := redis.ParseClusterURL(u.String())
		if err != nil {
			return nil, fmt.Errorf("parse cluster url: %w", err)
		}
		co.DialTimeout, co.ReadTimeout, co.WriteTimeout = timeout, timeout, timeout
		co.DialerRetries, co.DialerRetryTimeout, co.MaxRetries = dialRetries, dialBackoff, cmdRetries
		co.MinIdleConns, co.ClientName = minIdleConns, clientName
		return redis.NewClusterClient(co), nil
	}
	ro, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("parse redis url: %w", err)
	}
	ro.DialTimeout, ro.ReadTimeout, ro.WriteTimeout = timeout, timeout, timeout
	ro.DialerRetries, ro.DialerRetryTimeout, ro.MaxRetries = dialRetries, dialBackoff, cmdRetries
	ro.MinIdleConns, ro.ClientName = minIdleConns, clientName
	return redis.NewClient(ro), nil
}

// Close releases the client's connections.
func (s *Store) Close() error { return s.rdb.Close() }

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return wrap("ping", s.rdb.Ping(ctx).Err())
}

// CPUTime is the CPU time Redis reports having used (INFO cpu: used_cpu_user plus
// used_cpu_sys), for measuring what a workload costs the server. Through Sentinel or on a
// Cluster it is the node the client reached.
func (s *Store) CPUTime(ctx context.Context) (time.Duration, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	info, err := s.rdb.Info(ctx, "cpu").Result()
	if err != nil {
		return 0, wrap("info cpu", err)
	}
	var total float64
	found := 0
	for line := range strings.SplitSeq(info, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok || (k != "used_cpu_user" && k != "used_cpu_sys") {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, fmt.Errorf("info cpu: %s=%q: %w", k, v, err)
		}
		total += f
		found++
	}
	if found != 2 {
		return 0, errors.New("info cpu: used_cpu_user or used_cpu_sys missing")
	}
	return time.Duration(total * float64(time.Second)), nil
}

// bound applies the store timeout to one call.
func (s *Store) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.timeout)
}

func (s *Store) key(parts ...string) string {
	return s.prefix + strings.Join(parts, ":")
}

// infKey is a per-influencer key; the braces make Redis Cluster hash only the id, so all of
// one influencer's keys share a slot.
func (s *Store) infKey(id, what string) string {
	return s.prefix + "inf:{" + id + "}:" + what
}

// wrap labels an error with the operation and classifies connection failures as
// ErrUnavailable. redis.Nil is left to the caller.
func wrap(op string, err error) error {
	if err == nil || errors.Is(err, redis.Nil) {
		return err
	}
	var rerr redis.Error
	if errors.As(err, &rerr) && !isTransient(rerr.Error()) {
		return fmt.Errorf("%s: %w", op, err)
	}
	return fmt.Errorf("%s: %w: %w", op, ErrUnavailable, err)
}

// isTransient reports server replies that mean "not ready yet" rather than "wrong request".
func isTransient(msg string) bool {
	for _, p := range []string{"LOADING", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "READONLY"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
