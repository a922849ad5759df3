package demo

import (
	"regexp"
	"strings"
)

var (
	typedMention = regexp.MustCompile(`(^|\s)@([A-Za-z0-9._-]+)`)
	typedChannel = regexp.MustCompile(`(^|\s)#([a-z0-9_-]+)`)
	slackEscapes = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
)

// escapeCommandText turns typed command text into what Slack sends for a command whose
// manifest asks for escaping (should_escape): &, < and > as entities, and @name and
// #channel of the workspace's members and channels as <@U…|name> and <#C…|name>. Anything
// else after @ (an influencer's handle) stays as typed.
func (c *Console) escapeCommandText(text string) string {
	text = slackEscapes.Replace(text)
	text = typedMention.ReplaceAllStringFunc(text, func(m string) string {
		sub := typedMention.FindStringSubmatch(m)
		if p, ok := c.person(sub[2]); ok && strings.EqualFold(sub[2], p.Name) {
			return sub[1] + "<@" + p.ID + "|" + p.Name + ">"
		}
		return m
	})
	return typedChannel.ReplaceAllStringFunc(text, func(m string) string {
		sub := typedChannel.FindStringSubmatch(m)
		if id, ok := c.channelID(sub[2]); ok {
			return sub[1] + "<#" + id + "|" + c.channelName(id) + ">"
		}
		return m
	})
}
