package slackbot

import (
	"context"
	"errors"
	"log/slog"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/blocks"
	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/suggest"
)

// influencerHelp is the `/influencer help` text; every entry is a working subcommand.
var influencerHelp = []blocks.HelpEntry{
	{Usage: "<handle or name>", What: "profile card: followers and engagement per platform, owner, markets, tags", Example: "/influencer @ava.moreau"},
	{Usage: "help", What: "this list", Example: "/influencer help"},
}

func (b *Bot) influencerCommand(ctx context.Context, cmd slack.SlashCommand, log *slog.Logger) blocks.Message {
	req, err := ParseInfluencerCommand(cmd.Text)
	if err != nil {
		return blocks.Problem(err.Error())
	}
	switch req.Kind {
	case KindHelp:
		return blocks.Help(CommandInfluencer, influencerHelp)
	case KindLookup:
		return b.lookup(ctx, req.Query, log)
	}
	return blocks.Help(CommandInfluencer, influencerHelp)
}

func (b *Bot) lookup(ctx context.Context, query string, log *slog.Logger) blocks.Message {
	p, err := b.store.Profile(ctx, query)
	if err == nil {
		return b.card(p, "")
	}
	if !errors.Is(err, rapport.ErrNotFound) {
		return friendly(err, log)
	}
	dir, err := b.store.Directory(ctx)
	if err != nil {
		return friendly(err, log)
	}
	cands := make([]suggest.Candidate, len(dir))
	for i, e := range dir {
		cands[i] = suggest.Candidate{Handle: e.Handle, Name: e.Name}
	}
	return blocks.NotFound(CommandInfluencer, query, suggest.Closest(query, cands, 3))
}

// card renders a profile card as of the bot's clock; sharedBy marks the public copy.
func (b *Bot) card(p rapport.Profile, sharedBy string) blocks.Message {
	now := b.now()
	return blocks.ProfileCard(blocks.Card{
		Profile: p, Analysis: engagement.Analyze(p.Snapshots, now, b.benchmarks), Now: now,
		Brand: b.brand, Currency: b.currency, SharedBy: sharedBy,
	})
}
