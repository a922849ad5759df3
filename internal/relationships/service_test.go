package relationships

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/access"
	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/redistest"
	"github.com/rapport-bot/rapport/internal/sender"
	"github.com/rapport-bot/rapport/internal/sender/sendertest"
	"github.com/rapport-bot/rapport/internal/simclock"
)

// t0 is a Sunday night in Paris, an hour before the clocks go back: any instant works.
var t0 = time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC)

const day = 24 * time.Hour

type env struct {
	svc   *Service
	store *redisstore.Store
	clock *simclock.Clock
}

// newEnv is the service on a private Redis, with a recorded Slack that knows three users:
// Priya and Diego (people), Lena (who left) and a bot.
func newEnv(t *testing.T, roster ...rapport.Influencer) env {
	t.Helper()
	srv := redistest.Start(t)
	store, err := redisstore.Open(srv.URL(), redisstore.Options{KeyPrefix: "r:"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	rec := &sendertest.Recorder{Users: map[string]slack.User{
		"U0PRIYA": {ID: "U0PRIYA", TZ: "Europe/Paris"}, "U0DIEGO": {ID: "U0DIEGO", TZ: "America/New_York"},
		"U0LENA": {ID: "U0LENA", Deleted: true}, "U0BOT": {ID: "U0BOT", IsBot: true}, "U0MARCUS": {ID: "U0MARCUS", TZ: "UTC"},
	}}
	clock := simclock.Frozen(t0)
	out := sender.New(rec, redisstore.Deliveries{Store: store, TTL: day, Grace: time.Minute}, sender.Options{Now: clock.Now})
	svc := &Service{Store: store, Users: out, Cadence: cadence.DefaultDefaults(), Now: clock.Now}
	ctx := context.Background()
	if _, err := store.UpsertInfluencers(ctx, roster, t0.Add(-60*day)); err != nil {
		t.Fatal(err)
	}
	profiles, err := store.AllProfiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := Reindex(ctx, store, profiles, svc.Cadence, t0); err != nil {
		t.Fatal(err)
	}
	return env{svc: svc, store: store, clock: clock}
}

func profile(t *testing.T, e env, handle string) rapport.Profile {
	t.Helper()
	p, err := e.svc.Find(context.Background(), handle)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var ava = rapport.Influencer{Handle: "ava.moreau", Name: "Ava Moreau", Owner: "U0PRIYA", Status: rapport.StatusActive}

func TestSetOwner(t *testing.T) {
	tests := []struct {
		name          string
		owner, backup string
		reason        string // "" when it succeeds
	}{
		{"a person", "U0DIEGO", "", ""},
		{"a person with a backup", "U0DIEGO", "U0PRIYA", ""},
		{"someone who left", "U0LENA", "", "left"},
		{"a bot", "U0BOT", "", "bot"},
		{"someone Slack does not know", "U0NOBODY", "", "unknown"},
		{"a backup who left", "U0DIEGO", "U0LENA", "left"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, ava)
			in, err := e.svc.SetOwner(context.Background(), "U0PRIYA", profile(t, e, "ava.moreau"), tt.owner, tt.backup)
			var pe *PersonError
			switch {
			case tt.reason == "" && err != nil:
				t.Fatalf("SetOwner = %v", err)
			case tt.reason != "" && (!errors.As(err, &pe) || pe.Reason != tt.reason):
				t.Fatalf("SetOwner = %v, want a PersonError %q", err, tt.reason)
			}
			want := "U0PRIYA"
			if tt.reason == "" {
				want = tt.owner
				if in.Owner != tt.owner || in.Backup != tt.backup {
					t.Errorf("returned owner %q backup %q", in.Owner, in.Backup)
				}
			}
			if got := profile(t, e, "ava.moreau").Influencer.Owner; got != want {
				t.Errorf("stored owner = %q, want %q", got, want)
			}
		})
	}
}

// TestLogContactMovesTheDueTime: a contact moves the relationship off the stale list and
// sets its next due time one cadence later; the same touchpoint twice is stored once.
func TestLogContactMovesTheDueTime(t *testing.T) {
	e := newEnv(t, ava)
	ctx := context.Background()
	stale, err := e.svc.Stale(ctx, "U0PRIYA", nil)
	if err != nil || len(stale) != 1 || stale[0].State != cadence.StaleOverdue {
		t.Fatalf("before: stale = %+v, %v; want ava overdue (never contacted in 60 days)", stale, err)
	}
	tp := rapport.Touchpoint{ID: "tp1", Handle: "ava.moreau", Kind: rapport.KindCall, At: t0.Add(-time.Hour), LoggedAt: t0, By: "U0PRIYA"}
	for i, wantAdded := range []bool{true, false} {
		res, err := e.svc.LogContact(ctx, profile(t, e, "ava.moreau"), tp)
		if err != nil {
			t.Fatal(err)
		}
		if res.Added != wantAdded || !res.LastContact.Equal(tp.At) || !res.NextDue.Equal(tp.At.Add(14*day)) {
			t.Errorf("log %d = %+v, want added %v, next due %s", i, res, wantAdded, tp.At.Add(14*day))
		}
	}
	if stale, err := e.svc.Stale(ctx, "U0PRIYA", nil); err != nil || len(stale) != 0 {
		t.Errorf("after: stale = %+v, %v; want none", stale, err)
	}
	e.clock.Advance(12 * day)
	stale, err = e.svc.Stale(ctx, "", nil)
	if err != nil || len(stale) != 1 || stale[0].State != cadence.StaleDueSoon {
		t.Errorf("12 days later: stale = %+v, %v; want ava due soon", stale, err)
	}
}

// TestStaleUsesTheCadenceRules: paused and do-not-contact relationships never show as
// stale, whatever their stored due time; snoozed ones still do (a snooze silences nudges,
// not the schedule); the list is the owner's, or everyone's.
func TestStaleUsesTheCadenceRules(t *testing.T) {
	e := newEnv(t, ava,
		rapport.Influencer{Handle: "noah.kim", Owner: "U0DIEGO", Status: rapport.StatusActive},
		rapport.Influencer{Handle: "mia.rossi", Owner: "U0PRIYA", Status: rapport.StatusDoNotContact},
	)
	ctx := context.Background()
	// A due time left over in the index for a do-not-contact relationship.
	if err := e.store.SetDues(ctx, map[string]rapport.DueEntry{"mia.rossi": {Due: t0.Add(-day), Cadence: 14 * day}}); err != nil {
		t.Fatal(err)
	}
	if changed, err := e.svc.SetPaused(ctx, "U0DIEGO", profile(t, e, "noah.kim"), true); err != nil || !changed {
		t.Fatalf("pause = %v, %v", changed, err)
	}
	if _, err := e.svc.Snooze(ctx, "U0PRIYA", profile(t, e, "ava.moreau"), 7*day); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		owner string
		want  []string
	}{
		{"U0PRIYA", []string{"ava.moreau"}},
		{"U0DIEGO", nil},
		{"", []string{"ava.moreau"}},
	}
	for _, tt := range tests {
		rows, err := e.svc.Stale(ctx, tt.owner, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Relationship.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("stale for %q = %v, want %v", tt.owner, got, tt.want)
		}
	}
}

func TestSetPaused(t *testing.T) {
	tests := []struct {
		name    string
		status  rapport.Status
		pause   bool
		changed bool
		err     error
		want    rapport.Status
	}{
		{"pause an active relationship", rapport.StatusActive, true, true, nil, rapport.StatusPaused},
		{"pause a paused one: nothing to do", rapport.StatusPaused, true, false, nil, rapport.StatusPaused},
		{"resume a paused one", rapport.StatusPaused, false, true, nil, rapport.StatusActive},
		{"resume an active one: nothing to do", rapport.StatusActive, false, false, nil, rapport.StatusActive},
		{"do-not-contact cannot be paused", rapport.StatusDoNotContact, true, false, ErrDoNotContact, rapport.StatusDoNotContact},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ava
			in.Status = tt.status
			e := newEnv(t, in)
			changed, err := e.svc.SetPaused(context.Background(), "U0PRIYA", profile(t, e, "ava.moreau"), tt.pause)
			if changed != tt.changed || !errors.Is(err, tt.err) {
				t.Errorf("SetPaused = %v, %v; want %v, %v", changed, err, tt.changed, tt.err)
			}
			if got := profile(t, e, "ava.moreau").Influencer.Status; got != tt.want {
				t.Errorf("status = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestPermissions: who may change a relationship, what the refusal names, and that a
// refused change changes nothing while an allowed one is recorded and told.
func TestPermissions(t *testing.T) {
	owned := ava
	owned.Backup = "U0DIEGO"
	tests := []struct {
		name    string
		in      rapport.Influencer
		actor   string
		do      func(e env, p rapport.Profile, actor string) error
		allowed bool
		ask     []string
	}{
		{"the owner reassigns", owned, "U0PRIYA", reassignToMarcus, true, nil},
		{"the backup reassigns", owned, "U0DIEGO", reassignToMarcus, true, nil},
		{"an admin reassigns", owned, "U0ADMIN", reassignToMarcus, true, nil},
		{"an outsider may not reassign", owned, "U0MARCUS", reassignToMarcus, false, []string{"U0PRIYA", "U0DIEGO"}},
		{"anyone takes an unowned relationship", rapport.Influencer{Handle: "ava.moreau", Status: rapport.StatusActive}, "U0MARCUS", reassignToMarcus, true, nil},
		{"an outsider may not pause", owned, "U0MARCUS", func(e env, p rapport.Profile, a string) error {
			_, err := e.svc.SetPaused(context.Background(), a, p, true)
			return err
		}, false, []string{"U0PRIYA", "U0DIEGO"}},
		{"an outsider may not change the contact", owned, "U0MARCUS", func(e env, p rapport.Profile, a string) error {
			_, err := e.svc.SetContact(context.Background(), a, p, rapport.Contact{Name: "Eve", Role: "agent", Email: "eve@evil.example"})
			return err
		}, false, []string{"U0PRIYA", "U0DIEGO"}},
		{"anyone snoozes for a week", owned, "U0MARCUS", func(e env, p rapport.Profile, a string) error {
			_, err := e.svc.Snooze(context.Background(), a, p, 7*day)
			return err
		}, true, nil},
		{"an outsider may not snooze for 180 days", owned, "U0MARCUS", func(e env, p rapport.Profile, a string) error {
			_, err := e.svc.Snooze(context.Background(), a, p, 180*day)
			return err
		}, false, []string{"U0PRIYA", "U0DIEGO"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.in)
			e.svc.Admins = []string{"U0ADMIN"}
			before, _ := e.svc.Changes(context.Background(), profile(t, e, "ava.moreau"), 10)
			err := tt.do(e, profile(t, e, "ava.moreau"), tt.actor)
			after, _ := e.svc.Changes(context.Background(), profile(t, e, "ava.moreau"), 10)
			var denied *access.DeniedError
			switch {
			case tt.allowed && err != nil:
				t.Fatalf("refused: %v", err)
			case !tt.allowed && !errors.As(err, &denied):
				t.Fatalf("err = %v, want a refusal", err)
			}
			if tt.allowed {
				if len(after) != len(before)+1 || after[0].By != tt.actor {
					t.Errorf("audit = %+v, want a new entry by %s", after, tt.actor)
				}
				return
			}
			var ask []string
			for _, p := range denied.Decision.Ask {
				ask = append(ask, p.ID)
			}
			if !slices.Equal(ask, tt.ask) {
				t.Errorf("refusal asks %v, want %v", ask, tt.ask)
			}
			if len(after) != len(before) {
				t.Errorf("a refused change was recorded: %+v", after)
			}
			if got := profile(t, e, "ava.moreau").Influencer; got.Owner != tt.in.Owner || got.Status != tt.in.Status || got.Contact != tt.in.Contact {
				t.Errorf("a refused change changed the relationship: %+v", got)
			}
		})
	}
}

func reassignToMarcus(e env, p rapport.Profile, actor string) error {
	_, err := e.svc.SetOwner(context.Background(), actor, p, "U0MARCUS", "")
	return err
}
