package slackbot

import (
	"context"
	"log/slog"
	"strings"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/render"
)

// upkeepCommand routes the relationship subcommands.
func (b *Bot) upkeepCommand(ctx context.Context, cmd slack.SlashCommand, req InfluencerRequest, log *slog.Logger) render.Message {
	rest := strings.TrimSpace(req.Query)
	switch req.Sub {
	case "log":
		return b.logCommand(ctx, cmd, rest, log)
	case "owner":
		return b.ownerCommand(ctx, cmd, rest, log)
	case "contact":
		return b.contactCommand(ctx, cmd, rest, log)
	case "snooze":
		return b.snoozeCommand(ctx, cmd, rest, log)
	case "pause":
		return b.pauseCommand(ctx, cmd, rest, true, log)
	case "resume":
		return b.pauseCommand(ctx, cmd, rest, false, log)
	case "history":
		return b.historyCommand(ctx, rest, log)
	case "stale":
		return b.staleCommand(ctx, cmd.UserID, strings.EqualFold(rest, "all"), log)
	}
	return render.Help(CommandInfluencer, influencerHelp)
}
