package slackbot

import (
	"context"
	"log/slog"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
)

// historyCommand shows an influencer's contact history.
func (b *Bot) historyCommand(ctx context.Context, handle string, log *slog.Logger) render.Message {
	if handle == "" {
		return render.Problem("Say whose history, e.g. `/influencer history @ava.moreau`.")
	}
	p, msg, ok := b.resolve(ctx, handle, log)
	if !ok {
		return msg
	}
	tps, total, err := b.rel.History(ctx, p, 0, render.HistoryPageSize())
	if err != nil {
		return friendly(err, log)
	}
	msg = render.History(p.Influencer, tps, total, b.now())
	changes, err := b.rel.Changes(ctx, p, 10)
	if err != nil {
		return friendly(err, log)
	}
	if len(changes) > 0 {
		msg.Blocks = append(msg.Blocks, render.ChangesBlocks("Changes to the relationship", changes, b.now())...)
	}
	return msg
}

// staleCommand lists overdue and soon-due relationships: the user's own, or everyone's.
func (b *Bot) staleCommand(ctx context.Context, user string, all bool, log *slog.Logger) render.Message {
	owner := user
	if all {
		owner = ""
	}
	stale, err := b.rel.Stale(ctx, owner, b.out.Zone(ctx, user))
	if err != nil {
		return friendly(err, log)
	}
	rows := make([]render.StaleRow, len(stale))
	for i, r := range stale {
		rel := r.Relationship
		rows[i] = render.StaleRow{Influencer: rapport.Influencer{Handle: rel.Handle, Name: rel.Name, Owner: rel.Owner},
			Due: rel.Due, LastContact: rel.LastContact}
	}
	whose := "your relationships"
	if all {
		whose = "the whole team"
	}
	return render.Stale(rows, b.now(), whose)
}
