package render

import (
	"fmt"
	"regexp"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// escapedMention is a user mention after escaping.
var escapedMention = regexp.MustCompile(`&lt;@([UW][A-Z0-9]{2,20})&gt;`)

// maxAuditRows bounds the changes one message lists.
const maxAuditRows = 20

// Changes lists an audit trail, newest first: who did what and when. The title is mrkdwn;
// escape user text in it before.
func Changes(title string, entries []rapport.AuditEntry, now time.Time) Message {
	if len(entries) == 0 {
		return Done(title + ": no changes recorded.")
	}
	return Message{Text: title, Blocks: ChangesBlocks(title, entries, now)}
}

// ChangesBlocks is Changes' blocks, to append to another message (an influencer's history).
func ChangesBlocks(title string, entries []rapport.AuditEntry, now time.Time) []slack.Block {
	lines := []string{"*" + title + "*"}
	for i, e := range entries {
		if i == maxAuditRows {
			lines = append(lines, fmt.Sprintf("…and %d earlier.", len(entries)-maxAuditRows))
			break
		}
		line := fmt.Sprintf("• %s — %s %s", e.At.UTC().Format("Mon 2 Jan 2006 15:04 UTC"), Mention(e.By), escapeTrunc(e.Action, 80))
		if e.Detail != "" {
			// Details are plain text that may name people as <@U…>: escaped like any text,
			// then those (and only those) turned back into mentions.
			line += ": " + escapedMention.ReplaceAllString(escapeTrunc(e.Detail, 300), "<@$1>")
		}
		line += " (" + wording.Ago(now.Sub(e.At)) + ")"
		lines = append(lines, line)
	}
	return []slack.Block{slack.NewSectionBlock(mrkdwn(truncateLines(lines, MaxSectionText)), nil, nil, slack.SectionBlockOptionBlockID("changes"))}
}
