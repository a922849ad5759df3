package launches

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/rapport-bot/rapport/internal/launchplan"
	"github.com/rapport-bot/rapport/internal/poll"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/wording"
)

// checkpointVisibility is how long a claimed checkpoint may take before another replica
// takes it over. It is longer than the effect slots' grace (10 minutes, set where the
// sender is wired): a replica that died mid-check leaves its slot "sending", and the
// checkpoint must not come back before that slot may be retried, or the retry would find it
// still in grace, and the check would be dropped instead of run.
const checkpointVisibility = 15 * time.Minute

// RunCheckpoints performs every campaign checkpoint due at now — timing checks, the poll,
// the poll's close and decision, the news watch — and the approver reminders. Missed ones
// run late and say so; each effect happens once across replicas and restarts.
func (s *Service) RunCheckpoints(ctx context.Context, now time.Time) error {
	claimed, err := s.Store.ClaimDueCheckpoints(ctx, now, 100, checkpointVisibility)
	if err != nil {
		return err
	}
	var errs []error
	for _, cl := range claimed {
		if err := s.runCheckpoint(ctx, cl, now); err != nil {
			errs = append(errs, fmt.Errorf("checkpoint %s: %w", cl.Key, err))
		}
	}
	errs = append(errs, s.remindApprovers(ctx, now))
	return errors.Join(errs...)
}

// remindApprovers DMs each approver who has not voted once, halfway between the poll going
// up and its deadline. Reminders are not snoozable: a launch decision cannot wait.
func (s *Service) remindApprovers(ctx context.Context, now time.Time) error {
	p := s.Policy
	cs, err := s.Store.Campaigns(ctx, now, now.Add(p.PollAt), 100)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range cs {
		if c.Cancelled || c.Decision != "" || len(c.Approvers) == 0 {
			continue
		}
		if _, ts, err := s.Store.PollMessage(ctx, c.ID); err != nil || ts == "" {
			continue
		}
		pl, err := s.LoadPoll(ctx, c)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		remindAt := c.LaunchAt.Add(-(p.PollAt + p.PollDeadline) / 2)
		for _, user := range poll.Reminders(pl, now, remindAt) {
			msg := render.Done(fmt.Sprintf(":ballot_box_with_ballot: Your go/no-go vote on *%s* is needed: voting closes %s (%s). The poll is in <#%s>.",
				render.Escape(c.Name), pl.Deadline.UTC().Format("Mon 2 Jan 15:04 UTC"), wording.In(pl.Deadline.Sub(now)), c.Channel))
			_, err := s.Out.PostOnce(ctx, poll.ReminderSlot(pl, user), user, msg, nil)
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (s *Service) runCheckpoint(ctx context.Context, cl rapport.ClaimedCheckpoint, now time.Time) error {
	log := s.log().With("checkpoint", cl.Key)
	cp, err := launchplan.ParseKey(cl.Key)
	if err != nil {
		log.Warn("dropping unreadable checkpoint", "err", err)
		return s.Store.CompleteCheckpoint(ctx, cl.Key)
	}
	c, err := s.Store.FindCampaign(ctx, cp.CampaignID)
	if err != nil && !errors.Is(err, rapport.ErrNotFound) {
		return err // stays claimed; visible again after checkpointVisibility
	}
	cp, verdict, err := launchplan.Resolve(cl.Key, cl.Due, c, s.Policy, now)
	if err != nil {
		return err
	}
	switch verdict {
	case launchplan.Run:
	case launchplan.Reschedule:
		if err := s.Store.ScheduleCheckpoints(ctx, map[string]time.Time{cl.Key: cp.Due}); err != nil {
			return err
		}
		return s.Store.CompleteCheckpoint(ctx, cl.Key)
	default:
		log.Info("checkpoint skipped", "verdict", verdict)
		return s.Store.CompleteCheckpoint(ctx, cl.Key)
	}
	if err := s.perform(ctx, c, cp, now, log); err != nil {
		return err // stays claimed; the effect's slot makes the retry send at most once
	}
	return s.Store.CompleteCheckpoint(ctx, cl.Key)
}

// perform does one checkpoint's work; every message it posts goes out once per slot.
func (s *Service) perform(ctx context.Context, c rapport.Campaign, cp launchplan.Checkpoint, now time.Time, log *slog.Logger) error {
	switch cp.Kind {
	case launchplan.Check:
		if s.Checker == nil {
			return nil
		}
		a := s.Checker.Check(ctx, c, s.now())
		msg := render.TimingCheck(c, launchplan.OffsetLabel(cp.Offset), launchplan.LateLabel(cp, now), a)
		sent, err := s.Out.PostOnce(ctx, cp.Slot(), c.Channel, msg, func(ctx context.Context, _ string) error {
			return s.Store.SetLastRisk(ctx, c.ID, a.Level.String(), s.now())
		})
		if sent && s.Metrics != nil {
			s.Metrics.TimingChecked(a.Level.String(), "scheduled")
		}
		return err
	case launchplan.Poll:
		// The plan has a check at the poll's offset too; the poll is its own message.
		_, err := s.PublishPoll(ctx, c)
		return err
	case launchplan.PollClose:
		return s.closePoll(ctx, c, cp, log)
	case launchplan.Watch:
		return s.watch(ctx, c, now, log)
	}
	return fmt.Errorf("unknown checkpoint kind %q", cp.Kind)
}

// closePoll closes voting at the deadline, records the decision on the campaign, redraws
// the poll and announces the decision.
func (s *Service) closePoll(ctx context.Context, c rapport.Campaign, cp launchplan.Checkpoint, log *slog.Logger) error {
	p, err := s.LoadPoll(ctx, c)
	if err != nil {
		return err
	}
	p = poll.Close(p, s.now())
	undecided := c.Decision == "" // a retried close counts once
	c.Decision = DecisionLabel(p.Decision.Outcome)
	if err := s.Store.SetDecision(ctx, c.ID, c.Decision); err != nil {
		return err
	}
	if undecided && s.Metrics != nil {
		s.Metrics.PollDecided(string(p.Decision.Outcome))
	}
	s.RefreshPoll(ctx, c, MessageRef{}, log)
	msg := render.Done(fmt.Sprintf("*Go/no-go for %s: %s* — %s", render.Escape(c.Name), c.Decision, render.Escape(p.Decision.Reason)))
	_, err = s.Out.PostOnce(ctx, cp.Slot(), c.Channel, msg, nil)
	return err
}

// DecisionLabel is how a campaign records and shows a poll's outcome.
func DecisionLabel(o poll.Outcome) string {
	switch o {
	case poll.OutcomeGo:
		return "go"
	case poll.OutcomeNoGo:
		return "no-go"
	}
	return "no decision"
}

// watch alerts the campaign channel to new red-level news, each article once.
func (s *Service) watch(ctx context.Context, c rapport.Campaign, now time.Time, log *slog.Logger) error {
	if s.Checker == nil {
		return nil
	}
	var errs []error
	for _, m := range s.Checker.Breaking(ctx, c, now) {
		id := m.Link
		if id == "" {
			id = m.Title
		}
		_, err := s.Out.PostOnce(ctx, "news|"+c.ID+"|"+id, c.Channel, render.BreakingNews(c, m), nil)
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		log.Warn("breaking-news watch", "err", err)
		return err
	}
	return nil
}

// pollSlot names the go/no-go poll's message: one per campaign and launch instant, whether
// it goes up on schedule or on request.
func pollSlot(c rapport.Campaign) string {
	return "poll|" + c.ID + "|" + strconv.FormatInt(c.LaunchAt.Unix(), 10)
}
