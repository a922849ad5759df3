package slackfake

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// Fixture workspace shared by the tests.
var (
	alice = User{ID: "U0ALICE", Name: "alice", RealName: "Alice Adams", TZ: "Europe/Berlin"}
	bob   = User{ID: "U0BOB", Name: "bob", RealName: "Bob Brown", TZ: "America/New_York", TZOffset: -18000}
	gone  = User{ID: "U0GONE", Name: "gone", RealName: "Gone Person", TZ: "UTC", Deleted: true}

	general  = Channel{ID: "C0GENERAL", Name: "general"}
	secret   = Channel{ID: "G0SECRET", Name: "secret", IsPrivate: true, Members: []string{alice.ID}}
	campaign = Channel{ID: "G0CAMPAIGN", Name: "campaign", IsPrivate: true, Members: []string{alice.ID, BotUserID}}
)

// newFake starts a fake with the fixture workspace and, at cleanup, closes it and
// checks that none of its goroutines outlive it.
func newFake(t *testing.T, opts ...Option) *Server {
	t.Helper()
	opts = append([]Option{WithUsers(alice, bob, gone), WithChannels(general, secret, campaign)}, opts...)
	s := New(opts...)
	t.Cleanup(func() {
		s.Close()
		assertNoLeaks(t)
	})
	return s
}

// assertNoLeaks fails if goroutines running the fake's code remain. Tests in this
// package do not run in parallel, so any such goroutine belongs to a closed fake.
func assertNoLeaks(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		leaked := fakeGoroutines()
		if len(leaked) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%d goroutine(s) leaked:\n%s", len(leaked), strings.Join(leaked, "\n\n"))
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func fakeGoroutines() []string {
	buf := make([]byte, 4<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "fakeGoroutines") {
			continue
		}
		for _, marker := range []string{"slackfake.(*Server)", "slackfake.(*feed[", "slackfake.(*link)"} {
			if strings.Contains(g, marker) {
				out = append(out, g)
				break
			}
		}
	}
	return out
}

// bot is a real slack-go Socket Mode client connected to the fake.
type bot struct {
	t      *testing.T
	api    *slack.Client
	sm     *socketmode.Client
	events chan socketmode.Event // a copy of every event, for assertions
	runErr chan error
}

// handler reacts to one Socket Mode event; it runs on the bot's event loop.
type handler func(b *bot, evt socketmode.Event)

// startBot connects a socketmode client and runs handle for every event until the
// test ends.
func startBot(t *testing.T, fake *Server, handle handler, opts ...socketmode.Option) *bot {
	t.Helper()
	api := slack.New(BotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken(AppToken))
	b := &bot{
		t:      t,
		api:    api,
		sm:     socketmode.New(api, opts...),
		events: make(chan socketmode.Event, 1000),
		runErr: make(chan error, 1),
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(stopped)
		b.runErr <- b.sm.RunContext(ctx)
	})
	wg.Go(func() {
		for {
			select {
			case evt := <-b.sm.Events:
				select {
				case b.events <- evt:
				default:
				}
				if handle != nil {
					handle(b, evt)
				}
			case <-stopped:
				return
			}
		}
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	return b
}

// ack acknowledges evt's envelope, with an optional payload.
func (b *bot) ack(evt socketmode.Event, payload ...any) {
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		return
	}
	if err := b.sm.Ack(*evt.Request, payload...); err != nil {
		b.t.Errorf("ack %s: %v", evt.Request.EnvelopeID, err)
	}
}

// ackAll acknowledges every envelope and does nothing else.
func ackAll(b *bot, evt socketmode.Event) { b.ack(evt) }

// waitEvent waits for an event of the given type matching ok.
func (b *bot) waitEvent(typ socketmode.EventType, ok func(socketmode.Event) bool) socketmode.Event {
	b.t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case evt := <-b.events:
			if evt.Type == typ && (ok == nil || ok(evt)) {
				return evt
			}
		case <-timeout:
			b.t.Fatalf("no %s event within 5s", typ)
			return socketmode.Event{}
		}
	}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// connect starts a bot and waits until the fake can route to it.
func connect(t *testing.T, fake *Server, handle handler, opts ...socketmode.Option) *bot {
	t.Helper()
	want := fake.Connections() + 1
	b := startBot(t, fake, handle, opts...)
	if err := fake.WaitConnections(ctxT(t), want); err != nil {
		t.Fatal(err)
	}
	return b
}

func assertNoRejections(t *testing.T, fake *Server) {
	t.Helper()
	if r := fake.Rejections(); len(r) > 0 {
		t.Errorf("unexpected rejections: %+v", r)
	}
}
