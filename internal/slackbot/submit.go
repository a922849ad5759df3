package slackbot

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/sender"
)

// latestZone is the zone where a calendar day starts first (UTC+14): a date after today
// there is in the future for everyone.
var latestZone = time.FixedZone("UTC+14", 14*3600)

// todayAnywhere is the latest date that is today somewhere on Earth at now, as a UTC midnight
// (the form of a parsed date).
func todayAnywhere(now time.Time) time.Time {
	y, m, d := now.In(latestZone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// logForm is the touchpoint form's values.
type logForm struct {
	meta render.LogMeta
	kind rapport.TouchpointKind
	day  time.Time
	who  string
	note string
}

// readLogForm reads and checks the touchpoint form at now. A day is in the future only once
// it has not begun anywhere on Earth yet.
func readLogForm(cb slack.InteractionCallback, now time.Time) (logForm, map[string]string) {
	v := cb.View.State.Values
	errs := map[string]string{}
	var f logForm
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &f.meta); err != nil || f.meta.ID == "" {
		errs[render.LogBlockKind] = "This form is out of date; close it and run /influencer log again."
	}
	kind, err := rapport.ParseTouchpointKind(v[render.LogBlockKind][render.LogBlockKind].SelectedOption.Value)
	if err != nil {
		errs[render.LogBlockKind] = "Pick how you were in touch."
	}
	f.kind = kind
	day, err := time.Parse(time.DateOnly, v[render.LogBlockWhen][render.LogBlockWhen].SelectedDate)
	switch {
	case err != nil:
		errs[render.LogBlockWhen] = "Pick the day it happened."
	case day.After(todayAnywhere(now)):
		errs[render.LogBlockWhen] = "That day is in the future; log contacts once they have happened."
	}
	f.day = day
	f.who = strings.TrimSpace(v[render.LogBlockWho][render.LogBlockWho].Value)
	f.note = strings.TrimSpace(v[render.LogBlockNote][render.LogBlockNote].Value)
	if n := utf8.RuneCountInString(f.note); n > rapport.MaxNoteLength {
		errs[render.LogBlockNote] = "Keep the note under 2,000 characters."
	}
	return f, errs
}

// submissionErrors checks a submitted form before it is acknowledged.
func (b *Bot) submissionErrors(cb slack.InteractionCallback) map[string]string {
	switch cb.View.CallbackID {
	case render.ViewLogTouchpoint:
		_, errs := readLogForm(cb, b.now())
		return errs
	case render.ViewNewCampaign, render.ViewEditCampaign:
		_, errs := readCampaignForm(cb, b.now())
		return errs
	case render.ViewPollNote:
		return pollNoteErrors(cb)
	}
	return nil
}

// handleSubmission acts on a submitted form.
func (b *Bot) handleSubmission(ctx context.Context, cb slack.InteractionCallback, log *slog.Logger) {
	switch cb.View.CallbackID {
	case render.ViewLogTouchpoint:
		b.logSubmitted(ctx, cb, log)
	case render.ViewNewCampaign:
		b.createCampaign(ctx, cb, log)
	case render.ViewEditCampaign:
		b.editCampaign(ctx, cb, log)
	case render.ViewPollNote:
		b.pollNoteSubmitted(ctx, cb, log)
	default:
		log.Debug("view submission ignored", "callback", cb.View.CallbackID)
	}
}

// logSubmitted saves the touchpoint form and confirms in the channel it came from.
func (b *Bot) logSubmitted(ctx context.Context, cb slack.InteractionCallback, log *slog.Logger) {
	f, errs := readLogForm(cb, b.now())
	if len(errs) > 0 {
		return // answered in the ack
	}
	p, msg, ok := b.resolve(ctx, f.meta.ID, log)
	if ok {
		// Noon in the user's zone on the chosen day, never later than now.
		loc := b.out.Zone(ctx, cb.User.ID)
		at := time.Date(f.day.Year(), f.day.Month(), f.day.Day(), 12, 0, 0, 0, loc)
		if now := b.now(); at.After(now) {
			at = now
		}
		tp := rapport.Touchpoint{
			ID: touchpointID("view:" + cb.View.ID), Handle: p.Influencer.ID(), Kind: f.kind,
			At: at.UTC(), LoggedAt: b.now().UTC(), By: cb.User.ID, Who: f.who, Note: f.note,
		}
		msg = b.saveTouchpoint(ctx, p, tp, log)
	}
	b.tell(ctx, cb.User.ID, f.meta.Channel, msg, log)
}

// tell shows a message to one user: ephemeral in the channel when there is one, else a DM.
func (b *Bot) tell(ctx context.Context, user, channel string, msg render.Message, log *slog.Logger) {
	opts := []slack.MsgOption{slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...)}
	err := sender.Retry(ctx, func() error {
		if channel != "" {
			_, err := b.api.PostEphemeralContext(ctx, channel, user, opts...)
			return err
		}
		_, err := b.out.Post(ctx, user, msg)
		return err
	})
	if err != nil && channel != "" {
		// The channel may be one the bot is not in: fall back to a DM.
		_, err = b.out.Post(ctx, user, msg)
	}
	if err != nil {
		log.Error("could not tell user", "user", user, "err", err)
	}
}
