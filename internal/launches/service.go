// Package launches runs a campaign's launch from creation to decision: it validates and
// saves campaigns (from the /campaign form and from the campaigns CSV alike), plans and
// runs their checkpoints — timing checks, the go/no-go poll, approver reminders, the
// poll's close and decision, the breaking-news watch — and records votes.
//
// It decides with the pure launch, poll and risk packages, stores through Store and says
// things in Slack through Poster (the sender package), once per business slot. The Slack
// handlers call it and render its answers; the scheduler calls RunCheckpoints.
package launches

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/access"
	"github.com/rapport-bot/rapport/internal/launchplan"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/risk"
	"github.com/rapport-bot/rapport/internal/sender"
	"github.com/rapport-bot/rapport/internal/wording"
)

// Store is what launches need from storage.
type Store interface {
	CreateCampaign(ctx context.Context, c rapport.Campaign) error
	SaveCampaign(ctx context.Context, c rapport.Campaign) error
	SetDecision(ctx context.Context, campaignID, decision string) error
	FindCampaign(ctx context.Context, nameOrID string) (rapport.Campaign, error)
	Campaigns(ctx context.Context, from, to time.Time, limit int) ([]rapport.Campaign, error)
	ScheduleCheckpoints(ctx context.Context, keys map[string]time.Time) error
	UnscheduleCheckpoints(ctx context.Context, keys []string) error
	ClaimDueCheckpoints(ctx context.Context, now time.Time, limit int, visibility time.Duration) ([]rapport.ClaimedCheckpoint, error)
	CompleteCheckpoint(ctx context.Context, key string) error
	CastVote(ctx context.Context, campaignID, userID string, vote []byte) error
	Votes(ctx context.Context, campaignID string) (map[string][]byte, error)
	SavePollMessage(ctx context.Context, campaignID, channel, ts string) error
	PollMessage(ctx context.Context, campaignID string) (string, string, error)
	MissingInfluencers(ctx context.Context, ids []string) (map[string]bool, error)
	SetLastRisk(ctx context.Context, campaignID, level string, at time.Time) error
	LastRisk(ctx context.Context, campaignID string) (string, time.Time, error)
	AppendAudit(ctx context.Context, e rapport.AuditEntry) error
	Audit(ctx context.Context, subject string, limit int) ([]rapport.AuditEntry, error)
}

// Channels tells whether a channel is private and whether a user is in it.
type Channels interface {
	ChannelAccess(ctx context.Context, channel, userID string) (private, member bool, err error)
}

// Poster says things in Slack: PostOnce for scheduled messages (once per slot), Post and
// Update for answers to someone's action.
type Poster interface {
	PostOnce(ctx context.Context, slot, channel string, msg render.Message, record func(ctx context.Context, ts string) error) (bool, error)
	Post(ctx context.Context, channel string, msg render.Message) (string, error)
	Update(ctx context.Context, channel, ts string, msg render.Message) error
}

// Checker runs a timing check.
type Checker interface {
	Check(ctx context.Context, c rapport.Campaign, now time.Time) risk.Assessment
	Breaking(ctx context.Context, c rapport.Campaign, now time.Time) []risk.Match
}

// Metrics counts what launches do; metrics.Metrics provides it, and nil counts nothing.
type Metrics interface {
	// TimingChecked counts a timing check posted at level (green, amber, red), "scheduled"
	// or "on_request".
	TimingChecked(level, trigger string)
	PollOpened()
	// PollDecided counts a poll closed with outcome (a poll.Outcome).
	PollDecided(outcome string)
	// VoteCast counts a vote recorded with choice (a poll.Choice).
	VoteCast(choice string)
}

// Service runs launches. Checker may be nil: checks then report ErrNoChecker. Every
// method that acts for someone takes their Slack user ID and enforces package access's
// rules; refusals are *access.DeniedError, and a private campaign the actor may not see is
// rapport.ErrNotFound.
type Service struct {
	Store   Store
	Out     Poster
	Checker Checker
	Policy  launchplan.Policy
	// Channels answers membership of private campaign channels; nil treats every channel
	// as public (the CSV import, which acts for no one).
	Channels Channels
	// Admins are the configured admins' user IDs.
	Admins []string
	// Now is the service's clock (default time.Now).
	Now func() time.Time
	Log *slog.Logger
	// Metrics counts checks, polls, decisions and votes; nil counts nothing.
	Metrics Metrics

	redraws redraws
}

// Errors the handlers turn into answers.
var (
	// ErrNameTaken: another campaign has the name (or one folding to the same ID).
	ErrNameTaken = errors.New("a campaign with that name already exists")
	// ErrNoChecker: timing checks are not configured.
	ErrNoChecker = errors.New("timing checks are not configured on this Rapport")
	// ErrNotInChannel: a campaign planned in a private channel its author is not in.
	ErrNotInChannel = errors.New("you are not in that private channel")
	// ErrCancelled: the campaign is cancelled; it takes no votes, checks or polls.
	ErrCancelled = errors.New("the campaign is cancelled")
)

// NotOnRosterError lists campaign influencers missing from the roster.
type NotOnRosterError struct{ Handles []string }

func (e *NotOnRosterError) Error() string {
	return "not on the roster: " + strings.Join(e.Handles, ", ")
}

// PostError is Slack refusing a message in a campaign's channel (the bot is not in it, the
// channel is archived…): the caller can say which channel and why.
type PostError struct {
	Channel string
	Err     error
}

func (e *PostError) Error() string { return "posting in " + e.Channel + ": " + e.Err.Error() }
func (e *PostError) Unwrap() error { return e.Err }

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Service) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

func (s *Service) actor(id string) access.Actor {
	return access.Actor{ID: id, Admin: slices.Contains(s.Admins, id)}
}

// facts reads what the rules need to know about c for actor to do action: the channel's
// privacy (cached by the sender) always, whether the poll is up only for a change of
// approvers — cards check every campaign they list, so that read stays off their path.
func (s *Service) facts(ctx context.Context, c rapport.Campaign, actor string, action access.Action) (access.CampaignFacts, error) {
	var f access.CampaignFacts
	if s.Channels != nil && c.Channel != "" {
		var err error
		if f.Private, f.Member, err = s.Channels.ChannelAccess(ctx, c.Channel, actor); err != nil && !errors.Is(err, sender.ErrChannelNotVisible) {
			return f, err
		}
	}
	if action == access.ChangeApprovers {
		if _, ts, err := s.Store.PollMessage(ctx, c.ID); err == nil && ts != "" {
			f.PollUp = true
		}
	}
	return f, nil
}

// may checks that actor may do action to c.
func (s *Service) may(ctx context.Context, actor string, c rapport.Campaign, action access.Action) error {
	f, err := s.facts(ctx, c, actor, action)
	if err != nil {
		return err
	}
	return access.Check(access.Campaign(s.actor(actor), c, f, action))
}

// Find returns the campaign named (by name or ID) if actor may see it; rapport.ErrNotFound
// when there is none, or it is planned in a private channel actor is not in.
func (s *Service) Find(ctx context.Context, actor, name string) (rapport.Campaign, error) {
	c, err := s.Store.FindCampaign(ctx, name)
	if err != nil {
		return rapport.Campaign{}, err
	}
	if err := s.may(ctx, actor, c, access.ViewCampaign); err != nil {
		return rapport.Campaign{}, err
	}
	return c, nil
}

// Upcoming lists the campaigns actor may see launching from a day ago to a year ahead,
// soonest first.
func (s *Service) Upcoming(ctx context.Context, actor string) ([]rapport.Campaign, error) {
	now := s.now()
	cs, err := s.Store.Campaigns(ctx, now.Add(-24*time.Hour), now.AddDate(1, 0, 0), 50)
	if err != nil {
		return nil, err
	}
	out := cs[:0]
	for _, c := range cs {
		if err := s.may(ctx, actor, c, access.ViewCampaign); err == nil {
			out = append(out, c)
		} else if !errors.Is(err, rapport.ErrNotFound) {
			return nil, err
		}
	}
	return out, nil
}

// Public reports whether c may be named in a message everyone in channel can read: its own
// channel is public, or is that channel.
func (s *Service) Public(ctx context.Context, c rapport.Campaign, channel string) bool {
	if s.Channels == nil || c.Channel == "" || c.Channel == channel {
		return true
	}
	private, _, err := s.Channels.ChannelAccess(ctx, c.Channel, "")
	return err == nil && !private
}

// MayEdit reports a refusal when actor may not edit c (before its form is opened).
func (s *Service) MayEdit(ctx context.Context, actor string, c rapport.Campaign) error {
	if err := s.may(ctx, actor, c, access.EditCampaign); err != nil {
		return err
	}
	if c.Cancelled {
		return ErrCancelled
	}
	return nil
}

// Visible reports whether actor may see a campaign planned in channel (cards list
// campaigns by name: those in private channels only for their members).
func (s *Service) Visible(ctx context.Context, actor string, c rapport.Campaign) bool {
	return s.may(ctx, actor, c, access.ViewCampaign) == nil
}

// History returns the campaign's audit trail, newest first.
func (s *Service) History(ctx context.Context, c rapport.Campaign, limit int) ([]rapport.AuditEntry, error) {
	return s.Store.Audit(ctx, rapport.CampaignSubject(c.ID), limit)
}

// record appends an audit entry for c; a failure is logged, never undoes the change.
func (s *Service) record(ctx context.Context, c rapport.Campaign, by, action, detail string) {
	e := rapport.AuditEntry{At: s.now(), By: by, Subject: rapport.CampaignSubject(c.ID), Action: action, Detail: detail}
	if err := s.Store.AppendAudit(ctx, e); err != nil {
		s.log().Error("audit entry lost", "campaign", c.ID, "action", action, "by", by, "err", err)
	}
}

// announce tells the campaign channel about a change; a failure is logged.
func (s *Service) announce(ctx context.Context, c rapport.Campaign, text string) {
	if c.Channel == "" {
		return
	}
	if _, err := s.Out.Post(ctx, c.Channel, render.Done(text)); err != nil {
		s.log().Warn("could not announce a campaign change", "campaign", c.ID, "err", err)
	}
}

// Status is what the campaign card shows beside the campaign.
type Status struct {
	// Next describes the next checkpoint: "check at Mon 2 Mar 09:00 UTC (in 2 days)".
	Next string
	// RiskLevel and RiskAt are the latest timing check's level and time ("" when none ran).
	RiskLevel string
	RiskAt    time.Time
}

// Status reads the campaign's next checkpoint and its latest check.
func (s *Service) Status(ctx context.Context, c rapport.Campaign) (Status, error) {
	level, at, err := s.Store.LastRisk(ctx, c.ID)
	if err != nil {
		return Status{}, err
	}
	return Status{Next: s.NextCheckpoint(c), RiskLevel: level, RiskAt: at}, nil
}

// NextCheckpoint describes the campaign's next scheduled checkpoint.
func (s *Service) NextCheckpoint(c rapport.Campaign) string {
	now := s.now()
	for _, cp := range launchplan.Plan(c, s.Policy, now) {
		if cp.Due.After(now) {
			return fmt.Sprintf("%s at %s (%s)", cp.Kind, cp.Due.UTC().Format("Mon 2 Jan 15:04 UTC"), wording.In(cp.Due.Sub(now)))
		}
	}
	return "no more checks before launch"
}

// Create validates a new campaign, checks its influencers are on the roster, announces it
// in its channel (if Rapport cannot post there, nothing is created), saves it and
// schedules its checkpoints. Errors: *launchplan.InvalidCampaignError, ErrNameTaken,
// *NotOnRosterError, *PostError, or a storage error.
func (s *Service) Create(ctx context.Context, actor string, c rapport.Campaign) error {
	now := s.now()
	c.CreatedBy = actor
	if err := s.Validate(c); err != nil {
		return err
	}
	if err := s.checkChannel(ctx, actor, c.Channel); err != nil {
		return err
	}
	if _, err := s.Store.FindCampaign(ctx, c.ID); err == nil {
		return ErrNameTaken
	} else if !errors.Is(err, rapport.ErrNotFound) {
		return err
	}
	if err := s.checkRoster(ctx, c.Influencers); err != nil {
		return err
	}
	announce := render.CampaignCard(c, s.NextCheckpoint(c), "", now)
	announce.Text = "New campaign: " + announce.Text
	if _, err := s.Out.Post(ctx, c.Channel, announce); err != nil {
		return &PostError{Channel: c.Channel, Err: err}
	}
	if err := s.Store.CreateCampaign(ctx, c); err != nil {
		if errors.Is(err, rapport.ErrConflict) {
			return ErrNameTaken
		}
		return err
	}
	s.record(ctx, c, actor, "created", "launch "+c.LaunchAt.UTC().Format(auditTime))
	_, err := s.Schedule(ctx, c)
	return err
}

// auditTime is how audit details write instants.
const auditTime = "Mon 2 Jan 2006 15:04 MST"

// checkChannel refuses a channel Rapport cannot post in (a *PostError) or a private one
// actor is not in (ErrNotInChannel): planning a campaign there would let them make Rapport
// post into, and read back from, a conversation they are not part of.
func (s *Service) checkChannel(ctx context.Context, actor, channel string) error {
	if s.Channels == nil {
		return nil
	}
	private, member, err := s.Channels.ChannelAccess(ctx, channel, actor)
	switch {
	case errors.Is(err, sender.ErrChannelNotVisible):
		return &PostError{Channel: channel, Err: err}
	case err != nil:
		return err
	case private && !member:
		return ErrNotInChannel
	}
	return nil
}

// checkRoster reports the handles that are not on the roster as a *NotOnRosterError.
func (s *Service) checkRoster(ctx context.Context, handles []string) error {
	if len(handles) == 0 {
		return nil
	}
	missing, err := s.Store.MissingInfluencers(ctx, handles)
	if err != nil {
		return err
	}
	var names []string
	for _, h := range handles {
		if missing[h] {
			names = append(names, h)
		}
	}
	if len(names) > 0 {
		return &NotOnRosterError{Handles: names}
	}
	return nil
}

// Edit saves the editable fields of edited over the campaign with ID id, as actor, and
// re-plans its checkpoints; the change is announced in the campaign channel and recorded.
// It reports whether the launch moved. Errors as Create's, *access.DeniedError, and
// rapport.ErrNotFound.
func (s *Service) Edit(ctx context.Context, actor, id string, edited rapport.Campaign) (moved bool, err error) {
	now := s.now()
	old, err := s.Find(ctx, actor, id)
	if err != nil {
		return false, err
	}
	if err := s.may(ctx, actor, old, access.EditCampaign); err != nil {
		return false, err
	}
	if old.Cancelled {
		return false, ErrCancelled
	}
	if !access.SameApprovers(old.Approvers, edited.Approvers) {
		if err := s.may(ctx, actor, old, access.ChangeApprovers); err != nil {
			return false, err
		}
	}
	c := old
	c.Name, c.LaunchAt, c.TimeZone, c.Markets, c.Channel = edited.Name, edited.LaunchAt, edited.TimeZone, edited.Markets, edited.Channel
	c.Influencers, c.Approvers, c.Keywords, c.SensitiveTopics = edited.Influencers, edited.Approvers, edited.Keywords, edited.SensitiveTopics
	if err := s.Validate(c); err != nil {
		return false, err
	}
	if c.Channel != old.Channel {
		if err := s.checkChannel(ctx, actor, c.Channel); err != nil {
			return false, err
		}
	}
	if err := s.checkRoster(ctx, c.Influencers); err != nil {
		return false, err
	}
	if err := s.Store.SaveCampaign(ctx, c); err != nil {
		return false, err
	}
	add, remove := launchplan.Replan(launchplan.Plan(old, s.Policy, now), c, s.Policy, now)
	keys := map[string]time.Time{}
	for _, cp := range add {
		keys[cp.Key()] = cp.Due
	}
	var gone []string
	for _, cp := range remove {
		gone = append(gone, cp.Key())
	}
	if err := s.Store.UnscheduleCheckpoints(ctx, gone); err != nil {
		return false, err
	}
	if err := s.Store.ScheduleCheckpoints(ctx, keys); err != nil {
		return false, err
	}
	changes := describeChanges(old, c)
	s.record(ctx, c, actor, "edited", strings.Join(changes, "; "))
	if len(changes) > 0 {
		text := ":pencil2: " + render.Mention(actor) + " edited *" + render.Escape(c.Name) + "*: " + render.Escape(strings.Join(changes, "; ")) + "."
		s.announce(ctx, c, text)
		if c.Channel != old.Channel {
			s.announce(ctx, old, text)
		}
	}
	return !c.LaunchAt.Equal(old.LaunchAt), nil
}

// describeChanges lists what an edit changed, in plain text.
func describeChanges(old, c rapport.Campaign) []string {
	var out []string
	if old.Name != c.Name {
		out = append(out, "renamed from "+old.Name)
	}
	if !old.LaunchAt.Equal(c.LaunchAt) || old.TimeZone != c.TimeZone {
		out = append(out, "launch moved from "+inZone(old).Format(auditTime)+" to "+inZone(c).Format(auditTime))
	}
	if !slices.Equal(old.Markets, c.Markets) {
		out = append(out, "markets "+strings.Join(c.Markets, ", "))
	}
	if old.Channel != c.Channel {
		out = append(out, "channel moved")
	}
	if !access.SameApprovers(old.Approvers, c.Approvers) {
		out = append(out, fmt.Sprintf("approvers now %d", len(c.Approvers)))
	}
	if !slices.Equal(old.Influencers, c.Influencers) {
		out = append(out, "influencers "+strings.Join(c.Influencers, ", "))
	}
	if !slices.Equal(old.Keywords, c.Keywords) || !slices.Equal(old.SensitiveTopics, c.SensitiveTopics) {
		out = append(out, "watch words changed")
	}
	return out
}

func inZone(c rapport.Campaign) time.Time {
	if loc, err := time.LoadLocation(c.TimeZone); err == nil {
		return c.LaunchAt.In(loc)
	}
	return c.LaunchAt.UTC()
}

// Validate checks a campaign about to be planned against the rules every campaign passes
// (launchplan.ValidateNew), the same for the form, an edit and a planned campaign in the CSV.
func (s *Service) Validate(c rapport.Campaign) error {
	return launchplan.ValidateNew(c, s.now())
}

// Schedule queues the checkpoints still ahead of a saved campaign (none for a cancelled or
// past one, or one without a channel to post in). It reports whether any was queued. The
// campaign form and the CSV import both plan through it.
func (s *Service) Schedule(ctx context.Context, c rapport.Campaign) (bool, error) {
	if c.Cancelled || c.Channel == "" {
		return false, nil
	}
	keys := map[string]time.Time{}
	for _, cp := range launchplan.Plan(c, s.Policy, s.now()) {
		keys[cp.Key()] = cp.Due
	}
	if len(keys) == 0 {
		return false, nil
	}
	return true, s.Store.ScheduleCheckpoints(ctx, keys)
}

// Cancel stops the campaign's checks and polls, as actor; the channel hears who did it and
// the audit records it. It reports whether it was already cancelled.
func (s *Service) Cancel(ctx context.Context, actor string, c rapport.Campaign) (already bool, err error) {
	if err := s.may(ctx, actor, c, access.CancelCampaign); err != nil {
		return false, err
	}
	if c.Cancelled {
		return true, nil
	}
	c.Cancelled = true
	if err := s.Store.SaveCampaign(ctx, c); err != nil {
		return false, err
	}
	var keys []string
	// Planned from well before launch, the list holds every checkpoint the campaign can have.
	for _, cp := range launchplan.Plan(rapport.Campaign{ID: c.ID, LaunchAt: c.LaunchAt}, s.Policy, c.LaunchAt.AddDate(0, 0, -60)) {
		keys = append(keys, cp.Key())
	}
	if err := s.Store.UnscheduleCheckpoints(ctx, keys); err != nil {
		return false, err
	}
	s.record(ctx, c, actor, "cancelled", "")
	s.announce(ctx, c, ":no_entry_sign: "+render.Mention(actor)+" cancelled *"+render.Escape(c.Name)+"*: no more checks or polls, and the poll takes no more votes.")
	return false, nil
}

// CheckNow runs a timing check on request, posts it in the campaign channel and records
// its level for the status card.
func (s *Service) CheckNow(ctx context.Context, actor string, c rapport.Campaign) (risk.Assessment, error) {
	if err := s.may(ctx, actor, c, access.CheckCampaign); err != nil {
		return risk.Assessment{}, err
	}
	if c.Cancelled {
		return risk.Assessment{}, ErrCancelled
	}
	if s.Checker == nil {
		return risk.Assessment{}, ErrNoChecker
	}
	now := s.now()
	a := s.Checker.Check(ctx, c, now)
	if _, err := s.Out.Post(ctx, c.Channel, render.TimingCheck(c, "on request", "", a)); err != nil {
		return a, &PostError{Channel: c.Channel, Err: err}
	}
	if s.Metrics != nil {
		s.Metrics.TimingChecked(a.Level.String(), "on_request")
	}
	return a, s.Store.SetLastRisk(ctx, c.ID, a.Level.String(), now)
}
