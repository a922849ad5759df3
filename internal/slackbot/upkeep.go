package slackbot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/blocks"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/upkeep"
)

// UpkeepStore is what relationship upkeep needs from storage.
type UpkeepStore interface {
	UpsertInfluencers(ctx context.Context, ins []rapport.Influencer, now time.Time) (rapport.UpsertStats, error)
	LogTouchpoint(ctx context.Context, tp rapport.Touchpoint, cadence time.Duration) (rapport.LogResult, error)
	Touchpoints(ctx context.Context, id string, offset, limit int) ([]rapport.Touchpoint, int, error)
	SetDues(ctx context.Context, dues map[string]rapport.DueEntry) error
	Snooze(ctx context.Context, id string, until time.Time) error
	RelStates(ctx context.Context, ids []string) (map[string]rapport.RelState, error)
}

// cadenceOf is the relationship's contact cadence, or false when it is never due.
func (b *Bot) cadenceOf(p rapport.Profile) (time.Duration, bool) {
	return upkeep.Cadence(p, b.cadence, b.now())
}

// touchpointID makes a save idempotent: the same Slack request always yields the same id.
func touchpointID(requestKey string) string {
	sum := sha256.Sum256([]byte(requestKey))
	return hex.EncodeToString(sum[:8])
}

// userZone is the user's time zone from Slack, or UTC when unknown.
func (b *Bot) userZone(ctx context.Context, userID string) *time.Location {
	u, err := b.api.GetUserInfoContext(ctx, userID)
	if err != nil || u.TZ == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(u.TZ)
	if err != nil {
		return time.UTC
	}
	return loc
}

// logCommand records a touchpoint from `/influencer log`, or opens the form when no kind
// was given.
func (b *Bot) logCommand(ctx context.Context, cmd slack.SlashCommand, rest string, log *slog.Logger) blocks.Message {
	now := b.now()
	req, err := ParseLog(rest, now, b.userZone(ctx, cmd.UserID))
	if err != nil {
		return blocks.Problem(err.Error())
	}
	p, msg, ok := b.resolve(ctx, req.Handle, log)
	if !ok {
		return msg
	}
	if req.Kind == "" {
		view := blocks.LogTouchpointModal(p.Influencer, cmd.ChannelID, now.In(b.userZone(ctx, cmd.UserID)))
		if _, err := b.api.OpenViewContext(ctx, cmd.TriggerID, view); err != nil {
			return slackProblem(err, "open the form", log)
		}
		return blocks.Message{} // the modal is the answer
	}
	tp := rapport.Touchpoint{
		ID: touchpointID("cmd:" + cmd.TriggerID), Handle: p.Influencer.ID(), Kind: req.Kind,
		At: req.At.UTC(), LoggedAt: now.UTC(), By: cmd.UserID, Note: req.Note,
	}
	return b.saveTouchpoint(ctx, p, tp, log)
}

// saveTouchpoint stores tp and says what changed for the relationship.
func (b *Bot) saveTouchpoint(ctx context.Context, p rapport.Profile, tp rapport.Touchpoint, log *slog.Logger) blocks.Message {
	last, next, err := b.logContact(ctx, p, tp, log)
	if err != nil {
		return friendly(err, log)
	}
	return blocks.TouchpointSaved(p.Influencer, tp, last, next, b.now())
}

// logContact stores tp with the relationship's cadence and returns the latest contact and
// the next due time (zero when the relationship is never due).
func (b *Bot) logContact(ctx context.Context, p rapport.Profile, tp rapport.Touchpoint, log *slog.Logger) (last, next time.Time, err error) {
	cad, due := b.cadenceOf(p)
	if !due {
		cad = 0
	}
	res, err := b.upkeep.LogTouchpoint(ctx, tp, cad)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	log.Info("touchpoint logged", "influencer", tp.Handle, "kind", tp.Kind, "added", res.Added)
	if due {
		next = res.LastContact.Add(cad)
	}
	return res.LastContact, next, nil
}

// resolve finds the influencer a command names, or the answer to give when it can't.
func (b *Bot) resolve(ctx context.Context, handle string, log *slog.Logger) (rapport.Profile, blocks.Message, bool) {
	p, err := b.store.Profile(ctx, handle)
	switch {
	case err == nil:
		return p, blocks.Message{}, true
	case errors.Is(err, rapport.ErrNotFound):
		return rapport.Profile{}, b.notFound(ctx, handle, log), false
	default:
		return rapport.Profile{}, friendly(err, log), false
	}
}

// ownerCommand sets the owner (and backup) after checking both are active Slack users.
func (b *Bot) ownerCommand(ctx context.Context, rest string, log *slog.Logger) blocks.Message {
	req, err := ParseOwner(rest)
	if err != nil {
		return blocks.Problem(err.Error())
	}
	p, msg, ok := b.resolve(ctx, req.Handle, log)
	if !ok {
		return msg
	}
	msg, _ = b.setOwner(ctx, p, req.Owner, req.Backup, log)
	return msg
}

// setOwner makes owner (and backup, when given) responsible for the relationship after
// checking both are people still in the workspace.
func (b *Bot) setOwner(ctx context.Context, p rapport.Profile, owner, backup string, log *slog.Logger) (blocks.Message, bool) {
	for _, u := range []string{owner, backup} {
		if u == "" {
			continue
		}
		info, err := b.api.GetUserInfoContext(ctx, u)
		if err != nil {
			return blocks.Problem(blocks.Mention(u) + " isn't a user in this workspace; pick someone with @."), false
		}
		if info.Deleted {
			return blocks.Problem(blocks.Mention(u) + " has left the workspace; pick someone who is still here."), false
		}
		if info.IsBot {
			return blocks.Problem(blocks.Mention(u) + " is a bot; relationships need a person as owner."), false
		}
	}
	in := p.Influencer
	in.Owner = owner
	if backup != "" {
		in.Backup = backup
	}
	if _, err := b.upkeep.UpsertInfluencers(ctx, []rapport.Influencer{in}, b.now()); err != nil {
		return friendly(err, log), false
	}
	text := fmt.Sprintf(":white_check_mark: %s now owns @%s", blocks.Mention(in.Owner), blocks.Escape(in.Handle))
	if in.Backup != "" {
		text += ", with " + blocks.Mention(in.Backup) + " as backup"
	}
	return blocks.Done(text + "."), true
}

// contactCommand records the influencer-side point of contact.
func (b *Bot) contactCommand(ctx context.Context, rest string, log *slog.Logger) blocks.Message {
	handle, c, err := ParseContact(rest)
	if err != nil {
		return blocks.Problem(err.Error())
	}
	p, msg, ok := b.resolve(ctx, handle, log)
	if !ok {
		return msg
	}
	in := p.Influencer
	in.Contact = c
	if _, err := b.upkeep.UpsertInfluencers(ctx, []rapport.Influencer{in}, b.now()); err != nil {
		return friendly(err, log)
	}
	return blocks.Done(fmt.Sprintf(":white_check_mark: @%s's contact is now %s.", blocks.Escape(in.Handle), blocks.Escape(c.Name+" ("+c.Role+")")))
}

// snoozeCommand silences nudges for one relationship; its due time does not move.
func (b *Bot) snoozeCommand(ctx context.Context, rest string, log *slog.Logger) blocks.Message {
	handle, d, err := ParseSnooze(rest)
	if err != nil {
		return blocks.Problem(err.Error())
	}
	p, msg, ok := b.resolve(ctx, handle, log)
	if !ok {
		return msg
	}
	until := b.now().Add(d)
	if err := b.upkeep.Snooze(ctx, p.Influencer.ID(), until); err != nil {
		return friendly(err, log)
	}
	return blocks.Done(fmt.Sprintf(":zzz: No nudges about @%s until %s. The contact schedule itself is unchanged.",
		blocks.Escape(p.Influencer.Handle), until.UTC().Format("Mon 2 Jan")))
}

// pauseCommand stops (pause) or restarts (resume) the relationship's cadence.
func (b *Bot) pauseCommand(ctx context.Context, handle string, pause bool, log *slog.Logger) blocks.Message {
	if handle == "" {
		verb := "pause"
		if !pause {
			verb = "resume"
		}
		return blocks.Problem(fmt.Sprintf("Say which relationship, e.g. `/influencer %s @ava.moreau`.", verb))
	}
	p, msg, ok := b.resolve(ctx, handle, log)
	if !ok {
		return msg
	}
	in := p.Influencer
	switch {
	case pause && in.Status == rapport.StatusPaused:
		return blocks.Done("@" + blocks.Escape(in.Handle) + " is already paused.")
	case !pause && in.Status != rapport.StatusPaused:
		return blocks.Done("@" + blocks.Escape(in.Handle) + " isn't paused (status: " + string(in.Status) + ").")
	case pause && in.Status == rapport.StatusDoNotContact:
		return blocks.Problem("@" + blocks.Escape(in.Handle) + " is marked do-not-contact; there is nothing to pause.")
	}
	if pause {
		in.Status = rapport.StatusPaused
	} else {
		in.Status = rapport.StatusActive
	}
	if _, err := b.upkeep.UpsertInfluencers(ctx, []rapport.Influencer{in}, b.now()); err != nil {
		return friendly(err, log)
	}
	p.Influencer = in
	if err := b.refreshDue(ctx, p); err != nil {
		return friendly(err, log)
	}
	if pause {
		return blocks.Done(":double_vertical_bar: Paused @" + blocks.Escape(in.Handle) + ": no nudges until `/influencer resume`.")
	}
	return blocks.Done(":arrow_forward: Resumed @" + blocks.Escape(in.Handle) + " as active.")
}

// refreshDue recomputes the due time after a status, owner or cadence change.
func (b *Bot) refreshDue(ctx context.Context, p rapport.Profile) error {
	return upkeep.Reindex(ctx, b.upkeep, []rapport.Profile{p}, b.cadence, b.now())
}
