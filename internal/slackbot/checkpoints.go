package slackbot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/blocks"
	"github.com/rapport-bot/rapport/internal/launch"
	"github.com/rapport-bot/rapport/internal/poll"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/risk"
)

// Claimed is a checkpoint taken from the queue.
type Claimed struct {
	Key string
	Due time.Time
}

// CheckpointQueue is the crash-safe queue of campaign checkpoints: a claimed key stays
// invisible to other replicas until completed or until its visibility lapses.
type CheckpointQueue interface {
	ClaimDue(ctx context.Context, now time.Time, limit int, visibility time.Duration) ([]Claimed, error)
	Complete(ctx context.Context, key string) error
}

// Effects makes each checkpoint's side effect happen once per key across replicas.
type Effects interface {
	Claim(ctx context.Context, slot string) (bool, error)
	Complete(ctx context.Context, slot string) error
	Abandon(ctx context.Context, slot string) error
}

// checkpointVisibility is how long a claimed checkpoint may take before another replica
// takes it over. It is longer than the effect slots' grace (10 minutes, set where the bot
// is wired): a replica that died mid-check leaves its slot "sending", and the checkpoint must
// not come back before that slot may be retried, or the retry would find it still in grace,
// and the check would be dropped instead of run.
const checkpointVisibility = 15 * time.Minute

// RunCheckpoints performs every campaign checkpoint due at now: timing checks, the poll,
// the poll's close and decision. Missed ones run late and say so; each runs once across
// replicas and restarts.
func (b *Bot) RunCheckpoints(ctx context.Context, now time.Time) error {
	if b.queue == nil {
		return nil
	}
	claimed, err := b.queue.ClaimDue(ctx, now, 100, checkpointVisibility)
	if err != nil {
		return err
	}
	var errs []error
	for _, cl := range claimed {
		if err := b.runCheckpoint(ctx, cl, now); err != nil {
			errs = append(errs, fmt.Errorf("checkpoint %s: %w", cl.Key, err))
		}
	}
	errs = append(errs, b.remindApprovers(ctx, now))
	return errors.Join(errs...)
}

// remindApprovers DMs each approver who has not voted once, halfway between the poll going
// up and its deadline. Reminders are not snoozable: a launch decision cannot wait.
func (b *Bot) remindApprovers(ctx context.Context, now time.Time) error {
	p := b.launchPolicy
	cs, err := b.campaigns.Campaigns(ctx, now, now.Add(p.PollAt), 100)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range cs {
		if c.Cancelled || c.Decision != "" || len(c.Approvers) == 0 {
			continue
		}
		if _, ts, err := b.campaigns.PollMessage(ctx, c.ID); err != nil || ts == "" {
			continue
		}
		pl, err := b.loadPoll(ctx, c)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		remindAt := c.LaunchAt.Add(-(p.PollAt + p.PollDeadline) / 2)
		for _, user := range poll.Reminders(pl, now, remindAt) {
			slot := poll.ReminderSlot(pl, user)
			ok, err := b.effects.Claim(ctx, slot)
			if err != nil || !ok {
				errs = append(errs, err)
				continue
			}
			msg := blocks.Done(fmt.Sprintf(":ballot_box_with_ballot: Your go/no-go vote on *%s* is needed: voting closes %s (%s). The poll is in <#%s>.",
				blocks.Escape(c.Name), pl.Deadline.UTC().Format("Mon 2 Jan 15:04 UTC"), blocks.In(pl.Deadline.Sub(now)), c.Channel))
			err = withRetry(ctx, func() error {
				_, _, err := b.api.PostMessageContext(ctx, user, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...))
				return err
			})
			if err != nil {
				errs = append(errs, errors.Join(err, b.effects.Abandon(ctx, slot)))
				continue
			}
			errs = append(errs, b.effects.Complete(ctx, slot))
		}
	}
	return errors.Join(errs...)
}

func (b *Bot) runCheckpoint(ctx context.Context, cl Claimed, now time.Time) error {
	log := b.log.With("checkpoint", cl.Key)
	cp, err := launch.ParseKey(cl.Key)
	if err != nil {
		log.Warn("dropping unreadable checkpoint", "err", err)
		return b.queue.Complete(ctx, cl.Key)
	}
	c, err := b.campaigns.FindCampaign(ctx, cp.CampaignID)
	if err != nil && !errors.Is(err, rapport.ErrNotFound) {
		return err // stays claimed; visible again after checkpointVisibility
	}
	cp, verdict, err := launch.Resolve(cl.Key, cl.Due, c, b.launchPolicy, now)
	if err != nil {
		return err
	}
	switch verdict {
	case launch.Run:
	case launch.Reschedule:
		if err := b.campaigns.ScheduleCheckpoints(ctx, map[string]time.Time{cl.Key: cp.Due}); err != nil {
			return err
		}
		return b.queue.Complete(ctx, cl.Key)
	default:
		log.Info("checkpoint skipped", "verdict", verdict)
		return b.queue.Complete(ctx, cl.Key)
	}
	slot := cp.Slot()
	ok, err := b.effects.Claim(ctx, slot)
	if err != nil {
		return err
	}
	if ok {
		if err := b.perform(ctx, c, cp, now, log); err != nil {
			return errors.Join(err, b.effects.Abandon(ctx, slot))
		}
		if err := b.effects.Complete(ctx, slot); err != nil {
			return err
		}
	}
	return b.queue.Complete(ctx, cl.Key)
}

// perform does one checkpoint's work.
func (b *Bot) perform(ctx context.Context, c rapport.Campaign, cp launch.Checkpoint, now time.Time, log *slog.Logger) error {
	late := launch.LateLabel(cp, now)
	label := launch.OffsetLabel(cp.Offset)
	switch cp.Kind {
	case launch.Check:
		_, err := b.postCheck(ctx, c, label, late)
		return err
	case launch.Poll:
		// The plan has a check at the poll's offset too; the poll is its own message.
		_, err := b.publishPoll(ctx, c)
		return err
	case launch.PollClose:
		return b.closePoll(ctx, c, log)
	case launch.Watch:
		return b.watch(ctx, c, now, log)
	}
	return fmt.Errorf("unknown checkpoint kind %q", cp.Kind)
}

// postCheck runs a timing check, posts it to the campaign channel and records its level
// for the status card.
func (b *Bot) postCheck(ctx context.Context, c rapport.Campaign, label, late string) (risk.Assessment, error) {
	now := b.now()
	a := b.checker.Check(ctx, c, now)
	msg := blocks.TimingCheck(c, label, late, a)
	err := withRetry(ctx, func() error {
		_, _, err := b.api.PostMessageContext(ctx, c.Channel, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...))
		return err
	})
	if err != nil {
		return a, err
	}
	return a, b.campaigns.SetLastRisk(ctx, c.ID, a.Level.String(), now)
}

// closePoll closes voting at the deadline, records the decision on the campaign and
// announces it.
func (b *Bot) closePoll(ctx context.Context, c rapport.Campaign, log *slog.Logger) error {
	p, err := b.loadPoll(ctx, c)
	if err != nil {
		return err
	}
	p = poll.Close(p, b.now())
	c.Decision = decisionLabel(p.Decision.Outcome)
	if err := b.campaigns.SetDecision(ctx, c.ID, c.Decision); err != nil {
		return err
	}
	b.refreshPoll(ctx, c, messageRef{}, log)
	msg := blocks.Done(fmt.Sprintf("*Go/no-go for %s: %s* — %s", blocks.Escape(c.Name), c.Decision, blocks.Escape(p.Decision.Reason)))
	return withRetry(ctx, func() error {
		_, _, err := b.api.PostMessageContext(ctx, c.Channel, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...))
		return err
	})
}

func decisionLabel(o poll.Outcome) string {
	switch o {
	case poll.OutcomeGo:
		return "go"
	case poll.OutcomeNoGo:
		return "no-go"
	}
	return "no decision"
}

// watch alerts the campaign channel to new red-level news, each article once.
func (b *Bot) watch(ctx context.Context, c rapport.Campaign, now time.Time, log *slog.Logger) error {
	var errs []error
	for _, m := range b.checker.Breaking(ctx, c, now) {
		id := m.Link
		if id == "" {
			id = m.Title
		}
		slot := "news|" + c.ID + "|" + id
		ok, err := b.effects.Claim(ctx, slot)
		if err != nil || !ok {
			errs = append(errs, err)
			continue
		}
		msg := blocks.BreakingNews(c, m)
		err = withRetry(ctx, func() error {
			_, _, err := b.api.PostMessageContext(ctx, c.Channel, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks...))
			return err
		})
		if err != nil {
			errs = append(errs, errors.Join(err, b.effects.Abandon(ctx, slot)))
			continue
		}
		errs = append(errs, b.effects.Complete(ctx, slot))
	}
	if err := errors.Join(errs...); err != nil {
		log.Warn("breaking-news watch", "err", err)
		return err
	}
	return nil
}
