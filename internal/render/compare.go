package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// Compared is one influencer in a comparison.
type Compared struct {
	Profile  rapport.Profile
	Analysis engagement.Analysis
}

// Compare renders two or three influencers side by side: per platform ER now and a year
// ago, trend, tier and band, then the outcome of each one's latest campaign.
func Compare(items []Compared, now time.Time, currency string) Message {
	var names []string
	for _, it := range items {
		names = append(names, displayName(it.Profile.Influencer))
	}
	bs := []slack.Block{slack.NewHeaderBlock(plain(Truncate("Compare: "+strings.Join(names, " · "), MaxHeaderText)))}

	var who []*slack.TextBlockObject
	for _, it := range items {
		in := it.Profile.Influencer
		who = append(who, mrkdwn(fmt.Sprintf("*%s*\n@%s · %s\n%s", escapeTrunc(displayName(in), 80),
			escapeTrunc(in.Handle, 64), statusLabel(in.Status), tierLine(it.Analysis))))
	}
	bs = append(bs, slack.NewSectionBlock(nil, who, nil, slack.SectionBlockOptionBlockID("compare_who")))

	for i, p := range comparedPlatforms(items) {
		if i == maxPlatformRows {
			break
		}
		var fields []*slack.TextBlockObject
		for _, it := range items {
			fields = append(fields, mrkdwn(comparePlatformCell(it.Analysis, p)))
		}
		bs = append(bs,
			slack.NewSectionBlock(mrkdwn("*"+Escape(p.Title())+"*"), fields, nil,
				slack.SectionBlockOptionBlockID("compare_"+Truncate(string(p), 40))))
	}

	var last []*slack.TextBlockObject
	for _, it := range items {
		last = append(last, mrkdwn("*Last campaign*\n"+lastCampaign(it.Profile, now, currency)))
	}
	bs = append(bs, slack.NewDividerBlock(),
		slack.NewSectionBlock(nil, last, nil, slack.SectionBlockOptionBlockID("compare_campaigns")),
		slack.NewContextBlock("compare_legend", mrkdwn("ER now = median of the last 90 days; 1y = the same 90 days a year ago; "+
			"ER/followers = "+engagement.PerFollower.Explain())))
	return Message{Text: "Compare " + Escape(strings.Join(names, ", ")), Blocks: bs}
}

func displayName(in rapport.Influencer) string {
	if in.Name != "" {
		return in.Name
	}
	return "@" + in.Handle
}

// comparedPlatforms lists every platform any of the items is on, largest audience first.
func comparedPlatforms(items []Compared) []rapport.Platform {
	seen := map[rapport.Platform]float64{}
	var order []rapport.Platform
	for _, it := range items {
		for _, pa := range it.Analysis.Platforms {
			if _, ok := seen[pa.Platform]; !ok {
				order = append(order, pa.Platform)
			}
			seen[pa.Platform] = max(seen[pa.Platform], pa.LatestFollowers)
		}
	}
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && seen[order[j]] > seen[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	return order
}

func comparePlatformCell(a engagement.Analysis, p rapport.Platform) string {
	for _, pa := range a.Platforms {
		if pa.Platform != p {
			continue
		}
		var lines []string
		if pa.FollowersOK {
			lines = append(lines, Count(pa.LatestFollowers)+" followers · "+string(pa.Tier))
		}
		for _, fa := range pa.Rates {
			line := fmt.Sprintf("%s *%s* (1y %s)", fa.Formula.Label(), windowFigure(fa.Windows[engagement.WindowNow]),
				windowFigure(fa.Windows[engagement.Window1y]))
			if fa.Trend.OK {
				line += " " + fa.Trend.Direction.Arrow()
			}
			if fa.BandOK {
				line += " · " + string(fa.Band)
			}
			lines = append(lines, line)
		}
		if len(pa.Flags) > 0 {
			lines = append(lines, fmt.Sprintf("⚑ %d flag(s) on the card", len(pa.Flags)))
		}
		return Truncate(strings.Join(lines, "\n"), MaxFieldText)
	}
	return "—"
}

func lastCampaign(p rapport.Profile, now time.Time, currency string) string {
	for _, r := range p.Campaigns {
		if r.Campaign.Upcoming(now) {
			continue
		}
		pt := r.Participation
		parts := []string{"*" + escapeTrunc(r.Campaign.Name, 60) + "*", campaignDates(r.Campaign)}
		if cpe, ok := pt.CPE(); ok {
			parts = append(parts, "CPE "+Money(cpe, currency))
		} else if pt.Engagements.Known {
			parts = append(parts, Count(pt.Engagements.Value)+" engagements")
		}
		if pt.Rating.Known {
			parts = append(parts, stars(pt.Rating.Value))
		}
		return Truncate(strings.Join(parts, " · "), MaxFieldText)
	}
	return "none yet"
}
