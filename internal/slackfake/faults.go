package slackfake

import (
	"net/http"
	"time"
)

// fault is what the next calls of one Web API method will suffer.
type fault struct {
	tooMany     int
	retryAfter  time.Duration
	rateLimited int
}

// Inject429 makes the next n calls of method answer HTTP 429 with a Retry-After
// header (whole seconds, rounded up, at least 1), which slack-go surfaces as
// *slack.RateLimitedError.
func (s *Server) Inject429(method string, n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faultLocked(method)
	f.tooMany, f.retryAfter = n, retryAfter
}

// InjectRateLimitedOK makes the next n calls of method answer HTTP 200 with
// {"ok":false,"error":"ratelimited"}, which Slack sends for some limits and slack-go
// reports as a plain SlackErrorResponse, not a RateLimitedError.
func (s *Server) InjectRateLimitedOK(method string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultLocked(method).rateLimited = n
}

func (s *Server) faultLocked(method string) *fault {
	f, ok := s.faults[method]
	if !ok {
		f = &fault{}
		s.faults[method] = f
	}
	return f
}

// injectedFault answers the call with a pending fault, if any.
func (s *Server) injectedFault(w http.ResponseWriter, method string) bool {
	s.mu.Lock()
	f := s.faults[method]
	var tooMany, limited bool
	var after time.Duration
	if f != nil {
		switch {
		case f.tooMany > 0:
			f.tooMany--
			tooMany, after = true, f.retryAfter
		case f.rateLimited > 0:
			f.rateLimited--
			limited = true
		}
	}
	s.mu.Unlock()
	switch {
	case tooMany:
		w.Header().Set("Retry-After", retryAfterSeconds(after))
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"ok": false, "error": "ratelimited"})
	case limited:
		writeJSON(w, http.StatusOK, map[string]any{"ok": false, "error": "ratelimited"})
	}
	if tooMany || limited {
		s.log.Debug("slackfake: fault injected", "method", method, "429", tooMany, "ratelimited", limited)
	}
	return tooMany || limited
}
