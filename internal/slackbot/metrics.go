package slackbot

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// Metrics counts what the bot sees; metrics.Metrics provides it, and nil counts nothing.
// Every label value comes from a fixed set: envelope types, the app's commands and their
// known subcommands, else "other".
type Metrics interface {
	// EnvelopeAcked observes an ack sent took after its envelope arrived.
	EnvelopeAcked(envelopeType string, took time.Duration)
	// CommandAnswered observes a slash command answered took after it arrived.
	CommandAnswered(command, subcommand string, took time.Duration)
	// RequestShed counts a request answered "busy" instead of handled: its envelope type,
	// lane and reason (Shed* constants).
	RequestShed(envelopeType, lane, reason string)
	// SocketReconnected counts a Socket Mode connection opened again after one closed.
	SocketReconnected()
}

// envelopeLabel is an envelope type as a label value.
func envelopeLabel(t string) string {
	switch t {
	case socketmode.RequestTypeEventsAPI, socketmode.RequestTypeSlashCommands, socketmode.RequestTypeInteractive:
		return t
	}
	return "other"
}

// campaignSubcommands are /campaign's subcommands by the word that starts them; anything
// else names a campaign and asks for its status (or, ending in "history", its changes).
var campaignSubcommands = map[string]string{
	"": "help", "help": "help", "?": "help", "new": "new", "create": "new", "list": "list",
	"check": "check", "poll": "poll", "cancel": "cancel", "edit": "edit",
}

// commandLabels names a slash command and its subcommand as label values, from the
// fixed sets the handlers route on: the command text itself never becomes a label.
func commandLabels(cmd slack.SlashCommand) (command, subcommand string) {
	switch cmd.Command {
	case CommandInfluencer:
		req, err := ParseInfluencerCommand(slackEntities.Replace(cmd.Text))
		if err != nil {
			return cmd.Command, "other"
		}
		switch req.Kind {
		case KindHelp:
			return cmd.Command, "help"
		case KindLookup:
			return cmd.Command, "lookup"
		case KindFind:
			return cmd.Command, "find"
		case KindCompare:
			return cmd.Command, "compare"
		case KindUpkeep:
			if upkeepSubcommands[req.Sub] {
				return cmd.Command, req.Sub
			}
		}
		return cmd.Command, "other"
	case CommandCampaign:
		text := strings.TrimSpace(slackEntities.Replace(cmd.Text))
		if utf8.RuneCountInString(text) > maxCampaignArg {
			return cmd.Command, "other"
		}
		first, _, _ := strings.Cut(text, " ")
		if sub, ok := campaignSubcommands[strings.ToLower(first)]; ok {
			return cmd.Command, sub
		}
		if strings.HasSuffix(text, " history") {
			return cmd.Command, "history"
		}
		return cmd.Command, "status"
	}
	return "other", "other"
}
