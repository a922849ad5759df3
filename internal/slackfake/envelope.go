package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// envelopeState follows one envelope from send to ack.
type envelopeState struct {
	id      string
	typ     string
	body    map[string]any // kept for events_api so Retry can resend it
	eventID string
	attempt int
	connID  int
	sentAt  time.Time
	waiting bool // a driver call is blocked on result
	acked   bool
	result  chan ackResult
}

type ackResult struct {
	payload json.RawMessage
	latency time.Duration
	connID  int
	refused string
}

// deliver sends one envelope over a routable connection and waits for its ack.
func (s *Server) deliver(ctx context.Context, body map[string]any) (*Interaction, error) {
	typ, _ := body["type"].(string)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s envelope: %w", typ, err)
	}
	s.mu.Lock()
	id, _ := body["envelope_id"].(string)
	if id == "" {
		id = s.newIDLocked(s.cfg.envelopePrefix)
		body["envelope_id"] = id
	}
	st := &envelopeState{id: id, typ: typ, result: make(chan ackResult, 1)}
	if typ == "events_api" {
		st.body = body
		st.attempt, _ = body["retry_attempt"].(int)
		if p, ok := body["payload"].(map[string]any); ok {
			st.eventID, _ = p["event_id"].(string)
		}
	}
	s.mu.Unlock()

	data, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encoding %s envelope: %w", typ, err)
	}
	if err := s.send(st, data); err != nil {
		return nil, fmt.Errorf("sending %s envelope: %w", typ, err)
	}
	return s.awaitAck(ctx, st)
}

// send writes the envelope to a routable link, registering it before the write so a
// fast ack is never mistaken for an unknown one.
func (s *Server) send(st *envelopeState, data []byte) error {
	for {
		s.mu.Lock()
		l, err := s.pickLinkLocked()
		s.mu.Unlock()
		if err != nil {
			return err
		}
		l.writeMu.Lock()
		if !l.routable() {
			l.writeMu.Unlock()
			continue
		}
		s.mu.Lock()
		st.connID, st.sentAt, st.waiting = l.id, time.Now(), true
		s.sent[st.id] = st
		s.mu.Unlock()
		err = l.writeJSON(data)
		l.writeMu.Unlock()

		s.mu.Lock()
		if err != nil {
			delete(s.sent, st.id)
			s.mu.Unlock()
			s.log.Debug("slackfake: envelope write failed, trying another connection", "conn", l.id, "err", err)
			l.close()
			continue
		}
		s.envelopes = append(s.envelopes, Envelope{
			ID: st.id, Type: st.typ, ConnID: l.id, EventID: st.eventID, RetryAttempt: st.attempt, SentAt: st.sentAt,
		})
		s.broadcastLocked()
		s.mu.Unlock()
		s.log.Debug("slackfake: envelope sent", "envelope", st.id, "type", st.typ, "conn", l.id)
		return nil
	}
}

func (s *Server) awaitAck(ctx context.Context, st *envelopeState) (*Interaction, error) {
	timer := time.NewTimer(s.cfg.ackTimeout)
	defer timer.Stop()
	var cause error
	select {
	case r := <-st.result:
		return s.acked(st, r)
	case <-timer.C:
		cause = ErrNotAcked
	case <-ctx.Done():
		cause = ctx.Err()
	case <-s.done:
		cause = ErrClosed
	}
	s.mu.Lock()
	st.waiting = false
	s.mu.Unlock()
	select {
	case r := <-st.result: // the ack raced the timer
		return s.acked(st, r)
	default:
	}
	return nil, fmt.Errorf("%s envelope %s: %w", st.typ, st.id, cause)
}

func (s *Server) acked(st *envelopeState, r ackResult) (*Interaction, error) {
	if r.refused != "" {
		return nil, fmt.Errorf("%s envelope %s: %w: %s", st.typ, st.id, ErrNotAcked, r.refused)
	}
	return &Interaction{
		EnvelopeID:   st.id,
		Type:         st.typ,
		ConnID:       st.connID,
		EventID:      st.eventID,
		RetryAttempt: st.attempt,
		AckLatency:   r.latency,
		AckPayload:   r.payload,
		AckConnID:    r.connID,
		srv:          s,
	}, nil
}

// receiveAck records an ack and wakes the driver call waiting for it. Acks are matched
// by envelope ID whichever connection they arrive on: slack-go queues acks per client,
// so an ack for an envelope received just before a refresh goes out on the new one.
func (s *Server) receiveAck(l *link, data []byte, now time.Time) {
	var msg struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.broadcastLocked()
	if err := json.Unmarshal(data, &msg); err != nil || msg.EnvelopeID == "" {
		s.rejectLocked("socket_mode.ack", "invalid_ack", []string{fmt.Sprintf("not an ack: %.200s", data)}, data)
		return
	}
	ack := Ack{EnvelopeID: msg.EnvelopeID, ConnID: l.id, Payload: msg.Payload, Size: len(data), At: now}
	if len(ack.Payload) == 0 || string(ack.Payload) == "null" {
		ack.Payload = nil
	}
	if len(data) >= maxAckSize {
		ack.Rejected = true
		ack.Reason = fmt.Sprintf("ack of %d bytes refused: Socket Mode drops messages of 20 KiB or more", len(data))
		s.rejectLocked("socket_mode.ack", "ack_too_large", []string{ack.Reason}, nil)
	}
	st := s.sent[msg.EnvelopeID]
	switch {
	case st == nil:
		ack.Unknown = true
	default:
		ack.Type = st.typ
		ack.Latency = now.Sub(st.sentAt)
		switch {
		case st.acked:
			ack.Duplicate = true
		case st.waiting:
			st.waiting = false
			st.acked = !ack.Rejected
			st.result <- ackResult{payload: ack.Payload, latency: ack.Latency, connID: l.id, refused: ack.Reason}
		default:
			ack.Late = !ack.Rejected
			st.acked = ack.Late
		}
	}
	s.acks = append(s.acks, ack)
	s.log.Debug("slackfake: ack received", "envelope", ack.EnvelopeID, "conn", l.id, "latency", ack.Latency,
		"late", ack.Late, "duplicate", ack.Duplicate, "unknown", ack.Unknown, "rejected", ack.Rejected)
}

// Acks returns every ack received, in arrival order.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Ack(nil), s.acks...)
}

// Envelopes returns every envelope sent, in order, with the connection it went to.
func (s *Server) Envelopes() []Envelope {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Envelope(nil), s.envelopes...)
}
