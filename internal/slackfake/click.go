package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
)

// Click is a user pressing a button or choosing from a menu, either in a message
// (Message, or Channel and TS) or in a view (ViewID).
type Click struct {
	User     string
	Message  *Message
	Channel  string
	TS       string
	ViewID   string
	ActionID string
	// BlockID may be left empty: the fake finds the element's block, because slack-go
	// needs a block_id to see the action as a block action at all.
	BlockID string
	// Value is the button's value when empty; for menus it is the value of the option
	// chosen, for pickers the date, time, user or channel picked.
	Value string
}

// Click delivers a block_actions interaction built from the live content of the message
// or view, as Slack would: only elements that exist can be clicked, and only by a user
// who can see them.
func (s *Server) Click(ctx context.Context, c Click) (*Interaction, error) {
	payload, h, err := s.blockActionsPayload(c)
	if err != nil {
		return nil, fmt.Errorf("click %s: %w", c.ActionID, err)
	}
	in, err := s.deliver(ctx, map[string]any{"type": "interactive", "accepts_response_payload": false, "payload": payload})
	if err != nil {
		return nil, fmt.Errorf("click %s: %w", c.ActionID, err)
	}
	in.TriggerID, _ = payload["trigger_id"].(string)
	if h != nil {
		in.ResponseURL, in.ResponseURLOf = s.responseURL(h), h.id
	}
	return in, nil
}

func (s *Server) blockActionsPayload(c Click) (map[string]any, *responseHook, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[c.User]
	if !ok {
		return nil, nil, fmt.Errorf("%w: user %q", ErrNotFound, c.User)
	}
	payload := map[string]any{
		"type":                  "block_actions",
		"user":                  userRef(u),
		"api_app_id":            AppID,
		"token":                 VerificationToken,
		"team":                  teamRef(),
		"enterprise":            nil,
		"is_enterprise_install": false,
		"state":                 map[string]any{"values": map[string]any{}},
	}
	var blocks json.RawMessage
	var hook *responseHook
	if c.ViewID != "" {
		v, ok := s.views[c.ViewID]
		if !ok || v.Closed {
			return nil, nil, fmt.Errorf("%w: open view %q", ErrNotFound, c.ViewID)
		}
		if v.User != u.ID {
			return nil, nil, fmt.Errorf("%w: view %s belongs to %s, not %s", ErrInvalidInput, v.ID, v.User, u.ID)
		}
		fields, err := viewFields(v)
		if err != nil {
			return nil, nil, err
		}
		blocks, _ = json.Marshal(fields["blocks"])
		payload["container"] = map[string]any{"type": "view", "view_id": v.ID}
		payload["view"] = v.JSON
	} else {
		channel, ts := c.Channel, c.TS
		if c.Message != nil {
			channel, ts = c.Message.Channel, c.Message.TS
		}
		sm, ok := s.current[msgKey(channel, ts)]
		// Ephemeral messages and DMs are seen by one user only; nobody else can click them.
		private := sm != nil && (sm.ephemeral || sm.msg.Kind == KindDM)
		if !ok || sm.deleted || (private && sm.msg.User != u.ID) {
			return nil, nil, fmt.Errorf("%w: message %s in %s visible to %s", ErrNotFound, ts, channel, u.ID)
		}
		blocks = sm.msg.Blocks
		hook = s.newResponseHookLocked(u.ID, channel, ts)
		payload["container"] = map[string]any{"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": sm.ephemeral}
		payload["channel"] = map[string]any{"id": channel, "name": s.channelNameLocked(channel)}
		payload["response_url"] = s.responseURL(hook)
		// Slack leaves the message out for ephemeral messages; apps only get its ts.
		if !sm.ephemeral {
			payload["message"] = messageJSON(sm.msg, true)
		}
	}
	e, err := findElement(blocks, c.BlockID, c.ActionID)
	if err != nil {
		return nil, nil, err
	}
	action, err := actionJSON(e, c.Value, s.nextTSLocked())
	if err != nil {
		return nil, nil, err
	}
	payload["actions"] = []any{action}
	payload["trigger_id"] = s.newTriggerLocked(u.ID)
	return payload, hook, nil
}

// actionJSON is one entry of "actions": what was clicked and what was chosen.
func actionJSON(e element, value, ts string) (map[string]any, error) {
	kind := e.kind()
	a := map[string]any{"action_id": e.fields["action_id"], "block_id": e.blockID, "type": kind, "action_ts": ts}
	one := func(key string) { a[key] = value }
	switch kind {
	case "button":
		a["text"] = e.fields["text"]
		if value == "" {
			value, _ = e.fields["value"].(string)
		}
		if value != "" {
			a["value"] = value
		}
		if style, ok := e.fields["style"]; ok {
			a["style"] = style
		}
	case "static_select", "overflow", "radio_buttons":
		opt, err := findOption(e, value)
		if err != nil {
			return nil, err
		}
		a["selected_option"] = opt
	case "multi_static_select", "checkboxes":
		opt, err := findOption(e, value)
		if err != nil {
			return nil, err
		}
		a["selected_options"] = []any{opt}
	case "external_select":
		a["selected_option"] = map[string]any{"text": map[string]any{"type": "plain_text", "text": value}, "value": value}
	case "datepicker":
		one("selected_date")
	case "timepicker":
		one("selected_time")
	case "datetimepicker":
		at, err := strconv.ParseInt(value, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: datetimepicker value %q is not a Unix time", ErrInvalidInput, value)
		}
		a["selected_date_time"] = at
	case "users_select":
		one("selected_user")
	case "conversations_select":
		one("selected_conversation")
	case "channels_select":
		one("selected_channel")
	case "multi_users_select":
		a["selected_users"] = []string{value}
	case "multi_conversations_select":
		a["selected_conversations"] = []string{value}
	case "multi_channels_select":
		a["selected_channels"] = []string{value}
	default:
		one("value")
	}
	return a, nil
}
