package slackbot

import (
	"context"
	"log/slog"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/discover"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/sender"
)

// publishHome renders the user's App Home: overdue, due soon, recently contacted.
func (b *Bot) publishHome(ctx context.Context, user string, log *slog.Logger) {
	now := b.now()
	roster, err := b.roster.Roster(ctx, now)
	if err != nil {
		log.Warn("app home: roster unavailable", "err", err)
		return
	}
	// HomeFor picks the user's recent contacts from profiles: hand it only the user's
	// contacted relationships, as the index keeps them.
	var profiles []rapport.Profile
	roster.All(func(r discover.Record) bool {
		if r.Owner() == user {
			if tp := r.LastTouchpoint(); tp != nil {
				profiles = append(profiles, rapport.Profile{Influencer: r.Influencer(), LastTouchpoint: tp})
			}
		}
		return true
	})
	home, err := b.rel.HomeFor(ctx, user, profiles, b.out.Zone(ctx, user))
	if err != nil {
		log.Warn("app home: due index unavailable", "err", err)
		return
	}
	var overdue, soon, recent []render.HomeRow
	for _, r := range home.Stale {
		row := render.HomeRow{Due: r.Relationship.Due}
		if rec, ok := roster.Lookup(r.Relationship.ID); ok {
			row.Influencer, row.LastContact = rec.Influencer(), rec.LastTouchpoint()
		}
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
