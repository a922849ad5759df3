package slackbot

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/blocks"
	"github.com/rapport-bot/rapport/internal/poll"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/risk"
)

// Checker runs a timing check.
type Checker interface {
	Check(ctx context.Context, c rapport.Campaign, now time.Time) risk.Assessment
	Breaking(ctx context.Context, c rapport.Campaign, now time.Time) []risk.Match
}

// timingCheck runs a check on request and posts it to the campaign channel; the requester
// sees where and the level.
func (b *Bot) timingCheck(ctx context.Context, c rapport.Campaign, label, late string, log *slog.Logger) blocks.Message {
	if b.checker == nil {
		return blocks.Problem("Timing checks are not configured on this Rapport.")
	}
	a, err := b.postCheck(ctx, c, label, late)
	if err != nil {
		var se slack.SlackErrorResponse
		if errors.As(err, &se) {
			return slackProblem(err, "post the check in <#"+c.Channel+">", log)
		}
		return friendly(err, log)
	}
	return blocks.Done("Posted the timing check for *" + blocks.Escape(c.Name) + "* in <#" + c.Channel + ">: " + strings.ToUpper(a.Level.String()) + ".")
}

// postPoll answers /campaign poll.
func (b *Bot) postPoll(ctx context.Context, c rapport.Campaign, log *slog.Logger) blocks.Message {
	already, err := b.publishPoll(ctx, c)
	switch {
	case err != nil:
		var se slack.SlackErrorResponse
		if errors.As(err, &se) {
			return slackProblem(err, "post the poll in <#"+c.Channel+">", log)
		}
		return friendly(err, log)
	case already:
		return blocks.Done("The go/no-go poll for *" + blocks.Escape(c.Name) + "* is already up in <#" + c.Channel + ">.")
	}
	return blocks.Done("Posted the go/no-go poll for *" + blocks.Escape(c.Name) + "* in <#" + c.Channel + ">.")
}

// publishPoll posts the go/no-go poll in the campaign channel once and remembers where.
func (b *Bot) publishPoll(ctx context.Context, c rapport.Campaign) (already bool, err error) {
	if _, ts, err := b.campaigns.PollMessage(ctx, c.ID); err == nil && ts != "" {
		return true, nil
	}
	p, err := b.loadPoll(ctx, c)
	if err != nil {
		return false, err
	}
	msg := blocks.PollMessage(c, p, b.now())
	var ts string
	err = withRetry(ctx, func() error {
		var err error
		_, ts, err = b.api.PostMessageContext(ctx, c.Channel, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...))
		return err
	})
	if err != nil {
		return false, err
	}
	return false, b.campaigns.SavePollMessage(ctx, c.ID, c.Channel, ts)
}

// pollMeta travels with the note form.
type pollMeta struct {
	Campaign string `json:"c"`
	Choice   string `json:"k"`
	// Poll is the poll message the vote was cast on.
	Poll messageRef `json:"m"`
}

// messageRef names a posted message.
type messageRef struct {
	Channel string `json:"ch,omitempty"`
	TS      string `json:"ts,omitempty"`
}

// clickedMessage is the message whose button was clicked.
func clickedMessage(cb slack.InteractionCallback) messageRef {
	if cb.Container.MessageTs != "" {
		return messageRef{Channel: cb.Container.ChannelID, TS: cb.Container.MessageTs}
	}
	return messageRef{Channel: cb.Channel.ID, TS: cb.Message.Timestamp}
}

// pollClick handles Go (saved at once) and Conditional go / No-go (a form asks for the note).
func (b *Bot) pollClick(ctx context.Context, cb slack.InteractionCallback, a *slack.BlockAction, log *slog.Logger) {
	c, msg, ok := b.resolveCampaign(ctx, a.Value, log)
	if !ok {
		b.replyTo(ctx, cb, msg, false, log)
		return
	}
	if a.ActionID != blocks.ActionPollGo {
		// No form for a poll that no longer takes votes: say so, and what was decided.
		p, err := b.loadPoll(ctx, c)
		if err != nil {
			b.replyTo(ctx, cb, friendly(err, log), false, log)
			return
		}
		if now := b.now(); !p.Open(now) {
			b.replyTo(ctx, cb, votingClosed(c, p, now), false, log)
			return
		}
	}
	switch a.ActionID {
	case blocks.ActionPollGo:
		b.vote(ctx, c, poll.Vote{User: cb.User.ID, Choice: poll.Go, At: b.now()}, clickedMessage(cb), cb.ResponseURL, log)
	default:
		choice := poll.ConditionalGo
		if a.ActionID == blocks.ActionPollNoGo {
			choice = poll.NoGo
		}
		meta, _ := json.Marshal(pollMeta{Campaign: c.ID, Choice: string(choice), Poll: clickedMessage(cb)})
		if _, err := b.api.OpenViewContext(ctx, cb.TriggerID, blocks.PollNoteModal(c, choice, string(meta))); err != nil {
			b.replyTo(ctx, cb, slackProblem(err, "open the vote form", log), false, log)
		}
	}
}

// pollNoteErrors checks the note form before the ack (a note is required).
func pollNoteErrors(cb slack.InteractionCallback) map[string]string {
	v := poll.Vote{User: cb.User.ID, Choice: poll.Choice(pollMetaOf(cb).Choice),
		Note: cb.View.State.Values[blocks.PollNoteBlock][blocks.PollNoteBlock].Value}
	if err := poll.Validate(v); err != nil {
		return map[string]string{blocks.PollNoteBlock: strings.ToUpper(err.Error()[:1]) + err.Error()[1:] + "."}
	}
	return nil
}

func pollMetaOf(cb slack.InteractionCallback) pollMeta {
	var m pollMeta
	_ = json.Unmarshal([]byte(cb.View.PrivateMetadata), &m)
	return m
}

// pollNoteSubmitted records a conditional go or a no-go with its note.
func (b *Bot) pollNoteSubmitted(ctx context.Context, cb slack.InteractionCallback, log *slog.Logger) {
	m := pollMetaOf(cb)
	c, msg, ok := b.resolveCampaign(ctx, m.Campaign, log)
	if !ok {
		b.tell(ctx, cb.User.ID, "", msg, log)
		return
	}
	v := poll.Vote{User: cb.User.ID, Choice: poll.Choice(m.Choice), At: b.now(),
		Note: cb.View.State.Values[blocks.PollNoteBlock][blocks.PollNoteBlock].Value}
	b.vote(ctx, c, v, m.Poll, "", log)
}

// vote validates and stores one vote (one per user, changeable), then refreshes the tally
// in place. Each vote is its own hash field, so simultaneous votes never overwrite each
// other.
func (b *Bot) vote(ctx context.Context, c rapport.Campaign, v poll.Vote, on messageRef, responseURL string, log *slog.Logger) {
	answer := func(msg blocks.Message) {
		if responseURL != "" {
			if err := b.respondReplace(ctx, responseURL, msg, false); err == nil {
				return
			}
		}
		b.tell(ctx, v.User, "", msg, log)
	}
	p, err := b.loadPoll(ctx, c)
	if err != nil {
		answer(friendly(err, log))
		return
	}
	if _, err := poll.Cast(p, v, b.now()); err != nil {
		if errors.Is(err, poll.ErrClosed) {
			answer(votingClosed(c, p, b.now()))
			return
		}
		answer(blocks.Problem(blocks.Escape(err.Error())))
		return
	}
	raw, _ := json.Marshal(v)
	if err := b.campaigns.CastVote(ctx, c.ID, v.User, raw); err != nil {
		answer(friendly(err, log))
		return
	}
	b.refreshPoll(ctx, c, on, log)
}

// votingClosed answers a vote that came too late (a click on a poll message drawn before
// it closed) with the decision, so the voter learns what happened instead of an error.
func votingClosed(c rapport.Campaign, p poll.Poll, now time.Time) blocks.Message {
	d := p.Decision
	if !p.Closed {
		d = poll.Decide(p, now) // the deadline passed; the close is yet to be recorded
	}
	return blocks.Problem("Voting on *" + blocks.Escape(c.Name) + "* has closed. " + blocks.Escape(d.Reason))
}

// refreshPoll redraws the poll message from the stored votes. Votes arrive concurrently on
// several replicas, and an update drawn from an older read can land after a newer one, so
// each redraw reads the votes again afterwards and redraws until what it drew is current:
// the last redraw always shows every stored vote. A vote can come in before the poll's
// message is recorded (a click right after it appears): then clicked, the message voted on,
// is the one redrawn.
func (b *Bot) refreshPoll(ctx context.Context, c rapport.Campaign, clicked messageRef, log *slog.Logger) {
	ch, ts, err := b.campaigns.PollMessage(ctx, c.ID)
	if (err != nil || ts == "") && clicked.TS != "" {
		ch, ts, err = clicked.Channel, clicked.TS, nil
	}
	if err != nil || ts == "" {
		log.Warn("poll message unknown; tally not redrawn", "campaign", c.ID, "err", err)
		return
	}
	const maxRedraws = 5
	for range maxRedraws {
		p, err := b.loadPoll(ctx, c)
		if err != nil {
			log.Warn("poll votes unavailable", "err", err)
			return
		}
		msg := blocks.PollMessage(c, p, b.now())
		err = withRetry(ctx, func() error {
			_, _, _, err := b.api.UpdateMessageContext(ctx, ch, ts, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...))
			return err
		})
		if err != nil {
			log.Error("could not redraw the poll", "err", err)
			return
		}
		after, err := b.loadPoll(ctx, c)
		if err != nil || sameVotes(p, after) {
			return
		}
	}
}

func sameVotes(a, b poll.Poll) bool {
	if len(a.Votes) != len(b.Votes) || a.Closed != b.Closed {
		return false
	}
	for u, v := range a.Votes {
		w, ok := b.Votes[u]
		if !ok || w.Choice != v.Choice || w.Note != v.Note {
			return false
		}
	}
	return true
}
