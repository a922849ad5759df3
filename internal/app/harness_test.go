package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"

	"github.com/rapport-bot/rapport/internal/redistest"
	"github.com/rapport-bot/rapport/internal/simclock"
	"github.com/rapport-bot/rapport/internal/slackfake"
)

// harness runs the real `rapport serve` in-process against the fake Slack and a private
// redis-server, on a frozen simulated clock: time passes only when a test moves it, and every
// fixture date is computed from it, so a story tells the same at any date and hour.
type harness struct {
	t     testing.TB
	clock *simclock.Clock
	slack *slackfake.Server
	redis *redistest.Server
	env   map[string]string
	logs  *syncBuffer
	// stop stops the replica started by serve and returns its error.
	stop func() error
	// live counts the connections of the replicas running now.
	live int
}

var testUsers = []slackfake.User{
	{ID: "U0PRIYA", Name: "priya", RealName: "Priya Shah", TZ: "Europe/London"},
	{ID: "U0MARCUS", Name: "marcus", RealName: "Marcus Lee", TZ: "America/New_York"},
	{ID: "U0LENA", Name: "lena", RealName: "Lena Vogel", TZ: "Europe/Berlin"},
}

const testChannel = "C0PARTNER"

// testNowVar names the environment variable that sets the instant every harness starts at
// (RFC 3339), to replay a failure seen at another date or hour; unset, it is the wall clock.
const testNowVar = "RAPPORT_TEST_NOW"

// harnessStart is the instant a harness starts at, to the second.
func harnessStart(t testing.TB) time.Time {
	t.Helper()
	v := os.Getenv(testNowVar)
	if v == "" {
		return time.Now().UTC().Truncate(time.Second)
	}
	at, err := time.Parse(time.RFC3339, v)
	if err != nil {
		t.Fatalf("%s=%q: %v", testNowVar, v, err)
	}
	return at
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	return newHarnessAt(t, harnessStart(t))
}

// newHarnessAt starts a harness whose clock reads at.
func newHarnessAt(t testing.TB, at time.Time) *harness {
	t.Helper()
	t.Logf("harness clock starts at %s (replay with %s=%s)", at.Format(time.RFC3339), testNowVar, at.Format(time.RFC3339))
	h := &harness{
		t:     t,
		clock: simclock.Frozen(at),
		stop:  noStop,
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
	err := Run(ctx, args, h.runEnv(h.getenv, &out))
	return out.String(), err
}

// runEnv is the environment of a rapport process in this harness: its variables, output,
// and the harness clock.
func (h *harness) runEnv(getenv func(string) string, out *syncBuffer) Env {
	return Env{Getenv: getenv, Stdout: out, Stderr: out, Now: h.clock.Now}
}

// replicaConnections is how many Socket Mode connections each `rapport serve` holds (the
// default of slack.connections, which no test changes).
const replicaConnections = 2

// serve starts `rapport serve` and waits until the fake Slack sees its connections.
func (h *harness) serve() {
	h.t.Helper()
	stop := h.startReplica(h.getenv)
	h.stop = func() error { h.stop = noStop; return stop() }
	h.t.Cleanup(func() { _ = h.stop() })
}

func noStop() error { return nil }

// startReplica starts a `rapport serve` with the environment getenv, waits until all its
// connections are open and returns a function that stops it and waits until the fake
// Slack has seen them close, so nothing more is routed to it.
func (h *harness) startReplica(getenv func(string) string) func() error {
	h.t.Helper()
	var (
		ctx    context.Context
		cancel context.CancelFunc
		done   chan error
	)
	// The HTTP port was free when freeAddr picked it, but another test may take it before
	// serve listens: then serve exits at once, and it is started again on another port.
	addr := getenv("RAPPORT_HTTP_ADDR")
	for attempt := 1; ; attempt++ {
		ctx, cancel = context.WithCancel(context.Background())
		done = make(chan error, 1)
		port := addr
		env := func(k string) string {
			if k == "RAPPORT_HTTP_ADDR" {
				return port
			}
			return getenv(k)
		}
		go func() { done <- Run(ctx, []string{"serve"}, h.runEnv(env, h.logs)) }()
		// A wait, not a timing check: with -race and many harnesses in parallel on two
		// cores, starting serve can take seconds.
		wctx, wcancel := context.WithTimeout(context.Background(), 30*time.Second)
		waited := make(chan error, 1)
		go func() { waited <- h.slack.WaitConnections(wctx, h.live+replicaConnections) }()
		select {
		case err := <-waited:
			wcancel()
			if err != nil {
				cancel()
				h.t.Fatalf("serve did not open its socket mode connections: %v\nlogs:\n%s", err, h.logs)
			}
		case err := <-done:
			wcancel()
			<-waited
			cancel()
			if err != nil && strings.Contains(err.Error(), "RAPPORT_HTTP_ADDR") && attempt < 3 {
				addr = freeAddr(h.t)
				if getenv("RAPPORT_HTTP_ADDR") == h.env["RAPPORT_HTTP_ADDR"] {
					h.env["RAPPORT_HTTP_ADDR"] = addr // the replica tests talk to
				}
				continue
			}
			h.t.Fatalf("serve stopped before opening its connections: %v\nlogs:\n%s", err, h.logs)
		}
		break
	}
	h.live += replicaConnections
	return func() error {
		cancel()
		var err error
		select {
		case err = <-done:
		case <-time.After(15 * time.Second):
			h.t.Errorf("serve did not stop within 15s\nlogs:\n%s", h.logs)
			return errors.New("hung")
		}
		h.live -= replicaConnections
		wctx, wcancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer wcancel()
		if werr := h.slack.WaitConnectionsAtMost(wctx, h.live); werr != nil {
			h.t.Errorf("a stopped replica's connections stay open: %v", werr)
		}
		return err
	}
}

// noMoreMessages ends a story: every message Rapport sent was one the story expected (an
// expect, or a count through dms or channelPosts). A duplicate nudge, a stray error DM or a
// second poll fails here.
func (h *harness) noMoreMessages() {
	h.t.Helper()
	// Redraws (a poll's tally, a digest row) are checked where they matter; new messages are
	// what must not stray.
	h.slack.ClaimMessages(func(m slackfake.Message) bool { return m.Kind == slackfake.KindUpdate })
	if err := h.slack.ExpectNoMoreMessages(); err != nil {
		h.t.Errorf("after the story: %v", err)
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
	h.importFile("influencers", "testdata/influencers.csv")
	h.importFile("metrics", h.fixture("metrics.csv.tmpl"))
}

// importFile runs `rapport import kind path` and fails the test if any row is rejected.
func (h *harness) importFile(kind, path string) string {
	h.t.Helper()
	out, err := h.run("import", kind, path)
	if err != nil {
		h.t.Fatalf("import %s %s: %v\n%s", kind, path, err, out)
	}
	return out
}

// writeFile writes body to a new file named name and returns its path.
func (h *harness) writeFile(name, body string) string {
	h.t.Helper()
	path := filepath.Join(h.t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		h.t.Fatal(err)
	}
	return path
}

// date is the calendar date (YYYY-MM-DD) days after the harness clock's date in UTC;
// negative days are in the past.
func (h *harness) date(days int) string {
	return h.clock.Now().UTC().AddDate(0, 0, days).Format(time.DateOnly)
}

// dateIn is date in the user's zone: what "today" and "in 3 days" mean to them.
func (h *harness) dateIn(zone string, days int) string {
	return h.clock.Now().In(h.zone(zone)).AddDate(0, 0, days).Format(time.DateOnly)
}

// localTime is the wall-clock time in zone, to the minute ("2006-01-02 15:04"), after d on
// the harness clock, as the campaigns CSV and the campaign form take a launch.
func (h *harness) localTime(d time.Duration, zone string) time.Time {
	return h.clock.Now().Add(d).Truncate(time.Minute).In(h.zone(zone))
}

// wallTime is hour:minute on date (YYYY-MM-DD) in zone, as a form's date and time pickers
// give a launch.
func (h *harness) wallTime(date string, hour, minute int, zone string) time.Time {
	h.t.Helper()
	day, err := time.Parse(time.DateOnly, date)
	if err != nil {
		h.t.Fatal(err)
	}
	return time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, h.zone(zone))
}

func (h *harness) zone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		h.t.Fatal(err)
	}
	return loc
}

// fixture renders testdata/name, a text/template, against the harness clock and returns
// the rendered file's path. Fixture dates are written relative to the clock:
//
//	{{date -35}}                       the date 35 days ago (UTC)
//	{{local "72h" "Europe/Paris"}}     Paris wall-clock time 72 hours from now, to the minute
func (h *harness) fixture(name string) string {
	h.t.Helper()
	tmpl, err := template.New(name).Funcs(template.FuncMap{
		"date": h.date,
		"local": func(after, zone string) (string, error) {
			d, err := time.ParseDuration(after)
			if err != nil {
				return "", err
			}
			return h.localTime(d, zone).Format("2006-01-02 15:04"), nil
		},
	}).ParseFiles(filepath.Join("testdata", name))
	if err != nil {
		h.t.Fatalf("fixture %s: %v", name, err)
	}
	var body bytes.Buffer
	if err := tmpl.Execute(&body, nil); err != nil {
		h.t.Fatalf("fixture %s: %v", name, err)
	}
	return h.writeFile(strings.TrimSuffix(name, ".tmpl"), body.String())
}

// waitLog waits until the logs of this harness's processes contain text.
func (h *harness) waitLog(text string) {
	h.t.Helper()
	h.waitUntil(fmt.Sprintf("%q in the logs", text), func() bool { return strings.Contains(h.logs.String(), text) })
}

// waitUntil polls cond until it holds, and fails the test if it does not within 15 s.
func (h *harness) waitUntil(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("no %s within 15s\nlogs:\n%s", what, h.logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitJobRuns waits until the scheduled job named job has completed n more runs, failed or not, (on any
// replica of this harness) than when it was called, so a test can tell that the scheduler
// has looked again after the clock moved, without guessing how long that takes.
func (h *harness) waitJobRuns(job string, n int) {
	h.t.Helper()
	runs := regexp.MustCompile(fmt.Sprintf(`msg="scheduled job (ran|failed)" job=%s `, regexp.QuoteMeta(job)))
	count := func() int { return len(runs.FindAllStringIndex(h.logs.String(), -1)) }
	want := count() + n
	h.waitUntil(fmt.Sprintf("%d more runs of job %s", n, job), func() bool { return count() >= want })
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
