package slackbot

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
)

// The slash commands the app registers (manifests/slack-app.yaml).
const (
	CommandInfluencer = "/influencer"
	CommandCampaign   = "/campaign"
)

// HelpEntries returns a copy of the help list of command (CommandInfluencer or
// CommandCampaign; nil for others), so the demo can check that every example works with
// its sample data.
func HelpEntries(command string) []render.HelpEntry {
	switch command {
	case CommandInfluencer:
		return slices.Clone(influencerHelp)
	case CommandCampaign:
		return slices.Clone(campaignHelp)
	}
	return nil
}

// slackEntities undoes Slack's escaping of what the user typed in command text (&, <, >);
// mentions and channel links arrive as real <@U…> markup either way.
var slackEntities = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// handleSlash answers a slash command: in its ack when the answer is ready within the
// ack's budget (pending), else through its response_url.
func (b *Bot) handleSlash(ctx context.Context, cmd slack.SlashCommand, pending *slashAck, log *slog.Logger) {
	log = log.With("command", cmd.Command, "user", cmd.UserID)
	cmd.Text = slackEntities.Replace(cmd.Text)
	var msg render.Message
	switch cmd.Command {
	case CommandInfluencer:
		msg = b.influencerCommand(ctx, cmd, log)
	case CommandCampaign:
		if b.launches == nil {
			msg = render.Problem("Campaigns are not set up on this Rapport.")
			break
		}
		msg = b.campaignCommand(ctx, cmd, log)
	default:
		msg = render.Problem("Rapport doesn't handle `" + render.Escape(cmd.Command) + "` yet. Try `/influencer help`.")
	}
	if len(msg.Blocks) == 0 && msg.Text == "" {
		return // answered another way (a modal opened)
	}
	if pending != nil && pending.answer(msg) {
		return
	}
	if err := b.respond(ctx, cmd.ResponseURL, msg); err != nil {
		log.Error("could not answer slash command", "err", err)
	}
}

// friendly turns an error from below into one sentence a busy user can act on. The detail
// goes to the log, not to Slack.
func friendly(err error, log *slog.Logger) render.Message {
	switch {
	case errors.Is(err, rapport.ErrUnavailable):
		log.Warn("storage unavailable", "err", err)
		return render.Problem("Rapport can't reach its database right now, so nothing was read or changed. Please try again in a minute.")
	case errors.Is(err, context.DeadlineExceeded):
		log.Warn("request timed out", "err", err)
		return render.Problem("That took too long and was stopped. Please try again in a minute.")
	default:
		log.Error("request failed", "err", err)
		return render.Problem("Something went wrong on Rapport's side; the team has the details in the logs. Please try again.")
	}
}
