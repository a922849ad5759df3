package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// campaignBlocks summarises the influencer's campaigns: upcoming first, then the latest
// past ones; the full list is one click away.
func campaignBlocks(c Card) []slack.Block {
	heading := "*Campaigns*"
	if c.Brand != "" {
		heading = "*Campaigns with " + escapeTrunc(c.Brand, 80) + "*"
	}
	var upcoming, past []rapport.CampaignRecord
	for _, r := range c.Profile.Campaigns {
		if r.Campaign.Upcoming(c.Now) {
			upcoming = append(upcoming, r)
		} else {
			past = append(past, r)
		}
	}
	if len(upcoming)+len(past) == 0 {
		return []slack.Block{slack.NewSectionBlock(mrkdwn(heading+"\nNo campaigns on record yet."), nil, nil,
			slack.SectionBlockOptionBlockID("campaigns"))}
	}
	var lines []string
	lines = append(lines, heading)
	if len(upcoming) > 0 {
		lines = append(lines, "_Upcoming_")
		// Upcoming are sorted newest first; show the soonest first.
		for i := len(upcoming) - 1; i >= 0 && len(upcoming)-1-i < cardUpcomingCampaigns; i-- {
			lines = append(lines, campaignLine(upcoming[i], c.Currency))
		}
		if n := len(upcoming) - cardUpcomingCampaigns; n > 0 {
			lines = append(lines, fmt.Sprintf("…and %d more upcoming", n))
		}
	}
	if len(past) > 0 {
		lines = append(lines, fmt.Sprintf("_Past (%d)_", len(past)))
		for _, r := range past[:min(cardPastCampaigns, len(past))] {
			lines = append(lines, campaignLine(r, c.Currency))
		}
		if n := len(past) - cardPastCampaigns; n > 0 {
			lines = append(lines, fmt.Sprintf("…and %d earlier — *Show all %d campaigns* below", n, len(c.Profile.Campaigns)))
		}
		if s := campaignTotals(past, c.Currency); s != "" {
			lines = append(lines, s)
		}
	}
	return []slack.Block{slack.NewSectionBlock(mrkdwn(truncateLines(lines, MaxSectionText)), nil, nil,
		slack.SectionBlockOptionBlockID("campaigns"))}
}

// campaignLine is one campaign: name, date, results, CPE, rating and notes.
func campaignLine(r rapport.CampaignRecord, currency string) string {
	cp, p := r.Campaign, r.Participation
	var b strings.Builder
	fmt.Fprintf(&b, "• *%s*", escapeTrunc(cp.Name, 80))
	if w := cp.When(); !w.IsZero() {
		b.WriteString(" · " + campaignDates(cp))
	}
	if p.Spend.Known {
		b.WriteString(" · spend " + Money(p.Spend.Value, currency))
	}
	if p.Reach.Known {
		b.WriteString(" · reach " + Count(p.Reach.Value))
	}
	if p.Engagements.Known {
		b.WriteString(" · " + Count(p.Engagements.Value) + " engagements")
	}
	if cpe, ok := p.CPE(); ok {
		b.WriteString(" · CPE " + Money(cpe, currency))
	}
	if p.Rating.Known {
		fmt.Fprintf(&b, " · %s", stars(p.Rating.Value))
	}
	if p.Notes != "" {
		b.WriteString("\n   _" + escapeTrunc(p.Notes, 140) + "_")
	}
	return b.String()
}

func campaignDates(c rapport.Campaign) string {
	if !c.LaunchAt.IsZero() {
		if loc, err := time.LoadLocation(c.TimeZone); err == nil && c.TimeZone != "" {
			return c.LaunchAt.In(loc).Format("2 Jan 2006 15:04 MST")
		}
		return c.LaunchAt.UTC().Format("2 Jan 2006 15:04 UTC")
	}
	if !c.Start.IsZero() && !c.End.IsZero() && !c.End.Equal(c.Start) {
		return c.Start.Format("2 Jan 2006") + "–" + c.End.Format("2 Jan 2006")
	}
	return c.When().Format("2 Jan 2006")
}

// campaignTotals sums spend and engagements over past campaigns and gives the overall CPE.
func campaignTotals(past []rapport.CampaignRecord, currency string) string {
	var spend, eng float64
	var rated, ratings float64
	for _, r := range past {
		p := r.Participation
		if p.Spend.Known && p.Engagements.Known {
			spend += p.Spend.Value
			eng += p.Engagements.Value
		}
		if p.Rating.Known {
			rated++
			ratings += p.Rating.Value
		}
	}
	var parts []string
	if eng > 0 {
		parts = append(parts, fmt.Sprintf("overall CPE %s (%s for %s engagements)", Money(spend/eng, currency), Money(spend, currency), Count(eng)))
	}
	if rated > 0 {
		parts = append(parts, fmt.Sprintf("average rating %.1f/5", ratings/rated))
	}
	if len(parts) == 0 {
		return ""
	}
	return "_" + strings.Join(parts, " · ") + "_"
}

func stars(r float64) string {
	n := int(r + 0.5)
	n = max(0, min(5, n))
	return strings.Repeat("★", n) + strings.Repeat("☆", 5-n)
}

// Money formats an amount with the currency code: "EUR 5,000", "EUR 0.42" for small ones.
func Money(v float64, currency string) string {
	var s string
	switch {
	case v >= 100000:
		s = Count(v)
	case v >= 100:
		s = thousands(int64(v + 0.5))
	default:
		s = fmt.Sprintf("%.2f", v)
	}
	if currency == "" {
		return s
	}
	return Escape(currency) + " " + s
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// truncateLines joins lines, dropping whole lines from the end to stay within n characters.
func truncateLines(lines []string, n int) string {
	s := strings.Join(lines, "\n")
	for len([]rune(s)) > n && len(lines) > 1 {
		lines = lines[:len(lines)-1]
		s = strings.Join(lines, "\n") + "\n…"
	}
	return Truncate(s, n)
}

// AllCampaignsModal lists every campaign of one influencer, newest first.
func AllCampaignsModal(p rapport.Profile, now time.Time, currency string) slack.ModalViewRequest {
	name := p.Influencer.Name
	if name == "" {
		name = p.Influencer.Handle
	}
	bs := []slack.Block{slack.NewSectionBlock(mrkdwn(fmt.Sprintf("*%s* — %d campaigns, newest first",
		escapeTrunc(name, 100), len(p.Campaigns))), nil, nil, slack.SectionBlockOptionBlockID("all_campaigns_head"))}
	const perBlock = 8 // lines per section keep each within 3000 characters
	maxBlocks := MaxViewBlocks - 2
	var lines []string
	flush := func() {
		if len(lines) > 0 && len(bs) < maxBlocks {
			bs = append(bs, slack.NewSectionBlock(mrkdwn(truncateLines(lines, MaxSectionText)), nil, nil,
				slack.SectionBlockOptionBlockID(fmt.Sprintf("all_campaigns_%d", len(bs)))))
		}
		lines = nil
	}
	shown := 0
	for _, r := range p.Campaigns {
		if len(bs) >= maxBlocks {
			break
		}
		line := campaignLine(r, currency)
		if r.Campaign.Upcoming(now) {
			line += " _(upcoming)_"
		}
		lines = append(lines, line)
		shown++
		if len(lines) == perBlock {
			flush()
		}
	}
	flush()
	if shown < len(p.Campaigns) {
		bs = append(bs, slack.NewContextBlock("all_campaigns_more",
			mrkdwn(fmt.Sprintf("…and %d older campaigns.", len(p.Campaigns)-shown))))
	}
	return slack.ModalViewRequest{
		Type:       slack.VTModal,
		CallbackID: ViewAllCampaigns,
		Title:      plain(Truncate("Campaigns", MaxModalTitle)),
		Close:      plain("Close"),
		Blocks:     slack.Blocks{BlockSet: bs},
	}
}
