package slackbot

import (
	"context"
	"log/slog"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/sender"
)

// publishHome renders the user's App Home: overdue, due soon, recently contacted.
func (b *Bot) publishHome(ctx context.Context, user string, log *slog.Logger) {
	now := b.now()
	entries, err := b.roster.Entries(ctx, now)
	if err != nil {
		log.Warn("app home: roster unavailable", "err", err)
		return
	}
	profiles := make([]rapport.Profile, len(entries))
	byID := make(map[string]rapport.Profile, len(entries))
	for i, e := range entries {
		profiles[i] = e.Profile
		byID[e.Profile.Influencer.ID()] = e.Profile
	}
	home, err := b.rel.HomeFor(ctx, user, profiles, b.out.Zone(ctx, user))
	if err != nil {
		log.Warn("app home: due index unavailable", "err", err)
		return
	}
	var overdue, soon, recent []render.HomeRow
	for _, r := range home.Stale {
		p := byID[r.Relationship.ID]
		row := render.HomeRow{Influencer: p.Influencer, Due: r.Relationship.Due, LastContact: p.LastTouchpoint}
		if row.Influencer.Handle == "" {
			row.Influencer = rapport.Influencer{Handle: r.Relationship.Handle, Name: r.Relationship.Name, Owner: r.Relationship.Owner}
		}
		if r.Overdue >= 0 {
			overdue = append(overdue, row)
		} else {
			soon = append(soon, row)
		}
	}
	for _, p := range home.Recent {
		recent = append(recent, render.HomeRow{Influencer: p.Influencer, LastContact: p.LastTouchpoint})
	}
	view := render.Home(user, overdue, soon, recent, now)
	if err := sender.Retry(ctx, func() error {
		_, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view})
		return err
	}); err != nil {
		log.Error("app home: publish failed", "err", err)
	}
}
