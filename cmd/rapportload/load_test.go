package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/app"
)

// inProcessBot runs `rapport serve` inside the test binary, so the test needs no build;
// its /proc figures are then the test process's.
type inProcessBot struct {
	cancel context.CancelFunc
	exited chan struct{}
	runErr error
	logs   *syncBuffer
}

func inProcess(env map[string]string, _ string) (bot, error) {
	ctx, cancel := context.WithCancel(context.Background())
	b := &inProcessBot{cancel: cancel, exited: make(chan struct{}), logs: &syncBuffer{}}
	go func() {
		defer close(b.exited)
		b.runErr = app.Run(ctx, []string{"serve"}, app.Env{
			Getenv: func(k string) string { return env[k] }, Stdout: b.logs, Stderr: b.logs})
	}()
	return b, nil
}

func (b *inProcessBot) pid() int              { return os.Getpid() }
func (b *inProcessBot) done() <-chan struct{} { return b.exited }
func (b *inProcessBot) err() error            { return b.runErr }
func (b *inProcessBot) stop()                 { b.cancel(); <-b.exited }
func (b *inProcessBot) logTail(int) string    { return b.logs.String() }

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// shortRun runs scenario at 50/s for 2 s against a roster of 200 and returns the JSON
// result and the printed table.
func shortRun(t *testing.T, scenario string) (Result, string) {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server is not installed")
	}
	jsonPath := filepath.Join(t.TempDir(), "result.json")
	o, err := parseOptions([]string{"-scenario", scenario, "-rate", "50", "-duration", "2s", "-drain", "10s",
		"-warmup", "0", "-roster", "200", "-touchpoints", "50", "-json", jsonPath}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, logs bytes.Buffer
	if err := runLoad(ctx, o, inProcess, &out, &logs); err != nil {
		t.Fatalf("run: %v\n%s", err, logs.String())
	}
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var res Result
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("-json output does not parse: %v\n%s", err, data)
	}
	t.Logf("%s", out.String())
	return res, out.String()
}

// everyCommandAnswered checks an operation's outcome: all sent, acked and answered in the
// drain, with real latencies.
func everyCommandAnswered(t *testing.T, name string, o OpResult) {
	t.Helper()
	if o.Sent == 0 || o.Acked != o.Sent || o.Answered != o.Sent || o.Unacked != 0 || o.Unanswered != 0 ||
		o.NoConnection != 0 || o.Errors != 0 {
		t.Errorf("%s: %+v, want every command acked and answered", name, o)
	}
	if o.Ack.P50 <= 0 || o.Answer.P50 <= 0 || o.Answer.Max < o.Answer.P99 || o.Answer.P99 < o.Answer.P50 {
		t.Errorf("%s: latencies ack %+v answer %+v, want positive and ordered", name, o.Ack, o.Answer)
	}
}

func TestCardLoadAnswersEveryCommand(t *testing.T) {
	res, table := shortRun(t, "card")
	if res.Sent != 100 {
		t.Errorf("sent %d commands, want 50/s × 2 s = 100", res.Sent)
	}
	everyCommandAnswered(t, "card", res.OpResult)
	if res.Busy != 0 {
		t.Errorf("%d busy answers at 50/s", res.Busy)
	}
	if res.BotRSSPeakMiB <= 0 || res.AchievedRate <= 0 {
		t.Errorf("RSS peak %.1f MiB, achieved rate %.1f/s: want both measured", res.BotRSSPeakMiB, res.AchievedRate)
	}
	if !strings.Contains(table, "scenario card") || !strings.Contains(table, "answer p50") {
		t.Errorf("table lacks its heading:\n%s", table)
	}
}

func TestMixedLoadAnswersCardsSearchesAndClicks(t *testing.T) {
	res, _ := shortRun(t, "mixed")
	everyCommandAnswered(t, "all", res.OpResult)
	for _, op := range []string{opCard, opFind, opClick} {
		everyCommandAnswered(t, op, res.Ops[op])
	}
	if res.Rejections != 0 {
		t.Errorf("%d payloads refused", res.Rejections)
	}
}

func TestSummarizeUsesNearestRank(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	got := summarize(ds)
	want := Latency{N: 100, P50: 50, P90: 90, P99: 99, Max: 100}
	if got != want {
		t.Errorf("summarize(1..100 ms) = %+v, want %+v", got, want)
	}
	if z := summarize(nil); z != (Latency{}) {
		t.Errorf("summarize(nil) = %+v, want zero", z)
	}
}

func TestOptionsRefuseUnknownScenario(t *testing.T) {
	if _, err := parseOptions([]string{"-scenario", "cards"}, io.Discard); err == nil || !strings.Contains(err.Error(), "choose card") {
		t.Errorf("-scenario cards: err = %v, want the list of scenarios", err)
	}
}
