package demo

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/rapport-bot/rapport/internal/slackfake"
)

// The test workspace.
var (
	priya  = Person{ID: "U0PRIYA", Name: "priya", RealName: "Priya Shah"}
	marcus = Person{ID: "U0MARCUS", Name: "marcus", RealName: "Marcus Lee"}
)

const (
	partnerships = "C0PARTNER"
	launch       = "C0LAUNCH"
)

// app is a scripted Slack app on the far side of the fake. It does its work before it
// acknowledges an envelope, so by the time a console's command or click returns,
// everything the app did is recorded: the console's output never depends on timing.
type app struct {
	t      *testing.T
	fake   *slackfake.Server
	api    *slack.Client
	handle func(a *app, evt socketmode.Event) any // returns the ack payload

	mu   sync.Mutex
	seen []string // what the app was asked, in order
}

// startApp connects an app to the fake and stops it when the test ends.
func startApp(t *testing.T, fake *slackfake.Server, handle func(a *app, evt socketmode.Event) any) *app {
	t.Helper()
	api := slack.New(slackfake.BotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken(slackfake.AppToken))
	a := &app{t: t, fake: fake, api: api, handle: handle}
	sm := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = sm.RunContext(ctx) })
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-sm.Events:
				if evt.Request == nil || evt.Request.EnvelopeID == "" {
					continue
				}
				var payload any
				if a.handle != nil {
					payload = a.handle(a, evt)
				}
				if payload != nil {
					_ = sm.Ack(*evt.Request, payload)
				} else {
					_ = sm.Ack(*evt.Request)
				}
			}
		}
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	if err := fake.WaitConnections(wctx, 1); err != nil {
		t.Fatal(err)
	}
	return a
}

func (a *app) note(format string, args ...any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.seen = append(a.seen, fmt.Sprintf(format, args...))
}

func (a *app) asked() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.seen...)
}

// post sends a message as the app and fails the test if Slack refuses it.
func (a *app) post(channel, text string, bs ...slack.Block) string {
	a.t.Helper()
	_, ts, err := a.api.PostMessage(channel, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(bs...))
	if err != nil {
		a.t.Fatalf("post %q: %v", text, err)
	}
	return ts
}

// newWorkspace starts a fake Slack with the test users and channels.
func newWorkspace(t *testing.T) *slackfake.Server {
	t.Helper()
	fake := slackfake.New(
		slackfake.WithUsers(slackfake.User{ID: priya.ID, Name: priya.Name, RealName: priya.RealName, TZ: "Europe/London"},
			slackfake.User{ID: marcus.ID, Name: marcus.Name, RealName: marcus.RealName, TZ: "America/New_York"}),
		slackfake.WithChannels(slackfake.Channel{ID: partnerships, Name: "partnerships"}, slackfake.Channel{ID: launch, Name: "launch"}),
		slackfake.WithLogger(slog.New(slog.DiscardHandler)))
	t.Cleanup(fake.Close)
	return fake
}

// testWaits keep a failing test short; a passing one never waits them out, because the
// app has answered before the console looks.
var testWaits = waits{answer: 5 * time.Second, quiet: 20 * time.Millisecond, most: 5 * time.Second}

// runConsole runs a console as priya in #partnerships over script until the script ends,
// after atStart, and returns what it printed.
func runConsole(t *testing.T, fake *slackfake.Server, script string, atStart func(ctx context.Context) error) string {
	t.Helper()
	var out bytes.Buffer
	c := &Console{
		Slack: fake, People: []Person{priya, marcus},
		Channels: map[string]string{partnerships: "partnerships", launch: "launch"}, Channel: partnerships,
		In: strings.NewReader(script), Out: &out, AtStart: atStart, waits: testWaits,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := c.Run(ctx); err != nil {
		t.Fatalf("console: %v", err)
	}
	if ctx.Err() != nil {
		t.Fatalf("console did not finish the script:\n%s", out.String())
	}
	if r := fake.Rejections(); len(r) > 0 {
		t.Errorf("Slack refused payloads: %+v", r)
	}
	return out.String()
}

// after returns what out printed after the echo of the script line, up to the next one.
func after(out, line string) string {
	_, rest, ok := strings.Cut(out, "» "+line+"\n")
	if !ok {
		return ""
	}
	section, _, _ := strings.Cut(rest, "\n» ")
	return section
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}
