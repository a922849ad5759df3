package slackbot

import (
	"context"
	"errors"
	"log/slog"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
)

// handleInteraction routes button clicks and modal submissions.
func (b *Bot) handleInteraction(ctx context.Context, cb slack.InteractionCallback, log *slog.Logger) {
	log = log.With("interaction", cb.Type, "user", cb.User.ID)
	switch cb.Type {
	case slack.InteractionTypeViewSubmission:
		b.handleSubmission(ctx, cb, log)
		return
	case slack.InteractionTypeBlockActions:
	default:
		log.Debug("interaction ignored")
		return
	}
	for _, a := range cb.ActionCallback.BlockActions {
		log := log.With("action", a.ActionID)
		switch a.ActionID {
		case render.ActionShareCard:
			b.shareCard(ctx, cb, a.Value, log)
		case render.ActionTrendChart:
			b.trendChart(ctx, cb, a.Value, log)
		case render.ActionAllCampaigns:
			b.allCampaigns(ctx, cb, a.Value, log)
		case render.ActionFindProfile:
			b.replyTo(ctx, cb, b.lookup(ctx, cb.User.ID, a.Value, log), false, log)
		case render.ActionFindMore:
			b.replyTo(ctx, cb, b.findPage(ctx, a.Value, cb.User.ID, log), true, log)
		case render.ActionNudgeLogged, render.ActionNudgeSnooze, render.ActionNudgeReassign:
			b.nudgeAction(ctx, cb, a, log)
		case render.ActionPollGo, render.ActionPollConditional, render.ActionPollNoGo:
			b.pollClick(ctx, cb, a, log)
		default:
			log.Info("unknown action ignored")
		}
	}
}

// replyTo answers a click through its response_url, replacing the clicked message or adding
// a new ephemeral one.
func (b *Bot) replyTo(ctx context.Context, cb slack.InteractionCallback, msg render.Message, replace bool, log *slog.Logger) {
	if cb.ResponseURL == "" {
		log.Warn("click without response_url; answer dropped")
		return
	}
	if err := b.respondReplace(ctx, cb.ResponseURL, msg, replace); err != nil {
		log.Error("could not answer click", "err", err)
	}
}

// profileFor fetches a profile for a button, answering the clicker when it cannot.
func (b *Bot) profileFor(ctx context.Context, cb slack.InteractionCallback, id string, log *slog.Logger) (rapport.Profile, bool) {
	p, err := b.store.Profile(ctx, id)
	switch {
	case err == nil:
		return p, true
	case errors.Is(err, rapport.ErrNotFound):
		b.replyTo(ctx, cb, render.Problem("That influencer is no longer on the roster."), false, log)
	default:
		b.replyTo(ctx, cb, friendly(err, log), false, log)
	}
	return rapport.Profile{}, false
}

// shareCard posts a fresh copy of the card to the channel for everyone, saying who shared it.
func (b *Bot) shareCard(ctx context.Context, cb slack.InteractionCallback, id string, log *slog.Logger) {
	p, ok := b.profileFor(ctx, cb, id, log)
	if !ok {
		return
	}
	if _, err := b.out.Post(ctx, cb.Channel.ID, b.card(ctx, p, cb.User.ID, cb.User.ID, cb.Channel.ID)); err != nil {
		b.replyTo(ctx, cb, slackProblem(err, "share the card here", log), false, log)
		return
	}
	log.Info("card shared", "influencer", id, "channel", cb.Channel.ID)
}

// allCampaigns opens the modal listing every campaign. The trigger expires 3 s after the
// click, so this runs right after the ack with one Redis read before it.
func (b *Bot) allCampaigns(ctx context.Context, cb slack.InteractionCallback, id string, log *slog.Logger) {
	p, ok := b.profileFor(ctx, cb, id, log)
	if !ok {
		return
	}
	view := render.AllCampaignsModal(p, b.now(), b.currency)
	if _, err := b.api.OpenViewContext(ctx, cb.TriggerID, view); err != nil {
		b.replyTo(ctx, cb, slackProblem(err, "open the campaign list", log), false, log)
	}
}

// slackProblem turns a Slack API error into what the user can do about it.
func slackProblem(err error, doing string, log *slog.Logger) render.Message {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch se.Err {
		case "not_in_channel", "channel_not_found":
			log.Info("slack refused", "err", err)
			return render.Problem("I couldn't " + doing + ": I'm not in this channel. Invite me with `/invite @Rapport` and try again.")
		case "expired_trigger_id":
			log.Info("slack refused", "err", err)
			return render.Problem("That took too long for Slack. Please click again.")
		case "is_archived":
			return render.Problem("I couldn't " + doing + ": this channel is archived.")
		}
	}
	log.Error("slack call failed", "doing", doing, "err", err)
	return render.Problem("Slack didn't let me " + doing + " just now. Please try again in a minute.")
}
