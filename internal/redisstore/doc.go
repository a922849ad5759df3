// Package redisstore is Rapport's only door to Redis. It keeps influencer records, metric
// snapshots and delivery de-duplication under one configurable key prefix, with every
// per-influencer key hash-tagged (inf:{id}:…) so multi-key updates stay in one Cluster slot.
//
// Every call is bounded by the store's timeout: an unreachable Redis is an ErrUnavailable
// error, not a hang, and the client reconnects by itself when Redis returns.
//
// Key layout (prefix omitted):
//
//	inf:{id}:profile   string  JSON rapport.Influencer
//	inf:{id}:snaps     hash    platform|as_of → 50-byte record (snapcodec.go)
//	idx:roster         hash    id → display name (directory for suggestions)
//	idx:names          hash    lower-cased name → id (lookup by name)
//	dedup:{key}        string  first delivery of a Slack envelope or event
//	idx:due:{b0…b15}   zset    the due index, in buckets by id (dueindex.go)
//
// Redis Cluster: every script, transaction and multi-key command keeps to one slot (tested
// against a real cluster). Writes that must touch several slots — an influencer and the
// indexes, a touchpoint and the due index — are separate round trips, ordered so that a
// re-run (or, for the due index, the next update or reindex) completes a partial one, and
// the roster version moves last.
package redisstore
