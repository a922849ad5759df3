package redisstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrNotReplicated is the cause of the ErrUnavailable a write returns when, with
// RequireReplicaAcks, not enough replicas confirmed it in time. The primary has applied it,
// so it may still be there later, but it is not reported as saved: saving again is safe
// (touchpoints are idempotent by id).
var ErrNotReplicated = errors.New("not enough replicas confirmed the write in time")

// RequireReplicaAcks makes each touchpoint write succeed only once n replicas have it
// (Redis WAIT n timeout, on the same connection, after the write), so a failover to one of
// those replicas keeps every touchpoint the store reported as saved. The due index's copy
// follows without waiting: if a failover loses it, the relationship itself still has its due
// time, and the next update or Reindex puts it back in the index. Redis replication is
// asynchronous: without this, a primary that dies can take its last writes with it, and
// Sentinel promotes a replica that never saw them.
//
// The price: each touchpoint waits a replica round trip longer, and when fewer than n
// replicas are reachable (during a failover, or once the only replica is itself the new
// primary) touchpoints fail with ErrUnavailable (ErrNotReplicated) until a replica is back,
// instead of being saved without a copy. n should be the number of replicas, so Sentinel,
// whichever replica it promotes, promotes one that has the write.
//
// For a single primary with replicas, as under Sentinel. Redis Cluster is refused: WAIT
// answers for one shard's connection, and Cluster fails over shards on its own. timeout must
// be at most half the store's timeout. Call it once, before the store is used.
func (s *Store) RequireReplicaAcks(n int, timeout time.Duration) error {
	if _, ok := s.rdb.(*redis.ClusterClient); ok {
		return errors.New("replica acks: not supported on Redis Cluster")
	}
	if n < 1 {
		return fmt.Errorf("replica acks: %d replicas; want at least 1", n)
	}
	if timeout < time.Millisecond || timeout > s.timeout/2 {
		return fmt.Errorf("replica acks: timeout %v must be between 1ms and half the store timeout (%v)", timeout, s.timeout/2)
	}
	s.rdb.AddHook(replicaAckHook{replicas: int64(n), timeout: timeout})
	return nil
}

// awaitReplicasKey is the context key of a replicaWait.
type awaitReplicasKey struct{}

// replicaWait names the command whose write the caller will report as saved.
type replicaWait struct{ cmd redis.Cmder }

// awaitReplicas returns ctx marked so that, with RequireReplicaAcks, the plain pipeline run
// with it that carries the command given to mark waits for the replicas. The command, not
// the context alone, decides: the same context also runs the handshake of any connection
// the pipeline opens.
func awaitReplicas(ctx context.Context) (context.Context, func(redis.Cmder)) {
	w := &replicaWait{}
	return context.WithValue(ctx, awaitReplicasKey{}, w), func(c redis.Cmder) { w.cmd = c }
}

// replicaAckHook appends WAIT to the marked pipelines. One pipeline is one connection, and
// WAIT waits for the replication of that connection's latest write, so the write to keep
// must be in the same pipeline: a write made in an earlier round trip may have gone to a
// primary that has died since, while the WAIT answers for its successor.
type replicaAckHook struct {
	replicas int64
	timeout  time.Duration
}

func (replicaAckHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (replicaAckHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook { return next }

func (h replicaAckHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		w, _ := ctx.Value(awaitReplicasKey{}).(*replicaWait)
		if w == nil || w.cmd == nil || !slices.Contains(cmds, w.cmd) {
			return next(ctx, cmds)
		}
		wait := redis.NewIntCmd(ctx, "wait", h.replicas, h.timeout.Milliseconds())
		if err := next(ctx, append(cmds[:len(cmds):len(cmds)], wait)); err != nil {
			return err
		}
		if wait.Val() < h.replicas {
			return fmt.Errorf("%w (%d of %d within %v)", ErrNotReplicated, wait.Val(), h.replicas, h.timeout)
		}
		return nil
	}
}
