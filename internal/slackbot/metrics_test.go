package slackbot

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

func TestCommandLabelsNameOnlyKnownSubcommands(t *testing.T) {
	for _, tt := range []struct {
		command, text string
		want          [2]string
	}{
		{"/influencer", "", [2]string{"/influencer", "help"}},
		{"/influencer", "@ava.moreau", [2]string{"/influencer", "lookup"}},
		{"/influencer", "Ava Moreau", [2]string{"/influencer", "lookup"}},
		{"/influencer", "find tag:beauty", [2]string{"/influencer", "find"}},
		{"/influencer", "vs a b", [2]string{"/influencer", "compare"}},
		{"/influencer", "LOG ava call", [2]string{"/influencer", "log"}},
		{"/influencer", "stale all", [2]string{"/influencer", "stale"}},
		{"/influencer", "compare just-one", [2]string{"/influencer", "other"}},
		{"/influencer", strings.Repeat("x", 500), [2]string{"/influencer", "other"}},
		{"/campaign", "", [2]string{"/campaign", "help"}},
		{"/campaign", "create", [2]string{"/campaign", "new"}},
		{"/campaign", "Check Spring Glow", [2]string{"/campaign", "check"}},
		{"/campaign", "poll Spring Glow", [2]string{"/campaign", "poll"}},
		{"/campaign", "Spring Glow", [2]string{"/campaign", "status"}},
		{"/campaign", "Spring Glow history", [2]string{"/campaign", "history"}},
		{"/campaign", strings.Repeat("x", 500), [2]string{"/campaign", "other"}},
		{"/xoxb-secret", "anything", [2]string{"other", "other"}},
	} {
		c, s := commandLabels(slack.SlashCommand{Command: tt.command, Text: tt.text})
		if got := [2]string{c, s}; got != tt.want {
			t.Errorf("%s %.20q = %v, want %v", tt.command, tt.text, got, tt.want)
		}
	}
}

func TestEnvelopeLabel(t *testing.T) {
	for in, want := range map[string]string{
		"slash_commands": "slash_commands", "interactive": "interactive", "events_api": "events_api",
		"": "other", "brand_new_type": "other",
	} {
		if got := envelopeLabel(in); got != want {
			t.Errorf("envelopeLabel(%q) = %q, want %q", in, got, want)
		}
	}
}
