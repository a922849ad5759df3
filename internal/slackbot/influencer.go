package slackbot

import (
	"context"
	"errors"
	"log/slog"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/suggest"
)

// influencerHelp is the `/influencer help` text; every entry is a working subcommand, and
// every example names influencers and users of the demo's sample data, so it works when
// tried in `rapport demo`.
var influencerHelp = []render.HelpEntry{
	{Usage: "<handle or name>", What: "profile card: followers and engagement per platform, owner, markets, tags", Example: "/influencer @ava.moreau"},
	{Usage: "find <terms>", What: "search the roster: tag:, market:, tier:, platform:, er>, trend:, status:, owner:, underrated, or words", Example: "/influencer find tag:sustainability market:FR er>3"},
	{Usage: "compare <a> <b> [c]", What: "side by side: engagement now and a year ago, trend, tier band, last campaign", Example: "/influencer compare @ava.moreau @glowwithjade"},
	{Usage: "log <handle> <kind> [when] [note]", What: "record a contact (call, email, dm, meeting, event, gift, content, other); when = today, yesterday, 3 days ago or 2026-11-20; without a kind it opens a form", Example: "/influencer log @ava.moreau call yesterday Agreed the spring brief"},
	{Usage: "history <handle>", What: "every logged contact, newest first", Example: "/influencer history @ava.moreau"},
	{Usage: "owner <handle> @user [backup @user]", What: "who on our side owns the relationship, and their backup", Example: "/influencer owner @ava.moreau @priya backup @lena"},
	{Usage: "contact <handle> \"<name>\" <role> [email]", What: "the influencer's own point of contact", Example: "/influencer contact @ava.moreau \"Jules Petit\" manager jules@talent.example"},
	{Usage: "snooze <handle> <duration>", What: "no nudges about it for a while; the contact schedule stays", Example: "/influencer snooze @ava.moreau 1w"},
	{Usage: "pause <handle> · resume <handle>", What: "stop or restart the contact schedule", Example: "/influencer pause @ava.moreau"},
	{Usage: "stale [all]", What: "your overdue relationships (all: the whole team's)", Example: "/influencer stale"},
	{Usage: "help", What: "this list", Example: "/influencer help"},
}

func (b *Bot) influencerCommand(ctx context.Context, cmd slack.SlashCommand, log *slog.Logger) render.Message {
	req, err := ParseInfluencerCommand(cmd.Text)
	if err != nil {
		return render.Problem(err.Error())
	}
	switch req.Kind {
	case KindHelp:
		return render.Help(CommandInfluencer, influencerHelp)
	case KindLookup:
		return b.lookup(ctx, cmd.UserID, req.Query, log)
	case KindCompare:
		return b.compare(ctx, req.Handles, log)
	case KindFind:
		return b.find(ctx, req.Query, cmd.UserID, log)
	case KindUpkeep:
		return b.upkeepCommand(ctx, cmd, req, log)
	}
	return render.Help(CommandInfluencer, influencerHelp)
}

func (b *Bot) lookup(ctx context.Context, user, query string, log *slog.Logger) render.Message {
	p, err := b.store.Profile(ctx, query)
	if err == nil {
		return b.card(ctx, p, user, "", "")
	}
	if !errors.Is(err, rapport.ErrNotFound) {
		return friendly(err, log)
	}
	return b.notFound(ctx, query, log)
}

// notFound answers an unknown handle or name with up to three close matches.
func (b *Bot) notFound(ctx context.Context, query string, log *slog.Logger) render.Message {
	dir, err := b.store.Directory(ctx)
	if err != nil {
		return friendly(err, log)
	}
	cands := make([]suggest.Candidate, len(dir))
	for i, e := range dir {
		cands[i] = suggest.Candidate{Handle: e.Handle, Name: e.Name}
	}
	return render.NotFound(CommandInfluencer, query, suggest.Closest(query, cands, 3))
}

// compare renders two or three influencers side by side.
func (b *Bot) compare(ctx context.Context, handles []string, log *slog.Logger) render.Message {
	now := b.now()
	var items []render.Compared
	seen := map[string]bool{}
	for _, h := range handles {
		p, err := b.store.Profile(ctx, h)
		if errors.Is(err, rapport.ErrNotFound) {
			return b.notFound(ctx, h, log)
		}
		if err != nil {
			return friendly(err, log)
		}
		if seen[p.Influencer.ID()] {
			return render.Problem("You named @" + render.Escape(p.Influencer.Handle) + " twice; compare two or three different influencers.")
		}
		seen[p.Influencer.ID()] = true
		items = append(items, render.Compared{Profile: p, Analysis: engagement.Analyze(p.Snapshots, now, b.benchmarks)})
	}
	return render.Compare(items, now, b.currency)
}

// card renders a profile card as of the bot's clock; sharedBy marks the public copy. An
// owner who has left the workspace is flagged: the relationship is effectively unowned.
//
// The card lists campaigns by name, so one planned in a private channel is shown only to
// that channel's members: viewer's card keeps those viewer may see; a card shared into
// channel sharedIn keeps only those of public channels and of sharedIn itself.
func (b *Bot) card(ctx context.Context, p rapport.Profile, viewer, sharedBy, sharedIn string) render.Message {
	now := b.now()
	if b.launches != nil {
		kept := p.Campaigns[:0:0]
		for _, r := range p.Campaigns {
			if sharedBy != "" && b.launches.Public(ctx, r.Campaign, sharedIn) || sharedBy == "" && b.launches.Visible(ctx, viewer, r.Campaign) {
				kept = append(kept, r)
			}
		}
		p.Campaigns = kept
	}
	c := render.Card{
		Profile: p, Analysis: engagement.Analyze(p.Snapshots, now, b.benchmarks), Now: now,
		Brand: b.brand, Currency: b.currency, SharedBy: sharedBy,
	}
	if p.Influencer.Owner != "" {
		if o, err := b.out.User(ctx, p.Influencer.Owner); err == nil && o.Deleted {
			c.OwnerLeft = true
		}
	}
	return render.ProfileCard(c)
}
