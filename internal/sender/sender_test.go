package sender_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/redistest"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/sender"
	"github.com/rapport-bot/rapport/internal/sender/sendertest"
	"github.com/rapport-bot/rapport/internal/simclock"
)

func newSender(t *testing.T, rec *sendertest.Recorder, clock *simclock.Clock) *sender.Sender {
	t.Helper()
	srv := redistest.Start(t)
	store, err := redisstore.Open(srv.URL(), redisstore.Options{KeyPrefix: "s:"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	return sender.New(rec, redisstore.Deliveries{Store: store, TTL: time.Hour, Grace: time.Minute}, sender.Options{Now: clock.Now})
}

var msg = render.Message{Text: "hello"}

// TestPostOnce: a slot's message goes out once however often it is asked for; a failed post
// frees the slot for the next run; once the message is out, a failed record still closes the
// slot, so nothing is sent twice.
func TestPostOnce(t *testing.T) {
	ctx := context.Background()
	errRecord := errors.New("record failed")
	tests := []struct {
		name     string
		fails    int   // posts that fail first
		record   error // what record returns
		runs     int
		wantSent []bool
		wantMsgs int
		wantRecs int
	}{
		{name: "sent once, then never again", runs: 3, wantSent: []bool{true, false, false}, wantMsgs: 1, wantRecs: 1},
		{name: "a failed post is retried by the next run", fails: 1, runs: 3, wantSent: []bool{false, true, false}, wantMsgs: 1, wantRecs: 1},
		{name: "a failed record does not resend", record: errRecord, runs: 2, wantSent: []bool{true, false}, wantMsgs: 1, wantRecs: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &sendertest.Recorder{}
			rec.FailNext(tt.fails)
			s := newSender(t, rec, simclock.Frozen(time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC)))
			recs := 0
			for i := range tt.runs {
				sent, err := s.PostOnce(ctx, "slot-1", "C1", msg, func(_ context.Context, ts string) error {
					if ts == "" {
						t.Error("record got no timestamp")
					}
					recs++
					return tt.record
				})
				if sent != tt.wantSent[i] {
					t.Errorf("run %d: sent = %v, want %v (err %v)", i, sent, tt.wantSent[i], err)
				}
				if wantErr := (i < tt.fails) || (sent && tt.record != nil); (err != nil) != wantErr {
					t.Errorf("run %d: err = %v, want an error: %v", i, err, wantErr)
				}
			}
			if got := len(rec.Sent()); got != tt.wantMsgs {
				t.Errorf("%d messages posted, want %d", got, tt.wantMsgs)
			}
			if recs != tt.wantRecs {
				t.Errorf("record ran %d times, want %d", recs, tt.wantRecs)
			}
		})
	}
}

// TestPostOnceFromBuildsOnlyWhenClaimed: an expensive message is built only by the run that
// sends it; a build error frees the slot.
func TestPostOnceFromBuildsOnlyWhenClaimed(t *testing.T) {
	ctx := context.Background()
	rec := &sendertest.Recorder{}
	s := newSender(t, rec, simclock.Frozen(time.Date(2027, 3, 28, 0, 59, 30, 0, time.UTC)))
	builds := 0
	build := func(fail bool) func(context.Context) (render.Message, error) {
		return func(context.Context) (render.Message, error) {
			builds++
			if fail {
				return render.Message{}, errors.New("roster unreadable")
			}
			return msg, nil
		}
	}
	if sent, err := s.PostOnceFrom(ctx, "weekly", "C1", build(true), nil); sent || err == nil {
		t.Fatalf("failing build: sent %v, err %v", sent, err)
	}
	for range 3 {
		if _, err := s.PostOnceFrom(ctx, "weekly", "C1", build(false), nil); err != nil {
			t.Fatal(err)
		}
	}
	if builds != 2 || len(rec.Sent()) != 1 {
		t.Errorf("%d builds and %d messages, want 2 builds (the failed one and the sent one) and 1 message", builds, len(rec.Sent()))
	}
}

// TestUser: users.info answers are cached for the TTL by the injected clock, and users
// Slack does not know, or who left, read as departed.
func TestUser(t *testing.T) {
	ctx := context.Background()
	rec := &sendertest.Recorder{Users: map[string]slack.User{
		"U1": {ID: "U1", TZ: "Europe/Paris"}, "U2": {ID: "U2", Deleted: true}, "U3": {ID: "U3", IsBot: true},
	}}
	clock := simclock.Frozen(time.Date(2026, 11, 1, 5, 59, 30, 0, time.UTC))
	s := newSender(t, rec, clock)
	tests := []struct {
		id               string
		zone             string
		deleted, unknown bool
		bot              bool
	}{
		{"U1", "Europe/Paris", false, false, false},
		{"U2", "UTC", true, false, false},
		{"U3", "UTC", false, false, true},
		{"U404", "UTC", true, true, false},
	}
	for _, tt := range tests {
		u, err := s.User(ctx, tt.id)
		if err != nil {
			t.Fatalf("%s: %v", tt.id, err)
		}
		if u.Zone().String() != tt.zone || u.Deleted != tt.deleted || u.Unknown != tt.unknown || u.Bot != tt.bot {
			t.Errorf("%s = %+v (zone %s)", tt.id, u, u.Zone())
		}
	}
	rec.Users["U1"] = slack.User{ID: "U1", TZ: "Asia/Tokyo"}
	if z := s.Zone(ctx, "U1"); z.String() != "Europe/Paris" {
		t.Errorf("within the hour the cached zone is kept; got %s", z)
	}
	clock.Advance(time.Hour)
	if z := s.Zone(ctx, "U1"); z.String() != "Asia/Tokyo" {
		t.Errorf("after an hour the zone is read again; got %s", z)
	}
}
