package launches

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/rapport-bot/rapport/internal/access"
	"github.com/rapport-bot/rapport/internal/poll"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
)

// MessageRef names a posted message.
type MessageRef struct {
	Channel string `json:"ch,omitempty"`
	TS      string `json:"ts,omitempty"`
}

// VotingClosedError answers a vote that came after the poll closed, with the decision.
type VotingClosedError struct {
	Campaign rapport.Campaign
	Decision poll.Decision
}

func (e *VotingClosedError) Error() string {
	return "voting on " + e.Campaign.Name + " has closed: " + e.Decision.Reason
}

// PostPoll puts the poll up early, on actor's request (the creator, an approver or an
// admin); the audit records who. It reports whether the poll was already up.
func (s *Service) PostPoll(ctx context.Context, actor string, c rapport.Campaign) (already bool, err error) {
	if err := s.may(ctx, actor, c, access.PostPoll); err != nil {
		return false, err
	}
	if c.Cancelled {
		return false, ErrCancelled
	}
	already, err = s.PublishPoll(ctx, c)
	if err == nil && !already {
		s.record(ctx, c, actor, "posted the poll", "")
	}
	return already, err
}

// PublishPoll posts the go/no-go poll in the campaign channel once and remembers where. It
// reports whether the poll was already up.
func (s *Service) PublishPoll(ctx context.Context, c rapport.Campaign) (already bool, err error) {
	if _, ts, err := s.Store.PollMessage(ctx, c.ID); err == nil && ts != "" {
		return true, nil
	}
	p, err := s.LoadPoll(ctx, c)
	if err != nil {
		return false, err
	}
	sent, err := s.Out.PostOnce(ctx, pollSlot(c), c.Channel, render.PollMessage(c, p, s.now()), func(ctx context.Context, ts string) error {
		return s.Store.SavePollMessage(ctx, c.ID, c.Channel, ts)
	})
	if sent && s.Metrics != nil {
		s.Metrics.PollOpened()
	}
	if err != nil {
		var pe *PostError
		if !errors.As(err, &pe) {
			err = &PostError{Channel: c.Channel, Err: err}
		}
		return false, err
	}
	return !sent, nil
}

// CheckVoteOpen reports a *VotingClosedError when the campaign's poll no longer takes
// votes, so a form for a note is not opened in vain.
func (s *Service) CheckVoteOpen(ctx context.Context, actor string, c rapport.Campaign) error {
	if err := s.may(ctx, actor, c, access.Vote); err != nil {
		return err
	}
	if c.Cancelled {
		return ErrCancelled
	}
	p, err := s.LoadPoll(ctx, c)
	if err != nil {
		return err
	}
	if now := s.now(); !p.Open(now) {
		return closedError(c, p, now)
	}
	return nil
}

// Vote validates and stores v.User's vote (one per user, changeable), then redraws the
// tally in place: on is the message voted on, redrawn when the poll's own is not recorded
// yet. Each vote is its own hash field, so simultaneous votes never overwrite each other.
// Anyone who can see the campaign may vote; only approvers' votes decide. Errors: a
// *VotingClosedError, ErrCancelled, a poll validation error (poll.ErrNoteRequired…), or a
// storage error.
func (s *Service) Vote(ctx context.Context, c rapport.Campaign, v poll.Vote, on MessageRef) error {
	if err := s.may(ctx, v.User, c, access.Vote); err != nil {
		return err
	}
	if c.Cancelled {
		return ErrCancelled
	}
	p, err := s.LoadPoll(ctx, c)
	if err != nil {
		return err
	}
	now := s.now()
	if _, err := poll.Cast(p, v, now); err != nil {
		if errors.Is(err, poll.ErrClosed) {
			return closedError(c, p, now)
		}
		return err
	}
	raw, _ := json.Marshal(v)
	if err := s.Store.CastVote(ctx, c.ID, v.User, raw); err != nil {
		return err
	}
	if s.Metrics != nil {
		s.Metrics.VoteCast(string(v.Choice))
	}
	s.RefreshPoll(ctx, c, on, s.log())
	return nil
}

func closedError(c rapport.Campaign, p poll.Poll, now time.Time) error {
	d := p.Decision
	if !p.Closed {
		d = poll.Decide(p, now) // the deadline passed; the close is yet to be recorded
	}
	return &VotingClosedError{Campaign: c, Decision: d}
}

// RefreshPoll redraws the poll message from the stored votes. Votes arrive concurrently on
// several replicas, and an update drawn from an older read can land after a newer one, so
// each redraw reads the votes again afterwards and redraws until what it drew is current:
// the last redraw always shows every stored vote. A vote can come in before the poll's
// message is recorded (a click right after it appears): then clicked, the message voted on,
// is the one redrawn.
//
// Within a process, redraws of one poll are coalesced: a vote cast while its poll is being
// redrawn leaves the redraw to the one in progress, which draws again once it is done. Fifty
// people clicking Go at once cost a handful of chat.update calls, not fifty times five.
func (s *Service) RefreshPoll(ctx context.Context, c rapport.Campaign, clicked MessageRef, log *slog.Logger) {
	if !s.redraws.start(c.ID) {
		return
	}
	for {
		s.redrawPoll(ctx, c, clicked, log)
		if s.redraws.finish(c.ID) {
			return
		}
	}
}

func (s *Service) redrawPoll(ctx context.Context, c rapport.Campaign, clicked MessageRef, log *slog.Logger) {
	ch, ts, err := s.Store.PollMessage(ctx, c.ID)
	if (err != nil || ts == "") && clicked.TS != "" {
		ch, ts, err = clicked.Channel, clicked.TS, nil
	}
	if err != nil || ts == "" {
		log.Warn("poll message unknown; tally not redrawn", "campaign", c.ID, "err", err)
		return
	}
	const maxRedraws = 5
	for range maxRedraws {
		p, err := s.LoadPoll(ctx, c)
		if err != nil {
			log.Warn("poll votes unavailable", "err", err)
			return
		}
		if err := s.Out.Update(ctx, ch, ts, render.PollMessage(c, p, s.now())); err != nil {
			log.Error("could not redraw the poll", "err", err)
			return
		}
		after, err := s.LoadPoll(ctx, c)
		if err != nil || sameVotes(p, after) {
			return
		}
	}
}

// redraws tracks the polls being redrawn in this process.
type redraws struct {
	mu sync.Mutex
	// running holds the campaigns whose poll is being redrawn; true when another redraw
	// was asked for meanwhile.
	running map[string]bool
}

// start reports whether the caller should redraw campaign id's poll; false means a redraw
// is in progress and will draw again when done.
func (r *redraws) start(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running == nil {
		r.running = map[string]bool{}
	}
	if _, busy := r.running[id]; busy {
		r.running[id] = true
		return false
	}
	r.running[id] = false
	return true
}

// finish ends a redraw of campaign id's poll and reports true, or false when another was
// asked for meanwhile: the caller then draws again.
func (r *redraws) finish(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running[id] {
		r.running[id] = false
		return false
	}
	delete(r.running, id)
	return true
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

// LoadPoll rebuilds the campaign's poll from the stored votes.
func (s *Service) LoadPoll(ctx context.Context, c rapport.Campaign) (poll.Poll, error) {
	raw, err := s.Store.Votes(ctx, c.ID)
	if err != nil {
		return poll.Poll{}, err
	}
	p := poll.Poll{CampaignID: c.ID, Approvers: c.Approvers, Deadline: c.LaunchAt.Add(-s.Policy.PollDeadline), Votes: map[string]poll.Vote{}}
	for user, v := range raw {
		var vote poll.Vote
		if json.Unmarshal(v, &vote) == nil {
			p.Votes[user] = vote
		}
	}
	if c.Decision != "" {
		p.Closed = true
		p.Decision = poll.Decide(p, p.Deadline)
	}
	return p, nil
}
