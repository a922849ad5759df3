package slackbot

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

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
	case render.ViewPollNote:
		b.pollNoteSubmitted(ctx, cb, log)
	default:
		log.Debug("view submission ignored", "callback", cb.View.CallbackID)
	}
}

// saveBudget bounds saving a form before its ack: well inside Slack's 3 s, with room for
// the ack itself.
const saveBudget = 2 * time.Second

// saveBeforeAck saves the forms whose failures must keep the form open — a logged contact,
// a new or edited campaign — then acks. It reports false for other forms.
//
// The save runs on its own goroutine, which sends the ack: the connection's event loop goes
// on acknowledging other envelopes meanwhile.
func (b *Bot) saveBeforeAck(ctx context.Context, acks *acker, evt socketmode.Event, cb slack.InteractionCallback, log *slog.Logger) bool {
	var save func(context.Context, *ackOnce, socketmode.Event, slack.InteractionCallback, *slog.Logger)
	switch cb.View.CallbackID {
	case render.ViewLogTouchpoint:
		save = b.saveLogBeforeAck
	case render.ViewNewCampaign, render.ViewEditCampaign:
		save = b.saveCampaignBeforeAck
	default:
		return false
	}
	a := &ackOnce{acks: acks, received: acks.received}
	b.inflight.Add(1)
	go func() {
		defer b.inflight.Done()
		save(ctx, a, evt, cb, log)
	}()
	return true
}

// ackOnce acknowledges one envelope from a goroutine of its own.
type ackOnce struct {
	acks     *acker
	received time.Time
}

// ackWith acks a submission: closing the form (no errors) or keeping it open with errors.
func ackWith(a *ackOnce, evt socketmode.Event, errs map[string]string, log *slog.Logger) {
	var err error
	if len(errs) > 0 {
		err = a.acks.ackAt(a.received, *evt.Request, slack.NewErrorsViewSubmissionResponse(errs))
	} else {
		err = a.acks.ackAt(a.received, *evt.Request)
	}
	if err != nil {
		log.Warn("ack failed", "envelope", evt.Request.EnvelopeID, "err", err)
	}
}

// tellLater sends msg to user after the ack, outside the envelope's handler.
func (b *Bot) tellLater(ctx context.Context, user, channel string, msg render.Message, log *slog.Logger) {
	b.inflight.Add(1)
	go func() {
		defer b.inflight.Done()
		tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handlerTimeout)
		defer cancel()
		b.tell(tctx, user, channel, msg, log)
	}()
}

// saveLogBeforeAck saves the touchpoint form, then acks: with the form closed and a
// confirmation after, or — when the save failed (Redis unreachable, too slow) — with the
// form kept open, its input intact, and the reason beside the note.
func (b *Bot) saveLogBeforeAck(ctx context.Context, acks *ackOnce, evt socketmode.Event, cb slack.InteractionCallback, log *slog.Logger) {
	sctx, cancel := context.WithTimeout(ctx, saveBudget)
	msg, err := b.saveLogForm(sctx, cb, log)
	cancel()
	if err != nil {
		log.Warn("touchpoint form not saved; the form stays open", "err", err)
		ackWith(acks, evt, map[string]string{render.LogBlockNote: notSavedNow}, log)
		return
	}
	ackWith(acks, evt, nil, log)
	b.tellLater(ctx, cb.User.ID, logMetaOf(cb).Channel, msg, log)
}

// notSavedNow is a form's answer when storage did not take it.
const notSavedNow = "Rapport couldn't save this just now (its database didn't answer). What you typed is still here: press Save again in a minute."

func logMetaOf(cb slack.InteractionCallback) render.LogMeta {
	var m render.LogMeta
	_ = json.Unmarshal([]byte(cb.View.PrivateMetadata), &m)
	return m
}

// saveLogForm stores the touchpoint form's contact and returns the confirmation; an error
// means nothing may have been saved and the user should try again (the save is idempotent
// by the form's view ID). An influencer no longer on the roster is an answer, not an error.
func (b *Bot) saveLogForm(ctx context.Context, cb slack.InteractionCallback, log *slog.Logger) (render.Message, error) {
	f, _ := readLogForm(cb, b.now())
	p, err := b.rel.Find(ctx, f.meta.ID)
	switch {
	case errors.Is(err, rapport.ErrNotFound):
		return render.Problem("That influencer is no longer on the roster, so nothing was logged."), nil
	case err != nil:
		return render.Message{}, err
	}
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
	res, err := b.rel.LogContact(ctx, p, tp)
	if err != nil {
		return render.Message{}, err
	}
	return render.TouchpointSaved(p.Influencer, tp, res.LastContact, res.NextDue, b.now()), nil
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
