package redisstore

import (
	"context"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// importPipeline bounds the snapshots one pipeline of UpsertSnapshots carries: about
// 350 KB of commands, which Redis reads and runs a slice at a time between other clients.
const importPipeline = 4096

// UpsertSnapshots stores metric snapshots, one per account and period: a re-import of the
// same period replaces it. Callers check MissingInfluencers first; snapshots of unknown
// influencers are stored all the same and show once the influencer is imported.
//
// It takes the fewest round trips, for bulk imports: each influencer's snapshots go in one
// HSET (one key, so one Cluster slot), the batch's HSETs in one pipeline, and then the
// roster version moves with the changed ids, so a reader that sees the new version sees the
// snapshots. Snapshots are applied in the order given, so of two for the same period the
// later wins. It returns how many snapshots were saved: those of the pipelines that
// succeeded before an error.
func (s *Store) UpsertSnapshots(ctx context.Context, snaps []rapport.Snapshot) (int, error) {
	written := 0
	for start := 0; start < len(snaps); start += importPipeline {
		batch := snaps[start:min(start+importPipeline, len(snaps))]
		if err := s.importSnapshotBatch(ctx, batch); err != nil {
			return written, wrap("write snapshots", err)
		}
		written += len(batch)
	}
	return written, nil
}

// snapshotGroup is one influencer's HSET arguments, field and value by turns.
type snapshotGroup struct {
	id   string
	args []any
}

func (s *Store) importSnapshotBatch(ctx context.Context, batch []rapport.Snapshot) error {
	// Every field and value is a slice of one buffer: two allocations for the batch's bytes
	// instead of three a snapshot.
	perSnap := snapSize + len("instagram|2006-01-02")
	buf := make([]byte, 0, len(batch)*perSnap)
	groups := make([]snapshotGroup, 0, 64)
	at := make(map[string]int, 64) // id → its place in groups
	last := -1
	for i := range batch {
		sn := &batch[i]
		g := last
		if g < 0 || groups[g].id != sn.Handle {
			id := rapport.NormalizeHandle(sn.Handle)
			var ok bool
			if g, ok = at[id]; !ok {
				g = len(groups)
				at[id] = g
				groups = append(groups, snapshotGroup{id: id})
			}
		}
		last = g
		if cap(buf)-len(buf) < perSnap+16 {
			buf = make([]byte, 0, (len(batch)-i)*perSnap+16)
		}
		n := len(buf)
		buf = appendSnapshotField(buf, sn)
		f := buf[n:len(buf):len(buf)]
		n = len(buf)
		buf = appendSnapshot(buf, sn)
		groups[g].args = append(groups[g].args, f, buf[n:len(buf):len(buf)])
	}

	bctx, cancel := s.bound(ctx)
	defer cancel()
	_, err := s.rdb.Pipelined(bctx, func(p redis.Pipeliner) error {
		for _, g := range groups {
			p.HSet(bctx, s.infKey(g.id, "snaps"), g.args...)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// After the pipeline, not in it: on Cluster its commands run on each shard at once.
	ids := make([]string, len(groups))
	for i, g := range groups {
		ids[i] = g.id
	}
	return s.recordRosterChanges(bctx, ids)
}
