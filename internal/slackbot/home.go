package slackbot

import (
	"context"
	"log/slog"
	"sort"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/blocks"
)

// recentContact is how far back the App Home lists contacts.
const recentContact = 14 * 24 * time.Hour

// publishHome renders the user's App Home: overdue, due soon, recently contacted.
func (b *Bot) publishHome(ctx context.Context, user string, log *slog.Logger) {
	now := b.now()
	entries, err := b.roster.Entries(ctx, now)
	if err != nil {
		log.Warn("app home: roster unavailable", "err", err)
		return
	}
	ids, dues, err := b.due.DueIDs(ctx, now.Add(dueSoon), 5000)
	if err != nil {
		log.Warn("app home: due index unavailable", "err", err)
		return
	}
	due := make(map[string]time.Time, len(ids))
	for i, id := range ids {
		due[id] = dues[i]
	}
	var overdue, soon, recent []blocks.HomeRow
	for _, e := range entries {
		in := e.Profile.Influencer
		if in.Owner != user {
			continue
		}
		row := blocks.HomeRow{Influencer: in, LastContact: e.Profile.LastTouchpoint}
		if d, ok := due[in.ID()]; ok {
			row.Due = d
			if d.Before(now) {
				overdue = append(overdue, row)
			} else {
				soon = append(soon, row)
			}
		}
		if tp := e.Profile.LastTouchpoint; tp != nil && now.Sub(tp.At) < recentContact {
			recent = append(recent, row)
		}
	}
	sort.Slice(overdue, func(i, j int) bool { return overdue[i].Due.Before(overdue[j].Due) })
	sort.Slice(soon, func(i, j int) bool { return soon[i].Due.Before(soon[j].Due) })
	sort.Slice(recent, func(i, j int) bool { return recent[i].LastContact.At.After(recent[j].LastContact.At) })
	view := blocks.Home(user, overdue, soon, recent, now)
	if err := withRetry(ctx, func() error {
		_, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view})
		return err
	}); err != nil {
		log.Error("app home: publish failed", "err", err)
	}
}
