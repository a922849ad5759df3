package slackbot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// serveEvents reads one connection's events. Every envelope is acknowledged here, before any
// work and before any storage call, so Slack's 3-second limit holds even when Redis is slow
// or every handler slot is busy, with two exceptions that stay well inside it: a slash
// command's ack waits up to answerBudget (250 ms) to carry its answer, and a form that saves
// is acked once saved, within saveBudget (2 s). Work runs on its own goroutine either way, so the
// loop goes on reading.
func (b *Bot) serveEvents(ctx context.Context, sm *socketmode.Client, log *slog.Logger) error {
	acks := &acker{sm: sm, metrics: b.metrics}
	open := false          // whether this client's connection is counted in b.connected
	connectedOnce := false // whether this client has connected before: the next is a reconnect
	defer func() {
		if open {
			b.connected.Add(-1)
		}
	}()
	for {
		var evt socketmode.Event
		select {
		case <-ctx.Done():
			return nil
		case evt = <-sm.Events:
		}
		acks.received = time.Now()
		switch evt.Type {
		case socketmode.EventTypeConnecting:
			// A new attempt means this client's previous connection, if any, is gone, and
			// acks written to it as it closed may be lost.
			if open {
				b.connected.Add(-1)
				open = false
				b.resendRecentAcks(acks, log)
			}
			log.Debug("socket mode connecting")
		case socketmode.EventTypeConnected:
			if !open {
				b.connected.Add(1)
				open = true
			}
			if connectedOnce && b.metrics != nil {
				b.metrics.SocketReconnected()
			}
			connectedOnce = true
			log.Info("socket mode connected")
		case socketmode.EventTypeHello:
			log.Debug("socket mode hello")
		case socketmode.EventTypeConnectionError:
			ce, _ := evt.Data.(*slack.ConnectionErrorEvent)
			if ce != nil {
				if f := fatalFor(ce.ErrorObj); f != nil {
					return fmt.Errorf("SLACK_APP_TOKEN: %w", f)
				}
				log.Warn("socket mode connection failed; retrying", "attempt", ce.Attempt, "backoff", ce.Backoff, "err", ce.ErrorObj)
			}
		case socketmode.EventTypeInvalidAuth:
			return fmt.Errorf("SLACK_APP_TOKEN: %w", &FatalError{Code: "invalid_auth", Hint: fatalCodes["invalid_auth"]})
		case socketmode.EventTypeErrorWriteFailed:
			b.reack(sm, evt, log)
		case socketmode.EventTypeIncomingError:
			log.Warn("socket mode read error", "data", fmt.Sprint(evt.Data))
		case socketmode.EventTypeErrorBadMessage:
			b.ackUnknown(acks, evt, log)
		case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
			b.ackAndDispatch(ctx, acks, evt, log)
		default:
			log.Debug("socket mode event ignored", "type", evt.Type)
		}
	}
}

// reack sends an acknowledgement again when writing it failed. slack-go can write an ack
// queued just before a refresh to the connection it is closing; the client reconnects at
// once, so sending it again delivers it over the new connection within Slack's limit.
func (b *Bot) reack(sm *socketmode.Client, evt socketmode.Event, log *slog.Logger) {
	wf, _ := evt.Data.(*socketmode.ErrorWriteFailed)
	if wf == nil || wf.Response == nil || wf.Response.EnvelopeID == "" {
		log.Warn("socket mode write failed", "data", fmt.Sprint(evt.Data))
		return
	}
	if !b.firstResend(wf.Response.EnvelopeID) {
		log.Warn("ack lost: second write failure", "envelope", wf.Response.EnvelopeID, "cause", wf.Cause)
		return
	}
	if err := sm.Send(*wf.Response); err != nil {
		log.Warn("ack lost: resend failed", "envelope", wf.Response.EnvelopeID, "err", err)
		return
	}
	log.Info("ack resent after a failed write", "envelope", wf.Response.EnvelopeID, "cause", wf.Cause)
}

// ackWindow is how long Slack waits for an ack; an ack older than that is not worth sending
// again.
const ackWindow = 3 * time.Second

// maxRecentAcks bounds the acks remembered for sending again: those a closing connection
// can lose are the few queued or being written as it closes (slack-go queues 20), while at
// thousands of commands a second three seconds of acks, answers included, would hold tens
// of megabytes of cards.
const maxRecentAcks = 256

// acker acknowledges envelopes on one Socket Mode client and remembers the acks of the last
// ackWindow (the last maxRecentAcks of them). slack-go closes a connection the moment Slack asks it to refresh; an ack it
// was writing then is lost, and the write-failed event that would tell us is dropped once
// that connection's context is done. So when the client reconnects, the recent acks are
// sent again over the new connection: Slack ignores an ack it already has.
type acker struct {
	sm ackSender
	// received is when the event being handled arrived; its ack's latency counts from it.
	// Set and read by the client's event loop only.
	received time.Time
	metrics  Metrics

	mu     sync.Mutex // recent: forms saved before their ack are acked from their own goroutine
	recent []sentAck  // oldest first
}

// ackSender sends an ack over a Socket Mode connection: a *socketmode.Client.
type ackSender interface {
	Send(res socketmode.Response) error
}

type sentAck struct {
	res socketmode.Response
	at  time.Time
}

// ack acknowledges req, the event the loop is handling, with payload as the ack's body
// when one is given.
func (a *acker) ack(req socketmode.Request, payload ...any) error {
	return a.ackAt(a.received, req, payload...)
}

// ackAt acknowledges req, received at received; safe from any goroutine.
func (a *acker) ackAt(received time.Time, req socketmode.Request, payload ...any) error {
	res := socketmode.Response{EnvelopeID: req.EnvelopeID}
	if len(payload) > 0 {
		res.Payload = payload[0]
	}
	now := time.Now()
	a.mu.Lock()
	a.recent = append(a.recentSince(now.Add(-ackWindow)), sentAck{res: res, at: now})
	if n := len(a.recent) - maxRecentAcks; n > 0 {
		clear(a.recent[:n]) // let the dropped answers' cards be collected
		a.recent = append(a.recent[:0], a.recent[n:]...)
	}
	a.mu.Unlock()
	err := a.sm.Send(res)
	if err == nil && a.metrics != nil && !received.IsZero() {
		a.metrics.EnvelopeAcked(envelopeLabel(req.Type), time.Since(received))
	}
	return err
}

// tryAnswer acknowledges req with an answer as payload, like ackAt, but when slack-go will
// not send it (too big for a Socket Mode frame: it refuses 20 KB or more rather than have
// Slack drop it) it forgets the ack and returns the error: nothing was sent, and the
// caller acks without the answer.
func (a *acker) tryAnswer(received time.Time, req socketmode.Request, answer any) error {
	err := a.ackAt(received, req, answer)
	if err != nil {
		a.mu.Lock()
		a.recent = slices.DeleteFunc(a.recent, func(s sentAck) bool { return s.res.EnvelopeID == req.EnvelopeID })
		a.mu.Unlock()
	}
	return err
}

// recentSince drops the acks sent before t and returns the rest; the caller holds a.mu.
func (a *acker) recentSince(t time.Time) []sentAck {
	i := 0
	for i < len(a.recent) && a.recent[i].at.Before(t) {
		i++
	}
	return append(a.recent[:0], a.recent[i:]...)
}

// resendRecentAcks sends again, once each, the acks of the last ackWindow: the connection
// they went out on has just closed.
func (b *Bot) resendRecentAcks(a *acker, log *slog.Logger) {
	a.mu.Lock()
	recent := a.recentSince(time.Now().Add(-ackWindow))
	a.recent = nil
	a.mu.Unlock()
	n := 0
	for _, s := range recent {
		if !b.firstResend(s.res.EnvelopeID) {
			continue
		}
		if err := a.sm.Send(s.res); err != nil {
			log.Warn("ack lost: resend failed", "envelope", s.res.EnvelopeID, "err", err)
			continue
		}
		n++
	}
	if n > 0 {
		log.Info("acks sent again after a reconnect", "count", n)
	}
}

// firstResend reports whether envelopeID has not been resent before, so a connection that
// keeps failing cannot make one ack loop. Entries older than a minute are forgotten.
func (b *Bot) firstResend(envelopeID string) bool {
	b.resentMu.Lock()
	defer b.resentMu.Unlock()
	now := time.Now()
	for id, at := range b.resent {
		if now.Sub(at) > time.Minute {
			delete(b.resent, id)
		}
	}
	if _, done := b.resent[envelopeID]; done {
		return false
	}
	b.resent[envelopeID] = now
	return true
}

// ackUnknown acknowledges an envelope slack-go could not parse (an unknown type, or an event
// it does not model). Unacknowledged, Slack would retry it and eventually disable the app.
func (b *Bot) ackUnknown(acks *acker, evt socketmode.Event, log *slog.Logger) {
	bad, _ := evt.Data.(*socketmode.ErrorBadMessage)
	if bad == nil {
		return
	}
	var env struct {
		EnvelopeID string `json:"envelope_id"`
		Type       string `json:"type"`
	}
	if err := json.Unmarshal(bad.Message, &env); err != nil || env.EnvelopeID == "" {
		log.Warn("unparseable socket mode message without envelope id", "err", bad.Cause)
		return
	}
	if err := acks.ack(socketmode.Request{EnvelopeID: env.EnvelopeID, Type: env.Type}); err != nil {
		log.Warn("ack failed", "envelope", env.EnvelopeID, "err", err)
		return
	}
	log.Info("acknowledged unsupported envelope", "type", env.Type, "envelope", env.EnvelopeID, "cause", bad.Cause)
}

func (b *Bot) ackAndDispatch(ctx context.Context, acks *acker, evt socketmode.Event, log *slog.Logger) {
	if evt.Request == nil {
		return
	}
	// Every line logged about this envelope names it.
	log = log.With("envelope", evt.Request.EnvelopeID)
	// A form with mistakes is answered in the ack itself, the only way Slack shows errors
	// beside the fields; the check is pure and takes microseconds.
	if cb, ok := evt.Data.(slack.InteractionCallback); ok && cb.Type == slack.InteractionTypeViewSubmission {
		if errs := b.submissionErrors(cb); len(errs) > 0 {
			if err := acks.ack(*evt.Request, slack.NewErrorsViewSubmissionResponse(errs)); err != nil {
				log.Warn("ack failed", "envelope", evt.Request.EnvelopeID, "err", err)
			}
			return
		}
		// Forms that save something are saved before the ack, within saveBudget: if it
		// cannot be saved, the form stays open with what was typed and says why.
		if b.saveBeforeAck(ctx, acks, evt, cb, log) {
			return
		}
	}
	received := acks.received
	cmd, isSlash := evt.Data.(slack.SlashCommand)
	// The command is parsed for its labels once: they pick the lane and label the metrics.
	var command, sub string
	if isSlash {
		command, sub = commandLabels(cmd)
	}
	l, readOnly := b.laneFor(sub)
	ackFailed := func(err error) { log.Warn("ack failed", "envelope", evt.Request.EnvelopeID, "err", err) }
	if ok, reason := l.enqueue(); !ok {
		b.shed(acks, evt, l, reason, log)
		return
	}
	var pending *slashAck
	if isSlash {
		pending = newSlashAck(acks, *evt.Request, received, answerBudget, ackFailed)
	} else if err := acks.ack(*evt.Request); err != nil {
		ackFailed(err)
	}
	key := "env:" + evt.Request.EnvelopeID
	if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
		if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok && cb.EventID != "" {
			key = "evt:" + cb.EventID
		}
	}
	b.inflight.Add(1)
	go func() {
		defer b.inflight.Done()
		if pending != nil {
			defer pending.empty()
		}
		waited := l.acquire(received)
		defer l.release()
		// The request outlives a shutdown signal so an acknowledged command still gets its
		// answer; handlerTimeout bounds it.
		hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handlerTimeout)
		defer cancel()
		if waited > maxWait {
			b.countShed(evt, l, ShedLate)
			log.Warn("request waited too long for a slot; answered busy", "lane", l.name, "waited", waited)
			b.tellBusy(hctx, evt, pending, log)
			return
		}
		if !readOnly {
			first, err := b.store.FirstDelivery(hctx, key, dedupTTL)
			if err != nil {
				// Storage is down: answering twice beats not answering; handlers that write
				// are idempotent by their own keys.
				log.Warn("dedup unavailable; handling anyway", "key", key, "err", err)
				first = true
			}
			if !first {
				log.Info("duplicate delivery ignored", "key", key)
				return
			}
		}
		start := time.Now()
		b.handle(hctx, evt, pending, log)
		log.Debug("handled", "type", evt.Type, "key", key, "took", time.Since(start))
		if isSlash && b.metrics != nil {
			b.metrics.CommandAnswered(command, sub, time.Since(received))
		}
	}()
}

// shed answers a request the lane would not take: a slash command with "busy" in its ack,
// a click with "busy" through its response_url; an event is acknowledged and dropped (App
// Home is drawn again when next opened).
func (b *Bot) shed(acks *acker, evt socketmode.Event, l *lane, reason string, log *slog.Logger) {
	b.countShed(evt, l, reason)
	log.Warn("request shed", "lane", l.name, "reason", reason, "type", evt.Type)
	if _, ok := evt.Data.(slack.SlashCommand); ok {
		if err := acks.ack(*evt.Request, b.busyAck); err != nil {
			log.Warn("ack failed", "envelope", evt.Request.EnvelopeID, "err", err)
		}
		return
	}
	if err := acks.ack(*evt.Request); err != nil {
		log.Warn("ack failed", "envelope", evt.Request.EnvelopeID, "err", err)
	}
	if cb, ok := evt.Data.(slack.InteractionCallback); ok && cb.ResponseURL != "" {
		// A click's busy notice costs a POST: at most maxBusyReplies at once, or the shedding
		// would itself pile up work. Past that the click is acked without a word.
		select {
		case b.busyReplies <- struct{}{}:
		default:
			return
		}
		b.inflight.Add(1)
		go func() {
			defer b.inflight.Done()
			defer func() { <-b.busyReplies }()
			ctx, cancel := context.WithTimeout(context.Background(), handlerTimeout)
			defer cancel()
			b.tellBusy(ctx, evt, nil, log)
		}()
	}
}

// tellBusy answers a shed request "busy": in its ack when that is still pending, else
// through its response_url.
func (b *Bot) tellBusy(ctx context.Context, evt socketmode.Event, pending *slashAck, log *slog.Logger) {
	msg := busy()
	if pending != nil && pending.answer(msg) {
		return
	}
	var url string
	switch d := evt.Data.(type) {
	case slack.SlashCommand:
		url = d.ResponseURL
	case slack.InteractionCallback:
		url = d.ResponseURL
	}
	if url == "" {
		return
	}
	if err := b.respond(ctx, url, msg); err != nil {
		log.Warn("could not say busy", "err", err)
	}
}

func (b *Bot) countShed(evt socketmode.Event, l *lane, reason string) {
	if b.metrics != nil {
		b.metrics.RequestShed(envelopeLabel(evt.Request.Type), l.name, reason)
	}
}

// handle runs an envelope's handler; pending is a slash command's ack, nil for others.
func (b *Bot) handle(ctx context.Context, evt socketmode.Event, pending *slashAck, log *slog.Logger) {
	defer func() {
		if r := recover(); r != nil {
			log.Error("handler panicked", "type", evt.Type, "panic", r)
		}
	}()
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		b.handleSlash(ctx, data, pending, log)
	case slack.InteractionCallback:
		b.handleInteraction(ctx, data, log)
	case slackevents.EventsAPIEvent:
		if ev, ok := data.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok && ev.Tab != "messages" {
			b.publishHome(ctx, ev.User, log)
			return
		}
		log.Debug("event ignored", "type", data.InnerEvent.Type)
	}
}
