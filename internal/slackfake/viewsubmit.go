package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// ViewSubmit is a user pressing a modal's submit button.
type ViewSubmit struct {
	User   string // defaults to the view's user
	ViewID string
	// Values maps block_id → action_id → what the user entered. Inputs left out are
	// sent empty, as Slack does; a required one left empty fails with
	// ErrInvalidInput, because Slack's client would not let the user submit.
	Values map[string]map[string]Value
}

// SubmitView delivers a view_submission and applies the ack's response_action to the
// modal. Interaction.ViewResponse says what the app answered.
func (s *Server) SubmitView(ctx context.Context, sub ViewSubmit) (*Interaction, error) {
	payload, err := s.viewSubmissionPayload(sub)
	if err != nil {
		return nil, fmt.Errorf("submit view %s: %w", sub.ViewID, err)
	}
	in, err := s.deliver(ctx, map[string]any{"type": "interactive", "accepts_response_payload": true, "payload": payload})
	if err != nil {
		return nil, fmt.Errorf("submit view %s: %w", sub.ViewID, err)
	}
	in.TriggerID, _ = payload["trigger_id"].(string)
	resp, err := s.applyViewResponse(sub.ViewID, in.AckPayload)
	in.ViewResponse = resp
	if err != nil {
		return in, fmt.Errorf("submit view %s: %w", sub.ViewID, err)
	}
	return in, nil
}

func (s *Server) viewSubmissionPayload(sub ViewSubmit) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.views[sub.ViewID]
	if !ok || v.Closed || v.Kind != "modal" {
		return nil, fmt.Errorf("%w: open modal %q", ErrNotFound, sub.ViewID)
	}
	if sub.User == "" {
		sub.User = v.User
	}
	if sub.User != v.User {
		return nil, fmt.Errorf("%w: view %s belongs to %s, not %s", ErrInvalidInput, v.ID, v.User, sub.User)
	}
	fields, err := viewFields(v)
	if err != nil {
		return nil, err
	}
	values, err := stateValues(fields, sub.Values)
	if err != nil {
		return nil, err
	}
	fields["state"] = map[string]any{"values": values}
	return map[string]any{
		"type":                  "view_submission",
		"team":                  teamRef(),
		"user":                  userRef(s.users[sub.User]),
		"api_app_id":            AppID,
		"token":                 VerificationToken,
		"trigger_id":            s.newTriggerLocked(sub.User),
		"view":                  fields,
		"response_urls":         []any{},
		"enterprise":            nil,
		"is_enterprise_install": false,
	}, nil
}

// applyViewResponse applies a view_submission ack to the modal.
func (s *Server) applyViewResponse(viewID string, ack json.RawMessage) (*ViewResponse, error) {
	const method = "view_submission.ack"
	var raw struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
		View           json.RawMessage   `json:"view"`
	}
	if len(ack) > 0 {
		if err := json.Unmarshal(ack, &raw); err != nil {
			return nil, s.refuseAck(method, "invalid_response", fmt.Sprintf("ack payload is not an object: %v", err), ack)
		}
	}
	resp := &ViewResponse{Action: raw.ResponseAction, Errors: raw.Errors, View: compactJSON(raw.View)}
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.views[viewID]
	switch resp.Action {
	case "":
		s.closeViewLocked(v, false)
	case "clear":
		s.closeViewLocked(v, true)
	case "errors":
		fields, err := viewFields(v)
		if err != nil {
			return resp, err
		}
		inputs := inputBlockIDs(fields)
		for _, blockID := range slices.Sorted(maps.Keys(resp.Errors)) {
			if !inputs[blockID] {
				s.rejectLocked(method, "invalid_errors", []string{fmt.Sprintf("%q is not the block_id of an input block", blockID)}, ack)
				return resp, fmt.Errorf("%w: errors name block %q, which is not an input block", ErrResponseRefused, blockID)
			}
		}
	case "update", "push":
		fields, err := s.checkViewLocked(method, resp.View, "modal")
		if err != nil {
			return resp, fmt.Errorf("%w: %w", ErrResponseRefused, err)
		}
		if resp.Action == "update" {
			s.putViewLocked(v, fields)
		} else if s.stackDepthLocked(v.RootID) >= maxModalStack {
			s.rejectLocked(method, "push_limit_reached", []string{"a modal stack holds at most 3 views"}, ack)
			return resp, fmt.Errorf("%w: push_limit_reached", ErrResponseRefused)
		} else {
			s.newViewLocked("modal", v.User, v.RootID, fields)
		}
	default:
		s.rejectLocked(method, "invalid_response_action", []string{fmt.Sprintf("unknown response_action %q", resp.Action)}, ack)
		return resp, fmt.Errorf("%w: unknown response_action %q", ErrResponseRefused, resp.Action)
	}
	return resp, nil
}

func (s *Server) refuseAck(method, code, reason string, payload json.RawMessage) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectLocked(method, code, []string{reason}, payload)
	return fmt.Errorf("%w: %s", ErrResponseRefused, reason)
}

func inputBlockIDs(fields map[string]any) map[string]bool {
	out := map[string]bool{}
	blocks, _ := fields["blocks"].([]any)
	for _, raw := range blocks {
		if b, ok := raw.(map[string]any); ok && b["type"] == "input" {
			id, _ := b["block_id"].(string)
			out[id] = true
		}
	}
	return out
}
