package slackbot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/blocks"
	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// Messenger delivers nudges over Slack: DMs to owners and backups, posts to the team
// channel. It paces its posts and waits out rate limits (Retry-After), so a nudge is
// delayed, never dropped.
type Messenger struct {
	bot         *Bot
	teamChannel string
	pace        time.Duration

	mu       sync.Mutex
	lastPost time.Time
}

type cachedOwner struct {
	owner cadence.Owner
	at    time.Time
}

// ownerCacheTTL bounds how long a user's time zone and status are reused.
const ownerCacheTTL = time.Hour

// NewMessenger returns the bot's nudge messenger; posts are spaced by pace (Slack allows
// about one message per second per conversation; DMs go to different ones).
func (b *Bot) NewMessenger(teamChannel string, pace time.Duration) *Messenger {
	return &Messenger{bot: b, teamChannel: teamChannel, pace: pace}
}

// Owner reads a user's time zone and whether they have left.
func (m *Messenger) Owner(ctx context.Context, userID string) (cadence.Owner, error) {
	return m.bot.owner(ctx, userID)
}

// owner reads a user's time zone and whether they have left, from users.info, cached for
// ownerCacheTTL: nudge planning and cards ask about the same few people again and again.
func (b *Bot) owner(ctx context.Context, userID string) (cadence.Owner, error) {
	b.ownersMu.Lock()
	c, ok := b.owners[userID]
	b.ownersMu.Unlock()
	if ok && time.Since(c.at) < ownerCacheTTL {
		return c.owner, nil
	}
	var u *slack.User
	err := withRetry(ctx, func() error {
		var err error
		u, err = b.api.GetUserInfoContext(ctx, userID)
		return err
	})
	var o cadence.Owner
	var se slack.SlackErrorResponse
	switch {
	case errors.As(err, &se) && (se.Err == "user_not_found" || se.Err == "account_inactive"):
		o.Deleted = true
	case err != nil:
		return cadence.Owner{}, fmt.Errorf("users.info %s: %w", userID, err)
	default:
		o.Deleted = u.Deleted
		if loc, err := time.LoadLocation(u.TZ); err == nil && u.TZ != "" {
			o.TZ = loc
		}
	}
	b.ownersMu.Lock()
	b.owners[userID] = cachedOwner{owner: o, at: time.Now()}
	b.ownersMu.Unlock()
	return o, nil
}

// SendDigest DMs an owner their grouped nudge.
func (m *Messenger) SendDigest(ctx context.Context, d cadence.Digest, influencers map[string]rapport.Influencer) error {
	return m.post(ctx, d.Owner, blocks.NudgeDigest(d, influencers))
}

// SendEscalation DMs a backup, or posts to the team channel.
func (m *Messenger) SendEscalation(ctx context.Context, e cadence.EscalationDigest) error {
	to := e.To
	if to == cadence.TeamRecipient {
		if m.teamChannel == "" {
			m.bot.log.Warn("escalation for the team channel, but team_channel is not configured; set it in RAPPORT_CONFIG", "slot", e.Slot)
			return nil
		}
		to = m.teamChannel
	}
	return m.post(ctx, to, blocks.Escalation(e))
}

// SendWeekly posts the weekly relationship-health digest to the team channel.
func (m *Messenger) SendWeekly(ctx context.Context, w cadence.Weekly) error {
	if m.teamChannel == "" {
		return nil
	}
	return m.post(ctx, m.teamChannel, blocks.WeeklyDigest(w))
}

func (m *Messenger) post(ctx context.Context, channel string, msg blocks.Message) error {
	m.mu.Lock()
	wait := m.pace - time.Since(m.lastPost)
	m.lastPost = time.Now().Add(max(wait, 0))
	m.mu.Unlock()
	if wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	return withRetry(ctx, func() error {
		_, _, err := m.bot.api.PostMessageContext(ctx, channel, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...))
		return err
	})
}

// nudgeAction handles a digest row's buttons and picker and updates the row in place.
func (b *Bot) nudgeAction(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction, log *slog.Logger) {
	id, ok := blocks.NudgeRowID(a.BlockID)
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
	case blocks.ActionNudgeLogged:
		tp := rapport.Touchpoint{ID: touchpointID("nudge:" + cb.Container.MessageTs + ":" + id),
			Handle: id, Kind: rapport.KindOther, At: now.UTC(), LoggedAt: now.UTC(), By: cb.User.ID, Note: "Logged from a nudge"}
		_, next, err := b.logContact(ctx, p, tp, log)
		if err != nil {
			b.replyTo(ctx, cb, friendly(err, log), false, log)
			return
		}
		done = ":white_check_mark: Contact logged by " + blocks.Mention(cb.User.ID)
		if !next.IsZero() {
			done += " · next due " + next.Format("Mon 2 Jan")
		}
	case blocks.ActionNudgeSnooze:
		until := now.Add(7 * 24 * time.Hour)
		if err := b.upkeep.Snooze(ctx, id, until); err != nil {
			b.replyTo(ctx, cb, friendly(err, log), false, log)
			return
		}
		done = ":zzz: Snoozed until " + until.UTC().Format("Mon 2 Jan") + " by " + blocks.Mention(cb.User.ID)
	case blocks.ActionNudgeReassign:
		msg, ok := b.setOwner(ctx, p, a.SelectedUser, "", log)
		if !ok {
			b.replyTo(ctx, cb, msg, false, log)
			return
		}
		done = ":arrow_right: Reassigned to " + blocks.Mention(a.SelectedUser) + " by " + blocks.Mention(cb.User.ID)
	}
	updated := blocks.ReplaceRowActions(cb.Message.Blocks.BlockSet, id, done)
	err := withRetry(ctx, func() error {
		_, _, _, err := b.api.UpdateMessageContext(ctx, cb.Channel.ID, cb.Container.MessageTs,
			slack.MsgOptionText(cb.Message.Text, false), slack.MsgOptionBlocks(updated...))
		return err
	})
	if err != nil {
		log.Error("could not update the digest", "err", err)
	}
}
