package render

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/risk"
)

// TimingCheck renders a pre-launch timing check: the level, each reason with its evidence
// links, and a note when the check runs late.
func TimingCheck(c rapport.Campaign, label, late string, a risk.Assessment) Message {
	icon := map[risk.Level]string{risk.Green: ":large_green_circle:", risk.Amber: ":large_orange_circle:", risk.Red: ":red_circle:"}[a.Level]
	head := fmt.Sprintf("%s *Timing check %s — %s: %s* — %s\nLaunch %s", icon, Escape(label), escapeTrunc(c.Name, 100),
		levelWord(a.Level), levelMeaning[a.Level], campaignDates(c))
	bs := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil, slack.SectionBlockOptionBlockID("check_head"))}
	if late != "" {
		bs = append(bs, slack.NewContextBlock("check_late", mrkdwn(":hourglass: "+Escape(late))))
	}
	if len(a.Reasons) == 0 {
		bs = append(bs, slack.NewSectionBlock(mrkdwn("Nothing in the news, the calendars or readiness stands in the way."), nil, nil,
			slack.SectionBlockOptionBlockID("check_clear")))
	}
	for i, r := range a.Reasons {
		if i == 12 {
			bs = append(bs, slack.NewContextBlock("check_more", mrkdwn(fmt.Sprintf("…and %d more findings.", len(a.Reasons)-12))))
			break
		}
		lines := []string{map[risk.Level]string{risk.Green: "•", risk.Amber: ":large_orange_circle:", risk.Red: ":red_circle:"}[r.Level] + " " + Escape(r.Text)}
		for _, e := range r.Evidence {
			lines = append(lines, "   "+evidenceLink(e))
		}
		bs = append(bs, slack.NewSectionBlock(mrkdwn(truncateLines(lines, MaxSectionText)), nil, nil,
			slack.SectionBlockOptionBlockID(fmt.Sprintf("check_reason_%d", i))))
	}
	return Message{Text: fmt.Sprintf("Timing check %s for %s: %s", label, escapeTrunc(c.Name, 100), a.Level), Blocks: bs}
}

// levelMeaning says what a level asks of the team, beside its name.
var levelMeaning = map[risk.Level]string{
	risk.Green: "nothing found that should hold the launch",
	risk.Amber: "worth a look before launching",
	risk.Red:   "hold the launch until someone has looked",
}

// levelWord is a level's name as a word: Green, Amber or Red.
func levelWord(l risk.Level) string {
	s := l.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// evidenceLink shows an article as a link when its URL is a plain http(s) address; feed
// URLs are untrusted, so anything else is shown as text.
func evidenceLink(e risk.Evidence) string {
	title := escapeTrunc(e.Title, 150)
	if title == "" {
		title = "(untitled)"
	}
	src := ""
	if e.Source != "" {
		src = " — " + escapeTrunc(e.Source, 60)
	}
	u, err := url.Parse(e.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(e.URL, "|<> \n") {
		return title + src
	}
	return "<" + e.URL + "|" + title + ">" + src
}

// BreakingNews alerts the campaign channel to a red-level article before launch.
func BreakingNews(c rapport.Campaign, m risk.Match) Message {
	text := fmt.Sprintf(":rotating_light: *Breaking news before %s* (launch %s): matches “%s”\n%s",
		escapeTrunc(c.Name, 100), campaignDates(c), escapeTrunc(m.Term, 60),
		evidenceLink(risk.Evidence{Title: m.Title, URL: m.Link, Source: m.Source, Published: m.Published}))
	return Message{Text: "Breaking news before " + escapeTrunc(c.Name, 100), Blocks: []slack.Block{
		slack.NewSectionBlock(mrkdwn(Truncate(text, MaxSectionText)), nil, nil, slack.SectionBlockOptionBlockID("breaking")),
		slack.NewContextBlock("breaking_hint", mrkdwn("Run `/campaign check "+escapeTrunc(c.Name, 80)+"` for the full picture.")),
	}}
}
