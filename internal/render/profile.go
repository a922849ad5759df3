package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// Card is what the profile card shows.
type Card struct {
	Profile  rapport.Profile
	Analysis engagement.Analysis
	Now      time.Time
	// Brand names the brand in "Campaigns with …"; Currency labels spend ("EUR").
	Brand    string
	Currency string
	// SharedBy is set on the public copy posted with "Share in channel": the card then says
	// who shared it and offers no share button.
	SharedBy string
	// OwnerLeft flags an owner who has left the workspace: the relationship is unowned.
	OwnerLeft bool
}

// Limits of the card's campaign section; the rest is behind "Show all campaigns".
const (
	cardPastCampaigns     = 5
	cardUpcomingCampaigns = 3
	maxPlatformRows       = 8
)

// ProfileCard renders the influencer card: who they are and who owns the relationship; per
// platform followers and engagement now against 1, 2 and 3 years ago with a 36-month
// sparkline, trend and flags; the tier band; and the campaigns with the brand.
func ProfileCard(c Card) Message {
	in := c.Profile.Influencer
	title := in.Name
	if title == "" {
		title = in.Handle
	}
	bs := []slack.Block{slack.NewHeaderBlock(plain(Truncate(title, MaxHeaderText)))}
	facts := factFields(in, c.Analysis, c.OwnerLeft)
	facts = append(facts, mrkdwn("*Last contact*\n"+lastTouchLine(c.Profile.LastTouchpoint, c.Now)))
	bs = append(bs, slack.NewSectionBlock(nil, facts, nil, slack.SectionBlockOptionBlockID("profile_facts")))
	bs = append(bs, slack.NewDividerBlock())
	bs = append(bs, platformBlocks(c.Analysis)...)
	if fl := flagBlock(c.Analysis); fl != nil {
		bs = append(bs, fl)
	}
	bs = append(bs, slack.NewDividerBlock())
	bs = append(bs, campaignBlocks(c)...)
	if act := cardActions(c); act != nil {
		bs = append(bs, act)
	}
	bs = append(bs, slack.NewContextBlock("profile_legend", mrkdwn(cardLegend(c))))

	text := fmt.Sprintf("%s (@%s) — %s", escapeTrunc(title, 150), escapeTrunc(in.Handle, 100), statusLabel(in.Status))
	if c.SharedBy != "" {
		text = "Shared by " + Mention(c.SharedBy) + ": " + text
	}
	return Message{Text: text, Blocks: bs}
}

func factFields(in rapport.Influencer, a engagement.Analysis, ownerLeft bool) []*slack.TextBlockObject {
	owner := Mention(in.Owner)
	if ownerLeft {
		owner += " :warning: _left the workspace — unowned; reassign with_ `/influencer owner @" + escapeTrunc(in.Handle, 64) + " @someone`"
	}
	fields := []*slack.TextBlockObject{
		mrkdwn("*Handle*\n@" + escapeTrunc(in.Handle, 100)),
		mrkdwn("*Status*\n" + statusLabel(in.Status)),
		mrkdwn("*Tier*\n" + tierLine(a)),
		mrkdwn("*Markets*\n" + listOrDash(in.Markets, 300)),
		mrkdwn("*Tags*\n" + listOrDash(in.Tags, 300)),
		mrkdwn("*Owner · backup*\n" + owner + " · " + Mention(in.Backup)),
	}
	if !in.Contact.IsZero() {
		fields = append(fields, mrkdwn("*Their contact*\n"+contactLine(in.Contact)))
	}
	return fields
}

// lastTouchLine is the most recent contact: "call by @priya, 3 days ago — note".
func lastTouchLine(tp *rapport.Touchpoint, now time.Time) string {
	if tp == nil {
		return "none recorded"
	}
	s := fmt.Sprintf("%s by %s, %s (%s)", tp.Kind, Mention(tp.By), wording.Ago(now.Sub(tp.At)), tp.At.Format("2 Jan 2006"))
	if tp.Note != "" {
		s += " — " + escapeTrunc(tp.Note, 200)
	}
	return s
}

// tierLine is the primary platform's tier and band: "micro on TikTok · engagement high".
func tierLine(a engagement.Analysis) string {
	s := a.Summary
	if !s.FollowersOK || s.Tier == "" {
		return "—"
	}
	line := fmt.Sprintf("%s · %s followers on %s", s.Tier, Count(s.Followers), Escape(s.Primary.Title()))
	if len(a.Platforms) > 0 {
		if fa, ok := a.Platforms[0].Rate(engagement.PerFollower); ok && fa.BandOK {
			line += " · engagement *" + string(fa.Band) + "* for the tier"
		}
	}
	return line
}

func statusLabel(s rapport.Status) string {
	switch s {
	case rapport.StatusDoNotContact:
		return "do not contact"
	case "":
		return string(rapport.StatusProspect)
	}
	return string(s)
}

func listOrDash(items []string, max int) string {
	if len(items) == 0 {
		return "—"
	}
	return escapeTrunc(strings.Join(items, ", "), max)
}

func contactLine(c rapport.Contact) string {
	parts := []string{}
	for _, p := range []string{c.Name, c.Role, c.Email} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return escapeTrunc(strings.Join(parts, " · "), 500)
}

// platformBlocks renders one section per platform, largest audience first.
func platformBlocks(a engagement.Analysis) []slack.Block {
	if len(a.Platforms) == 0 {
		return []slack.Block{slack.NewContextBlock("metrics_none",
			mrkdwn("No metrics yet. Import them with `rapport import metrics FILE.csv`."))}
	}
	var out []slack.Block
	for i, pa := range a.Platforms {
		if i == maxPlatformRows {
			out = append(out, slack.NewContextBlock("metrics_more",
				mrkdwn(fmt.Sprintf("…and %d more platforms", len(a.Platforms)-maxPlatformRows))))
			break
		}
		out = append(out, slack.NewSectionBlock(mrkdwn(Truncate(platformText(pa), MaxSectionText)), nil, nil,
			slack.SectionBlockOptionBlockID("metrics_"+Truncate(string(pa.Platform), 40))))
	}
	return out
}

func platformText(pa engagement.PlatformAnalysis) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s*", Escape(pa.Platform.Title()))
	if pa.FollowersOK {
		fmt.Fprintf(&b, " · %s followers", Count(pa.LatestFollowers))
		if pa.Tier != "" {
			fmt.Fprintf(&b, " · %s", pa.Tier.Label())
		}
	} else {
		b.WriteString(" · followers unknown")
	}
	for _, fa := range pa.Rates {
		b.WriteString("\n")
		b.WriteString(rateLine(fa))
	}
	return b.String()
}

// rateLine is one formula's figures: now against 1/2/3 years ago, trend, band, sparkline.
func rateLine(fa engagement.FormulaAnalysis) string {
	var b strings.Builder
	w := fa.Windows
	fmt.Fprintf(&b, "%s now *%s*", fa.Formula.Label(), windowFigure(w[engagement.WindowNow]))
	for _, i := range []int{engagement.Window1y, engagement.Window2y, engagement.Window3y} {
		fmt.Fprintf(&b, " · %s %s", w[i].Label(), windowFigure(w[i]))
	}
	if fa.Trend.OK {
		fmt.Fprintf(&b, " · %s %s ×%.2f", fa.Trend.Direction.Arrow(), fa.Trend.Direction, fa.Trend.Ratio)
	}
	if fa.BandOK {
		fmt.Fprintf(&b, " · band *%s*", fa.Band)
	}
	if spark := fa.Series.ERSparkline(); strings.TrimSpace(strings.ReplaceAll(spark, string(engagement.SparkGap), "")) != "" {
		fmt.Fprintf(&b, "\n`%s` 36 months", spark)
	}
	return b.String()
}

func windowFigure(w engagement.Window) string {
	if !w.OK {
		return "n/a"
	}
	return Percent(w.Median)
}

// flagBlock lists the flags as prompts for a human look, with their evidence.
func flagBlock(a engagement.Analysis) slack.Block {
	flags := a.Flags()
	if len(flags) == 0 {
		return nil
	}
	lines := []string{"*Worth a look*"}
	for _, f := range flags {
		lines = append(lines, "• "+Escape(f.Message)+"\n   _"+Escape(f.Evidence)+"_")
	}
	return slack.NewSectionBlock(mrkdwn(Truncate(strings.Join(lines, "\n"), MaxSectionText)), nil, nil,
		slack.SectionBlockOptionBlockID("profile_flags"))
}

func cardActions(c Card) slack.Block {
	id := c.Profile.Influencer.ID()
	var els []slack.BlockElement
	if c.SharedBy == "" {
		els = append(els, slack.NewButtonBlockElement(ActionShareCard, id, plain("Share in channel")))
	}
	if len(c.Analysis.Platforms) > 0 {
		els = append(els, slack.NewButtonBlockElement(ActionTrendChart, id, plain("Show trend chart")))
	}
	if len(c.Profile.Campaigns) > cardPastCampaigns {
		els = append(els, slack.NewButtonBlockElement(ActionAllCampaigns, id,
			plain(fmt.Sprintf("Show all %d campaigns", len(c.Profile.Campaigns)))))
	}
	if len(els) == 0 {
		return nil
	}
	return slack.NewActionBlock("profile_actions", els...)
}

func cardLegend(c Card) string {
	parts := []string{
		"ER/followers = " + engagement.PerFollower.Explain(),
		"ER/views = " + engagement.PerView.Explain(),
		"now = median of the last 90 days; 1y/2y/3y = the same 90 days in earlier years",
	}
	if c.SharedBy != "" {
		parts = append([]string{"Shared by " + Mention(c.SharedBy)}, parts...)
	}
	return strings.Join(parts, " · ")
}
