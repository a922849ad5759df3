package launches

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/access"
	"github.com/rapport-bot/rapport/internal/launchplan"
	"github.com/rapport-bot/rapport/internal/poll"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/redistest"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/risk"
	"github.com/rapport-bot/rapport/internal/sender"
	"github.com/rapport-bot/rapport/internal/sender/sendertest"
	"github.com/rapport-bot/rapport/internal/simclock"
)

// t0 is the tests' clock start: any instant works, so take an awkward one (a DST change
// in Paris, a leap day week).
var t0 = time.Date(2028, 3, 26, 0, 59, 30, 0, time.UTC)

// checker answers every check with a fixed level and no breaking news.
type checker struct{ level risk.Level }

func (c checker) Check(context.Context, rapport.Campaign, time.Time) risk.Assessment {
	return risk.Assessment{Level: c.level, Reasons: []risk.Reason{{Level: c.level, Rule: risk.RuleNewsClear, Text: "test"}}}
}
func (checker) Breaking(context.Context, rapport.Campaign, time.Time) []risk.Match { return nil }

type env struct {
	svc   *Service
	store *redisstore.Store
	rec   *sendertest.Recorder
	clock *simclock.Clock
}

// newEnv is a launches service on a private Redis with a recording sender and a frozen
// clock at t0.
func newEnv(t *testing.T) env {
	t.Helper()
	srv := redistest.Start(t)
	store, err := redisstore.Open(srv.URL(), redisstore.Options{KeyPrefix: "l:"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	rec := &sendertest.Recorder{}
	clock := simclock.Frozen(t0)
	out := sender.New(rec, redisstore.Deliveries{Store: store, TTL: 30 * 24 * time.Hour, Grace: 10 * time.Minute}, sender.Options{Now: clock.Now})
	svc := &Service{Store: store, Out: out, Checker: checker{level: risk.Amber}, Policy: launchplan.DefaultPolicy(), Now: clock.Now}
	if _, err := store.UpsertInfluencers(context.Background(), []rapport.Influencer{{Handle: "ava.moreau", Owner: "U0PRIYA", Status: rapport.StatusActive}}, t0); err != nil {
		t.Fatal(err)
	}
	return env{svc: svc, store: store, rec: rec, clock: clock}
}

// replica is another replica's service over the same Redis and Slack: the same settings,
// its own process state.
func (e env) replica() *Service {
	return &Service{Store: e.svc.Store, Out: e.svc.Out, Checker: e.svc.Checker, Policy: e.svc.Policy,
		Channels: e.svc.Channels, Admins: e.svc.Admins, Now: e.svc.Now, Log: e.svc.Log, Metrics: e.svc.Metrics}
}

func campaign(name string, in time.Duration) rapport.Campaign {
	return rapport.Campaign{ID: rapport.CampaignID(name), Name: name, LaunchAt: t0.Add(in), TimeZone: "Europe/Paris",
		Markets: []string{"FR"}, Channel: "C0LAUNCH", Approvers: []string{"U0PRIYA"}, Influencers: []string{"ava.moreau"}, CreatedBy: "U0PRIYA"}
}

func TestCreate(t *testing.T) {
	tests := []struct {
		name    string
		c       func() rapport.Campaign
		before  func(e env)
		wantErr func(error) bool
		posted  int
		stored  bool
	}{
		{name: "a valid campaign is announced, saved and planned", c: func() rapport.Campaign { return campaign("Spring Glow", 80*time.Hour) },
			wantErr: func(err error) bool { return err == nil }, posted: 1, stored: true},
		{name: "a mistyped year is refused by the campaign rules", c: func() rapport.Campaign { return campaign("Spring Glow", 3*365*24*time.Hour) },
			wantErr: func(err error) bool { var inv *launchplan.InvalidCampaignError; return errors.As(err, &inv) }},
		{name: "an influencer not on the roster", c: func() rapport.Campaign {
			c := campaign("Spring Glow", 80*time.Hour)
			c.Influencers = append(c.Influencers, "nobody.here")
			return c
		}, wantErr: func(err error) bool {
			var nr *NotOnRosterError
			return errors.As(err, &nr) && slices.Equal(nr.Handles, []string{"nobody.here"})
		}},
		{name: "a channel Rapport cannot post in: nothing is saved", c: func() rapport.Campaign { return campaign("Spring Glow", 80*time.Hour) },
			before: func(e env) { e.rec.FailNext(1) },
			wantErr: func(err error) bool {
				var pe *PostError
				return errors.As(err, &pe) && pe.Channel == "C0LAUNCH"
			}},
		{name: "a name already taken", c: func() rapport.Campaign { return campaign("Spring Glow", 80*time.Hour) },
			before: func(e env) {
				if err := e.svc.Create(context.Background(), "U0PRIYA", campaign("spring glow", 90*time.Hour)); err != nil {
					t.Fatal(err)
				}
			},
			wantErr: func(err error) bool { return errors.Is(err, ErrNameTaken) }, posted: 1, stored: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			if tt.before != nil {
				tt.before(e)
			}
			err := e.svc.Create(context.Background(), "U0PRIYA", tt.c())
			if !tt.wantErr(err) {
				t.Fatalf("Create error = %v", err)
			}
			if got := len(e.rec.To("C0LAUNCH")); got != tt.posted {
				t.Errorf("%d messages in the channel, want %d", got, tt.posted)
			}
			_, ferr := e.store.FindCampaign(context.Background(), "spring-glow")
			if stored := ferr == nil; stored != tt.stored {
				t.Errorf("campaign stored = %v (%v), want %v", stored, ferr, tt.stored)
			}
		})
	}
}

// TestCheckpointsRunOnceAcrossReplicasAndRestarts: two services sharing Redis (two
// replicas) run the dispatcher at every step from creation to decision; every checkpoint's
// message is posted once, and the poll closes with a decision.
func TestCheckpointsRunOnceAcrossReplicasAndRestarts(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	other := e.replica()
	c := campaign("Spring Glow", 80*time.Hour)
	if err := e.svc.Create(ctx, "U0PRIYA", c); err != nil {
		t.Fatal(err)
	}
	for e.clock.Now().Before(c.LaunchAt.Add(time.Hour)) {
		for _, s := range []*Service{e.svc, other, e.svc} {
			if err := s.RunCheckpoints(ctx, e.clock.Now()); err != nil {
				t.Fatalf("at %s: %v", e.clock.Now(), err)
			}
		}
		if e.clock.Now().After(c.LaunchAt.Add(-2*time.Hour)) && e.clock.Now().Before(c.LaunchAt.Add(-time.Hour)) {
			pl, err := e.svc.LoadPoll(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if len(pl.Votes) == 0 {
				if err := e.svc.Vote(ctx, c, poll.Vote{User: "U0PRIYA", Choice: poll.Go}, MessageRef{}); err != nil {
					t.Fatalf("vote: %v", err)
				}
			}
		}
		e.clock.Advance(15 * time.Minute)
	}
	var texts []string
	for _, m := range e.rec.To("C0LAUNCH") {
		texts = append(texts, m.Msg.Text)
	}
	count := func(prefix string) int {
		n := 0
		for _, s := range texts {
			if strings.HasPrefix(s, prefix) {
				n++
			}
		}
		return n
	}
	checks := count("Timing check")
	if want := len(launchplan.DefaultPolicy().Checks); checks != want {
		t.Errorf("%d timing checks posted, want %d: %q", checks, want, texts)
	}
	polls := 0
	for _, m := range e.rec.To("C0LAUNCH") {
		if len(m.Msg.Blocks) > 0 && m.Msg.Blocks[0].ID() == "poll_head" {
			polls++
		}
	}
	if polls != 1 {
		t.Errorf("%d polls posted, want 1: %q", polls, texts)
	}
	got, err := e.store.FindCampaign(ctx, c.ID)
	if err != nil || got.Decision != "go" {
		t.Errorf("decision = %q (%v), want go", got.Decision, err)
	}
	decisions := 0
	for _, s := range texts {
		if strings.Contains(s, "Go/no-go for Spring Glow: go") {
			decisions++
		}
	}
	if decisions != 1 {
		t.Errorf("%d decisions announced, want 1: %q", decisions, texts)
	}
}

func TestVote(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	c := campaign("Spring Glow", 80*time.Hour)
	if err := e.svc.Create(ctx, "U0PRIYA", c); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.PublishPoll(ctx, c); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		vote poll.Vote
		want func(error) bool
	}{
		{"go", poll.Vote{User: "U0PRIYA", Choice: poll.Go}, func(err error) bool { return err == nil }},
		{"a no-go needs a reason", poll.Vote{User: "U0DIEGO", Choice: poll.NoGo}, func(err error) bool { return errors.Is(err, poll.ErrReasonRequired) }},
		{"a conditional go with its note", poll.Vote{User: "U0DIEGO", Choice: poll.ConditionalGo, Note: "if the FR stock lands"}, func(err error) bool { return err == nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := e.svc.Vote(ctx, c, tt.vote, MessageRef{}); !tt.want(err) {
				t.Errorf("Vote = %v", err)
			}
		})
	}
	pl, err := e.svc.LoadPoll(ctx, c)
	if err != nil || len(pl.Votes) != 2 {
		t.Fatalf("votes = %v (%v), want 2", pl.Votes, err)
	}
	polls := e.rec.To("C0LAUNCH")
	last := polls[len(polls)-1]
	if last.Updated == 0 || !strings.HasSuffix(last.Msg.Text, ": 1 go, 0 conditional, 0 no-go (approvers), 1 advisory") {
		t.Errorf("poll not redrawn with both votes: %d updates, %q", last.Updated, last.Msg.Text)
	}
	e.clock.Advance(80 * time.Hour)
	var vc *VotingClosedError
	if err := e.svc.Vote(ctx, c, poll.Vote{User: "U0LATE", Choice: poll.Go}, MessageRef{}); !errors.As(err, &vc) {
		t.Errorf("late vote = %v, want a VotingClosedError", err)
	}
}

// A vote after the close says what was decided: the recorded decision, or the one the
// deadline made before the close was recorded.
func TestVotingClosedDecision(t *testing.T) {
	deadline := time.Date(2026, 3, 1, 7, 30, 0, 0, time.UTC)
	c := rapport.Campaign{ID: "spring", Name: "Spring Glow"}
	approvers := []string{"U1", "U2"}
	both := map[string]poll.Vote{"U1": {User: "U1", Choice: poll.Go}, "U2": {User: "U2", Choice: poll.Go}}
	one := map[string]poll.Vote{"U1": {User: "U1", Choice: poll.Go}}
	tests := []struct {
		name string
		p    poll.Poll
		now  time.Time
		want string
	}{
		{"closed: the recorded decision", poll.Close(poll.Poll{Approvers: approvers, Deadline: deadline, Votes: both}, deadline),
			deadline.Add(time.Hour), "Go: both approvers voted go."},
		{"the deadline passed before the close was recorded", poll.Poll{Approvers: approvers, Deadline: deadline, Votes: one},
			deadline.Add(time.Minute), "No decision: 1 of 2 approvers did not vote before the poll closed."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var vc *VotingClosedError
			if err := closedError(c, tt.p, tt.now); !errors.As(err, &vc) || vc.Decision.Reason != tt.want {
				t.Errorf("closedError = %v, want the reason %q", err, tt.want)
			}
		})
	}
}

// TestPermissions: the service refuses what the rules refuse, whatever the caller (a
// crafted form submission reaches Edit directly), and changes nothing when it does.
func TestPermissions(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		actor string
		do    func(e env, c rapport.Campaign, actor string) error
		ok    bool
	}{
		{"an outsider edits", "U0EVE", func(e env, c rapport.Campaign, a string) error {
			c.Approvers = []string{"U0EVE"}
			_, err := e.svc.Edit(ctx, a, c.ID, c)
			return err
		}, false},
		{"the creator edits", "U0PRIYA", func(e env, c rapport.Campaign, a string) error {
			c.Markets = []string{"FR", "GB"}
			_, err := e.svc.Edit(ctx, a, c.ID, c)
			return err
		}, true},
		{"an approver adds an approver once the poll is up", "U0MARCUS", func(e env, c rapport.Campaign, a string) error {
			if _, err := e.svc.PublishPoll(ctx, c); err != nil {
				t.Fatal(err)
			}
			c.Approvers = append(c.Approvers, "U0EVE")
			_, err := e.svc.Edit(ctx, a, c.ID, c)
			return err
		}, false},
		{"an admin changes approvers once the poll is up", "U0ADMIN01", func(e env, c rapport.Campaign, a string) error {
			if _, err := e.svc.PublishPoll(ctx, c); err != nil {
				t.Fatal(err)
			}
			c.Approvers = []string{"U0MARCUS"}
			_, err := e.svc.Edit(ctx, a, c.ID, c)
			return err
		}, true},
		{"an outsider cancels", "U0EVE", func(e env, c rapport.Campaign, a string) error {
			_, err := e.svc.Cancel(ctx, a, c)
			return err
		}, false},
		{"an outsider posts the poll early", "U0EVE", func(e env, c rapport.Campaign, a string) error {
			_, err := e.svc.PostPoll(ctx, a, c)
			return err
		}, false},
		{"a vote on a cancelled campaign", "U0PRIYA", func(e env, c rapport.Campaign, a string) error {
			if _, err := e.svc.Cancel(ctx, a, c); err != nil {
				t.Fatal(err)
			}
			c.Cancelled = true
			return e.svc.Vote(ctx, c, poll.Vote{User: "U0MARCUS", Choice: poll.Go}, MessageRef{})
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.svc.Admins = []string{"U0ADMIN01"}
			c := campaign("Spring Glow", 80*time.Hour)
			c.Approvers = []string{"U0PRIYA", "U0MARCUS"}
			if err := e.svc.Create(ctx, "U0PRIYA", c); err != nil {
				t.Fatal(err)
			}
			c, _ = e.store.FindCampaign(ctx, c.ID)
			err := tt.do(e, c, tt.actor)
			if tt.ok != (err == nil) {
				t.Fatalf("err = %v, want allowed %v", err, tt.ok)
			}
			var denied *access.DeniedError
			if !tt.ok && !errors.As(err, &denied) && !errors.Is(err, ErrCancelled) {
				t.Errorf("err = %v, want a refusal", err)
			}
			got, _ := e.store.FindCampaign(ctx, c.ID)
			if !tt.ok && slices.Contains(got.Approvers, "U0EVE") {
				t.Errorf("a refused edit changed the approvers: %v", got.Approvers)
			}
		})
	}
}

// gatedUpdates holds the first chat.update until released, as a slow Slack would.
type gatedUpdates struct {
	*sendertest.Recorder
	entered  chan struct{}
	release  chan struct{}
	mu       sync.Mutex
	attempts int
}

func (g *gatedUpdates) UpdateMessage(ctx context.Context, channel, ts string, msg render.Message) error {
	g.mu.Lock()
	g.attempts++
	first := g.attempts == 1
	g.mu.Unlock()
	if first {
		close(g.entered)
		<-g.release
	}
	return g.Recorder.UpdateMessage(ctx, channel, ts, msg)
}

// TestVotesDuringARedrawAreDrawnByIt: votes cast while the poll is being redrawn leave the
// redraw to the one in progress, which draws again when done and shows every vote.
func TestVotesDuringARedrawAreDrawnByIt(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	gate := &gatedUpdates{Recorder: e.rec, entered: make(chan struct{}), release: make(chan struct{})}
	e.svc.Out = sender.New(gate, redisstore.Deliveries{Store: e.store, TTL: time.Hour, Grace: time.Minute}, sender.Options{Now: e.clock.Now})
	c := campaign("Spring Glow", 80*time.Hour)
	if err := e.svc.Create(ctx, "U0PRIYA", c); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.PublishPoll(ctx, c); err != nil {
		t.Fatal(err)
	}
	first := make(chan error, 1)
	go func() { first <- e.svc.Vote(ctx, c, poll.Vote{User: "U00", Choice: poll.Go}, MessageRef{}) }()
	<-gate.entered // the first vote's redraw is in chat.update
	const others = 30
	var wg sync.WaitGroup
	for i := range others {
		wg.Go(func() {
			if err := e.svc.Vote(ctx, c, poll.Vote{User: fmt.Sprintf("U%02d", i+1), Choice: poll.Go}, MessageRef{}); err != nil {
				t.Errorf("vote %d: %v", i+1, err)
			}
		})
	}
	wg.Wait() // every other vote returned without drawing: a redraw was in progress
	gate.mu.Lock()
	during := gate.attempts
	gate.mu.Unlock()
	if during != 1 {
		t.Errorf("%d chat.update calls while the first was in flight, want only that one", during)
	}
	close(gate.release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	polls := e.rec.To("C0LAUNCH")
	last := polls[len(polls)-1]
	if !strings.Contains(last.Msg.Text, fmt.Sprintf("%d advisory", others+1)) {
		t.Errorf("last redraw does not show all %d votes: %q", others+1, last.Msg.Text)
	}
	if last.Updated > 3 {
		t.Errorf("%d redraws for %d votes cast during one; want at most 3", last.Updated, others+1)
	}
}
