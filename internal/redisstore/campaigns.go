package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// UpsertCampaignRecords stores campaigns and each influencer's part in them. The campaign
// is kept once (camp:{id}) and, denormalised, beside each participant (inf:{id}:camps), so
// a profile card reads its whole campaign history in the same round trip as the profile.
// Re-importing the same rows changes nothing.
func (s *Store) UpsertCampaignRecords(ctx context.Context, recs []rapport.CampaignRecord) (int, error) {
	merged, err := s.mergeImportedCampaigns(ctx, recs)
	if err != nil {
		return 0, err
	}
	written := 0
	for start := 0; start < len(recs); start += batchSize {
		batch := recs[start:min(start+batchSize, len(recs))]
		ctx, cancel := s.bound(ctx)
		// Keys of different campaigns and influencers live in different Cluster slots, so this
		// is a plain pipeline; each command is idempotent, and a re-run repairs a partial one.
		var ids []string
		_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			ids = ids[:0]
			for _, r := range batch {
				r.Campaign = merged[r.Campaign.ID]
				camp, err := json.Marshal(r.Campaign)
				if err != nil {
					return fmt.Errorf("encode campaign: %w", err)
				}
				rec, err := json.Marshal(r)
				if err != nil {
					return fmt.Errorf("encode campaign record: %w", err)
				}
				id := rapport.NormalizeHandle(r.Participation.Handle)
				ids = append(ids, id)
				p.Set(ctx, s.campKey(r.Campaign.ID, "campaign"), camp, 0)
				if w := r.Campaign.When(); !w.IsZero() {
					p.ZAdd(ctx, s.key("idx", "campaigns"), redis.Z{Score: float64(w.UnixMilli()), Member: r.Campaign.ID})
				}
				p.SAdd(ctx, s.campKey(r.Campaign.ID, "members"), id)
				p.HSet(ctx, s.infKey(id, "camps"), r.Campaign.ID, rec)
			}
			return nil
		})
		if err == nil {
			// After the pipeline, not in it: on Cluster its commands run on each shard at once.
			err = s.recordRosterChanges(ctx, ids)
		}
		cancel()
		if err != nil {
			return written, wrap("write campaigns", err)
		}
		written += len(batch)
	}
	return written, nil
}

// mergeImportedCampaigns returns each imported campaign merged with its stored record. What
// only Slack plans (influencers, approvers, creator, cancellation) is kept. Every field a
// file can give (brand, dates, launch and zone, markets, channel, keywords, sensitive
// topics) takes the file's value when the file gives one and keeps the stored one when the
// file leaves it blank or has no such column: re-importing a results sheet never wipes a
// planned launch or the terms its timing checks watch for.
func (s *Store) mergeImportedCampaigns(ctx context.Context, recs []rapport.CampaignRecord) (map[string]rapport.Campaign, error) {
	out := map[string]rapport.Campaign{}
	for _, r := range recs {
		out[r.Campaign.ID] = r.Campaign
	}
	ids := make([]string, 0, len(out))
	for id := range out {
		ids = append(ids, id)
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	gets := make([]*redis.StringCmd, len(ids))
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			gets[i] = p.Get(ctx, s.campKey(id, "campaign"))
		}
		return nil
	}); err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap("read campaigns", err)
	}
	for i, id := range ids {
		raw, err := gets[i].Bytes()
		if err != nil {
			continue
		}
		var old rapport.Campaign
		if json.Unmarshal(raw, &old) != nil {
			continue
		}
		c := out[id]
		c.Influencers, c.Approvers = old.Influencers, old.Approvers
		c.CreatedBy, c.Cancelled = old.CreatedBy, old.Cancelled
		keepStored(&c, old)
		out[id] = c
	}
	return out, nil
}

// keepStored fills the fields an imported campaign left blank from its stored record.
func keepStored(c *rapport.Campaign, old rapport.Campaign) {
	if c.Brand == "" {
		c.Brand = old.Brand
	}
	for _, t := range []struct{ imported, stored *time.Time }{
		{&c.Start, &old.Start}, {&c.End, &old.End}, {&c.LaunchAt, &old.LaunchAt},
	} {
		if t.imported.IsZero() {
			*t.imported = *t.stored
		}
	}
	if c.TimeZone == "" {
		c.TimeZone = old.TimeZone
	}
	for _, l := range []struct{ imported, stored *[]string }{
		{&c.Markets, &old.Markets}, {&c.Keywords, &old.Keywords}, {&c.SensitiveTopics, &old.SensitiveTopics},
	} {
		if len(*l.imported) == 0 {
			*l.imported = *l.stored
		}
	}
	if c.Channel == "" {
		c.Channel = old.Channel
	}
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
