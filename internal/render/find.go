package render

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/discover"
	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/wording"
)

// FindPage is one page of /influencer find results.
type FindPage struct {
	// Query is the canonical query, carried by the "More" button.
	Query   string
	Page    int
	Total   int
	Items   []discover.Result
	HasMore bool
	// Underrated says the query ranks by underrated score: rows show their score and what
	// they miss, and the legend explains the score.
	Underrated bool
}

// underratedLegend explains the underrated score under its results.
var underratedLegend = fmt.Sprintf("Underrated ranks by a score out of %d: engagement against the tier's band (up to 2), "+
	"trend year on year, following against the roster median, and how little the brand has used them — "+
	"contact in the last %d days and campaigns with the brand (up to 1 each). Not listed: no ER figure, ER below the tier's "+
	"typical rate, paused or do-not-contact.", discover.MaxUnderratedScore, discover.RecentContactDays)

// FindResults renders a page of search results: one row per influencer with the reasons it
// matched and a Profile button, then "More" when another page follows.
func FindResults(fp FindPage) Message {
	q := "`" + escapeTrunc(fp.Query, 200) + "`"
	if fp.Total == 0 {
		body := "No influencer matches " + q + ". Try fewer filters, or `/influencer help` for the filters."
		return Message{Text: "No influencer matches " + escapeTrunc(fp.Query, 200), Blocks: []slack.Block{
			slack.NewSectionBlock(mrkdwn(body), nil, nil, slack.SectionBlockOptionBlockID("find_none")),
		}}
	}
	first := (fp.Page-1)*discover.DefaultPageSize + 1
	head := fmt.Sprintf("*%s* %s · showing %d–%d", wording.Plural(fp.Total, "influencer matches", "influencers match"),
		q, first, first+len(fp.Items)-1)
	bs := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil, slack.SectionBlockOptionBlockID("find_head"))}
	for i, r := range fp.Items {
		btn := slack.NewButtonBlockElement(ActionFindProfile, r.Influencer.ID(), plain("Profile"))
		bs = append(bs, slack.NewSectionBlock(mrkdwn(Truncate(findRow(r, fp.Underrated), MaxSectionText)), nil,
			slack.NewAccessory(btn), slack.SectionBlockOptionBlockID(fmt.Sprintf("find_row_%d", i))))
	}
	if fp.HasMore {
		more := slack.NewButtonBlockElement(ActionFindMore, FindMoreValue(fp.Page+1, fp.Query), plain("More"))
		bs = append(bs, slack.NewActionBlock("find_more", more))
	}
	legend := "Ranked by engagement band for the tier, then ER/followers now (median of the last 90 days)."
	if fp.Underrated {
		legend = underratedLegend
	}
	bs = append(bs, slack.NewContextBlock("find_legend", mrkdwn(legend)))
	return Message{Text: fmt.Sprintf("%d influencers match %s", fp.Total, escapeTrunc(fp.Query, 200)), Blocks: bs}
}

// findRow is one result: who, the platform the row is about, why it matched and, for
// underrated, its score and what it misses.
func findRow(r discover.Result, underrated bool) string {
	in := r.Influencer
	var b strings.Builder
	fmt.Fprintf(&b, "*%s* @%s", escapeTrunc(displayName(in), 80), escapeTrunc(in.Handle, 64))
	for _, pa := range r.Analysis.Platforms {
		if pa.Platform != r.Platform {
			continue
		}
		fmt.Fprintf(&b, " · %s", Escape(pa.Platform.Title()))
		if pa.FollowersOK {
			fmt.Fprintf(&b, " %s (%s)", Count(pa.LatestFollowers), pa.Tier)
		}
		if fa, ok := pa.Rate(engagement.PerFollower); ok {
			fmt.Fprintf(&b, " · ER %s", windowFigure(fa.Windows[engagement.WindowNow]))
			if fa.BandOK {
				fmt.Fprintf(&b, " (%s)", fa.Band)
			}
			if fa.Trend.OK {
				fmt.Fprintf(&b, " %s", fa.Trend.Direction.Arrow())
			}
		}
	}
	if len(in.Markets) > 0 {
		b.WriteString(" · " + escapeTrunc(strings.Join(in.Markets, ", "), 60))
	}
	if underrated {
		fmt.Fprintf(&b, " · *score %.1f/%d*", r.Underrated.Total(), discover.MaxUnderratedScore)
	}
	if len(r.Why) > 0 {
		b.WriteString("\n_" + escapeTrunc(strings.Join(r.Why, " · "), 400) + "_")
	}
	if len(r.Misses) > 0 {
		b.WriteString("\nMisses: " + escapeTrunc(strings.Join(r.Misses, " · "), 300))
	}
	return b.String()
}

// FindMoreValue packs the next page and the query into the "More" button's value.
func FindMoreValue(page int, query string) string { return fmt.Sprintf("%d|%s", page, query) }

// ParseFindMoreValue unpacks FindMoreValue.
func ParseFindMoreValue(v string) (page int, query string, ok bool) {
	p, q, found := strings.Cut(v, "|")
	if !found {
		return 0, "", false
	}
	if _, err := fmt.Sscanf(p, "%d", &page); err != nil || page < 1 {
		return 0, "", false
	}
	return page, q, true
}
