package app

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/redistest"
	"github.com/rapport-bot/rapport/internal/slackfake"
)

// harness runs the real `rapport serve` in-process against the fake Slack and a private
// redis-server.
type harness struct {
	t      testing.TB
	slack  *slackfake.Server
	redis  *redistest.Server
	env    map[string]string
	logs   *syncBuffer
	done   chan error
	cancel context.CancelFunc
}

var testUsers = []slackfake.User{
	{ID: "U0PRIYA", Name: "priya", RealName: "Priya Shah", TZ: "Europe/London"},
	{ID: "U0MARCUS", Name: "marcus", RealName: "Marcus Lee", TZ: "America/New_York"},
	{ID: "U0LENA", Name: "lena", RealName: "Lena Vogel", TZ: "Europe/Berlin"},
}

const testChannel = "C0PARTNER"

func newHarness(t testing.TB) *harness {
	t.Helper()
	h := &harness{
		t:     t,
		slack: slackfake.New(slackfake.WithUsers(testUsers...), slackfake.WithChannels(slackfake.Channel{ID: testChannel, Name: "partnerships"}), slackfake.WithLogger(slog.New(slog.DiscardHandler))),
		redis: redistest.Start(t),
		logs:  &syncBuffer{},
	}
	t.Cleanup(h.slack.Close)
	h.env = map[string]string{
		"SLACK_APP_TOKEN":   slackfake.AppToken,
		"SLACK_BOT_TOKEN":   slackfake.BotToken,
		"SLACK_API_URL":     h.slack.APIURL(),
		"REDIS_URL":         h.redis.URL(),
		"RAPPORT_HTTP_ADDR": freeAddr(t),
		"RAPPORT_LOG_LEVEL": "debug",
	}
	return h
}

func (h *harness) getenv(k string) string { return h.env[k] }

// run executes a rapport command line to completion and returns its output.
func (h *harness) run(args ...string) (string, error) {
	h.t.Helper()
	// Background goroutines (go-redis's dialer) may log while the command runs.
	var out syncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := Run(ctx, args, Env{Getenv: h.getenv, Stdout: &out, Stderr: &out})
	return out.String(), err
}

// serve starts `rapport serve` and waits until the fake Slack sees n connections.
func (h *harness) serve(n int) {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	h.done = make(chan error, 1)
	go func() {
		h.done <- Run(ctx, []string{"serve"}, Env{Getenv: h.getenv, Stdout: h.logs, Stderr: h.logs})
	}()
	h.t.Cleanup(func() { h.stop() })
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	if err := h.slack.WaitConnections(wctx, n); err != nil {
		h.t.Fatalf("serve did not open %d socket mode connections: %v\nlogs:\n%s", n, err, h.logs)
	}
}

// stop shuts serve down and returns its error; it fails the test if shutdown hangs.
func (h *harness) stop() error {
	if h.cancel == nil {
		return nil
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		return err
	case <-time.After(15 * time.Second):
		h.t.Errorf("serve did not stop within 15s\nlogs:\n%s", h.logs)
		return errors.New("hung")
	}
}

// slash types a slash command as user and returns the interaction and the bot's answer.
func (h *harness) slash(user, command, text string) (*slackfake.Interaction, slackfake.Message) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	it, err := h.slack.SlashCommand(ctx, slackfake.SlashCommand{User: user, Channel: testChannel, Command: command, Text: text})
	if err != nil {
		h.t.Fatalf("%s %s: %v\nlogs:\n%s", command, text, err, h.logs)
	}
	msg, err := it.WaitResponse(ctx)
	if err != nil {
		h.t.Fatalf("%s %s: no answer: %v\nlogs:\n%s", command, text, err, h.logs)
	}
	return it, msg
}

func (h *harness) importFixtures() {
	h.t.Helper()
	for _, f := range [][]string{{"influencers", "testdata/influencers.csv"}, {"metrics", "testdata/metrics.csv"}} {
		if out, err := h.run("import", f[0], f[1]); err != nil {
			h.t.Fatalf("import %s: %v\n%s", f[0], err, out)
		}
	}
}

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a running server.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func contains(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s does not contain %q:\n%s", what, w, got)
		}
	}
}
