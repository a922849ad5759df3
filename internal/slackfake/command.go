package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// SlashCommand is a user typing a slash command in a channel.
type SlashCommand struct {
	User    string
	Channel string // a channel ID or the user's DM channel (DMChannel)
	Command string // with the slash, e.g. "/influencer"
	Text    string
}

// SlashCommand delivers the command as Slack does over Socket Mode and waits for the
// ack. With no routable connection it fails with ErrNoConnection, which is what users
// see as dispatch_failed. A response in the ack payload (text or blocks) is recorded as
// a KindResponse message; if Slack would refuse it the error wraps ErrResponseRefused.
func (s *Server) SlashCommand(ctx context.Context, cmd SlashCommand) (*Interaction, error) {
	if !strings.HasPrefix(cmd.Command, "/") {
		return nil, fmt.Errorf("%w: command %q must start with /", ErrInvalidInput, cmd.Command)
	}
	s.mu.Lock()
	u, ok := s.users[cmd.User]
	if !ok {
		s.mu.Unlock()
		return nil, fmt.Errorf("%w: user %q", ErrNotFound, cmd.User)
	}
	if cmd.Channel == dmChannelID(u.ID) {
		s.dms[cmd.Channel] = u.ID
	}
	name := s.channelNameLocked(cmd.Channel)
	if name == "" {
		s.mu.Unlock()
		return nil, fmt.Errorf("%w: channel %q", ErrNotFound, cmd.Channel)
	}
	h := s.newResponseHookLocked(u.ID, cmd.Channel, "")
	trig := s.newTriggerLocked(u.ID)
	s.mu.Unlock()

	// Slack builds this payload from the form fields of an HTTP slash command, so
	// every value is a string, is_enterprise_install included.
	payload := map[string]any{
		"token":                 VerificationToken,
		"team_id":               TeamID,
		"team_domain":           TeamDomain,
		"channel_id":            cmd.Channel,
		"channel_name":          name,
		"user_id":               u.ID,
		"user_name":             u.Name,
		"command":               cmd.Command,
		"text":                  cmd.Text,
		"api_app_id":            AppID,
		"is_enterprise_install": "false",
		"response_url":          s.responseURL(h),
		"trigger_id":            trig,
	}
	in, err := s.deliver(ctx, map[string]any{
		"type":                     "slash_commands",
		"accepts_response_payload": true,
		"payload":                  payload,
	})
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", cmd.Command, cmd.Text, err)
	}
	in.ResponseURL, in.ResponseURLOf, in.TriggerID = s.responseURL(h), h.id, trig
	if err := s.applyCommandAck(h, in.AckPayload); err != nil {
		return in, fmt.Errorf("%s %s: %w", cmd.Command, cmd.Text, err)
	}
	return in, nil
}

// applyCommandAck treats a slash command ack that carries text or blocks as the
// response Slack shows the user.
func (s *Server) applyCommandAck(h *responseHook, payload json.RawMessage) error {
	if len(payload) == 0 {
		return nil
	}
	var p responsePayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return nil // not an object: Slack ignores it
	}
	if p.Text == "" && (len(p.Blocks) == 0 || string(p.Blocks) == "null") {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.respondLocked(h, p, "slash_commands.ack"); err != nil {
		return fmt.Errorf("%w: %w", ErrResponseRefused, err)
	}
	return nil
}
