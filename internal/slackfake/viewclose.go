package slackfake

import (
	"context"
	"fmt"
)

// ViewClose is a user dismissing a modal.
type ViewClose struct {
	User   string // defaults to the view's user
	ViewID string
}

// CloseView closes a modal. Slack tells the app only when the view asked for it
// (notify_on_close), so the Interaction is nil otherwise.
func (s *Server) CloseView(ctx context.Context, c ViewClose) (*Interaction, error) {
	s.mu.Lock()
	v, ok := s.views[c.ViewID]
	if !ok || v.Closed || v.Kind != "modal" {
		s.mu.Unlock()
		return nil, fmt.Errorf("close view: %w: open modal %q", ErrNotFound, c.ViewID)
	}
	if c.User == "" {
		c.User = v.User
	}
	fields, err := viewFields(v)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	s.closeViewLocked(v, false)
	notify, _ := fields["notify_on_close"].(bool)
	user := s.users[c.User]
	s.mu.Unlock()
	if !notify {
		return nil, nil
	}
	in, err := s.deliver(ctx, map[string]any{"type": "interactive", "accepts_response_payload": false, "payload": map[string]any{
		"type":                  "view_closed",
		"team":                  teamRef(),
		"user":                  userRef(user),
		"api_app_id":            AppID,
		"token":                 VerificationToken,
		"view":                  fields,
		"is_cleared":            false,
		"enterprise":            nil,
		"is_enterprise_install": false,
	}})
	if err != nil {
		return nil, fmt.Errorf("close view %s: %w", c.ViewID, err)
	}
	return in, nil
}
