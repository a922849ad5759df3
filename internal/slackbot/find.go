package slackbot

import (
	"context"
	"log/slog"

	"github.com/rapport-bot/rapport/internal/discover"
	"github.com/rapport-bot/rapport/internal/render"
)

// find answers /influencer find with the first page of results.
func (b *Bot) find(ctx context.Context, text, user string, log *slog.Logger) render.Message {
	return b.findResults(ctx, text, 1, user, log)
}

// findPage answers the "More" button: the value carries the page and the query.
func (b *Bot) findPage(ctx context.Context, value, user string, log *slog.Logger) render.Message {
	page, query, ok := render.ParseFindMoreValue(value)
	if !ok {
		return render.Problem("That button is from an older search; run `/influencer find` again.")
	}
	return b.findResults(ctx, query, page, user, log)
}

func (b *Bot) findResults(ctx context.Context, text string, page int, user string, log *slog.Logger) render.Message {
	q, err := discover.ParseQuery(text)
	if err != nil {
		return render.Problem(render.Escape(err.Error()))
	}
	now := b.now()
	roster, err := b.roster.Roster(ctx, now)
	if err != nil {
		return friendly(err, log)
	}
	hits := discover.Find(q, roster, user, now)
	items, more := hits.Page(page, discover.DefaultPageSize)
	total := hits.Len()
	hits.Release()
	return render.FindResults(render.FindPage{Query: q.String(), Page: page, Total: total, Items: items, HasMore: more,
		Underrated: q.Underrated})
}
