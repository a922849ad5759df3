package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// The new-campaign form: callback and block IDs (block and action IDs are equal).
const (
	ViewNewCampaign       = "new_campaign"
	CampaignBlockName     = "name"
	CampaignBlockDate     = "launch_date"
	CampaignBlockTime     = "launch_time"
	CampaignBlockZone     = "timezone"
	CampaignBlockMarkets  = "markets"
	CampaignBlockChannel  = "channel"
	CampaignBlockRoster   = "influencers"
	CampaignBlockApprover = "approvers"
	CampaignBlockKeywords = "keywords"
	CampaignBlockTopics   = "topics"
)

// ViewEditCampaign is the callback of the edit form; its private_metadata is the campaign id.
const ViewEditCampaign = "edit_campaign"

// NewCampaignModal is the /campaign new form. zone pre-fills the creator's time zone.
func NewCampaignModal(zone string, today time.Time) slack.ModalViewRequest {
	return campaignModal(nil, zone, today)
}

// EditCampaignModal is the /campaign edit form, filled with the campaign as it is.
func EditCampaignModal(c rapport.Campaign) slack.ModalViewRequest {
	return campaignModal(&c, c.TimeZone, c.LaunchAt)
}

func campaignModal(c *rapport.Campaign, zone string, today time.Time) slack.ModalViewRequest {
	initial := map[string]string{}
	if c != nil {
		initial = map[string]string{
			CampaignBlockName: c.Name, CampaignBlockMarkets: strings.Join(c.Markets, ", "),
			CampaignBlockRoster: strings.Join(c.Influencers, ", "), CampaignBlockKeywords: strings.Join(c.Keywords, ", "),
			CampaignBlockTopics: strings.Join(c.SensitiveTopics, ", "),
		}
	}
	text := func(id, placeholder string, optional bool, label, hint string) *slack.InputBlock {
		el := slack.NewPlainTextInputBlockElement(plain(placeholder), id)
		el.InitialValue = Truncate(initial[id], 300)
		el.MaxLength = 300
		var h *slack.TextBlockObject
		if hint != "" {
			h = plain(hint)
		}
		b := slack.NewInputBlock(id, plain(label), h, el)
		b.Optional = optional
		return b
	}
	date := slack.NewDatePickerBlockElement(CampaignBlockDate)
	date.InitialDate = today.AddDate(0, 0, 7).Format(time.DateOnly)
	tm := slack.NewTimePickerBlockElement(CampaignBlockTime)
	tm.InitialTime = "09:00"
	if c != nil {
		local := c.LaunchAt
		if loc, err := time.LoadLocation(c.TimeZone); err == nil {
			local = local.In(loc)
		}
		date.InitialDate, tm.InitialTime = local.Format(time.DateOnly), local.Format("15:04")
	}
	zoneEl := slack.NewPlainTextInputBlockElement(plain("Europe/Paris"), CampaignBlockZone)
	zoneEl.InitialValue = zone
	channel := slack.NewOptionsSelectBlockElement(slack.OptTypeChannels, plain("Where the team coordinates"), CampaignBlockChannel)
	approvers := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain("Whose vote decides"), CampaignBlockApprover)
	view := slack.ModalViewRequest{Type: slack.VTModal, CallbackID: ViewNewCampaign, Title: plain("New campaign"),
		Submit: plain("Create"), Close: plain("Cancel")}
	if c != nil {
		channel.InitialChannel = c.Channel
		approvers.InitialUsers = c.Approvers
		view.CallbackID, view.Title, view.Submit, view.PrivateMetadata = ViewEditCampaign, plain("Edit campaign"), plain("Save"), c.ID
	}
	approverBlock := slack.NewInputBlock(CampaignBlockApprover, plain("Approvers"), plain("Any approver's No-go stops the launch."), approvers)
	approverBlock.Optional = true
	view.Blocks = slack.Blocks{BlockSet: []slack.Block{
		text(CampaignBlockName, "Spring Glow launch", false, "Name", ""),
		slack.NewInputBlock(CampaignBlockDate, plain("Launch day"), nil, date),
		slack.NewInputBlock(CampaignBlockTime, plain("Launch time"), nil, tm),
		slack.NewInputBlock(CampaignBlockZone, plain("Time zone"), plain("IANA name, e.g. Europe/Paris or America/New_York"), zoneEl),
		text(CampaignBlockMarkets, "FR, GB, DE", false, "Markets", "Country codes, comma-separated"),
		slack.NewInputBlock(CampaignBlockChannel, plain("Campaign channel"), nil, channel),
		text(CampaignBlockRoster, "ava.moreau, glowwithjade", true, "Influencers", "Handles from the roster, comma-separated"),
		approverBlock,
		text(CampaignBlockKeywords, "serum, Lumière", true, "Keywords", "Brand and product words to watch in the news"),
		text(CampaignBlockTopics, "sunburn, skin cancer", true, "Sensitive topics", "News about these makes the launch riskier"),
	}}
	return view
}

// CampaignCard is a campaign's status: launch, markets, people, the next checkpoint and
// the poll's decision.
func CampaignCard(c rapport.Campaign, next, risk string, now time.Time) Message {
	launch := campaignDates(c)
	state := "launches " + wording.In(c.LaunchAt.Sub(now)) + " · " + launch
	if c.Cancelled {
		state = "cancelled"
	} else if !c.LaunchAt.After(now) {
		state = "launched " + wording.Ago(now.Sub(c.LaunchAt)) + " · " + launch
	}
	fields := []*slack.TextBlockObject{
		mrkdwn("*Launch*\n" + state),
		mrkdwn("*Markets*\n" + listOrDash(c.Markets, 300)),
		mrkdwn("*Channel*\n" + channelRef(c.Channel)),
		mrkdwn("*Approvers*\n" + mentions(c.Approvers)),
		mrkdwn("*Influencers*\n" + listOrDash(prefixAll(c.Influencers, "@"), 600)),
		mrkdwn("*Watching for*\n" + listOrDash(append(append([]string{}, c.Keywords...), c.SensitiveTopics...), 600)),
	}
	decision := "not decided yet"
	if c.Decision != "" {
		decision = "*" + Escape(c.Decision) + "*"
	}
	bs := []slack.Block{
		slack.NewHeaderBlock(plain(Truncate(c.Name, MaxHeaderText))),
		slack.NewSectionBlock(nil, fields, nil, slack.SectionBlockOptionBlockID("campaign_facts")),
		slack.NewContextBlock("campaign_next", mrkdwn("Next: "+Escape(next)+" · Go/no-go: "+decision)),
	}
	if risk != "" {
		bs = append(bs, slack.NewContextBlock("campaign_risk", mrkdwn(risk)))
	}
	return Message{Text: fmt.Sprintf("%s — %s", escapeTrunc(c.Name, 100), state), Blocks: bs}
}

// RiskNote describes a campaign's latest timing check for its card; "" when none ran.
func RiskNote(level string, at, now time.Time) string {
	if level == "" {
		return ""
	}
	icon := map[string]string{"green": ":large_green_circle:", "amber": ":large_orange_circle:", "red": ":red_circle:"}[level]
	return fmt.Sprintf("%s Latest timing check: *%s*, %s", icon, strings.ToUpper(Escape(level)), wording.Ago(now.Sub(at)))
}

// CampaignList lists campaigns, soonest launch first.
func CampaignList(cs []rapport.Campaign, now time.Time) Message {
	if len(cs) == 0 {
		return Done("No upcoming campaigns. Create one with `/campaign new`.")
	}
	var lines []string
	for _, c := range cs {
		line := fmt.Sprintf("• *%s* · %s · %s", escapeTrunc(c.Name, 80), campaignDates(c), listOrDash(c.Markets, 60))
		if c.Decision != "" {
			line += " · " + Escape(c.Decision)
		}
		lines = append(lines, line)
	}
	return Message{Text: fmt.Sprintf("%d upcoming campaigns", len(cs)), Blocks: []slack.Block{
		slack.NewSectionBlock(mrkdwn(truncateLines(append([]string{"*Upcoming campaigns*"}, lines...), MaxSectionText)), nil, nil,
			slack.SectionBlockOptionBlockID("campaign_list")),
	}}
}

func channelRef(id string) string {
	if id == "" {
		return "—"
	}
	for _, r := range id {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return Escape(id)
		}
	}
	return "<#" + id + ">"
}

func mentions(ids []string) string {
	if len(ids) == 0 {
		return "—"
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = Mention(id)
	}
	return strings.Join(out, " ")
}

func prefixAll(items []string, p string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = p + s
	}
	return out
}
