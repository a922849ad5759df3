package slackbot

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/blocks"
	"github.com/rapport-bot/rapport/internal/launch"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// formBlocks maps the campaign rules' fields to the form's inputs.
var formBlocks = map[launch.Field]string{
	launch.FieldName:            blocks.CampaignBlockName,
	launch.FieldBrand:           blocks.CampaignBlockName,
	launch.FieldLaunch:          blocks.CampaignBlockDate,
	launch.FieldTimeZone:        blocks.CampaignBlockZone,
	launch.FieldMarkets:         blocks.CampaignBlockMarkets,
	launch.FieldChannel:         blocks.CampaignBlockChannel,
	launch.FieldInfluencers:     blocks.CampaignBlockRoster,
	launch.FieldApprovers:       blocks.CampaignBlockApprover,
	launch.FieldKeywords:        blocks.CampaignBlockKeywords,
	launch.FieldSensitiveTopics: blocks.CampaignBlockTopics,
}

// readCampaignForm turns the /campaign new (or edit) form into a campaign, or per-field
// errors. It reads the inputs, then applies the campaign rules every campaign passes
// (launch.ValidateNew: the same the service applies on save and the CSV import applies to
// planned campaigns). It is pure and fast: it runs before the submission is acknowledged, so
// mistakes show beside the fields. Checks that need Redis or Slack (roster, channel access)
// follow the ack.
func readCampaignForm(cb slack.InteractionCallback, now time.Time) (rapport.Campaign, map[string]string) {
	v := cb.View.State.Values
	val := func(id string) string { return strings.TrimSpace(v[id][id].Value) }
	errs := map[string]string{}
	c := rapport.Campaign{Name: val(blocks.CampaignBlockName), CreatedBy: cb.User.ID}
	c.ID = rapport.CampaignID(c.Name)
	loc, err := rapport.ParseTimeZone(val(blocks.CampaignBlockZone))
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
			}
			c.LaunchAt = c.LaunchAt.UTC()
		}
	}
	if markets, err := rapport.ParseMarkets(val(blocks.CampaignBlockMarkets)); err != nil || len(markets) == 0 {
		msg := "Give at least one market as a country code, e.g. FR, GB."
		if err != nil {
			msg = err.Error()
		}
		errs[blocks.CampaignBlockMarkets] = msg
	} else {
		c.Markets = markets
	}
	c.Channel = v[blocks.CampaignBlockChannel][blocks.CampaignBlockChannel].SelectedChannel
	c.Approvers = v[blocks.CampaignBlockApprover][blocks.CampaignBlockApprover].SelectedUsers
	for _, h := range splitList(val(blocks.CampaignBlockRoster)) {
		if err := rapport.ValidateHandle(h); err != nil {
			errs[blocks.CampaignBlockRoster] = err.Error()
			break
		}
		c.Influencers = append(c.Influencers, rapport.NormalizeHandle(h))
	}
	c.Keywords = splitList(val(blocks.CampaignBlockKeywords))
	c.SensitiveTopics = splitList(val(blocks.CampaignBlockTopics))
	var inv *launch.InvalidCampaignError
	if err := launch.ValidateNew(c, now); errors.As(err, &inv) {
		for _, p := range inv.Problems {
			id := formBlocks[p.Field]
			if _, taken := errs[id]; id != "" && !taken {
				errs[id] = p.Message
			}
		}
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
