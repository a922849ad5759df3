package slackfake

import (
	"bytes"
	"encoding/json"
	"slices"
)

// messageContent is the text and blocks of a chat.* call, checked like Slack does.
func (s *Server) messageContentLocked(req *apiRequest) (string, json.RawMessage, error) {
	text, blocks := req.str("text"), compactJSON(req.rawJSON("blocks"))
	if err := s.validateMessage(text, blocks); err != nil {
		return "", nil, s.validationErrorLocked(req.method, err, blocks)
	}
	return text, blocks, nil
}

func (s *Server) chatPostMessage(req *apiRequest) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.resolvePostTargetLocked(req.str("channel"), true)
	if err != nil {
		return nil, err
	}
	text, blocks, err := s.messageContentLocked(req)
	if err != nil {
		return nil, err
	}
	kind := KindPost
	if t.dmUser != "" {
		kind = KindDM
	}
	m := Message{Kind: kind, Channel: t.channel, User: t.dmUser, TS: s.nextTSLocked(),
		ThreadTS: req.str("thread_ts"), Text: text, Blocks: blocks}
	s.storeLocked(m, false)
	s.recordLocked(m)
	return map[string]any{"channel": m.Channel, "ts": m.TS, "message": messageJSON(m, false)}, nil
}

func (s *Server) chatPostEphemeral(req *apiRequest) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.resolvePostTargetLocked(req.str("channel"), false)
	if err != nil {
		return nil, err
	}
	user, ok := s.users[req.str("user")]
	if !ok {
		return nil, apiFail("user_not_found")
	}
	if c, isChannel := s.channels[t.channel]; isChannel && c.Members != nil && !slices.Contains(c.Members, user.ID) {
		return nil, apiFail("user_not_in_channel")
	}
	if t.dmUser != "" && t.dmUser != user.ID {
		return nil, apiFail("user_not_in_channel")
	}
	text, blocks, err := s.messageContentLocked(req)
	if err != nil {
		return nil, err
	}
	m := Message{Kind: KindEphemeral, Channel: t.channel, User: user.ID, TS: s.nextTSLocked(),
		ThreadTS: req.str("thread_ts"), Text: text, Blocks: blocks}
	s.storeLocked(m, true)
	s.recordLocked(m)
	return map[string]any{"message_ts": m.TS}, nil
}

// chatUpdate changes a message in place. Like Slack, omitted text or blocks keep their
// previous value, and ephemeral messages cannot be updated this way (only through
// response_url with replace_original).
func (s *Server) chatUpdate(req *apiRequest) (map[string]any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	channel, ts := req.str("channel"), req.str("ts")
	if _, err := s.resolvePostTargetLocked(channel, false); err != nil {
		return nil, err
	}
	sm, ok := s.current[msgKey(channel, ts)]
	if !ok || sm.deleted || sm.ephemeral {
		return nil, apiFail("message_not_found")
	}
	if !req.has("text") && !req.has("blocks") {
		return nil, apiFail("no_text")
	}
	next := sm.msg
	if req.has("text") {
		next.Text = req.str("text")
	}
	if req.has("blocks") {
		next.Blocks = compactJSON(req.rawJSON("blocks"))
	}
	if err := s.validateMessage(next.Text, next.Blocks); err != nil {
		return nil, s.validationErrorLocked(req.method, err, next.Blocks)
	}
	sm.msg.Text, sm.msg.Blocks = next.Text, next.Blocks
	upd := next
	upd.Kind = KindUpdate
	upd.ResponseURLOf, upd.ResponseType = "", ""
	s.recordLocked(upd)
	return map[string]any{"channel": channel, "ts": ts, "text": next.Text, "message": messageJSON(next, false)}, nil
}

// messageJSON is a message as Slack shows it to the app: in chat.* answers and in the
// "message" of block_actions payloads. Blocks lacking a block_id get one, as Slack
// assigns them, so actions can name their block.
func messageJSON(m Message, withBlockIDs bool) map[string]any {
	out := map[string]any{
		"type":   "message",
		"user":   BotUserID,
		"bot_id": BotID,
		"app_id": AppID,
		"team":   TeamID,
		"text":   m.Text,
		"ts":     m.TS,
	}
	if m.ThreadTS != "" {
		out["thread_ts"] = m.ThreadTS
	}
	if len(m.Blocks) > 0 {
		blocks := m.Blocks
		if withBlockIDs {
			blocks = fillBlockIDs(blocks)
		}
		out["blocks"] = blocks
	}
	return out
}

// compactJSON normalises JSON arguments so recorded blocks compare byte for byte
// regardless of how the client encoded them. Invalid JSON is returned as is for the
// validator to refuse.
func compactJSON(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return nil
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return raw
	}
	return b.Bytes()
}
