package blocks

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// maxPlatformRows bounds the per-platform lines on a card; more are summarised.
const maxPlatformRows = 8

// ProfileCard renders the influencer card: who they are, who owns the relationship, and
// per platform the latest followers and engagement rate with its formula.
func ProfileCard(in rapport.Influencer, snaps []rapport.Snapshot) Message {
	title := in.Name
	if title == "" {
		title = in.Handle
	}
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain(Truncate(title, MaxHeaderText))),
	}

	var facts []*slack.TextBlockObject
	facts = append(facts,
		mrkdwn("*Handle*\n@"+escapeTrunc(in.Handle, 100)),
		mrkdwn("*Status*\n"+statusLabel(in.Status)),
		mrkdwn("*Markets*\n"+listOrDash(in.Markets, 400)),
		mrkdwn("*Tags*\n"+listOrDash(in.Tags, 400)),
		mrkdwn("*Owner*\n"+Mention(in.Owner)),
		mrkdwn("*Backup*\n"+Mention(in.Backup)),
	)
	if !in.Contact.IsZero() {
		facts = append(facts, mrkdwn("*Their contact*\n"+contactLine(in.Contact)))
	}
	blocks = append(blocks, slack.NewSectionBlock(nil, facts, nil, slack.SectionBlockOptionBlockID("profile_facts")))
	blocks = append(blocks, slack.NewDividerBlock())
	blocks = append(blocks, platformBlocks(snaps)...)

	// The fallback text is mrkdwn too (notifications render it), so it is escaped as well.
	text := fmt.Sprintf("%s (@%s) — %s", escapeTrunc(title, 150), escapeTrunc(in.Handle, 100), statusLabel(in.Status))
	return Message{Text: text, Blocks: blocks}
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

// platformBlocks renders one line per platform, largest audience first.
func platformBlocks(snaps []rapport.Snapshot) []slack.Block {
	byPlatform := engagement.ByPlatform(snaps)
	if len(byPlatform) == 0 {
		return []slack.Block{slack.NewContextBlock("metrics_none",
			mrkdwn("No metrics yet. Import them with `rapport import metrics FILE.csv`."))}
	}
	type row struct {
		platform  rapport.Platform
		followers float64
		line      string
	}
	var rows []row
	for p, ss := range byPlatform {
		f, _, hasF := engagement.LatestFollowers(ss)
		rows = append(rows, row{p, f, platformLine(p, ss, f, hasF)})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].followers != rows[j].followers {
			return rows[i].followers > rows[j].followers
		}
		return rows[i].platform < rows[j].platform
	})
	var lines []string
	for i, r := range rows {
		if i == maxPlatformRows {
			lines = append(lines, fmt.Sprintf("_…and %d more platforms_", len(rows)-maxPlatformRows))
			break
		}
		lines = append(lines, r.line)
	}
	return []slack.Block{
		slack.NewSectionBlock(mrkdwn(Truncate(strings.Join(lines, "\n"), MaxSectionText)), nil, nil,
			slack.SectionBlockOptionBlockID("metrics")),
		slack.NewContextBlock("metrics_legend", mrkdwn("ER/followers = "+engagement.PerFollower.Explain()+
			" · ER/views = "+engagement.PerView.Explain()+" · latest period with data")),
	}
}

func platformLine(p rapport.Platform, ss []rapport.Snapshot, followers float64, hasFollowers bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s*", Escape(p.Title()))
	if hasFollowers {
		fmt.Fprintf(&b, " · %s followers", Count(followers))
	} else {
		b.WriteString(" · followers unknown")
	}
	if r, ok := engagement.Latest(ss, engagement.PerFollower); ok {
		fmt.Fprintf(&b, " · %s: *%s* (%s)", r.Formula.Label(), Percent(r.Rate), period(r.AsOf))
	} else {
		b.WriteString(" · ER: not enough data")
	}
	if p.IsVideo() {
		if r, ok := engagement.Latest(ss, engagement.PerView); ok {
			fmt.Fprintf(&b, " · %s: *%s* (%s)", r.Formula.Label(), Percent(r.Rate), period(r.AsOf))
		}
	}
	return b.String()
}

func period(t time.Time) string { return t.Format("Jan 2006") }
