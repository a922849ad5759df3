package timingcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/calendar"
	"github.com/rapport-bot/rapport/internal/feeds"
	"github.com/rapport-bot/rapport/internal/netguard"
	"github.com/rapport-bot/rapport/internal/risk"
)

// The credentials the sources below carry; none may reach what a check shows, nor its log.
const (
	password  = "pa55-Word-9f8e7d"
	apiKey    = "KEY-7c6b5a49382716"
	calToken  = "0123456789abcdef0123456789abcdef"
	gdeltKey  = "GDELT-5e4d3c2b1a"
	loopToken = "loop-Tok3n-aa11bb"
)

var secrets = []string{password, apiKey, calToken, gdeltKey, loopToken}

// hostileServer fails in every way a source can, and echoes the address it was asked for
// in its error pages, as some servers do.
func hostileServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/rss", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "internal error while serving "+r.URL.String(), http.StatusInternalServerError)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.String(), http.StatusFound)
	})
	slow := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	mux.HandleFunc("/slow", slow)
	mux.HandleFunc("/slow/", slow)
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<html><body>Sign in to see %s</body></html>", r.URL)
	})
	mux.HandleFunc("/internal", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/?token="+loopToken, http.StatusFound)
	})
	mux.HandleFunc("/calendar/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no calendar at "+r.URL.String(), http.StatusNotFound)
	})
	mux.HandleFunc("/gdelt", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "bad key "+r.URL.Query().Get("key"), http.StatusInternalServerError)
	})
	mux.HandleFunc("/gdelt-text", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "Invalid key %s for %s", r.URL.Query().Get("key"), r.URL)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// secretAddress is a Google Calendar "secret address" on srv.
func secretAddress(srv string) string {
	return srv + "/calendar/ical/team%40group.calendar.google.com/private-" + calToken + "/basic.ics"
}

// guardedChecker reads through the guarded client, with only 127.0.0.1 allowed, and logs
// to log.
func guardedChecker(t *testing.T, log io.Writer) *Checker {
	t.Helper()
	client, err := netguard.NewClient(netguard.Options{Allow: []string{"127.0.0.1"}, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	f := feeds.NewFetcher(client)
	f.Timeout = 300 * time.Millisecond
	f.Now = func() time.Time { return now }
	return &Checker{Reader: f, HTTP: client, Lexicon: feeds.DefaultLexicon(), Log: slog.New(slog.NewTextHandler(log, nil))}
}

func TestFailedSourcesAreNamedWithoutCredentials(t *testing.T) {
	srv := hostileServer(t)
	hostPort := strings.TrimPrefix(srv.URL, "http://")
	withCreds := "http://reader:" + password + "@" + hostPort
	tests := []struct {
		name     string
		feed     string // or
		ics      string
		gdelt    string
		wantName string
		wantURL  string
		wantErr  string
	}{
		{name: "feed with user info and a key, failing", feed: withCreds + "/rss?apikey=" + apiKey,
			wantName: srv.URL + "/rss", wantErr: "HTTP 500"},
		{name: "redirect loop", feed: srv.URL + "/loop?t=" + loopToken, wantName: srv.URL + "/loop", wantErr: "too many redirects"},
		{name: "timeout", feed: withCreds + "/slow?apikey=" + apiKey, wantName: srv.URL + "/slow", wantErr: "timed out"},
		{name: "a web page", feed: srv.URL + "/page?apikey=" + apiKey, wantName: srv.URL + "/page", wantErr: "not a feed"},
		{name: "cloud metadata", feed: "http://reader:" + password + "@169.254.169.254/latest/meta-data/?apikey=" + apiKey,
			wantName: "http://169.254.169.254/latest/meta-data/", wantErr: "refused: private address"},
		{name: "private range", feed: "http://10.0.0.1/rss?apikey=" + apiKey, wantName: "http://10.0.0.1/rss", wantErr: "refused: private address"},
		{name: "Redis on IPv6 loopback", feed: "http://[::1]:6379/", wantName: "http://[::1]:6379/", wantURL: "http://[::1]:6379/", wantErr: "refused: private address"},
		{name: "redirect to cloud metadata", feed: srv.URL + "/internal", wantName: srv.URL + "/internal", wantURL: srv.URL + "/internal", wantErr: "refused: private address"},
		{name: "nothing listening", feed: "http://127.0.0.1:1/rss?apikey=" + apiKey, wantName: "http://127.0.0.1:1/rss", wantErr: "could not connect"},
		{name: "public feed failing keeps its link", feed: srv.URL + "/rss", wantName: srv.URL + "/rss", wantURL: srv.URL + "/rss", wantErr: "HTTP 500"},
		{name: "calendar secret address", ics: secretAddress(srv.URL),
			wantName: srv.URL + "/calendar/ical/team%40group.calendar.google.com/…/basic.ics", wantErr: "HTTP 404"},
		{name: "calendar secret address timing out", ics: srv.URL + "/slow/private-" + calToken + "/basic.ics",
			wantName: srv.URL + "/slow/…/basic.ics", wantErr: "timed out"},
		{name: "calendar sign-in page", ics: withCreds + "/page?token=" + apiKey, wantName: srv.URL + "/page", wantErr: "not a calendar"},
		{name: "GDELT answering an error", gdelt: srv.URL + "/gdelt?key=" + gdeltKey, wantName: "GDELT", wantURL: srv.URL, wantErr: "HTTP 500"},
		{name: "GDELT answering text", gdelt: srv.URL + "/gdelt-text?key=" + gdeltKey, wantName: "GDELT", wantURL: srv.URL, wantErr: failGDELT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log bytes.Buffer
			c := guardedChecker(t, &log)
			switch {
			case tt.feed != "":
				c.Feeds = []feeds.Feed{{URL: tt.feed}}
			case tt.ics != "":
				c.ICS = []ICSFeed{{URL: tt.ics}}
			case tt.gdelt != "":
				c.GDELT = &feeds.GDELT{Client: c.HTTP, BaseURL: tt.gdelt, MinInterval: time.Millisecond}
			}
			in := c.Input(context.Background(), campaign, now)
			var got *risk.Source
			for i, s := range in.Sources {
				if s.Err != "" && s.Kind != "" {
					got = &in.Sources[i]
				}
			}
			if got == nil {
				t.Fatalf("no failed source among %+v", in.Sources)
			}
			if got.Name != tt.wantName || got.URL != tt.wantURL || got.Err != tt.wantErr {
				t.Errorf("source = {Name: %q, URL: %q, Err: %q}, want {%q, %q, %q}", got.Name, got.URL, got.Err, tt.wantName, tt.wantURL, tt.wantErr)
			}
			if !strings.Contains(log.String(), "why=") {
				t.Errorf("the failure was not logged:\n%s", log.String())
			}
			shown, err := json.Marshal(struct {
				Sources    []risk.Source
				Assessment risk.Assessment
			}{in.Sources, risk.Assess(in)})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range secrets {
				if strings.Contains(string(shown), s) {
					t.Errorf("the check shows %q: %s", s, shown)
				}
				if strings.Contains(log.String(), s) {
					t.Errorf("the log shows %q:\n%s", s, log.String())
				}
			}
		})
	}
}

// TestCalendarDatesNeverLinkASecretAddress: events of a calendar read through its secret
// address are evidence without a link.
func TestCalendarDatesNeverLinkASecretAddress(t *testing.T) {
	launch := campaign.LaunchAt.In(time.UTC)
	ics := fmt.Sprintf("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:%s\r\nSUMMARY:Company all-hands\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		launch.Format("20060102"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/calendar")
		_, _ = io.WriteString(w, ics)
	}))
	defer srv.Close()
	c := guardedChecker(t, io.Discard)
	c.ICS = []ICSFeed{{Name: "Company", URL: secretAddress(srv.URL), Severity: calendar.SeverityHigh}}
	in := c.Input(context.Background(), campaign, now)
	found := false
	for _, d := range in.Dates {
		if d.Name == "Company all-hands" {
			found = true
			if d.URL != "" {
				t.Errorf("the event links %q", d.URL)
			}
		}
	}
	if !found {
		t.Fatalf("the calendar's event is not among the dates: %+v", in.Dates)
	}
}

func TestFailure(t *testing.T) {
	refused := &netguard.RefusedError{Host: "10.0.0.1", Kind: netguard.RefusedAddress, Reason: "a private address"}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"none", nil, ""},
		{"refused address, through url.Error", &url.Error{Op: "Get", URL: "http://u:p@10.0.0.1/?k=v", Err: refused}, failRefusedAddress},
		{"refused scheme", &netguard.RefusedError{Kind: netguard.RefusedScheme}, failRefusedScheme},
		{"refused redirect", &netguard.RefusedError{Kind: netguard.RefusedRedirect}, failRefusedRedirect},
		{"redirect loop", fmt.Errorf("x: %w", netguard.ErrTooManyRedirects), failRedirects},
		{"status", fmt.Errorf("x %w", &netguard.StatusError{Code: 404, Status: "404 Not Found"}), "HTTP 404"},
		{"feed timeout", fmt.Errorf("x %w", feeds.ErrTimeout), failTimeout},
		{"calendar timeout", fmt.Errorf("x %w", calendar.ErrTimeout), failTimeout},
		{"client timeout", &url.Error{Op: "Get", URL: "x", Err: context.DeadlineExceeded}, failTimeout},
		{"too large", fmt.Errorf("x %w", feeds.ErrTooLarge), failTooLarge},
		{"calendar too large", fmt.Errorf("x %w", calendar.ErrTooLarge), failTooLarge},
		{"not a feed", fmt.Errorf("x %w", feeds.ErrNotFeed), failNotFeed},
		{"broken feed", fmt.Errorf("x %w", feeds.ErrUnreadable), failBrokenFeed},
		{"not a calendar", fmt.Errorf("x %w", calendar.ErrNotCalendar), failNotCalendar},
		{"GDELT", fmt.Errorf("x %w", feeds.ErrGDELT), failGDELT},
		{"bad address", fmt.Errorf("x %w", feeds.ErrNotWebAddress), failAddress},
		{"no such host", &net.DNSError{Err: "no such host", Name: "x.example", IsNotFound: true}, failNoHost},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}, failConnect},
		{"connection cut", io.ErrUnexpectedEOF, failConnect},
		{"cancelled", fmt.Errorf("x: %w", context.Canceled), failCancelled},
		{"anything else, never its text", errors.New("http://u:secret@host/?k=v exploded"), failUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := failure(tt.err); got != tt.want {
				t.Errorf("failure(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}
