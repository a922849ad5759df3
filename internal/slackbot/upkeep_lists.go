package slackbot

import (
	"context"
	"log/slog"
	"sort"
	"time"

	"github.com/rapport-bot/rapport/internal/blocks"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// dueSoon is how far ahead the stale list looks.
const dueSoon = 3 * 24 * time.Hour

// DueReader reads the due index and the relationships in it.
type DueReader interface {
	DueIDs(ctx context.Context, t time.Time, limit int) ([]string, []time.Time, error)
	Relationships(ctx context.Context, ids []string) ([]rapport.Influencer, map[string]rapport.RelState, error)
}

// historyCommand shows an influencer's contact history.
func (b *Bot) historyCommand(ctx context.Context, handle string, log *slog.Logger) blocks.Message {
	if handle == "" {
		return blocks.Problem("Say whose history, e.g. `/influencer history @ava.moreau`.")
	}
	p, msg, ok := b.resolve(ctx, handle, log)
	if !ok {
		return msg
	}
	tps, total, err := b.upkeep.Touchpoints(ctx, p.Influencer.ID(), 0, blocks.HistoryPageSize())
	if err != nil {
		return friendly(err, log)
	}
	return blocks.History(p.Influencer, tps, total, b.now())
}

// staleCommand lists overdue and soon-due relationships: the user's own, or everyone's. It
// reads the due index and those relationships only, never the whole roster.
func (b *Bot) staleCommand(ctx context.Context, user string, all bool, log *slog.Logger) blocks.Message {
	now := b.now()
	ids, dues, err := b.due.DueIDs(ctx, now.Add(dueSoon), 5000)
	if err != nil {
		return friendly(err, log)
	}
	ins, states, err := b.due.Relationships(ctx, ids)
	if err != nil {
		return friendly(err, log)
	}
	due := make(map[string]time.Time, len(ids))
	for i, id := range ids {
		due[id] = dues[i]
	}
	var rows []blocks.StaleRow
	for _, in := range ins {
		if !all && in.Owner != user {
			continue
		}
		rows = append(rows, blocks.StaleRow{Influencer: in, Due: due[in.ID()], LastContact: states[in.ID()].LastContact})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Due.Before(rows[j].Due) })
	whose := "your relationships"
	if all {
		whose = "the whole team"
	}
	return blocks.Stale(rows, now, whose)
}
