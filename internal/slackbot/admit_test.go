package slackbot

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/rapport-bot/rapport/internal/render"
)

func TestLaneBoundsItsQueue(t *testing.T) {
	l := newLane("t", 1, 2, 0)
	for i := range 2 {
		if ok, reason := l.enqueue(); !ok {
			t.Fatalf("request %d refused (%s) below the bound", i, reason)
		}
	}
	if ok, reason := l.enqueue(); ok || reason != ShedQueueFull {
		t.Fatalf("third request: admitted %v, reason %q; want refused as %q", ok, reason, ShedQueueFull)
	}
	l.acquire(time.Now())
	if got := l.load(); got.Running != 1 || got.Waiting != 1 {
		t.Errorf("load = %+v, want 1 running, 1 waiting", got)
	}
	if ok, _ := l.enqueue(); !ok {
		t.Error("a request was refused after the queue moved")
	}
}

func TestLaneShedsWhileItsQueueWaitIsOverTarget(t *testing.T) {
	l := newLane("t", 1, 100, 50*time.Millisecond)
	tests := []struct {
		name     string
		lastWait time.Duration
		waiting  int32
		want     bool
		reason   string
	}{
		{"short wait, queue", 10 * time.Millisecond, 5, true, ""},
		{"long wait, queue", 200 * time.Millisecond, 5, false, ShedOverload},
		// Once the queue has drained, requests are admitted again whatever the last wait:
		// shedding must never outlive the backlog that caused it.
		{"long wait, no queue", 200 * time.Millisecond, 0, true, ""},
		{"at target", 50 * time.Millisecond, 5, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l.lastWait = tt.lastWait
			l.waiting.Store(tt.waiting)
			ok, reason := l.enqueue()
			if ok != tt.want || reason != tt.reason {
				t.Errorf("enqueue = %v, %q; want %v, %q", ok, reason, tt.want, tt.reason)
			}
		})
	}
}

func TestAcquireRecordsTheWait(t *testing.T) {
	l := newLane("t", 1, 10, time.Second)
	if ok, _ := l.enqueue(); !ok {
		t.Fatal("refused")
	}
	since := time.Now().Add(-300 * time.Millisecond)
	if waited := l.acquire(since); waited < 300*time.Millisecond {
		t.Errorf("waited = %v, want at least 300ms (counted from arrival)", waited)
	}
	if l.lastWait < 300*time.Millisecond {
		t.Errorf("lastWait = %v", l.lastWait)
	}
	l.release()
	if got := l.load(); got.Running != 0 || got.Waiting != 0 {
		t.Errorf("after release: %+v", got)
	}
}

func TestLaneFor(t *testing.T) {
	b := New(Config{})
	slash := func(command, text string) socketmode.Event {
		return socketmode.Event{Type: socketmode.EventTypeSlashCommand, Data: slack.SlashCommand{Command: command, Text: text}}
	}
	tests := []struct {
		name     string
		evt      socketmode.Event
		lane     string
		readOnly bool
	}{
		{"card", slash(CommandInfluencer, "ava.moreau"), LaneQuick, true},
		{"find", slash(CommandInfluencer, "find tag:travel"), LaneQuick, true},
		{"compare", slash(CommandInfluencer, "compare @a @b"), LaneQuick, true},
		{"help", slash(CommandInfluencer, "help"), LaneQuick, true},
		{"history", slash(CommandInfluencer, "history @a"), LaneQuick, true},
		{"stale", slash(CommandInfluencer, "stale"), LaneQuick, true},
		{"campaign list", slash(CommandCampaign, "list"), LaneQuick, true},
		{"campaign status", slash(CommandCampaign, "Spring launch"), LaneQuick, true},
		{"log writes", slash(CommandInfluencer, "log @a call"), LaneGeneral, false},
		{"owner writes", slash(CommandInfluencer, "owner @a <@U1>"), LaneGeneral, false},
		{"campaign new opens a form", slash(CommandCampaign, "new"), LaneGeneral, false},
		{"campaign check posts", slash(CommandCampaign, "check Spring launch"), LaneGeneral, false},
		{"unknown command", slash("/other", "x"), LaneGeneral, false},
		{"click", socketmode.Event{Type: socketmode.EventTypeInteractive, Data: slack.InteractionCallback{}}, LaneGeneral, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sub string
			if cmd, ok := tt.evt.Data.(slack.SlashCommand); ok {
				_, sub = commandLabels(cmd)
			}
			l, readOnly := b.laneFor(sub)
			if l.name != tt.lane || readOnly != tt.readOnly {
				t.Errorf("laneFor = %s, read-only %v; want %s, %v", l.name, readOnly, tt.lane, tt.readOnly)
			}
		})
	}
}

func TestSlashAckAnswersInTheAckOnlyWhatFits(t *testing.T) {
	small := render.Problem("Nothing matches.")
	var big render.Message
	for i := range 12 {
		big.Blocks = append(big.Blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, strings.Repeat("x", 2900), false, false), nil, nil, slack.SectionBlockOptionBlockID(fmt.Sprint("b", i))))
	}
	tests := []struct {
		name string
		msg  render.Message
		want bool
	}{
		{"a short answer rides in the ack", small, true},
		{"one too big for a Socket Mode frame goes to the response_url", big, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acks := &acker{sm: socketmode.New(slack.New("xoxb-test"))}
			var failed error
			a := newSlashAck(acks, socketmode.Request{EnvelopeID: "env-1"}, time.Now(), time.Hour, func(err error) { failed = err })
			if got := a.answer(tt.msg); got != tt.want {
				t.Errorf("answer = %v, want %v", got, tt.want)
			}
			if !a.done.Load() {
				t.Error("the ack was not sent")
			}
			if failed != nil {
				t.Errorf("ack failed: %v", failed)
			}
			if a.answer(small) {
				t.Error("a second answer was taken: the envelope would be acked twice")
			}
			acks.mu.Lock()
			defer acks.mu.Unlock()
			if len(acks.recent) != 1 {
				t.Fatalf("%d acks sent, want 1", len(acks.recent))
			}
			if _, withAnswer := acks.recent[0].res.Payload.(slashAnswer); withAnswer != tt.want {
				t.Errorf("ack payload %T, want an answer: %v", acks.recent[0].res.Payload, tt.want)
			}
		})
	}
}

// A shed slash command is acked at once with the busy answer in the ack, and counted.
func TestShedSlashCommandIsAnsweredBusyInItsAck(t *testing.T) {
	m := &shedCounter{}
	b := New(Config{Metrics: m})
	acks := &acker{sm: socketmode.New(slack.New("xoxb-test"))}
	evt := socketmode.Event{Type: socketmode.EventTypeSlashCommand,
		Data:    slack.SlashCommand{Command: CommandInfluencer, Text: "ava.moreau"},
		Request: &socketmode.Request{EnvelopeID: "env-9", Type: socketmode.RequestTypeSlashCommands}}
	b.shed(acks, evt, b.quick, ShedOverload, b.log)
	acks.mu.Lock()
	defer acks.mu.Unlock()
	if len(acks.recent) != 1 || acks.recent[0].res.EnvelopeID != "env-9" {
		t.Fatalf("acks = %+v, want one for env-9", acks.recent)
	}
	raw, _ := acks.recent[0].res.Payload.(json.RawMessage)
	var p struct {
		Text         string          `json:"text"`
		Blocks       json.RawMessage `json:"blocks"`
		ResponseType string          `json:"response_type"`
	}
	if err := json.Unmarshal(raw, &p); err != nil || !strings.Contains(p.Text, "busy") || p.ResponseType != slack.ResponseTypeEphemeral {
		t.Errorf("ack payload %s (%v), want an ephemeral busy answer", raw, err)
	}
	if m.shed != [3]string{socketmode.RequestTypeSlashCommands, LaneQuick, ShedOverload} {
		t.Errorf("shed counted as %q", m.shed)
	}
}

type shedCounter struct{ shed [3]string }

func (c *shedCounter) EnvelopeAcked(string, time.Duration)           {}
func (c *shedCounter) CommandAnswered(string, string, time.Duration) {}
func (c *shedCounter) SocketReconnected()                            {}
func (c *shedCounter) RequestShed(envelopeType, lane, reason string) {
	c.shed = [3]string{envelopeType, lane, reason}
}

// The acks kept for sending again after a reconnect are the latest maxRecentAcks: at
// thousands of answers a second, three seconds of them would hold tens of megabytes.
func TestRecentAcksAreBounded(t *testing.T) {
	var sent countingSender
	acks := &acker{sm: &sent}
	for i := range maxRecentAcks + 50 {
		if err := acks.ack(socketmode.Request{EnvelopeID: fmt.Sprint("env-", i)}); err != nil {
			t.Fatal(err)
		}
	}
	acks.mu.Lock()
	defer acks.mu.Unlock()
	if sent.n != maxRecentAcks+50 {
		t.Errorf("%d acks sent, want %d", sent.n, maxRecentAcks+50)
	}
	if len(acks.recent) != maxRecentAcks {
		t.Fatalf("%d acks remembered, want %d", len(acks.recent), maxRecentAcks)
	}
	if first := acks.recent[0].res.EnvelopeID; first != "env-50" {
		t.Errorf("oldest remembered = %s, want env-50 (the latest are kept)", first)
	}
}

type countingSender struct{ n int }

func (c *countingSender) Send(socketmode.Response) error { c.n++; return nil }

// A shed click is told "busy" through its response_url, but no more than maxBusyReplies
// such notices are posted at once: past that the click is acked without a word.
func TestShedClicksBoundTheirBusyNotices(t *testing.T) {
	var posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	b := New(Config{HTTPClient: srv.Client()})
	var sent countingSender
	acks := &acker{sm: &sent}
	click := func(id string) socketmode.Event {
		return socketmode.Event{Type: socketmode.EventTypeInteractive,
			Data:    slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, ResponseURL: srv.URL},
			Request: &socketmode.Request{EnvelopeID: id, Type: socketmode.RequestTypeInteractive}}
	}
	for range maxBusyReplies {
		b.busyReplies <- struct{}{}
	}
	b.shed(acks, click("env-1"), b.general, ShedQueueFull, b.log)
	for range maxBusyReplies {
		<-b.busyReplies
	}
	b.shed(acks, click("env-2"), b.general, ShedQueueFull, b.log)
	b.inflight.Wait()
	if sent.n != 2 {
		t.Errorf("%d acks, want both clicks acked", sent.n)
	}
	if got := posts.Load(); got != 1 {
		t.Errorf("%d busy notices posted, want 1 (none while %d were being posted)", got, maxBusyReplies)
	}
}
