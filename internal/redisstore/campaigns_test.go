package redisstore

import (
	"context"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestCampaignRecordsOnProfileAndRoster(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	v0, err := s.RosterVersion(ctx)
	if err != nil || v0 != 0 {
		t.Fatalf("empty roster version = %d, %v", v0, err)
	}
	if _, err := s.UpsertInfluencers(ctx, []rapport.Influencer{ava(), {Handle: "kai_plays", Name: "Kai"}}, now); err != nil {
		t.Fatal(err)
	}
	old := rapport.Campaign{ID: "winter-glow", Name: "Winter Glow", Start: time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)}
	newer := rapport.Campaign{ID: "spring-glow", Name: "Spring Glow", LaunchAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	recs := []rapport.CampaignRecord{
		{Campaign: old, Participation: rapport.Participation{CampaignID: old.ID, Handle: "ava.moreau", Spend: rapport.Known(5000), Engagements: rapport.Known(20000), Notes: "great & fast"}},
		{Campaign: newer, Participation: rapport.Participation{CampaignID: newer.ID, Handle: "ava.moreau", Rating: rapport.Known(4)}},
		{Campaign: newer, Participation: rapport.Participation{CampaignID: newer.ID, Handle: "kai_plays"}},
	}
	if n, err := s.UpsertCampaignRecords(ctx, recs); err != nil || n != 3 {
		t.Fatalf("UpsertCampaignRecords = %d, %v", n, err)
	}
	// Idempotent: the same rows again leave one record per (campaign, influencer).
	if _, err := s.UpsertCampaignRecords(ctx, recs); err != nil {
		t.Fatal(err)
	}
	p, err := s.Profile(ctx, "ava.moreau")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Campaigns) != 2 || p.Campaigns[0].Campaign.ID != "spring-glow" || p.Campaigns[1].Participation.Notes != "great & fast" {
		t.Fatalf("campaigns on profile = %+v", p.Campaigns)
	}
	if cpe, ok := p.Campaigns[1].Participation.CPE(); !ok || cpe != 0.25 {
		t.Errorf("CPE after round trip = %v, %v", cpe, ok)
	}

	all, err := s.AllProfiles(ctx)
	if err != nil || len(all) != 2 {
		t.Fatalf("AllProfiles = %d, %v", len(all), err)
	}
	v1, err := s.RosterVersion(ctx)
	if err != nil || v1 <= v0 {
		t.Errorf("roster version did not move on writes: %d → %d (%v)", v0, v1, err)
	}
}
