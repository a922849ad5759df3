package slackbot

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/blocks"
	"github.com/rapport-bot/rapport/internal/csvimport"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// minLeadTime is the least time between creating a campaign and its launch.
const minLeadTime = 5 * time.Minute

// readCampaignForm turns the /campaign new form into a campaign, or per-field errors. It is
// pure and fast: it runs before the submission is acknowledged, so mistakes show beside the
// fields. Checks that need Redis or Slack (roster, channel access) follow the ack.
func readCampaignForm(cb slack.InteractionCallback, now time.Time) (rapport.Campaign, map[string]string) {
	v := cb.View.State.Values
	val := func(id string) string { return strings.TrimSpace(v[id][id].Value) }
	errs := map[string]string{}
	c := rapport.Campaign{Name: val(blocks.CampaignBlockName), CreatedBy: cb.User.ID}
	c.ID = rapport.CampaignID(c.Name)
	switch {
	case c.ID == "":
		errs[blocks.CampaignBlockName] = "Give the campaign a name with letters or digits."
	case utf8.RuneCountInString(c.Name) > 80:
		errs[blocks.CampaignBlockName] = "Keep the name under 80 characters."
	}
	loc, err := csvimport.ParseTimeZone(val(blocks.CampaignBlockZone))
	if err != nil || loc == nil {
		errs[blocks.CampaignBlockZone] = fmt.Sprintf("“%s” is not a time zone; use a name like Europe/Paris or America/New_York.", val(blocks.CampaignBlockZone))
	} else {
		c.TimeZone = loc.String()
		day, derr := time.ParseInLocation(time.DateOnly, v[blocks.CampaignBlockDate][blocks.CampaignBlockDate].SelectedDate, loc)
		clock, terr := time.Parse("15:04", v[blocks.CampaignBlockTime][blocks.CampaignBlockTime].SelectedTime)
		switch {
		case derr != nil:
			errs[blocks.CampaignBlockDate] = "Pick the launch day."
		case terr != nil:
			errs[blocks.CampaignBlockTime] = "Pick the launch time."
		default:
			c.LaunchAt = time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, loc)
			if c.LaunchAt.Hour() != clock.Hour() || c.LaunchAt.Minute() != clock.Minute() {
				errs[blocks.CampaignBlockTime] = "That time does not exist on that day in " + loc.String() + " (the clocks change); pick another."
			} else if c.LaunchAt.Sub(now) < minLeadTime {
				errs[blocks.CampaignBlockDate] = "The launch must be at least 5 minutes in the future."
			}
			c.LaunchAt = c.LaunchAt.UTC()
		}
	}
	if markets, err := csvimport.ParseMarkets(val(blocks.CampaignBlockMarkets)); err != nil || len(markets) == 0 {
		msg := "Give at least one market as a country code, e.g. FR, GB."
		if err != nil {
			msg = err.Error()
		}
		errs[blocks.CampaignBlockMarkets] = msg
	} else {
		c.Markets = markets
	}
	if c.Channel = v[blocks.CampaignBlockChannel][blocks.CampaignBlockChannel].SelectedChannel; c.Channel == "" {
		errs[blocks.CampaignBlockChannel] = "Pick the channel where the team coordinates the launch."
	}
	c.Approvers = v[blocks.CampaignBlockApprover][blocks.CampaignBlockApprover].SelectedUsers
	for _, h := range splitList(val(blocks.CampaignBlockRoster)) {
		if err := rapport.ValidateHandle(h); err != nil {
			errs[blocks.CampaignBlockRoster] = err.Error()
			break
		}
		c.Influencers = append(c.Influencers, rapport.NormalizeHandle(h))
	}
	if len(c.Influencers) > 50 {
		errs[blocks.CampaignBlockRoster] = "At most 50 influencers per campaign."
	}
	for id, dst := range map[string]*[]string{blocks.CampaignBlockKeywords: &c.Keywords, blocks.CampaignBlockTopics: &c.SensitiveTopics} {
		items := splitList(val(id))
		if len(items) > rapport.MaxCampaignTerms {
			errs[id] = fmt.Sprintf("At most %d, please; pick the ones that matter.", rapport.MaxCampaignTerms)
		}
		for _, it := range items {
			if n := utf8.RuneCountInString(it); n > rapport.MaxCampaignTermRunes {
				errs[id] = fmt.Sprintf("Keep each one within %d characters; “%s…” has %d.", rapport.MaxCampaignTermRunes, string([]rune(it)[:20]), n)
				break
			}
		}
		*dst = items
	}
	return c, errs
}

// splitList reads a comma- or newline-separated list, trimmed, without empties or repeats.
func splitList(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == ';' }) {
		p := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(part), "@"))
		if p == "" || seen[strings.ToLower(p)] {
			continue
		}
		seen[strings.ToLower(p)] = true
		out = append(out, p)
	}
	return out
}
