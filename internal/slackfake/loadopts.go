package slackfake

import (
	"encoding/json"

	"github.com/rapport-bot/rapport/internal/blockcheck"
)

// WithoutMessageChecks skips the Block Kit checks on message text and blocks (chat.*,
// response_url, ack payloads), for a load generator whose CPU must go to the bot under
// test rather than to re-validating every card; the end-to-end tests keep the checks. View
// checks are unaffected.
func WithoutMessageChecks() Option {
	return func(c *config) { c.skipMessageChecks = true }
}

// validateMessage checks a message's text and blocks as Slack does, unless the fake was
// built WithoutMessageChecks.
func (s *Server) validateMessage(text string, blocks json.RawMessage) error {
	if s.cfg.skipMessageChecks {
		return nil
	}
	return blockcheck.ValidateMessage(text, blocks)
}
