package metrics

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"
)

// SlackTransport counts the Slack Web API calls that pass through next (http.DefaultTransport
// when nil), by method: every request, the ones that failed in transport or answered a
// non-2xx status, and the ones refused for rate limits — HTTP 429, or the HTTP 200
// {"ok":false,"error":"ratelimited"} that Slack sends for some limits, spotted in the first
// bytes of the answer as the caller reads it. Give it to slack-go with slack.OptionHTTPClient.
func (m *Metrics) SlackTransport(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &slackTransport{next: next, m: m}
}

type slackTransport struct {
	next http.RoundTripper
	m    *Metrics
}

func (t *slackTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	method := SlackMethod(req.URL.Path)
	t.m.slackCalls.WithLabelValues(method).Inc()
	resp, err := t.next.RoundTrip(req)
	switch {
	case err != nil:
		t.m.slackErrors.WithLabelValues(method).Inc()
	case resp.StatusCode == http.StatusTooManyRequests:
		t.m.slackErrors.WithLabelValues(method).Inc()
		t.m.slackRateLimited.WithLabelValues(method).Inc()
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		t.m.slackErrors.WithLabelValues(method).Inc()
	case isJSON(resp.Header.Get("Content-Type")) && resp.Body != nil:
		limited := t.m.slackRateLimited.WithLabelValues(method)
		resp.Body = &sniffBody{ReadCloser: resp.Body, found: limited.Inc}
	}
	return resp, err
}

// slackMethodName is the shape of a Web API method name: chat.postMessage,
// apps.connections.open.
var slackMethodName = regexp.MustCompile(`^[a-zA-Z]+(\.[a-zA-Z]+){1,3}$`)

// SlackMethod is the Web API method a request path calls ("/api/chat.postMessage" →
// "chat.postMessage"), or "other" for any other path (an upload URL), so the label takes
// only method names.
func SlackMethod(path string) string {
	i := strings.LastIndex(path, "/api/")
	if i < 0 {
		return "other"
	}
	name := path[i+len("/api/"):]
	if len(name) > 64 || !slackMethodName.MatchString(name) {
		return "other"
	}
	return name
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/json"
}

// sniffLen is how much of an answer is searched for the rate-limit error: Slack writes
// "ok" and "error" first.
const sniffLen = 128

var rateLimitedAnswer = []byte(`"error":"ratelimited"`)

// sniffBody passes an answer through unchanged and calls found once if its first sniffLen
// bytes hold the rate-limit error.
type sniffBody struct {
	io.ReadCloser
	head  []byte
	done  bool
	found func()
}

func (b *sniffBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if !b.done && n > 0 {
		b.head = append(b.head, p[:min(n, sniffLen-len(b.head))]...)
		switch {
		case bytes.Contains(b.head, rateLimitedAnswer):
			b.done, b.head = true, nil
			b.found()
		case len(b.head) >= sniffLen:
			b.done, b.head = true, nil
		}
	}
	return n, err
}
