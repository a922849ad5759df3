package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/blockcheck"
)

// Slack lets an app use a response_url five times within thirty minutes.
const (
	responseURLUses = 5
	responseURLTTL  = 30 * time.Minute
)

// responseHook is one response_url: who it answers, where, and which message it may
// replace.
type responseHook struct {
	id      string
	user    string
	channel string
	origTS  string // message the action came from; replace_original targets it
	lastTS  string // last message posted through this URL, replaced when there is no origTS
	created time.Time
	uses    int
}

func (s *Server) newResponseHookLocked(user, channel, origTS string) *responseHook {
	h := &responseHook{id: s.newIDLocked("R"), user: user, channel: channel, origTS: origTS, created: time.Now()}
	s.responses[h.id] = h
	return h
}

func (s *Server) responseURL(h *responseHook) string { return s.http.URL + "/response/" + h.id }

// responsePayload is what apps post to a response_url (and what a slash command's ack
// payload may carry).
type responsePayload struct {
	Text            string          `json:"text"`
	Blocks          json.RawMessage `json:"blocks"`
	ResponseType    string          `json:"response_type"`
	ReplaceOriginal bool            `json:"replace_original"`
	DeleteOriginal  bool            `json:"delete_original"`
	ThreadTS        string          `json:"thread_ts"`
}

func (s *Server) handleResponseURL(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	id := strings.TrimPrefix(r.URL.Path, "/response/")
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	var p responsePayload
	if err := json.Unmarshal(body, &p); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error": "invalid_payload"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.responses[id]
	switch {
	case !ok:
		writeJSON(w, http.StatusNotFound, map[string]any{"ok": false, "error": "no_such_url"})
		return
	case time.Since(h.created) > responseURLTTL:
		writeJSON(w, http.StatusNotFound, map[string]any{"ok": false, "error": "expired_url"})
		return
	case h.uses >= responseURLUses:
		writeJSON(w, http.StatusNotFound, map[string]any{"ok": false, "error": "used_url"})
		return
	}
	h.uses++
	if err := s.respondLocked(h, p, "response_url"); err != nil {
		out := map[string]any{"ok": false, "error": err.Error()}
		if ae, ok := err.(*apiError); ok {
			out["error"], out["errors"] = ae.code, ae.errors
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}

// respondLocked applies a response to the user who triggered h: a new ephemeral or
// in-channel message, a replacement of the original, or its deletion.
func (s *Server) respondLocked(h *responseHook, p responsePayload, method string) error {
	m := Message{Kind: KindResponse, Channel: h.channel, User: h.user, ThreadTS: p.ThreadTS,
		ResponseURLOf: h.id, ResponseType: p.ResponseType, ReplaceOriginal: p.ReplaceOriginal, DeleteOriginal: p.DeleteOriginal}
	if m.ResponseType == "" {
		m.ResponseType = "ephemeral"
	}
	if m.ResponseType != "ephemeral" && m.ResponseType != "in_channel" {
		return s.validationErrorLocked(method, &blockcheck.Error{Code: "invalid_response_type",
			Reason: fmt.Sprintf("must be ephemeral or in_channel, not %q", p.ResponseType), Pointer: "/response_type"}, nil)
	}
	orig := h.origTS
	if orig == "" {
		orig = h.lastTS
	}
	if p.DeleteOriginal {
		if sm, ok := s.current[msgKey(h.channel, orig)]; ok && orig != "" {
			sm.deleted = true
		}
		m.TS = orig
		s.recordLocked(m)
		return nil
	}
	m.Text, m.Blocks = p.Text, compactJSON(p.Blocks)
	if string(m.Blocks) == "null" {
		m.Blocks = nil
	}
	if err := s.validateMessage(m.Text, m.Blocks); err != nil {
		return s.validationErrorLocked(method, err, m.Blocks)
	}
	if sm, ok := s.current[msgKey(h.channel, orig)]; p.ReplaceOriginal && ok && orig != "" {
		sm.msg.Text, sm.msg.Blocks = m.Text, m.Blocks
		m.TS = orig
	} else {
		m.TS = s.nextTSLocked()
		s.storeLocked(m, m.ResponseType == "ephemeral")
		h.lastTS = m.TS
	}
	s.recordLocked(m)
	return nil
}
