package render

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/suggest"
)

// HelpEntry documents one subcommand with an example.
type HelpEntry struct {
	Usage, What, Example string
}

// Help renders the list of subcommands of a slash command.
func Help(command string, entries []HelpEntry) Message {
	var lines []string
	for _, e := range entries {
		lines = append(lines, fmt.Sprintf("`%s %s` — %s\n        e.g. `%s`", command, e.Usage, e.What, e.Example))
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(fmt.Sprintf("*Rapport — `%s`*", command)), nil, nil, slack.SectionBlockOptionBlockID("help_title")),
	}
	// A few entries per section keep each well within Slack's 3,000 characters.
	const perSection = 6
	for i := 0; i < len(lines); i += perSection {
		body := strings.Join(lines[i:min(i+perSection, len(lines))], "\n")
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(Truncate(body, MaxSectionText)), nil, nil,
			slack.SectionBlockOptionBlockID(fmt.Sprintf("help_body_%d", i/perSection))))
	}
	return Message{Text: "Rapport help for " + command, Blocks: blocks}
}

// NotFound answers an unknown handle or name, offering close matches.
func NotFound(command, query string, close []suggest.Candidate) Message {
	q := escapeTrunc(query, 80)
	text := fmt.Sprintf("No influencer called “%s”.", q)
	if len(close) == 0 {
		body := text + fmt.Sprintf(" Check the spelling, or add them with `rapport import influencers FILE.csv`. `%s help` lists everything I can do.", command)
		return Message{Text: text, Blocks: []slack.Block{
			slack.NewSectionBlock(mrkdwn(body), nil, nil, slack.SectionBlockOptionBlockID("not_found")),
		}}
	}
	var opts []string
	for _, c := range close {
		label := "`@" + escapeTrunc(c.Handle, 64) + "`"
		if c.Name != "" {
			label += " (" + escapeTrunc(c.Name, 80) + ")"
		}
		opts = append(opts, label)
	}
	body := fmt.Sprintf("%s Did you mean %s?", text, joinOr(opts))
	return Message{Text: body, Blocks: []slack.Block{
		slack.NewSectionBlock(mrkdwn(body), nil, nil, slack.SectionBlockOptionBlockID("not_found")),
	}}
}

func joinOr(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// Problem is a short answer for a request that could not be served: one friendly sentence
// that says what the user can do.
func Problem(sentence string) Message {
	return Message{Text: sentence, Blocks: []slack.Block{
		slack.NewSectionBlock(mrkdwn(":warning: "+sentence), nil, nil, slack.SectionBlockOptionBlockID("problem")),
	}}
}
