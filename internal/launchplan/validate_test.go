package launchplan

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestValidateNew(t *testing.T) {
	now := before(3 * day)
	many := func(n int, prefix string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("%s%d", prefix, i)
		}
		return out
	}
	tests := []struct {
		name  string
		edit  func(c *rapport.Campaign)
		field Field
		want  string // part of the message
	}{
		{"no name", func(c *rapport.Campaign) { c.Name = "  " }, FieldName, "Give the campaign a name."},
		{"name of punctuation", func(c *rapport.Campaign) { c.Name = "!!!" }, FieldName, "at least one letter or digit"},
		{"long name", func(c *rapport.Campaign) { c.Name = strings.Repeat("a", 81) }, FieldName, "within 80 characters (it has 81)"},
		{"no launch", func(c *rapport.Campaign) { c.LaunchAt = time.Time{} }, FieldLaunch, "Pick a launch date and time."},
		{"launch in the past, shown in the campaign's zone", func(c *rapport.Campaign) { c.LaunchAt = now.Add(-time.Hour) }, FieldLaunch,
			"The launch time (Sat 28 Nov 2026 16:00 CET) is in the past"},
		{"launch too soon", func(c *rapport.Campaign) { c.LaunchAt = now.Add(4 * time.Minute) }, FieldLaunch, "less than 5 minutes away"},
		{"launch years ahead", func(c *rapport.Campaign) { c.LaunchAt = now.AddDate(3, 0, 0) }, FieldLaunch, "more than 2 years away; check the year"},
		{"no time zone", func(c *rapport.Campaign) { c.TimeZone = "" }, FieldTimeZone, "Pick the time zone"},
		{"unknown time zone", func(c *rapport.Campaign) { c.TimeZone = "Europe/Atlantis" }, FieldTimeZone, "“Europe/Atlantis” is not a time zone"},
		{"no channel", func(c *rapport.Campaign) { c.Channel = "" }, FieldChannel, "Pick the channel"},
		{"channel name instead of id", func(c *rapport.Campaign) { c.Channel = "#launches" }, FieldChannel, "“#launches” is not a Slack channel"},
		{"bad markets", func(c *rapport.Campaign) { c.Markets = []string{"FR", "France", "gb"} }, FieldMarkets, "“France”, “gb” are not"},
		{"too many influencers", func(c *rapport.Campaign) { c.Influencers = many(51, "inf") }, FieldInfluencers, "at most 50 influencers; this one has 51"},
		{"too many approvers", func(c *rapport.Campaign) { c.Approvers = many(21, "U") }, FieldApprovers, "at most 20 approvers"},
		{"too many keywords", func(c *rapport.Campaign) { c.Keywords = many(21, "k") }, FieldKeywords, "Keep the keywords to 20; there are 21"},
		{"long sensitive topic", func(c *rapport.Campaign) { c.SensitiveTopics = []string{strings.Repeat("x", 101)} }, FieldSensitiveTopics, "within 100 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := campaign()
			c.Influencers = many(50, "inf")
			tt.edit(&c)
			err := ValidateNew(c, now)
			var inv *InvalidCampaignError
			if !errors.As(err, &inv) {
				t.Fatalf("ValidateNew = %v, want an *InvalidCampaignError", err)
			}
			if len(inv.Problems) != 1 {
				t.Fatalf("problems = %+v, want exactly one", inv.Problems)
			}
			if p := inv.Problems[0]; p.Field != tt.field || !strings.Contains(p.Message, tt.want) {
				t.Errorf("problem = %s: %q; want %s: …%s…", p.Field, p.Message, tt.field, tt.want)
			}
		})
	}
}

func TestValidateNewAcceptsAndListsEverything(t *testing.T) {
	now := before(3 * day)
	if err := ValidateNew(campaign(), now); err != nil {
		t.Fatalf("a good campaign: %v", err)
	}
	err := ValidateNew(rapport.Campaign{TimeZone: "UTC"}, now)
	var inv *InvalidCampaignError
	if !errors.As(err, &inv) || len(inv.Problems) != 3 {
		t.Fatalf("empty campaign = %v, want three problems (name, launch, channel)", err)
	}
	if want := "Give the campaign a name. Pick a launch date and time. Pick the channel where the campaign is coordinated."; err.Error() != want {
		t.Errorf("message = %q\nwant      %q", err.Error(), want)
	}
}

func TestLimitsMinLeadForFastTests(t *testing.T) {
	l := DefaultLimits()
	l.MinLead = 10 * time.Second
	c := campaign()
	now := launchAt.Add(-30 * time.Second)
	if err := l.Validate(c, now); err != nil {
		t.Fatalf("30 s ahead with a 10 s lead: %v", err)
	}
}
