// Package relationships keeps each influencer relationship looked after between nudges:
// contacts logged (from Slack, a nudge's button or the touchpoints CSV alike), owners and
// backups, the influencer-side point of contact, snoozes and pauses, the history, the stale
// list and the App Home lists. It computes due times from contact history and cadence and
// keeps the due index in step with the roster.
//
// Rules come from the pure cadence package; storage is behind Store and Slack's view of
// people behind Users, both defined here, so the package imports neither Slack nor Redis.
package relationships

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"time"

	"github.com/rapport-bot/rapport/internal/access"
	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/sender"
)

// Store is what relationship upkeep needs from storage.
type Store interface {
	Profile(ctx context.Context, query string) (rapport.Profile, error)
	UpsertInfluencers(ctx context.Context, ins []rapport.Influencer, now time.Time) (rapport.UpsertStats, error)
	LogTouchpoint(ctx context.Context, tp rapport.Touchpoint, cadence time.Duration) (rapport.LogResult, error)
	Touchpoints(ctx context.Context, id string, offset, limit int) ([]rapport.Touchpoint, int, error)
	SetDues(ctx context.Context, dues map[string]rapport.DueEntry) error
	Snooze(ctx context.Context, id string, until time.Time) error
	RelStates(ctx context.Context, ids []string) (map[string]rapport.RelState, error)
	DueIDs(ctx context.Context, t time.Time, limit int) ([]string, []time.Time, error)
	Relationships(ctx context.Context, ids []string) ([]rapport.Influencer, map[string]rapport.RelState, error)
	AppendAudit(ctx context.Context, e rapport.AuditEntry) error
	Audit(ctx context.Context, subject string, limit int) ([]rapport.AuditEntry, error)
}

// Users tells who a Slack user is, and tells people about changes to their
// relationships (the sender).
type Users interface {
	User(ctx context.Context, userID string) (sender.User, error)
	Post(ctx context.Context, channel string, msg render.Message) (string, error)
}

// Service keeps relationships. Every method that changes a relationship takes the acting
// user's ID and enforces package access's rules (refusals are *access.DeniedError); the
// change is appended to the relationship's audit trail, and ownership changes are told to
// the people concerned by DM.
type Service struct {
	Store Store
	Users Users
	// Admins are the configured admins' user IDs.
	Admins  []string
	Cadence cadence.Defaults
	// Now is the service's clock (default time.Now).
	Now func() time.Time
	Log *slog.Logger
}

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

// Logged is what logging a contact changed.
type Logged struct {
	// Added is false when the same touchpoint was already stored (a retried request).
	Added bool
	// LastContact is the relationship's latest contact now.
	LastContact time.Time
	// NextDue is when it is next due; zero when it is never due (paused, do not contact).
	NextDue time.Time
}

// LogContact stores tp against the relationship with its cadence and moves the due time.
func (s *Service) LogContact(ctx context.Context, p rapport.Profile, tp rapport.Touchpoint) (Logged, error) {
	cad, due := Cadence(p, s.Cadence, s.now())
	if !due {
		cad = 0
	}
	res, err := s.Store.LogTouchpoint(ctx, tp, cad)
	if err != nil {
		return Logged{}, err
	}
	s.log().Info("touchpoint logged", "influencer", tp.Handle, "kind", tp.Kind, "by", tp.By, "added", res.Added)
	out := Logged{Added: res.Added, LastContact: res.LastContact}
	if due {
		out.NextDue = res.LastContact.Add(cad)
	}
	return out, nil
}

// PersonError says why a Slack user cannot own a relationship.
type PersonError struct {
	User   string
	Reason string // "unknown", "left", "bot"
}

func (e *PersonError) Error() string { return e.User + " cannot own a relationship: " + e.Reason }

func (s *Service) may(actor string, in rapport.Influencer, action access.Action) error {
	return access.Check(access.Relationship(access.Actor{ID: actor, Admin: slices.Contains(s.Admins, actor)}, in, action))
}

// record appends an audit entry for the relationship; a failure is logged, never undoes
// the change.
func (s *Service) record(ctx context.Context, in rapport.Influencer, by, action, detail string) {
	e := rapport.AuditEntry{At: s.now(), By: by, Subject: rapport.InfluencerSubject(in.ID()), Action: action, Detail: detail}
	if err := s.Store.AppendAudit(ctx, e); err != nil {
		s.log().Error("audit entry lost", "influencer", in.ID(), "action", action, "by", by, "err", err)
	}
}

// tell DMs someone about a change to their relationship, unless they made it.
func (s *Service) tell(ctx context.Context, user, actor, text string) {
	if user == "" || user == actor {
		return
	}
	if _, err := s.Users.Post(ctx, user, render.Done(text)); err != nil {
		s.log().Warn("could not tell about a relationship change", "user", user, "err", err)
	}
}

// SetOwner makes owner (and backup, when given) responsible for the relationship, as
// actor, after checking both are people still in the workspace. The new owner and backup,
// and the previous owner, hear of it. Errors: *access.DeniedError, *PersonError, or a
// storage or Slack error.
func (s *Service) SetOwner(ctx context.Context, actor string, p rapport.Profile, owner, backup string) (rapport.Influencer, error) {
	old := p.Influencer
	if err := s.may(actor, old, access.Reassign); err != nil {
		return rapport.Influencer{}, err
	}
	for _, u := range []string{owner, backup} {
		if u == "" {
			continue
		}
		info, err := s.Users.User(ctx, u)
		switch {
		case err != nil:
			return rapport.Influencer{}, err
		case info.Unknown:
			return rapport.Influencer{}, &PersonError{User: u, Reason: "unknown"}
		case info.Deleted:
			return rapport.Influencer{}, &PersonError{User: u, Reason: "left"}
		case info.Bot:
			return rapport.Influencer{}, &PersonError{User: u, Reason: "bot"}
		}
	}
	in := old
	in.Owner = owner
	if backup != "" {
		in.Backup = backup
	}
	if _, err := s.Store.UpsertInfluencers(ctx, []rapport.Influencer{in}, s.now()); err != nil {
		return rapport.Influencer{}, err
	}
	detail := "owner " + orNobody(old.Owner) + " → " + orNobody(in.Owner)
	if in.Backup != old.Backup {
		detail += "; backup " + orNobody(old.Backup) + " → " + orNobody(in.Backup)
	}
	s.record(ctx, in, actor, "reassigned", detail)
	who := "@" + render.Escape(in.Handle)
	by := render.Mention(actor)
	if in.Owner != old.Owner {
		s.tell(ctx, in.Owner, actor, ":handshake: "+by+" made you the owner of "+who+".")
		s.tell(ctx, old.Owner, actor, ":arrow_right: "+by+" passed "+who+" from you to "+render.Mention(in.Owner)+".")
	}
	if in.Backup != old.Backup && in.Backup != in.Owner {
		s.tell(ctx, in.Backup, actor, ":busts_in_silhouette: "+by+" made you the backup for "+who+".")
	}
	return in, nil
}

func orNobody(u string) string {
	if u == "" {
		return "nobody"
	}
	return "<@" + u + ">"
}

// SetContact records the influencer-side point of contact, as actor.
func (s *Service) SetContact(ctx context.Context, actor string, p rapport.Profile, c rapport.Contact) (rapport.Influencer, error) {
	in := p.Influencer
	if err := s.may(actor, in, access.ChangeContact); err != nil {
		return rapport.Influencer{}, err
	}
	in.Contact = c
	if _, err := s.Store.UpsertInfluencers(ctx, []rapport.Influencer{in}, s.now()); err != nil {
		return rapport.Influencer{}, err
	}
	s.record(ctx, in, actor, "changed the contact", c.Name+" ("+c.Role+")")
	return in, nil
}

// Snooze silences nudges about the relationship for d, as actor (beyond
// access.MaxOpenSnooze only the owner, the backup or an admin); its due time does not
// move. It returns the end of the snooze.
func (s *Service) Snooze(ctx context.Context, actor string, p rapport.Profile, d time.Duration) (time.Time, error) {
	if err := s.may(actor, p.Influencer, access.Snooze(d)); err != nil {
		return time.Time{}, err
	}
	until := s.now().Add(d)
	if err := s.Store.Snooze(ctx, p.Influencer.ID(), until); err != nil {
		return time.Time{}, err
	}
	s.record(ctx, p.Influencer, actor, "snoozed", "until "+until.UTC().Format("Mon 2 Jan 2006 15:04 UTC"))
	return until, nil
}

// ErrDoNotContact: a do-not-contact relationship has no cadence to pause.
var ErrDoNotContact = errors.New("the relationship is marked do-not-contact")

// SetPaused stops (pause) or restarts (resume, as active) the relationship's cadence, as
// actor, and moves its due time. It reports false when there was nothing to change.
func (s *Service) SetPaused(ctx context.Context, actor string, p rapport.Profile, pause bool) (bool, error) {
	in := p.Influencer
	if err := s.may(actor, in, access.PauseRelationship); err != nil {
		return false, err
	}
	switch {
	case pause && in.Status == rapport.StatusPaused, !pause && in.Status != rapport.StatusPaused:
		return false, nil
	case pause && in.Status == rapport.StatusDoNotContact:
		return false, ErrDoNotContact
	}
	in.Status = rapport.StatusActive
	if pause {
		in.Status = rapport.StatusPaused
	}
	if _, err := s.Store.UpsertInfluencers(ctx, []rapport.Influencer{in}, s.now()); err != nil {
		return false, err
	}
	p.Influencer = in
	action := "resumed"
	if pause {
		action = "paused"
	}
	s.record(ctx, in, actor, action, "")
	return true, Reindex(ctx, s.Store, []rapport.Profile{p}, s.Cadence, s.now())
}

// Changes returns the relationship's audit trail, newest first.
func (s *Service) Changes(ctx context.Context, p rapport.Profile, limit int) ([]rapport.AuditEntry, error) {
	return s.Store.Audit(ctx, rapport.InfluencerSubject(p.Influencer.ID()), limit)
}

// History returns a page of the relationship's contacts, newest first, and their total.
func (s *Service) History(ctx context.Context, p rapport.Profile, offset, limit int) ([]rapport.Touchpoint, int, error) {
	return s.Store.Touchpoints(ctx, p.Influencer.ID(), offset, limit)
}

// maxStale bounds how many due relationships one list reads.
const maxStale = 5000

// Stale lists the relationships that are overdue or due within cadence.DueSoonWithin —
// owner's, or everyone's when owner is "" — by cadence.Stale's rules. It reads the due
// index and those relationships only, never the whole roster. Dates in the reasons are
// read in loc.
func (s *Service) Stale(ctx context.Context, owner string, loc *time.Location) ([]cadence.StaleRow, error) {
	now := s.now()
	ids, _, err := s.Store.DueIDs(ctx, now.Add(cadence.DueSoonWithin), maxStale)
	if err != nil {
		return nil, err
	}
	ins, states, err := s.Store.Relationships(ctx, ids)
	if err != nil {
		return nil, err
	}
	rels := make([]rapport.Relationship, 0, len(ins))
	for _, in := range ins {
		st := states[in.ID()]
		rels = append(rels, rapport.Relationship{ID: in.ID(), Handle: in.Handle, Name: in.Name, Owner: in.Owner, Backup: in.Backup,
			Status: in.Status, Cadence: st.Cadence, LastContact: st.LastContact, Due: st.Due, SnoozedUntil: st.SnoozedUntil})
	}
	if loc == nil {
		loc = time.UTC
	}
	return cadence.Stale(rels, now.In(loc), owner), nil
}

// recentContact is how far back the App Home lists contacts.
const recentContact = 14 * 24 * time.Hour

// Home is one owner's App Home: relationships overdue and due soon (cadence.Stale's rules),
// and those contacted in the last two weeks, newest first.
type Home struct {
	Stale  []cadence.StaleRow
	Recent []rapport.Profile
}

// HomeFor builds owner's App Home from the stale list and the analysed roster's latest
// contacts (profiles, as the roster cache holds them).
func (s *Service) HomeFor(ctx context.Context, owner string, profiles []rapport.Profile, loc *time.Location) (Home, error) {
	stale, err := s.Stale(ctx, owner, loc)
	if err != nil {
		return Home{}, err
	}
	now := s.now()
	var recent []rapport.Profile
	for _, p := range profiles {
		if tp := p.LastTouchpoint; p.Influencer.Owner == owner && tp != nil && now.Sub(tp.At) < recentContact {
			recent = append(recent, p)
		}
	}
	slices.SortStableFunc(recent, func(a, b rapport.Profile) int { return b.LastTouchpoint.At.Compare(a.LastTouchpoint.At) })
	return Home{Stale: stale, Recent: recent}, nil
}

// Find returns the profile a command names; rapport.ErrNotFound when none.
func (s *Service) Find(ctx context.Context, handle string) (rapport.Profile, error) {
	return s.Store.Profile(ctx, handle)
}
