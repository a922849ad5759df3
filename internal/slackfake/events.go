package slackfake

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"
)

// SendEvent delivers an Events API event (e.g. {"type":"app_home_opened","user":…,
// "tab":"home"}) inside an events_api envelope. If it is not acknowledged in time and
// WithEventRetries was given, it is redelivered like Slack does: same event_id, new
// envelope_id, retry_attempt incremented, retry_reason "timeout".
func (s *Server) SendEvent(ctx context.Context, event map[string]any) (*Interaction, error) {
	now := time.Now()
	s.mu.Lock()
	eventID := s.newIDLocked("Ev")
	ts := s.nextTSLocked()
	s.mu.Unlock()
	ev := maps.Clone(event)
	if _, ok := ev["event_ts"]; !ok {
		ev["event_ts"] = ts
	}
	payload := map[string]any{
		"token":      VerificationToken,
		"team_id":    TeamID,
		"api_app_id": AppID,
		"event":      ev,
		"type":       "event_callback",
		"event_id":   eventID,
		"event_time": now.Unix(),
		"authorizations": []any{map[string]any{
			"enterprise_id": nil, "team_id": TeamID, "user_id": BotUserID, "is_bot": true, "is_enterprise_install": false,
		}},
		"is_ext_shared_channel": false,
		"event_context":         "4-fake-" + eventID,
	}
	in, err := s.sendEventAttempt(ctx, payload, 0, "")
	for attempt, delay := range s.cfg.eventRetries {
		if !errors.Is(err, ErrNotAcked) {
			break
		}
		if err := s.sleep(ctx, delay); err != nil {
			return nil, fmt.Errorf("event %s: %w", eventID, err)
		}
		in, err = s.sendEventAttempt(ctx, payload, attempt+1, "timeout")
	}
	return in, err
}

// Retry redelivers the event of an events_api envelope sent earlier, acknowledged or
// not, with the next retry_attempt: what Slack does when it believes delivery failed.
func (s *Server) Retry(ctx context.Context, envelopeID string) (*Interaction, error) {
	s.mu.Lock()
	st, ok := s.sent[envelopeID]
	var payload map[string]any
	attempt := 0
	if ok && st.body != nil {
		payload, _ = st.body["payload"].(map[string]any)
		attempt = s.eventTries[st.eventID] + 1
	}
	s.mu.Unlock()
	if payload == nil {
		return nil, fmt.Errorf("retry: %w: events_api envelope %q", ErrNotFound, envelopeID)
	}
	return s.sendEventAttempt(ctx, payload, attempt, "timeout")
}

func (s *Server) sendEventAttempt(ctx context.Context, payload map[string]any, attempt int, reason string) (*Interaction, error) {
	eventID, _ := payload["event_id"].(string)
	s.mu.Lock()
	s.eventTries[eventID] = max(s.eventTries[eventID], attempt)
	s.mu.Unlock()
	in, err := s.deliver(ctx, map[string]any{
		"type":                     "events_api",
		"accepts_response_payload": false,
		"retry_attempt":            attempt,
		"retry_reason":             reason,
		"payload":                  payload,
	})
	if err != nil {
		return nil, fmt.Errorf("event %s attempt %d: %w", eventID, attempt, err)
	}
	return in, nil
}

// SendRaw delivers an envelope exactly as given (an envelope_id is added if missing),
// for envelope types the fake does not model. slack-go reports unknown types as
// error_bad_message and never acks them itself.
func (s *Server) SendRaw(ctx context.Context, envelope map[string]any) (*Interaction, error) {
	in, err := s.deliver(ctx, maps.Clone(envelope))
	if err != nil {
		return nil, fmt.Errorf("raw envelope: %w", err)
	}
	return in, nil
}
