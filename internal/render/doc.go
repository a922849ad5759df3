// Package render renders Rapport's Slack messages as Block Kit. Renderers are pure
// functions of domain values: no I/O, no clock (callers pass now). User-supplied text is
// escaped for mrkdwn and truncated to Slack's limits here, in one place; action IDs are
// constants because renaming one breaks buttons on messages already posted.
//
// It may import slack-go's block types but never the socket, Web API or Redis.
package render

import "github.com/slack-go/slack"

// Message is a rendered message: Blocks for Slack clients and Text as the fallback that
// notifications and screen readers use. Every message carries both.
type Message struct {
	Text   string
	Blocks []slack.Block
}
