package metrics

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestSlackMethod(t *testing.T) {
	for path, want := range map[string]string{
		"/api/chat.postMessage":       "chat.postMessage",
		"/api/apps.connections.open":  "apps.connections.open",
		"/slack/api/users.info":       "users.info",
		"/upload/v1/ABC":              "other",
		"/api/":                       "other",
		"/api/chat.postMessage/extra": "other",
		"/api/xoxb-123-secret":        "other",
	} {
		if got := SlackMethod(path); got != want {
			t.Errorf("SlackMethod(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestSlackTransportCountsCallsErrorsAndRateLimits(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		switch r.URL.Path {
		case "/api/chat.postMessage":
			_, _ = io.WriteString(w, `{"ok":true,"ts":"1.2"}`)
		case "/api/users.info":
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"ok":false,"error":"ratelimited"}`)
		case "/api/chat.update":
			_, _ = io.WriteString(w, `{"ok":false,"error":"ratelimited"}`)
		default:
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	m, _ := newMetrics(t)
	client := &http.Client{Transport: m.SlackTransport(nil)}
	for _, method := range []string{"chat.postMessage", "users.info", "chat.update", "views.open"} {
		resp, err := client.Get(srv.URL + "/api/" + method)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if len(body) == 0 && method != "views.open" {
			t.Errorf("%s: the body did not reach the caller", method)
		}
	}
	for _, tt := range []struct {
		method                  string
		calls, errs, rateLimits float64
	}{
		{"chat.postMessage", 1, 0, 0},
		{"users.info", 1, 1, 1},
		{"chat.update", 1, 0, 1},
		{"views.open", 1, 1, 0},
	} {
		if got := testutil.ToFloat64(m.slackCalls.WithLabelValues(tt.method)); got != tt.calls {
			t.Errorf("%s calls = %v, want %v", tt.method, got, tt.calls)
		}
		if got := testutil.ToFloat64(m.slackErrors.WithLabelValues(tt.method)); got != tt.errs {
			t.Errorf("%s errors = %v, want %v", tt.method, got, tt.errs)
		}
		if got := testutil.ToFloat64(m.slackRateLimited.WithLabelValues(tt.method)); got != tt.rateLimits {
			t.Errorf("%s rate limited = %v, want %v", tt.method, got, tt.rateLimits)
		}
	}
}

type failingTransport struct{}

func (failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("connection refused")
}

func TestSlackTransportCountsTransportFailures(t *testing.T) {
	m, _ := newMetrics(t)
	client := &http.Client{Transport: m.SlackTransport(failingTransport{})}
	if _, err := client.Get("http://slack.invalid/api/auth.test"); err == nil {
		t.Fatal("no error")
	}
	if got := testutil.ToFloat64(m.slackErrors.WithLabelValues("auth.test")); got != 1 {
		t.Errorf("auth.test errors = %v, want 1", got)
	}
}

func TestSniffReadsRateLimitAcrossSmallReads(t *testing.T) {
	n := 0
	b := &sniffBody{ReadCloser: io.NopCloser(&oneByteReader{s: `{"ok":false,"error":"ratelimited"}`}), found: func() { n++ }}
	got, err := io.ReadAll(b)
	if err != nil || string(got) != `{"ok":false,"error":"ratelimited"}` {
		t.Fatalf("read %q, %v", got, err)
	}
	if n != 1 {
		t.Errorf("found %d times, want 1", n)
	}
}

type oneByteReader struct{ s string }

func (r *oneByteReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = r.s[0]
	r.s = r.s[1:]
	return 1, nil
}
