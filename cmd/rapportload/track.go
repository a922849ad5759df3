package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/rapport-bot/rapport/internal/slackfake"
)

// command is one slash command or click of a run, timed from when it was scheduled (t0),
// so a sender running late adds to the latency instead of hiding it.
type command struct {
	op         string
	phase      int
	t0         time.Time
	dispatched time.Time
	ackAt      time.Time     // zero until acked
	wireAck    time.Duration // the fake's own measure: envelope written → ack read
	answerAt   time.Time     // zero until answered
	busy       bool
	failure    string // why it was not acked, when it was not
}

// answer is a response the fake recorded, waiting for its command when it arrived before
// the command's ack was seen.
type answer struct {
	at   time.Time
	busy bool
}

// tracker pairs commands with their acks and answers. Answers are matched by response_url
// ID in a map, whichever arrives first, so the cost per message stays constant.
type tracker struct {
	mu      sync.Mutex
	phase   int
	cmds    []*command
	byHook  map[string]*command
	orphans map[string]answer
	lastSeq int
	// Counted in the current phase only.
	extra  int                    // answers after a command's first
	other  map[slackfake.Kind]int // messages that answer no command (posts, DMs, updates)
	errors map[string]int         // send errors other than "not acked", by message
}

func newTracker() *tracker {
	return &tracker{byHook: map[string]*command{}, orphans: map[string]answer{},
		other: map[slackfake.Kind]int{}, errors: map[string]int{}}
}

// startPhase begins a new phase (warmup, then the measured run) and resets its counters.
func (t *tracker) startPhase() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.phase++
	t.extra = 0
	clear(t.other)
	clear(t.errors)
	return t.phase
}

func (t *tracker) add(op string, t0 time.Time) *command {
	t.mu.Lock()
	defer t.mu.Unlock()
	c := &command{op: op, phase: t.phase, t0: t0}
	t.cmds = append(t.cmds, c)
	return c
}

func (t *tracker) dispatch(c *command, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	c.dispatched = at
}

// acked records the ack of c; hook is its response_url ID, which its answers carry.
func (t *tracker) acked(c *command, hook string, at time.Time, wire time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	c.ackAt, c.wireAck = at, wire
	if hook == "" {
		return
	}
	if a, ok := t.orphans[hook]; ok {
		delete(t.orphans, hook)
		c.answerAt, c.busy = a.at, a.busy
	}
	t.byHook[hook] = c
}

// failed records why c got no ack.
func (t *tracker) failed(c *command, err error) {
	reason := "error"
	switch {
	case errors.Is(err, slackfake.ErrNoConnection):
		reason = "no connection"
	case errors.Is(err, slackfake.ErrNotAcked), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		reason = "not acked"
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	c.failure = reason
	if reason == "error" && c.phase == t.phase {
		msg := err.Error()
		if len(msg) > 160 {
			msg = msg[:160]
		}
		t.errors[msg]++
	}
}

// message takes one recorded message from the fake's feed.
func (t *tracker) message(m slackfake.Message) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lastSeq = max(t.lastSeq, m.Seq)
	if m.Kind != slackfake.KindResponse || m.ResponseURLOf == "" {
		t.other[m.Kind]++
		return
	}
	busy := isBusy(m)
	c, ok := t.byHook[m.ResponseURLOf]
	switch {
	case !ok:
		if _, dup := t.orphans[m.ResponseURLOf]; dup {
			t.extra++
			return
		}
		t.orphans[m.ResponseURLOf] = answer{at: m.At, busy: busy}
	case c.answerAt.IsZero():
		c.answerAt, c.busy = m.At, busy
	default:
		t.extra++
	}
}

// isBusy reports whether an answer is the bot shedding load ("busy, try again").
func isBusy(m slackfake.Message) bool {
	if m.Text != "" {
		return strings.Contains(strings.ToLower(m.Text), "busy")
	}
	return bytes.Contains(bytes.ToLower(m.Blocks), []byte("busy"))
}

// settled counts the commands of phase that are done: answered, or refused at send.
func (t *tracker) settled(phase int) (done, total int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range t.cmds {
		if c.phase != phase {
			continue
		}
		total++
		if !c.answerAt.IsZero() || (c.failure != "" && c.failure != "not acked") {
			done++
		}
	}
	return done, total
}

// seen is the highest message Seq received from the feed.
func (t *tracker) seen() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.lastSeq
}

// snapshot copies the commands of phase and the phase's counters.
func (t *tracker) snapshot(phase int) (cmds []command, orphans, extra int, other map[string]int, errs map[string]int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range t.cmds {
		if c.phase == phase {
			cmds = append(cmds, *c)
		}
	}
	other = map[string]int{}
	for k, n := range t.other {
		other[string(k)] = n
	}
	errs = map[string]int{}
	for k, n := range t.errors {
		errs[k] = n
	}
	return cmds, len(t.orphans), t.extra, other, errs
}
