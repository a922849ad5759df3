package redisstore

import (
	"context"
	"reflect"
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

// TestImportKeepsWhatTheFileLeavesBlank: a campaigns file's values replace the stored ones
// field by field, and a blank cell (or a missing column) keeps what is stored, so importing
// a results sheet never wipes a launch planned in Slack or the terms its timing checks
// watch for; what only Slack plans (approvers, creator) is always kept.
func TestImportKeepsWhatTheFileLeavesBlank(t *testing.T) {
	launch := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	planned := rapport.Campaign{ID: "radiance", Name: "Radiance", Brand: "Lumière", LaunchAt: launch, TimeZone: "Europe/Paris",
		Markets: []string{"FR", "GB"}, Channel: "C0LAUNCH01", Approvers: []string{"U0PRIYA"}, CreatedBy: "U0PRIYA",
		Keywords: []string{"Lumière", "serum"}, SensitiveTopics: []string{"sunburn"}}
	bare := rapport.Campaign{ID: planned.ID, Name: planned.Name} // a results sheet: campaign,handle,spend
	with := func(edit func(c *rapport.Campaign)) rapport.Campaign {
		c := bare
		edit(&c)
		return c
	}
	later := launch.Add(48 * time.Hour)
	tests := []struct {
		name     string
		stored   bool // the campaign was planned in Slack first
		imported rapport.Campaign
		want     rapport.Campaign
	}{
		{"a results sheet keeps the whole plan", true, bare, planned},
		{"keywords given replace the stored ones; topics left blank stay", true,
			with(func(c *rapport.Campaign) { c.Keywords = []string{"Radiance Serum"} }),
			func() rapport.Campaign { c := planned; c.Keywords = []string{"Radiance Serum"}; return c }()},
		{"topics given replace the stored ones; keywords left blank stay", true,
			with(func(c *rapport.Campaign) { c.SensitiveTopics = []string{"heatwave", "skin cancer"} }),
			func() rapport.Campaign {
				c := planned
				c.SensitiveTopics = []string{"heatwave", "skin cancer"}
				return c
			}()},
		{"a moved launch and another channel replace the plan's", true,
			with(func(c *rapport.Campaign) { c.LaunchAt, c.Channel = later, "C0OTHER01" }),
			func() rapport.Campaign { c := planned; c.LaunchAt, c.Channel = later, "C0OTHER01"; return c }()},
		{"a new campaign is the file's", false,
			with(func(c *rapport.Campaign) { c.LaunchAt, c.Keywords = launch, []string{"serum"} }),
			with(func(c *rapport.Campaign) { c.LaunchAt, c.Keywords = launch, []string{"serum"} })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := newStore(t)
			if _, err := s.UpsertInfluencers(ctx, []rapport.Influencer{ava()}, now); err != nil {
				t.Fatal(err)
			}
			if tt.stored {
				if err := s.CreateCampaign(ctx, planned); err != nil {
					t.Fatal(err)
				}
			}
			rec := rapport.CampaignRecord{Campaign: tt.imported,
				Participation: rapport.Participation{CampaignID: planned.ID, Handle: "ava.moreau", Spend: rapport.Known(500)}}
			if _, err := s.UpsertCampaignRecords(ctx, []rapport.CampaignRecord{rec}); err != nil {
				t.Fatal(err)
			}
			got, err := s.Campaign(ctx, planned.ID)
			if err != nil {
				t.Fatal(err)
			}
			p, err := s.Profile(ctx, "ava.moreau")
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Campaigns) != 1 {
				t.Fatalf("campaigns on the card = %+v", p.Campaigns)
			}
			for where, c := range map[string]rapport.Campaign{"campaign": got, "card": p.Campaigns[0].Campaign} {
				if !reflect.DeepEqual(c, tt.want) {
					t.Errorf("%s:\n got %+v\nwant %+v", where, c, tt.want)
				}
			}
		})
	}
}
