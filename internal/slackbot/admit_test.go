package slackbot

import (
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
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
			l, readOnly := b.laneFor(tt.evt)
			if l.name != tt.lane || readOnly != tt.readOnly {
				t.Errorf("laneFor = %s, read-only %v; want %s, %v", l.name, readOnly, tt.lane, tt.readOnly)
			}
		})
	}
}
