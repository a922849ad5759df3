package feeds

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// gdeltServer answers every request with status, content type and body, and records the
// queries it was sent and when they arrived.
type gdeltServer struct {
	mu       sync.Mutex
	queries  []url.Values
	arrivals []time.Time
	agents   []string
}

func (s *gdeltServer) start(t *testing.T, status int, contentType string, body []byte) *GDELT {
	t.Helper()
	srv := serveFunc(t, func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.queries = append(s.queries, r.URL.Query())
		s.arrivals = append(s.arrivals, time.Now())
		s.agents = append(s.agents, r.UserAgent())
		s.mu.Unlock()
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		w.Write(body)
	})
	return &GDELT{Client: srv.Client(), BaseURL: srv.URL + "/api/v2/doc/doc", MinInterval: time.Millisecond,
		Now: func() time.Time { return fetchedAt }}
}

func (s *gdeltServer) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queries)
}

func TestGDELTArtList(t *testing.T) {
	var s gdeltServer
	g := s.start(t, http.StatusOK, "application/json; charset=utf-8", fixture(t, "gdelt_artlist.json"))
	items, err := g.ArtList(t.Context(), `"acme" sourcecountry:UK`, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	want := []Item{
		{Title: "Flood warnings issued as river peaks", Link: "https://www.example-news.com/2025/06/10/flood-warning",
			Published: time.Date(2025, 6, 10, 9, 30, 0, 0, time.UTC), Source: "gdelt", SourceName: "example-news.com"},
		{Title: "Grève : les trains à l'arrêt", Link: "https://www.example-times.fr/2025/06/10/greve",
			Published: time.Date(2025, 6, 10, 8, 15, 0, 0, time.UTC), Source: "gdelt", SourceName: "example-times.fr"},
		// A raw tab in the title (invalid JSON as GDELT sends it) and a date that is not one.
		{Title: "Title with a raw tab and a stray date", Link: "https://www.example-daily.com/broken",
			Published: fetchedAt, DateGuessed: true, Source: "gdelt", SourceName: "example-daily.com"},
	}
	if len(items) != len(want) {
		t.Fatalf("got %d items %q, want %d", len(items), titles(items), len(want))
	}
	for i := range want {
		got := items[i]
		if got.Title != want[i].Title || got.Link != want[i].Link || !got.Published.Equal(want[i].Published) ||
			got.DateGuessed != want[i].DateGuessed || got.Source != want[i].Source || got.SourceName != want[i].SourceName {
			t.Errorf("item %d = %+v\nwant %+v", i, got, want[i])
		}
	}
	q := s.queries[0]
	for k, v := range map[string]string{
		"query": `"acme" sourcecountry:UK`, "mode": "artlist", "format": "json", "timespan": "1d",
		"maxrecords": "250", "sort": "datedesc",
	} {
		if q.Get(k) != v {
			t.Errorf("request %s = %q, want %q", k, q.Get(k), v)
		}
	}
	if s.agents[0] != UserAgent {
		t.Errorf("User-Agent = %q", s.agents[0])
	}
}

func TestGDELTTimelineVol(t *testing.T) {
	var s gdeltServer
	g := s.start(t, http.StatusOK, "application/json", fixture(t, "gdelt_timelinevol.json"))
	points, err := g.TimelineVol(t.Context(), "acme", 3*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	at := func(hh, mm int) time.Time { return time.Date(2025, 6, 10, hh, mm, 0, 0, time.UTC) }
	want := []Point{{at(8, 0), 0.0123}, {at(8, 15), 0.0150}, {at(8, 30), 0.4871}}
	if !slices.EqualFunc(points, want, func(a, b Point) bool { return a.Time.Equal(b.Time) && a.Value == b.Value }) {
		t.Fatalf("points = %v, want %v (the garbled step skipped)", points, want)
	}
	if q := s.queries[0]; q.Get("mode") != "timelinevol" || q.Get("timespan") != "3h" || q.Get("format") != "json" {
		t.Fatalf("query = %v", q)
	}
}

func TestGDELTQuirks(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		contentType string
		body        []byte
		wantErr     string // "" means no error and no data
		wantGDELT   bool   // the error wraps ErrGDELT
	}{
		{name: "HTML error page with status 200", status: 200, contentType: "text/html",
			body:    fixture(t, "gdelt_error.html"),
			wantErr: "GDELT did not answer with data: The specified phrase is too short.", wantGDELT: true},
		{name: "throttling as plain text with status 200", status: 200, contentType: "text/plain",
			body:    fixture(t, "gdelt_throttled.txt"),
			wantErr: "GDELT did not answer with data: Please limit requests to one every 5 seconds.", wantGDELT: true},
		{name: "text under a JSON content type", status: 200, contentType: "application/json",
			body:    []byte("Invalid query.\nMore detail on line two."),
			wantErr: "GDELT did not answer with data: Invalid query.", wantGDELT: true},
		{name: "empty object", status: 200, contentType: "application/json", body: fixture(t, "gdelt_empty.json")},
		{name: "empty body", status: 200, contentType: "application/json", body: nil},
		{name: "empty lists", status: 200, contentType: "application/json", body: []byte(`{"articles": [], "timeline": []}`)},
		{name: "too many requests", status: 429, contentType: "text/plain", body: []byte("Rate limit exceeded\n"),
			wantErr: "answered 429 Too Many Requests: Rate limit exceeded"},
		{name: "truncated JSON", status: 200, contentType: "application/json", body: []byte(`{"articles": [{"url": "https://x`),
			wantErr: "unreadable JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s gdeltServer
			g := s.start(t, tt.status, tt.contentType, tt.body)
			items, errA := g.ArtList(t.Context(), "acme", time.Hour)
			points, errT := g.TimelineVol(t.Context(), "acme", time.Hour)
			for mode, err := range map[string]error{"artlist": errA, "timelinevol": errT} {
				if tt.wantErr == "" {
					if err != nil {
						t.Errorf("%s: %v, want no data and no error", mode, err)
					}
					continue
				}
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("%s: err = %v, want it to contain %q", mode, err, tt.wantErr)
				}
				if errors.Is(err, ErrGDELT) != tt.wantGDELT {
					t.Errorf("%s: errors.Is(err, ErrGDELT) = %v, want %v", mode, !tt.wantGDELT, tt.wantGDELT)
				}
				if err != nil && !strings.HasPrefix(err.Error(), "GDELT "+mode+` for "acme"`) {
					t.Errorf("%s: err = %q does not say which query failed", mode, err)
				}
			}
			if items != nil || points != nil {
				t.Errorf("items %v, points %v, want none", items, points)
			}
		})
	}
}

func TestGDELTEmptyQuery(t *testing.T) {
	var s gdeltServer
	g := s.start(t, 200, "application/json", []byte(`{}`))
	if _, err := g.ArtList(t.Context(), "  ", time.Hour); err == nil || s.requests() != 0 {
		t.Fatalf("err = %v after %d requests, want an error and no request", err, s.requests())
	}
}

func TestGDELTSpacesRequests(t *testing.T) {
	const interval = 40 * time.Millisecond
	t.Run("one caller after another", func(t *testing.T) {
		var s gdeltServer
		g := s.start(t, 200, "application/json", []byte(`{}`))
		g.MinInterval = interval
		start := time.Now()
		for range 3 {
			if _, err := g.ArtList(t.Context(), "acme", time.Hour); err != nil {
				t.Fatal(err)
			}
		}
		// The k-th request may not leave before k intervals after the first could: a lower
		// bound that holds however slow the machine is.
		for k, at := range s.arrivals {
			if d := at.Sub(start); d < time.Duration(k)*interval {
				t.Errorf("request %d arrived %v after the start, before its slot at %v", k, d, time.Duration(k)*interval)
			}
		}
	})
	t.Run("callers at once take turns", func(t *testing.T) {
		var s gdeltServer
		g := s.start(t, 200, "application/json", []byte(`{}`))
		g.MinInterval = interval
		start := time.Now()
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				if _, err := g.TimelineVol(t.Context(), "acme", time.Hour); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if len(s.arrivals) != 4 {
			t.Fatalf("%d requests, want 4", len(s.arrivals))
		}
		slices.SortFunc(s.arrivals, func(a, b time.Time) int { return a.Compare(b) })
		for k, at := range s.arrivals {
			if d := at.Sub(start); d < time.Duration(k)*interval {
				t.Errorf("request %d arrived %v after the start, before its slot at %v", k, d, time.Duration(k)*interval)
			}
		}
	})
	t.Run("a waiting caller gives up when its context ends", func(t *testing.T) {
		var s gdeltServer
		g := s.start(t, 200, "application/json", []byte(`{}`))
		g.MinInterval = time.Hour
		if _, err := g.ArtList(t.Context(), "acme", time.Hour); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := g.ArtList(ctx, "acme", time.Hour)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("gave up after %v", d)
		}
		if s.requests() != 1 {
			t.Fatalf("%d requests, want only the first", s.requests())
		}
	})
	t.Run("the default interval is six seconds", func(t *testing.T) {
		if (&GDELT{}).MinInterval != 0 || orDefault(0, DefaultGDELTInterval) != 6*time.Second {
			t.Fatal("the zero GDELT must wait six seconds between requests")
		}
	})
}

func TestFormatTimespan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "", -time.Hour: "", 15 * time.Minute: "15min", 90 * time.Minute: "90min", time.Hour: "1h",
		36 * time.Hour: "36h", 24 * time.Hour: "1d", 7 * 24 * time.Hour: "7d", 30 * time.Second: "1min",
	} {
		if got := formatTimespan(d); got != want {
			t.Errorf("formatTimespan(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestGDELTDefaultBaseURL(t *testing.T) {
	var gotURL string
	g := &GDELT{MinInterval: time.Millisecond, Client: &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		gotURL = r.URL.Scheme + "://" + r.URL.Host + r.URL.Path
		return nil, errors.New("offline")
	})}}
	if _, err := g.ArtList(t.Context(), "acme", time.Hour); err == nil {
		t.Fatal("want the transport's error")
	}
	if gotURL != "https://api.gdeltproject.org/api/v2/doc/doc" {
		t.Fatalf("asked %q", gotURL)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestGDELTBaseURLWithAKey: a proxy in front of GDELT may want a key in its address; the
// key travels with every request, and no error quotes it.
func TestGDELTBaseURLWithAKey(t *testing.T) {
	const key = "gd3lt-k3y-0123456789"
	tests := []struct {
		name   string
		status int
		body   string
	}{
		{"a refused request echoing the address", http.StatusForbidden, "<html><body>Forbidden: /api?key=" + key + "</body></html>"},
		{"an answer that is not data", http.StatusOK, "Invalid key " + key},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s gdeltServer
			g := s.start(t, tt.status, "text/html", []byte(tt.body))
			g.BaseURL += "?key=" + key
			_, err := g.ArtList(t.Context(), `"acme"`, time.Hour)
			if err == nil {
				t.Fatal("no error")
			}
			if got := s.queries[0].Get("key"); got != key {
				t.Errorf("the request's key = %q, want %q", got, key)
			}
			if s.queries[0].Get("query") != `"acme"` {
				t.Errorf("the request lost its query: %v", s.queries[0])
			}
			if strings.Contains(err.Error(), key) {
				t.Errorf("the error quotes the key: %v", err)
			}
		})
	}
}
