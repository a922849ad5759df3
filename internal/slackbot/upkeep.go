package slackbot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/access"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/relationships"
	"github.com/rapport-bot/rapport/internal/render"
)

// touchpointID makes a save idempotent: the same Slack request always yields the same id.
func touchpointID(requestKey string) string {
	sum := sha256.Sum256([]byte(requestKey))
	return hex.EncodeToString(sum[:8])
}

// logCommand records a touchpoint from `/influencer log`, or opens the form when no kind
// was given.
func (b *Bot) logCommand(ctx context.Context, cmd slack.SlashCommand, rest string, log *slog.Logger) render.Message {
	now := b.now()
	zone := b.out.Zone(ctx, cmd.UserID)
	req, err := ParseLog(rest, now, zone)
	if err != nil {
		return render.Problem(err.Error())
	}
	p, msg, ok := b.resolve(ctx, req.Handle, log)
	if !ok {
		return msg
	}
	if req.Kind == "" {
		view := render.LogTouchpointModal(p.Influencer, cmd.ChannelID, now.In(zone))
		if _, err := b.api.OpenViewContext(ctx, cmd.TriggerID, view); err != nil {
			return slackProblem(err, "open the form", log)
		}
		return render.Message{} // the modal is the answer
	}
	tp := rapport.Touchpoint{
		ID: touchpointID("cmd:" + cmd.TriggerID), Handle: p.Influencer.ID(), Kind: req.Kind,
		At: req.At.UTC(), LoggedAt: now.UTC(), By: cmd.UserID, Note: req.Note,
	}
	return b.saveTouchpoint(ctx, p, tp, log)
}

// saveTouchpoint stores tp and says what changed for the relationship.
func (b *Bot) saveTouchpoint(ctx context.Context, p rapport.Profile, tp rapport.Touchpoint, log *slog.Logger) render.Message {
	res, err := b.rel.LogContact(ctx, p, tp)
	if err != nil {
		return friendly(err, log)
	}
	return render.TouchpointSaved(p.Influencer, tp, res.LastContact, res.NextDue, b.now())
}

// resolve finds the influencer a command names, or the answer to give when it can't.
func (b *Bot) resolve(ctx context.Context, handle string, log *slog.Logger) (rapport.Profile, render.Message, bool) {
	p, err := b.rel.Find(ctx, handle)
	switch {
	case err == nil:
		return p, render.Message{}, true
	case errors.Is(err, rapport.ErrNotFound):
		return rapport.Profile{}, b.notFound(ctx, handle, log), false
	default:
		return rapport.Profile{}, friendly(err, log), false
	}
}

// ownerCommand sets the owner (and backup) after checking both are active Slack users.
func (b *Bot) ownerCommand(ctx context.Context, cmd slack.SlashCommand, rest string, log *slog.Logger) render.Message {
	req, err := ParseOwner(rest)
	if err != nil {
		return render.Problem(err.Error())
	}
	p, msg, ok := b.resolve(ctx, req.Handle, log)
	if !ok {
		return msg
	}
	msg, _ = b.setOwner(ctx, cmd.UserID, p, req.Owner, req.Backup, log)
	return msg
}

// setOwner makes owner (and backup, when given) responsible for the relationship.
func (b *Bot) setOwner(ctx context.Context, actor string, p rapport.Profile, owner, backup string, log *slog.Logger) (render.Message, bool) {
	in, err := b.rel.SetOwner(ctx, actor, p, owner, backup)
	var denied *access.DeniedError
	if errors.As(err, &denied) {
		return refusal(denied.Decision), false
	}
	var pe *relationships.PersonError
	if errors.As(err, &pe) {
		switch pe.Reason {
		case "left":
			return render.Problem(render.Mention(pe.User) + " has left the workspace; pick someone who is still here."), false
		case "bot":
			return render.Problem(render.Mention(pe.User) + " is a bot; relationships need a person as owner."), false
		}
		return render.Problem(render.Mention(pe.User) + " isn't a user in this workspace; pick someone with @."), false
	}
	if err != nil {
		return friendly(err, log), false
	}
	text := fmt.Sprintf(":white_check_mark: %s now owns @%s", render.Mention(in.Owner), render.Escape(in.Handle))
	if in.Backup != "" {
		text += ", with " + render.Mention(in.Backup) + " as backup"
	}
	return render.Done(text + "."), true
}

// contactCommand records the influencer-side point of contact.
func (b *Bot) contactCommand(ctx context.Context, cmd slack.SlashCommand, rest string, log *slog.Logger) render.Message {
	handle, c, err := ParseContact(rest)
	if err != nil {
		return render.Problem(err.Error())
	}
	p, msg, ok := b.resolve(ctx, handle, log)
	if !ok {
		return msg
	}
	in, err := b.rel.SetContact(ctx, cmd.UserID, p, c)
	if err != nil {
		var denied *access.DeniedError
		if errors.As(err, &denied) {
			return refusal(denied.Decision)
		}
		return friendly(err, log)
	}
	return render.Done(fmt.Sprintf(":white_check_mark: @%s's contact is now %s.", render.Escape(in.Handle), render.Escape(c.Name+" ("+c.Role+")")))
}

// snoozeCommand silences nudges for one relationship; its due time does not move.
func (b *Bot) snoozeCommand(ctx context.Context, cmd slack.SlashCommand, rest string, log *slog.Logger) render.Message {
	handle, d, err := ParseSnooze(rest)
	if err != nil {
		return render.Problem(err.Error())
	}
	p, msg, ok := b.resolve(ctx, handle, log)
	if !ok {
		return msg
	}
	until, err := b.rel.Snooze(ctx, cmd.UserID, p, d)
	if err != nil {
		var denied *access.DeniedError
		if errors.As(err, &denied) {
			return refusal(denied.Decision)
		}
		return friendly(err, log)
	}
	return render.Done(fmt.Sprintf(":zzz: No nudges about @%s until %s. The contact schedule itself is unchanged.",
		render.Escape(p.Influencer.Handle), until.UTC().Format("Mon 2 Jan")))
}

// pauseCommand stops (pause) or restarts (resume) the relationship's cadence.
func (b *Bot) pauseCommand(ctx context.Context, cmd slack.SlashCommand, handle string, pause bool, log *slog.Logger) render.Message {
	if handle == "" {
		verb := "pause"
		if !pause {
			verb = "resume"
		}
		return render.Problem(fmt.Sprintf("Say which relationship, e.g. `/influencer %s @ava.moreau`.", verb))
	}
	p, msg, ok := b.resolve(ctx, handle, log)
	if !ok {
		return msg
	}
	in := p.Influencer
	changed, err := b.rel.SetPaused(ctx, cmd.UserID, p, pause)
	var denied *access.DeniedError
	switch {
	case errors.As(err, &denied):
		return refusal(denied.Decision)
	case errors.Is(err, relationships.ErrDoNotContact):
		return render.Problem("@" + render.Escape(in.Handle) + " is marked do-not-contact; there is nothing to pause.")
	case err != nil:
		return friendly(err, log)
	case !changed && pause:
		return render.Done("@" + render.Escape(in.Handle) + " is already paused.")
	case !changed:
		return render.Done("@" + render.Escape(in.Handle) + " isn't paused (status: " + string(in.Status) + ").")
	case pause:
		return render.Done(":double_vertical_bar: Paused @" + render.Escape(in.Handle) + ": no nudges until `/influencer resume`.")
	}
	return render.Done(":arrow_forward: Resumed @" + render.Escape(in.Handle) + " as active.")
}
