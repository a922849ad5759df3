package redisstore

import (
	"context"
	"time"
)

// FirstDelivery records key and reports whether this is its first delivery within ttl.
// Slack retries events and either of a process's connections may carry the retry; the
// first caller wins across all replicas (SET NX EX).
func (s *Store) FirstDelivery(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	ok, err := s.rdb.SetNX(ctx, s.key("dedup", key), 1, ttl).Result()
	if err != nil {
		return false, wrap("dedup", err)
	}
	return ok, nil
}
