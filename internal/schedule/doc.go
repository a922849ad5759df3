// Package schedule runs Rapport's periodic jobs with gocron under a Redis lease: the replica
// holding the lease runs every job, the others stand by and take over within the lease's ttl
// (plus one renewal period) if the holder dies, or within one renewal period if it shuts down.
//
// Jobs stay thin: each calls one service method with the clock's now, and the service makes
// its side effects idempotent by business slot (redisstore's ClaimSlot and BeginSlot). The
// lease alone is not enough, because gocron checks leadership when a run starts, not while it
// runs: a leader that loses its lease mid-run finishes that run while the next leader starts.
//
// The package must not import go-redis: the lease arrives through the Lease interface, which
// redisstore.Lease satisfies.
package schedule
