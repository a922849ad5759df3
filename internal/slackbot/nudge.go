package slackbot

import (
	"context"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
)

// nudgeAction handles a digest row's buttons and picker and updates the row in place.
func (b *Bot) nudgeAction(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction, log *slog.Logger) {
	id, ok := render.NudgeRowID(a.BlockID)
	if !ok {
		log.Warn("nudge action outside a digest row", "block", a.BlockID)
		return
	}
	p, ok := b.profileFor(ctx, cb, id, log)
	if !ok {
		return
	}
	now := b.now()
	var done string
	switch a.ActionID {
	case render.ActionNudgeLogged:
		tp := rapport.Touchpoint{ID: touchpointID("nudge:" + cb.Container.MessageTs + ":" + id),
			Handle: id, Kind: rapport.KindOther, At: now.UTC(), LoggedAt: now.UTC(), By: cb.User.ID, Note: "Logged from a nudge"}
		res, err := b.rel.LogContact(ctx, p, tp)
		if err != nil {
			b.replyTo(ctx, cb, friendly(err, log), false, log)
			return
		}
		done = ":white_check_mark: Contact logged by " + render.Mention(cb.User.ID)
		if !res.NextDue.IsZero() {
			done += " · next due " + res.NextDue.Format("Mon 2 Jan")
		}
	case render.ActionNudgeSnooze:
		until, err := b.rel.Snooze(ctx, cb.User.ID, p, 7*24*time.Hour)
		if err != nil {
			b.replyTo(ctx, cb, friendly(err, log), false, log)
			return
		}
		done = ":zzz: Snoozed until " + until.UTC().Format("Mon 2 Jan") + " by " + render.Mention(cb.User.ID)
	case render.ActionNudgeReassign:
		msg, ok := b.setOwner(ctx, cb.User.ID, p, a.SelectedUser, "", log)
		if !ok {
			b.replyTo(ctx, cb, msg, false, log)
			return
		}
		done = ":arrow_right: Reassigned to " + render.Mention(a.SelectedUser) + " by " + render.Mention(cb.User.ID)
	}
	updated := render.ReplaceRowActions(cb.Message.Blocks.BlockSet, id, done)
	if err := b.out.Update(ctx, cb.Channel.ID, cb.Container.MessageTs, render.Message{Text: cb.Message.Text, Blocks: updated}); err != nil {
		log.Error("could not update the digest", "err", err)
	}
}
