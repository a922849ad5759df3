package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// ExpectMessage waits for the first recorded message that matches and that no earlier
// Expect call claimed, claims it and returns it. Without a deadline on ctx it waits
// the expect timeout (5 s by default). Claiming is what lets ExpectNoMoreMessages catch
// duplicates.
func (s *Server) ExpectMessage(ctx context.Context, match func(Message) bool) (Message, error) {
	ctx, cancel := s.withDefaultTimeout(ctx)
	defer cancel()
	var found Message
	err := s.waitFor(ctx, func() bool {
		var ok bool
		found, ok = claimFirst(s.messages, match)
		return ok
	})
	if err != nil {
		return Message{}, fmt.Errorf("expecting a message: %w; unclaimed: %s", err, s.describeUnclaimed())
	}
	return found, nil
}

// ExpectDM waits for a direct message to userID whose text or block text contains
// contains.
func (s *Server) ExpectDM(ctx context.Context, userID, contains string) (Message, error) {
	m, err := s.ExpectMessage(ctx, func(m Message) bool {
		return m.Kind == KindDM && m.User == userID && strings.Contains(m.PlainText(), contains)
	})
	if err != nil {
		return Message{}, fmt.Errorf("DM to %s containing %q: %w", userID, contains, err)
	}
	return m, nil
}

// ClaimMessages claims every recorded message that matches and returns them all in order,
// including those an earlier call already claimed: for a test that counts messages ("one
// digest, not two") and then calls ExpectNoMoreMessages to catch anything else.
func (s *Server) ClaimMessages(match func(Message) bool) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, e := range s.messages {
		if match(e.item) {
			e.consumed = true
			out = append(out, e.item)
		}
	}
	return out
}

// ExpectNoMoreMessages fails, listing them, if any recorded message was not claimed by
// an Expect call: an unexpected or duplicated message is a bug.
func (s *Server) ExpectNoMoreMessages() error {
	s.mu.Lock()
	n := 0
	for _, e := range s.messages {
		if !e.consumed {
			n++
		}
	}
	s.mu.Unlock()
	if n == 0 {
		return nil
	}
	return fmt.Errorf("%d unexpected message(s): %s", n, s.describeUnclaimed())
}

func (s *Server) describeUnclaimed() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	n := 0
	for _, e := range s.messages {
		if e.consumed {
			continue
		}
		n++
		m := e.item
		fmt.Fprintf(&b, "\n  #%d %s channel=%s user=%s ts=%s: %.120q", m.Seq, m.Kind, m.Channel, m.User, m.TS, m.PlainText())
	}
	if n == 0 {
		return "none"
	}
	return b.String()
}

// ExpectView waits for a view change (open, push, publish, update, close) not yet
// claimed that matches, like ExpectMessage does for messages.
func (s *Server) ExpectView(ctx context.Context, match func(View) bool) (View, error) {
	ctx, cancel := s.withDefaultTimeout(ctx)
	defer cancel()
	var found View
	err := s.waitFor(ctx, func() bool {
		var ok bool
		found, ok = claimFirst(s.viewEvents, match)
		return ok
	})
	if err != nil {
		return View{}, fmt.Errorf("expecting a view: %w", err)
	}
	return found, nil
}

// PlainText is the message's fallback text followed by every text string in its
// blocks, one per line: what a reader would see, good enough to search.
func (m Message) PlainText() string {
	parts := []string{}
	if m.Text != "" {
		parts = append(parts, m.Text)
	}
	var blocks any
	if len(m.Blocks) > 0 && json.Unmarshal(m.Blocks, &blocks) == nil {
		collectText(blocks, &parts)
	}
	return strings.Join(parts, "\n")
}

func collectText(v any, out *[]string) {
	switch v := v.(type) {
	case map[string]any:
		if t, ok := v["text"].(string); ok && t != "" {
			*out = append(*out, t)
		}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			if child := v[k]; k != "text" || !isString(child) {
				collectText(child, out)
			}
		}
	case []any:
		for _, child := range v {
			collectText(child, out)
		}
	}
}

func isString(v any) bool { _, ok := v.(string); return ok }

// claimFirst claims and returns the first unclaimed entry that matches.
func claimFirst[T any](entries []*entry[T], match func(T) bool) (T, bool) {
	for _, e := range entries {
		if !e.consumed && match(e.item) {
			e.consumed = true
			return e.item, true
		}
	}
	var zero T
	return zero, false
}
