package redisstore

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// UpsertCampaignRecords stores campaigns and each influencer's part in them. The campaign
// is kept once (camp:{id}) and, denormalised, beside each participant (inf:{id}:camps), so
// a profile card reads its whole campaign history in the same round trip as the profile.
// Re-importing the same rows changes nothing.
func (s *Store) UpsertCampaignRecords(ctx context.Context, recs []rapport.CampaignRecord) (int, error) {
	written := 0
	for start := 0; start < len(recs); start += batchSize {
		batch := recs[start:min(start+batchSize, len(recs))]
		ctx, cancel := s.bound(ctx)
		_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			for _, r := range batch {
				camp, err := json.Marshal(r.Campaign)
				if err != nil {
					return fmt.Errorf("encode campaign: %w", err)
				}
				rec, err := json.Marshal(r)
				if err != nil {
					return fmt.Errorf("encode campaign record: %w", err)
				}
				id := rapport.NormalizeHandle(r.Participation.Handle)
				p.Set(ctx, s.campKey(r.Campaign.ID, "campaign"), camp, 0)
				p.SAdd(ctx, s.campKey(r.Campaign.ID, "members"), id)
				p.HSet(ctx, s.infKey(id, "camps"), r.Campaign.ID, rec)
				p.Incr(ctx, s.key("idx", "version"))
			}
			return nil
		})
		cancel()
		if err != nil {
			return written, wrap("write campaigns", err)
		}
		written += len(batch)
	}
	return written, nil
}

// campKey is a per-campaign key, hash-tagged by campaign id.
func (s *Store) campKey(id, what string) string {
	return s.prefix + "camp:{" + id + "}:" + what
}

func decodeCampaignRecords(raw map[string]string) ([]rapport.CampaignRecord, error) {
	out := make([]rapport.CampaignRecord, 0, len(raw))
	for k, v := range raw {
		var r rapport.CampaignRecord
		if err := json.Unmarshal([]byte(v), &r); err != nil {
			return nil, fmt.Errorf("decode campaign record %s: %w", k, err)
		}
		out = append(out, r)
	}
	// Newest first: the card leads with the latest collaboration.
	sort.Slice(out, func(i, j int) bool {
		wi, wj := out[i].Campaign.When(), out[j].Campaign.When()
		if !wi.Equal(wj) {
			return wi.After(wj)
		}
		return out[i].Campaign.ID < out[j].Campaign.ID
	})
	return out, nil
}
