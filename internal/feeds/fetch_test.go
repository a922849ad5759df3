package feeds

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestFetchReadsFeeds(t *testing.T) {
	at := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	type want struct {
		title, summary, link string // link: a leading "/" is relative to the test server
		published            time.Time
		guessed              bool
	}
	tests := []struct {
		name, file, contentType string
		sourceName              string
		want                    []want
	}{
		{
			name: "RSS with HTML descriptions, entities and a relative link", file: "news.rss",
			contentType: "application/rss+xml; charset=utf-8", sourceName: "Example World News",
			want: []want{
				{"Magnitude 7.1 earthquake strikes off the coast; tsunami warning issued",
					"Residents were evacuated from coastal towns overnight.",
					"https://news.example.org/world/quake", at("2025-06-10T11:30:00Z"), false},
				{"Café chain Lumière wins design award",
					"The warm reception continued at the awards & gala.",
					"https://news.example.org/business/lumiere", at("2025-06-10T07:15:00Z"), false},
				{"Singer Ana Sol dead at 72",
					"Tributes pour in for the star, who passed away at home.",
					"/culture/ana-sol", at("2025-06-09T22:00:00Z"), false},
			},
		},
		{
			name: "Atom with updated-only and published entries", file: "news.atom",
			contentType: "application/atom+xml", sourceName: "Example Tech Wire",
			want: []want{
				{"Nationwide outage hits payments provider", "Card payments failed for three hours.",
					"https://tech.example.com/outage", at("2025-06-10T10:00:00Z"), false},
				{"Retailer confirms data breach affecting 2M customers", "Customer emails and addresses were exposed.",
					"https://tech.example.com/breach", at("2025-06-09T08:00:00Z"), false},
			},
		},
		{
			// Undated and badly dated items are kept and take the feed's lastBuildDate.
			name: "malformed dates", file: "bad_dates.rss", contentType: "text/xml", sourceName: "Sloppy Local News",
			want: []want{
				{"Well-formed date", "", "https://local.example.net/a", at("2025-06-10T07:00:00Z"), false},
				{"Date in words", "", "https://local.example.net/b", at("2025-06-10T08:00:00Z"), true},
				{"No date at all", "", "https://local.example.net/c", at("2025-06-10T08:00:00Z"), true},
				{"Date years ahead", "", "https://local.example.net/d", at("2025-06-10T08:00:00Z"), true},
				{"Impossible day", "", "https://local.example.net/e", at("2025-06-10T08:00:00Z"), true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, tt.contentType, fixture(t, tt.file))
			url := srv.URL + "/feed"
			items, err := testFetcher(srv, newClock(fetchedAt)).Fetch(t.Context(), Feed{URL: url, Markets: []string{"GB", "FR"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != len(tt.want) {
				t.Fatalf("got %d items %q, want %d", len(items), titles(items), len(tt.want))
			}
			for i, w := range tt.want {
				it := items[i]
				if strings.HasPrefix(w.link, "/") {
					w.link = srv.URL + w.link
				}
				if it.Title != w.title || it.Summary != w.summary || it.Link != w.link {
					t.Errorf("item %d = %q / %q / %q, want %q / %q / %q", i, it.Title, it.Summary, it.Link, w.title, w.summary, w.link)
				}
				if !it.Published.Equal(w.published) || it.DateGuessed != w.guessed {
					t.Errorf("item %d %q published %v (guessed %v), want %v (guessed %v)", i, it.Title, it.Published, it.DateGuessed, w.published, w.guessed)
				}
				if it.Source != url || it.SourceName != tt.sourceName || !slices.Equal(it.Markets, []string{"GB", "FR"}) {
					t.Errorf("item %d source %q %q markets %v", i, it.Source, it.SourceName, it.Markets)
				}
			}
		})
	}
}

func TestFetchUndatedFeedUsesFetchTime(t *testing.T) {
	srv := serve(t, "application/rss+xml", []byte(`<rss version="2.0"><channel><title>T</title>
		<item><title>Undated</title><link>https://x.example/1</link></item></channel></rss>`))
	items, err := testFetcher(srv, newClock(fetchedAt)).Fetch(t.Context(), Feed{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || !items[0].Published.Equal(fetchedAt) || !items[0].DateGuessed {
		t.Fatalf("items = %+v, want one dated at the fetch time %v and marked guessed", items, fetchedAt)
	}
}

func TestFetchRejectsWhatIsNotAFeed(t *testing.T) {
	tests := []struct {
		name, contentType string
		body              []byte
		want              string
	}{
		{"HTML error page", "text/html; charset=utf-8", fixture(t, "error.html"), "(got text/html)"},
		{"HTML page without a content type", "", fixture(t, "error.html"), "(got text/html)"},
		{"HTML page claiming to be RSS", "application/rss+xml", fixture(t, "error.html"), "(got text/html)"},
		{"JSON API answer", "application/json", []byte(`{"error":"unauthorized"}`), "(got application/json)"},
		{"plain text", "text/plain", []byte("Service temporarily unavailable\n"), "(got text/plain)"},
		{"other XML", "application/xml", []byte(`<?xml version="1.0"?><sitemap><url/></sitemap>`), "(got application/xml)"},
		{"empty body", "application/rss+xml", nil, "(got an empty response)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, tt.contentType, tt.body)
			url := srv.URL + "/news"
			_, err := testFetcher(srv, newClock(fetchedAt)).Fetch(t.Context(), Feed{URL: url})
			if !errors.Is(err, ErrNotFeed) {
				t.Fatalf("err = %v, want ErrNotFeed", err)
			}
			if want := url + " is not an RSS or Atom feed " + tt.want; err.Error() != want {
				t.Fatalf("err = %q, want %q", err, want)
			}
		})
	}
}

func TestFetchErrors(t *testing.T) {
	tests := []struct {
		name    string
		url     string // "" means the test server's
		handler http.HandlerFunc
		want    string // "URL" stands for the feed's address
	}{
		{name: "not found", handler: func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
			want: "URL answered 404 Not Found"},
		{name: "server error with an HTML page", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusInternalServerError)
			w.Write(fixture(t, "error.html"))
		}, want: "URL answered 500 Internal Server Error"},
		{name: "304 without a cached copy", handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotModified)
		}, want: "URL answered 304 Not Modified"},
		{name: "broken XML", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`<rss version="2.0"><channel><title>T</title><item><title>x</ti`))
		}, want: "URL looks like a feed but cannot be read"},
		{name: "not a web address", url: "ftp://example.org/feed", want: `"ftp://example.org/feed" is not a web address (http:// or https://)`},
		{name: "no address", url: "", want: `"" is not a web address (http:// or https://)`},
		{name: "garbage address", url: "news feed", want: `"news%20feed" is not a web address (http:// or https://)`},
		{name: "credentials in a wrong address", url: "ftp://u:hunter2@example.org/feed?key=K", want: `"ftp://example.org/feed" is not a web address (http:// or https://)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := tt.url
			f := NewFetcher(nil)
			if tt.handler != nil {
				srv := serveFunc(t, tt.handler)
				url, f = srv.URL+"/feed", testFetcher(srv, newClock(fetchedAt))
			}
			_, err := f.Fetch(t.Context(), Feed{URL: url})
			want := strings.ReplaceAll(tt.want, "URL", url)
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("err = %v, want it to start %q", err, want)
			}
		})
	}
}

func TestFetchUnreachable(t *testing.T) {
	srv := serve(t, "", nil)
	url := srv.URL + "/feed"
	srv.Close()
	_, err := NewFetcher(nil).Fetch(t.Context(), Feed{URL: url})
	if want := url + " could not be fetched: "; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v, want it to start %q", err, want)
	}
	if strings.Count(err.Error(), url) != 1 {
		t.Fatalf("err = %q names the URL more than once", err)
	}
}

func TestFetchSendsUserAgentAndAccept(t *testing.T) {
	var ua, accept string
	srv := serveFunc(t, func(w http.ResponseWriter, r *http.Request) {
		ua, accept = r.UserAgent(), r.Header.Get("Accept")
		w.Write(fixture(t, "news.rss"))
	})
	if _, err := testFetcher(srv, newClock(fetchedAt)).Fetch(t.Context(), Feed{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if ua != "Rapport/1.0 (+https://github.com/rapport-bot/rapport)" {
		t.Errorf("User-Agent = %q", ua)
	}
	if !strings.Contains(accept, "application/rss+xml") || !strings.Contains(accept, "application/atom+xml") {
		t.Errorf("Accept = %q", accept)
	}
}

func TestFetchCachesAndRevalidates(t *testing.T) {
	const etag = `"v1"`
	const lastModified = "Tue, 10 Jun 2025 12:00:00 GMT"
	tests := []struct {
		name               string
		etag, lastModified string // validators the server sends
		wantHeader         string // the conditional header the second request must carry
		wantValue          string
	}{
		{"ETag", etag, "", "If-None-Match", etag},
		{"Last-Modified", "", lastModified, "If-Modified-Since", lastModified},
		{"both", etag, lastModified, "If-None-Match", etag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var reqs []http.Header
			srv := serveFunc(t, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				reqs = append(reqs, r.Header.Clone())
				mu.Unlock()
				if tt.etag != "" {
					w.Header().Set("ETag", tt.etag)
				}
				if tt.lastModified != "" {
					w.Header().Set("Last-Modified", tt.lastModified)
				}
				if (tt.etag != "" && r.Header.Get("If-None-Match") == tt.etag) ||
					(tt.etag == "" && r.Header.Get("If-Modified-Since") == tt.lastModified) {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Write(fixture(t, "news.rss"))
			})
			c := newClock(fetchedAt)
			f := testFetcher(srv, c)
			fetch := func(step string, markets ...string) []Item {
				t.Helper()
				items, err := f.Fetch(t.Context(), Feed{URL: srv.URL, Markets: markets})
				if err != nil {
					t.Fatalf("%s: %v", step, err)
				}
				if len(items) != 3 {
					t.Fatalf("%s: %d items, want 3", step, len(items))
				}
				return items
			}
			count := func() int { mu.Lock(); defer mu.Unlock(); return len(reqs) }

			first := fetch("first fetch", "US")
			c.Advance(DefaultTTL / 2)
			second := fetch("within the TTL", "GB")
			if count() != 1 {
				t.Fatalf("a fetch within the TTL asked the server again (%d requests)", count())
			}
			if first[0].Markets[0] != "US" || second[0].Markets[0] != "GB" {
				t.Fatalf("cached items must carry the markets of the feed asked for: %v, %v", first[0].Markets, second[0].Markets)
			}
			c.Advance(DefaultTTL)
			fetch("after the TTL: 304")
			if count() != 2 {
				t.Fatalf("%d requests after the TTL, want 2", count())
			}
			if got := reqs[1].Get(tt.wantHeader); got != tt.wantValue {
				t.Fatalf("revalidation sent %s: %q, want %q (headers %v)", tt.wantHeader, got, tt.wantValue, reqs[1])
			}
			c.Advance(DefaultTTL / 2)
			fetch("a 304 renews the TTL")
			if count() != 2 {
				t.Fatalf("a 304 did not renew the cached copy (%d requests)", count())
			}
		})
	}
}

// hugeFeed is a syntactically valid RSS feed of at least n bytes.
func hugeFeed(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>`)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "<item><title>Item %d</title><link>https://huge.example/%d</link><description>%s</description></item>\n",
			i, i, strings.Repeat("lorem ipsum ", 40))
	}
	b.WriteString("</channel></rss>")
	return b.Bytes()
}

func TestFetchSizeLimit(t *testing.T) {
	huge := hugeFeed(DefaultMaxBytes + 1<<20) // generated: no megabytes in testdata
	tests := []struct {
		name     string
		maxBytes int64
		handler  http.HandlerFunc
		wantErr  bool
		wantMsg  string
	}{
		{
			name: "huge feed with a Content-Length", wantErr: true, wantMsg: "is over the size limit (5 MiB)",
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.ServeContent(w, r, "feed.xml", time.Time{}, bytes.NewReader(huge))
			},
		},
		{
			name: "huge feed streamed without a length", wantErr: true, wantMsg: "is over the size limit (5 MiB)",
			handler: func(w http.ResponseWriter, r *http.Request) {
				for chunk := range slices.Chunk(huge, 32<<10) {
					if _, err := w.Write(chunk); err != nil {
						return // the client hung up, as it should
					}
					w.(http.Flusher).Flush()
				}
			},
		},
		{
			name: "a feed just under a small limit", maxBytes: int64(len(fixture(t, "news.rss"))),
			handler: func(w http.ResponseWriter, r *http.Request) { w.Write(fixture(t, "news.rss")) },
		},
		{
			name: "a feed one byte over a small limit", maxBytes: int64(len(fixture(t, "news.rss")) - 1),
			wantErr: true, wantMsg: fmt.Sprintf("is over the size limit (%d bytes)", len(fixture(t, "news.rss"))-1),
			handler: func(w http.ResponseWriter, r *http.Request) { w.Write(fixture(t, "news.rss")) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveFunc(t, tt.handler)
			f := testFetcher(srv, newClock(fetchedAt))
			f.MaxBytes = tt.maxBytes
			_, err := f.Fetch(t.Context(), Feed{URL: srv.URL})
			if !tt.wantErr {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrTooLarge) || !strings.HasSuffix(err.Error(), tt.wantMsg) {
				t.Fatalf("err = %v, want ErrTooLarge ending %q", err, tt.wantMsg)
			}
		})
	}
}

func TestFetchTimeout(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"no answer", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}},
		{"headers, then a stalled body", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>`))
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveFunc(t, tt.handler)
			f := testFetcher(srv, newClock(fetchedAt))
			f.Timeout = 50 * time.Millisecond
			start := time.Now()
			_, err := f.Fetch(t.Context(), Feed{URL: srv.URL})
			if !errors.Is(err, ErrTimeout) {
				t.Fatalf("err = %v, want ErrTimeout", err)
			}
			if want := srv.URL + " took too long to answer (no complete answer within 50ms)"; err.Error() != want {
				t.Fatalf("err = %q, want %q", err, want)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Fatalf("the timeout took %v to fire", d)
			}
		})
	}
}

func TestFetchCallerCancellationIsNotATimeout(t *testing.T) {
	srv := serveFunc(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx, cancel := context.WithCancel(t.Context())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	_, err := testFetcher(srv, newClock(fetchedAt)).Fetch(ctx, Feed{URL: srv.URL})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want context.Canceled and not ErrTimeout", err)
	}
}

func TestFetchAllBoundsConcurrency(t *testing.T) {
	const bound, feeds = 3, 10
	var inFlight, peak atomic.Int32
	full := make(chan struct{})
	var once sync.Once
	srv := serveFunc(t, func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		if n == bound {
			once.Do(func() { close(full) })
		}
		// Hold the first requests until the bound is reached, so the test sees it reached,
		// not just respected.
		select {
		case <-full:
		case <-time.After(2 * time.Second):
		}
		w.Write(fixture(t, "news.rss"))
	})
	var list []Feed
	for i := range feeds {
		list = append(list, Feed{URL: fmt.Sprintf("%s/feed/%d", srv.URL, i)})
	}
	f := testFetcher(srv, newClock(fetchedAt))
	f.Concurrency = bound
	items, errs := f.FetchAll(t.Context(), list)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if got := peak.Load(); got != bound {
		t.Fatalf("peak concurrency %d, want %d", got, bound)
	}
	// The fixture's items have the same links in every feed: returned once.
	if len(items) != 3 {
		t.Fatalf("%d items, want the 3 distinct articles", len(items))
	}
}

func TestFetchAllDegradesOnFailingFeeds(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok.rss", func(w http.ResponseWriter, r *http.Request) { w.Write(fixture(t, "news.rss")) })
	mux.HandleFunc("/page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(fixture(t, "error.html"))
	})
	mux.HandleFunc("/down.rss", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/ok.atom", func(w http.ResponseWriter, r *http.Request) { w.Write(fixture(t, "news.atom")) })
	srv := serveFunc(t, mux.ServeHTTP)
	u := func(p string) string { return srv.URL + p }

	items, errs := testFetcher(srv, newClock(fetchedAt)).FetchAll(t.Context(), []Feed{
		{URL: u("/ok.rss")}, {URL: u("/page.html")}, {URL: u("/down.rss")}, {URL: u("/ok.atom")},
	})
	if len(items) != 5 {
		t.Fatalf("%d items %q, want the 5 from the two good feeds", len(items), titles(items))
	}
	if items[0].Source != u("/ok.rss") || items[4].Source != u("/ok.atom") {
		t.Fatalf("items out of feed order: first from %s, last from %s", items[0].Source, items[4].Source)
	}
	want := []string{
		u("/page.html") + " is not an RSS or Atom feed (got text/html)",
		u("/down.rss") + " answered 503 Service Unavailable",
	}
	if len(errs) != len(want) {
		t.Fatalf("errs = %v, want %d", errs, len(want))
	}
	for i, w := range want {
		if errs[i].Error() != w || !strings.HasPrefix(w, errs[i].URL) {
			t.Errorf("errs[%d] = %q (URL %s), want %q", i, errs[i], errs[i].URL, w)
		}
	}
	if !errors.Is(errs[0], ErrNotFeed) {
		t.Errorf("errs[0] does not wrap ErrNotFeed")
	}
}

func TestFetchAllMerges(t *testing.T) {
	var requests atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Write(fixture(t, "news.rss"))
	})
	// /b carries the same articles as /a under another feed title.
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Write(bytes.Replace(fixture(t, "news.rss"), []byte("Example World News"), []byte("Mirror"), 1))
	})
	srv := serveFunc(t, mux.ServeHTTP)
	tests := []struct {
		name         string
		feeds        []Feed
		wantRequests int32
		wantMarkets  []string
	}{
		{"a URL listed twice is fetched once with both markets",
			[]Feed{{srv.URL + "/a", []string{"US"}}, {srv.URL + "/a", []string{"GB", "US"}}}, 1, []string{"US", "GB"}},
		{"an article in two feeds is returned once with both feeds' markets",
			[]Feed{{srv.URL + "/a", []string{"US"}}, {srv.URL + "/b", []string{"FR"}}}, 2, []string{"US", "FR"}},
		{"a feed for every market makes the article count everywhere",
			[]Feed{{srv.URL + "/a", []string{"US"}}, {srv.URL + "/b", nil}}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requests.Store(0)
			items, errs := testFetcher(srv, newClock(fetchedAt)).FetchAll(t.Context(), tt.feeds)
			if len(errs) != 0 {
				t.Fatal(errs)
			}
			if got := requests.Load(); got != tt.wantRequests {
				t.Errorf("%d requests, want %d", got, tt.wantRequests)
			}
			if len(items) != 3 {
				t.Fatalf("%d items, want 3", len(items))
			}
			for _, it := range items {
				if !slices.Equal(it.Markets, tt.wantMarkets) {
					t.Errorf("%q markets %v, want %v", it.Title, it.Markets, tt.wantMarkets)
				}
				if it.SourceName != "Example World News" {
					t.Errorf("%q from %q, want the first feed listed", it.Title, it.SourceName)
				}
			}
		})
	}
}

func TestFetchAllCancelled(t *testing.T) {
	srv := serve(t, "", fixture(t, "news.rss"))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	items, errs := testFetcher(srv, newClock(fetchedAt)).FetchAll(ctx, []Feed{{URL: srv.URL + "/1"}, {URL: srv.URL + "/2"}})
	if len(items) != 0 || len(errs) != 2 {
		t.Fatalf("items %d errs %v, want none and two errors", len(items), errs)
	}
	for _, e := range errs {
		if !errors.Is(e, context.Canceled) {
			t.Errorf("%v does not wrap context.Canceled", e)
		}
	}
}
