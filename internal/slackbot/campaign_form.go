package slackbot

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/launchplan"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
)

// formBlocks maps the campaign rules' fields to the form's inputs.
var formBlocks = map[launchplan.Field]string{
	launchplan.FieldName:            render.CampaignBlockName,
	launchplan.FieldBrand:           render.CampaignBlockName,
	launchplan.FieldLaunch:          render.CampaignBlockDate,
	launchplan.FieldTimeZone:        render.CampaignBlockZone,
	launchplan.FieldMarkets:         render.CampaignBlockMarkets,
	launchplan.FieldChannel:         render.CampaignBlockChannel,
	launchplan.FieldInfluencers:     render.CampaignBlockRoster,
	launchplan.FieldApprovers:       render.CampaignBlockApprover,
	launchplan.FieldKeywords:        render.CampaignBlockKeywords,
	launchplan.FieldSensitiveTopics: render.CampaignBlockTopics,
}

// readCampaignForm turns the /campaign new (or edit) form into a campaign, or per-field
// errors. It reads the inputs, then applies the campaign rules every campaign passes
// (launchplan.ValidateNew: the same the service applies on save and the CSV import applies to
// planned campaigns). It is pure and fast: it runs before the submission is acknowledged, so
// mistakes show beside the fields. Checks that need Redis or Slack (roster, channel access)
// follow the ack.
func readCampaignForm(cb slack.InteractionCallback, now time.Time) (rapport.Campaign, map[string]string) {
	v := cb.View.State.Values
	val := func(id string) string { return strings.TrimSpace(v[id][id].Value) }
	errs := map[string]string{}
	c := rapport.Campaign{Name: val(render.CampaignBlockName), CreatedBy: cb.User.ID}
	c.ID = rapport.CampaignID(c.Name)
	loc, err := rapport.ParseTimeZone(val(render.CampaignBlockZone))
	if err != nil || loc == nil {
		errs[render.CampaignBlockZone] = fmt.Sprintf("“%s” is not a time zone; use a name like Europe/Paris or America/New_York.", val(render.CampaignBlockZone))
	} else {
		c.TimeZone = loc.String()
		day, derr := time.ParseInLocation(time.DateOnly, v[render.CampaignBlockDate][render.CampaignBlockDate].SelectedDate, loc)
		clock, terr := time.Parse("15:04", v[render.CampaignBlockTime][render.CampaignBlockTime].SelectedTime)
		switch {
		case derr != nil:
			errs[render.CampaignBlockDate] = "Pick the launch day."
		case terr != nil:
			errs[render.CampaignBlockTime] = "Pick the launch time."
		default:
			c.LaunchAt = time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, loc)
			if c.LaunchAt.Hour() != clock.Hour() || c.LaunchAt.Minute() != clock.Minute() {
				errs[render.CampaignBlockTime] = "That time does not exist on that day in " + loc.String() + " (the clocks change); pick another."
			}
			c.LaunchAt = c.LaunchAt.UTC()
		}
	}
	if markets, err := rapport.ParseMarkets(val(render.CampaignBlockMarkets)); err != nil || len(markets) == 0 {
		msg := "Give at least one market as a country code, e.g. FR, GB."
		if err != nil {
			msg = err.Error()
		}
		errs[render.CampaignBlockMarkets] = msg
	} else {
		c.Markets = markets
	}
	c.Channel = v[render.CampaignBlockChannel][render.CampaignBlockChannel].SelectedChannel
	c.Approvers = v[render.CampaignBlockApprover][render.CampaignBlockApprover].SelectedUsers
	for _, h := range splitList(val(render.CampaignBlockRoster)) {
		if err := rapport.ValidateHandle(h); err != nil {
			errs[render.CampaignBlockRoster] = err.Error()
			break
		}
		c.Influencers = append(c.Influencers, rapport.NormalizeHandle(h))
	}
	c.Keywords = splitList(val(render.CampaignBlockKeywords))
	c.SensitiveTopics = splitList(val(render.CampaignBlockTopics))
	var inv *launchplan.InvalidCampaignError
	if err := launchplan.ValidateNew(c, now); errors.As(err, &inv) {
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
