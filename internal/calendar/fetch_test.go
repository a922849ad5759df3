package calendar

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/netguard"
)

func serveFile(t *testing.T, name string) http.HandlerFunc {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		_, _ = w.Write(body)
	}
}

func TestFetchICS(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/tzid.ics", serveFile(t, "tzid.ics"))
	mux.Handle("/malformed.ics", serveFile(t, "malformed.ics"))
	mux.Handle("/signin", serveFile(t, "error.html")) // an HTML page with status 200
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		// No Content-Length: the limit must hold while reading.
		w.Write([]byte("BEGIN:VCALENDAR\r\n"))
		w.(http.Flusher).Flush()
		line := []byte("X-FILLER:" + strings.Repeat("x", 1000) + "\r\n")
		for n := 0; n <= MaxICSBytes/len(line)+1; n++ {
			if _, err := w.Write(line); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/declared-huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "999999999")
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("/ua", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.UserAgent(), "Rapport") {
			http.Error(w, "no user agent", http.StatusForbidden)
			return
		}
		serveFile(t, "allday.ics")(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tests := []struct {
		name        string
		url         string
		wantEvents  int
		wantSkipped int
		wantErr     string
	}{
		{"a good feed", srv.URL + "/tzid.ics", 5, 0, ""},
		{"sends a User-Agent", srv.URL + "/ua", 4, 0, ""},
		{"malformed events come with the sound ones", srv.URL + "/malformed.ics", 2, 7, "skipped 7 malformed events"},
		{"HTML with status 200", srv.URL + "/signin", 0, 0, "HTML page"},
		{"not found", srv.URL + "/gone", 0, 0, "the server answered 404 Not Found"},
		{"body over the limit", srv.URL + "/huge", 0, 0, "over the size limit (4194304 bytes)"},
		{"declared length over the limit", srv.URL + "/declared-huge", 0, 0, "999999999 bytes is over the size limit (4194304 bytes)"},
		{"not http", "ftp://example.com/cal.ics", 0, 0, "use an http, https or webcal URL"},
		{"no host", "https:///cal.ics", 0, 0, "has no host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := FetchICS(context.Background(), srv.Client(), tt.url)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v; want %q", err, tt.wantErr)
			}
			if len(events) != tt.wantEvents {
				t.Errorf("got %d events; want %d", len(events), tt.wantEvents)
			}
			var skipped *SkippedEventsError
			if tt.wantSkipped > 0 && (!errors.As(err, &skipped) || skipped.Skipped != tt.wantSkipped) {
				t.Errorf("err = %v; want %d skipped", err, tt.wantSkipped)
			}
		})
	}
}

func TestFetchICSFetchesWebcalOverHTTPS(t *testing.T) {
	srv := httptest.NewTLSServer(serveFile(t, "allday.ics"))
	defer srv.Close()
	webcal := "webcal://" + strings.TrimPrefix(srv.URL, "https://") + "/holidays.ics"
	events, err := FetchICS(context.Background(), srv.Client(), webcal)
	if err != nil || len(events) != 4 {
		t.Fatalf("FetchICS(%s) = %d events, %v; want 4, nil", webcal, len(events), err)
	}
}

func TestFetchICSGivesUpOnASlowServer(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)

	saved := fetchTimeout
	fetchTimeout = 50 * time.Millisecond
	defer func() { fetchTimeout = saved }()

	start := time.Now()
	_, err := FetchICS(context.Background(), srv.Client(), srv.URL)
	if err == nil || !strings.Contains(err.Error(), "no answer within 50ms") || !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v; want a timeout", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("gave up after %s", took)
	}
}

// TestFetchICSErrorsHideTheSecretAddress: a calendar's "secret address" is a credential;
// whatever goes wrong, the error says what without quoting it.
func TestFetchICSErrorsHideTheSecretAddress(t *testing.T) {
	const token = "0123456789abcdef0123456789abcdef"
	mux := http.NewServeMux()
	mux.HandleFunc("/gone/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/loop/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.String(), http.StatusFound)
	})
	mux.Handle("/page/", serveFile(t, "error.html"))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	secret := "/calendar/ical/team%40group.calendar.google.com/private-" + token + "/basic.ics?pw=hunter2x"
	tests := []struct {
		name, url string
		want      error
	}{
		{"not found", srv.URL + "/gone" + secret, nil},
		{"a redirect loop", srv.URL + "/loop" + secret, nil},
		{"a sign-in page", srv.URL + "/page" + secret, ErrNotCalendar},
		{"not a web address", "ftp://u:hunter2x@example.org" + secret, ErrNotWebAddress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FetchICS(context.Background(), srv.Client(), tt.url)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			for _, s := range []string{token, "hunter2x"} {
				if strings.Contains(err.Error(), s) {
					t.Errorf("the error quotes %q: %v", s, err)
				}
			}
		})
	}
	_, err := FetchICS(context.Background(), srv.Client(), srv.URL+"/gone"+secret)
	var status *netguard.StatusError
	if !errors.As(err, &status) || status.Code != http.StatusNotFound {
		t.Errorf("err = %v, want a 404 StatusError", err)
	}
}
