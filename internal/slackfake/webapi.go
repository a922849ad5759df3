package slackfake

import (
	"encoding/json"
	"errors"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/blockcheck"
)

// tokenKind is the token a Web API method insists on.
type tokenKind int

const (
	botTokenKind tokenKind = iota
	appTokenKind
)

type apiMethod struct {
	token tokenKind
	call  func(*apiRequest) (map[string]any, error)
}

func (s *Server) apiMethods() map[string]apiMethod {
	bot := func(f func(*apiRequest) (map[string]any, error)) apiMethod { return apiMethod{botTokenKind, f} }
	return map[string]apiMethod{
		"apps.connections.open":        {appTokenKind, s.appsConnectionsOpen},
		"auth.test":                    bot(s.authTest),
		"chat.postMessage":             bot(s.chatPostMessage),
		"chat.postEphemeral":           bot(s.chatPostEphemeral),
		"chat.update":                  bot(s.chatUpdate),
		"conversations.open":           bot(s.conversationsOpen),
		"conversations.info":           bot(s.conversationsInfo),
		"conversations.members":        bot(s.conversationsMembers),
		"users.info":                   bot(s.usersInfo),
		"views.open":                   bot(s.viewsOpen),
		"views.push":                   bot(s.viewsPush),
		"views.publish":                bot(s.viewsPublish),
		"views.update":                 bot(s.viewsUpdate),
		"files.getUploadURLExternal":   bot(s.filesGetUploadURLExternal),
		"files.completeUploadExternal": bot(s.filesCompleteUploadExternal),
	}
}

// apiError is a Web API failure: HTTP 200 with {"ok":false,"error":code}, as Slack
// answers nearly everything.
type apiError struct {
	code     string
	errors   []string
	messages []string
}

func (e *apiError) Error() string {
	if len(e.errors) == 0 {
		return e.code
	}
	return e.code + ": " + strings.Join(e.errors, "; ")
}

func apiFail(code string) error { return &apiError{code: code} }

// apiRequest is a Web API call with its arguments, which slack-go sends either as a
// form (most methods, token in the "token" field) or as JSON (views.*,
// apps.connections.open, token in the Authorization header).
type apiRequest struct {
	method string
	token  string
	form   url.Values
	body   map[string]json.RawMessage
}

func parseAPIRequest(w http.ResponseWriter, r *http.Request) (*apiRequest, error) {
	req := &apiRequest{method: strings.TrimPrefix(r.URL.Path, "/api/")}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ctype == "application/json" {
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 8<<20))
		if err := dec.Decode(&req.body); err != nil && !errors.Is(err, io.EOF) {
			return nil, apiFail("invalid_json")
		}
		req.form = r.URL.Query()
	} else {
		r.Body = http.MaxBytesReader(w, r.Body, 8<<20)
		if err := r.ParseForm(); err != nil {
			return nil, apiFail("invalid_form_data")
		}
		req.form = r.Form
	}
	if auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		req.token = auth
	} else {
		req.token = req.str("token")
	}
	return req, nil
}

// has reports whether the argument was sent at all.
func (a *apiRequest) has(key string) bool {
	if v, ok := a.body[key]; ok && string(v) != "null" {
		return true
	}
	_, ok := a.form[key]
	return ok
}

// str returns an argument as a string, unquoting JSON strings and passing other JSON
// values through as their text.
func (a *apiRequest) str(key string) string {
	if v, ok := a.body[key]; ok {
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
		if string(v) == "null" {
			return ""
		}
		return string(v)
	}
	return a.form.Get(key)
}

// rawJSON returns an argument that holds JSON: a JSON-encoded string in a form
// (slack-go sends blocks that way) or an inline value in a JSON body.
func (a *apiRequest) rawJSON(key string) json.RawMessage {
	if v, ok := a.body[key]; ok {
		var s string
		if json.Unmarshal(v, &s) == nil {
			return json.RawMessage(s)
		}
		if string(v) == "null" {
			return nil
		}
		return v
	}
	if !a.form.Has(key) {
		return nil
	}
	return json.RawMessage(a.form.Get(key))
}

func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	s.mu.Lock()
	s.calls[method]++
	s.mu.Unlock()
	m, ok := s.api[method]
	if !ok {
		s.log.Warn("slackfake: unknown Web API method", "method", method)
		writeJSON(w, http.StatusOK, map[string]any{"ok": false, "error": "unknown_method"})
		return
	}
	if s.injectedFault(w, method) {
		return
	}
	req, err := parseAPIRequest(w, r)
	if err == nil {
		err = s.authorize(m.token, req.token)
	}
	var res map[string]any
	if err == nil {
		res, err = m.call(req)
	}
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			ae = &apiError{code: "internal_error", messages: []string{err.Error()}}
		}
		s.log.Debug("slackfake: Web API call failed", "method", method, "error", ae.code)
		out := map[string]any{"ok": false, "error": ae.code}
		if len(ae.errors) > 0 {
			out["errors"] = ae.errors
		}
		if len(ae.messages) > 0 {
			out["response_metadata"] = map[string]any{"messages": ae.messages}
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	if res == nil {
		res = map[string]any{}
	}
	res["ok"] = true
	s.log.Debug("slackfake: Web API call", "method", method)
	writeJSON(w, http.StatusOK, res)
}

// authorize checks the token the way Slack reports problems: not_authed when missing,
// not_allowed_token_type for the other valid token, invalid_auth otherwise.
func (s *Server) authorize(want tokenKind, token string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case token == "":
		return apiFail("not_authed")
	case want == appTokenKind && token == AppToken:
		if s.appTokenRevoked {
			return apiFail("invalid_auth")
		}
		return nil
	case want == botTokenKind && token == BotToken:
		if s.botTokenRevoked {
			return apiFail("token_revoked")
		}
		return nil
	case token == AppToken || token == BotToken:
		return apiFail("not_allowed_token_type")
	default:
		return apiFail("invalid_auth")
	}
}

// validationError records a refused payload and turns it into Slack's answer.
func (s *Server) validationErrorLocked(method string, err error, payload json.RawMessage) error {
	var be *blockcheck.Error
	if !errors.As(err, &be) {
		return err
	}
	s.rejectLocked(method, be.Code, []string{be.Detail()}, payload)
	return &apiError{code: be.Code, errors: []string{be.Detail()}, messages: []string{"[ERROR] " + be.Detail()}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// retryAfterSeconds renders a Retry-After value: whole seconds, rounded up, at least 1.
func retryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}
