package feeds

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	neturl "net/url"
	"strings"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/rapport-bot/rapport/internal/netguard"
)

// UserAgent is how Rapport introduces itself to feed servers and GDELT.
const UserAgent = "Rapport/1.0 (+https://github.com/rapport-bot/rapport)"

// Defaults for a Fetcher's zero fields.
const (
	// DefaultTimeout bounds one request, body included.
	DefaultTimeout = 10 * time.Second
	// DefaultMaxBytes is the largest feed read; real news feeds are well under 1 MiB.
	DefaultMaxBytes = 5 << 20
	// DefaultTTL is how long a fetched feed is reused without asking the server again.
	DefaultTTL = 5 * time.Minute
	// DefaultConcurrency is how many feeds FetchAll reads at once.
	DefaultConcurrency = 4
	// maxCached bounds the cache; past it the feed fetched longest ago is forgotten.
	maxCached = 256
)

var (
	// ErrNotFeed is wrapped by the error for an address that answers with something other
	// than a feed, typically an HTML page.
	ErrNotFeed = errors.New("not an RSS or Atom feed")
	// ErrTooLarge is wrapped by the error for a response over the size limit.
	ErrTooLarge = errors.New("over the size limit")
	// ErrTimeout is wrapped by the error for a request that took longer than the timeout.
	ErrTimeout = errors.New("took too long to answer")
	// ErrNotWebAddress is wrapped by the error for a feed address that is not http(s).
	ErrNotWebAddress = errors.New("is not a web address (http:// or https://)")
	// ErrUnreadable is wrapped by the error for a feed that cannot be parsed.
	ErrUnreadable = errors.New("looks like a feed but cannot be read")
)

// Fetcher reads RSS and Atom feeds politely: one timeout per request, a size limit, a
// User-Agent naming Rapport, and a small in-memory cache. It keeps at most MaxItems items
// of a feed, the newest, and parses no more than those. A feed fetched less than TTL ago is
// served from the cache; after that the Fetcher asks again with If-None-Match and
// If-Modified-Since, and a 304 Not Modified answer reuses the cached items. Zero fields take
// the defaults above. A Fetcher is safe for concurrent use; do not copy it after first use.
type Fetcher struct {
	// Client sends the requests; nil means http.DefaultClient. Its own Timeout, if any,
	// applies too.
	Client      *http.Client
	Timeout     time.Duration
	MaxBytes    int64
	MaxItems    int
	TTL         time.Duration
	Concurrency int
	// Now is the clock for the cache and for the dates of undated items; nil means
	// time.Now.
	Now func() time.Time

	mu    sync.Mutex
	cache map[string]*cacheEntry
}

type cacheEntry struct {
	items        []Item // without markets: the same URL may be configured for several
	etag         string
	lastModified string
	fetched      time.Time
}

// NewFetcher returns a Fetcher that sends its requests with client.
func NewFetcher(client *http.Client) *Fetcher {
	return &Fetcher{Client: client}
}

// Fetch reads one feed. Every error names the feed's URL, without its credentials (see
// netguard.RedactURL), and says what went wrong in words a user can act on
// ("https://example.org/ is not an RSS or Atom feed (got text/html)"); it wraps
// ErrNotWebAddress, ErrNotFeed, ErrUnreadable, ErrTooLarge, ErrTimeout or a
// *netguard.StatusError where one applies, and the client's own errors (such as a
// *netguard.RefusedError) otherwise.
func (f *Fetcher) Fetch(ctx context.Context, feed Feed) ([]Item, error) {
	name := netguard.RedactURL(feed.URL)
	u, err := neturl.Parse(feed.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q %w", name, ErrNotWebAddress)
	}
	now := f.now()
	f.mu.Lock()
	entry := f.cache[feed.URL]
	f.mu.Unlock()
	if entry != nil && now.Sub(entry.fetched) < f.ttl() {
		return withMarkets(entry.items, feed.Markets), nil
	}

	timeout := f.timeout()
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, ErrTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, feed.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("%q %w", name, ErrNotWebAddress)
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
	if entry != nil {
		if entry.etag != "" {
			req.Header.Set("If-None-Match", entry.etag)
		}
		if entry.lastModified != "" {
			req.Header.Set("If-Modified-Since", entry.lastModified)
		}
	}
	resp, err := f.client().Do(req)
	if err != nil {
		return nil, requestError(ctx, name, timeout, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode == http.StatusNotModified && entry != nil {
		f.store(feed.URL, &cacheEntry{
			items:        entry.items,
			etag:         firstNonEmpty(resp.Header.Get("ETag"), entry.etag),
			lastModified: firstNonEmpty(resp.Header.Get("Last-Modified"), entry.lastModified),
			fetched:      now,
		})
		return withMarkets(entry.items, feed.Markets), nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("%s %w", name, &netguard.StatusError{Code: resp.StatusCode, Status: resp.Status})
	}
	body, err := readLimited(resp, f.maxBytes())
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, fmt.Errorf("%s is %w (%s)", name, err, formatBytes(f.maxBytes()))
		}
		return nil, requestError(ctx, name, timeout, err)
	}
	// gofeed also reads JSON Feed, but a JSON answer here is far more often an API's error
	// than a feed: only RSS and Atom are accepted.
	if t := gofeed.DetectFeedType(bytes.NewReader(body[:min(len(body), 4096)])); t != gofeed.FeedTypeRSS && t != gofeed.FeedTypeAtom {
		return nil, fmt.Errorf("%s is %w (got %s)", name, ErrNotFeed, contentType(resp, body))
	}
	parsed, err := gofeed.NewParser().Parse(bytes.NewReader(newestItems(body, f.maxItems())))
	if err != nil {
		return nil, fmt.Errorf("%s %w: %v", name, ErrUnreadable, err)
	}
	boundItems(parsed, f.maxItems())
	items := itemsFromFeed(u, parsed, now)
	for i := range items {
		items[i].Source = feed.URL // as configured, so callers can look it up
	}
	f.store(feed.URL, &cacheEntry{
		items:        items,
		etag:         resp.Header.Get("ETag"),
		lastModified: resp.Header.Get("Last-Modified"),
		fetched:      now,
	})
	return withMarkets(items, feed.Markets), nil
}

// FetchAll reads feeds concurrently, at most Concurrency at a time, and returns their items
// in feed order with one SourceError per feed that failed: a failing feed degrades the
// result, it never fails it. A URL listed twice is fetched once, its markets merged. The
// same article in several feeds (same link) is returned once, with the union of their
// markets (every market if any of the feeds covers every market).
func (f *Fetcher) FetchAll(ctx context.Context, feeds []Feed) ([]Item, []SourceError) {
	feeds = mergeFeeds(feeds)
	type result struct {
		items []Item
		err   error
	}
	results := make([]result, len(feeds))
	sem := make(chan struct{}, f.concurrency())
	var wg sync.WaitGroup
	for i, fd := range feeds {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			results[i].err = fmt.Errorf("%s was not fetched: %w", netguard.RedactURL(fd.URL), context.Cause(ctx))
			continue
		}
		wg.Go(func() {
			defer func() { <-sem }()
			items, err := f.Fetch(ctx, fd)
			results[i] = result{items, err}
		})
	}
	wg.Wait()

	var items []Item
	var errs []SourceError
	byLink := map[string]int{}
	for i, r := range results {
		if r.err != nil {
			errs = append(errs, SourceError{URL: feeds[i].URL, Err: r.err})
			continue
		}
		for _, it := range r.items {
			if it.Link == "" {
				items = append(items, it)
				continue
			}
			if j, dup := byLink[it.Link]; dup {
				items[j].Markets = unionMarkets(items[j].Markets, it.Markets)
				continue
			}
			byLink[it.Link] = len(items)
			items = append(items, it)
		}
	}
	return items, errs
}

func (f *Fetcher) store(key string, e *cacheEntry) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cache == nil {
		f.cache = map[string]*cacheEntry{}
	}
	f.cache[key] = e
	for len(f.cache) > maxCached {
		var oldest string
		for k, v := range f.cache {
			if oldest == "" || v.fetched.Before(f.cache[oldest].fetched) {
				oldest = k
			}
		}
		delete(f.cache, oldest)
	}
}

func (f *Fetcher) client() *http.Client {
	if f.Client != nil {
		return f.Client
	}
	return http.DefaultClient
}

func (f *Fetcher) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

func (f *Fetcher) timeout() time.Duration { return orDefault(f.Timeout, DefaultTimeout) }
func (f *Fetcher) ttl() time.Duration     { return orDefault(f.TTL, DefaultTTL) }
func (f *Fetcher) maxBytes() int64        { return orDefault(f.MaxBytes, DefaultMaxBytes) }
func (f *Fetcher) maxItems() int          { return orDefault(f.MaxItems, DefaultMaxItems) }
func (f *Fetcher) concurrency() int       { return orDefault(f.Concurrency, DefaultConcurrency) }
func orDefault[T int | int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// requestError words a failed request: our own timeout as such, the caller's cancellation
// and network errors wrapped. The *url.Error around a network error is dropped: it quotes
// the address, query included, and name already says which feed it is.
func requestError(ctx context.Context, name string, timeout time.Duration, err error) error {
	if errors.Is(context.Cause(ctx), ErrTimeout) {
		return fmt.Errorf("%s %w (no complete answer within %s)", name, ErrTimeout, timeout)
	}
	var ue *neturl.Error
	if errors.As(err, &ue) {
		err = ue.Err // it repeats the URL
	}
	return fmt.Errorf("%s could not be fetched: %w", name, err)
}

// readLimited reads the whole body, or fails with ErrTooLarge as soon as it is known to be
// over max, without reading (or holding) more than max+1 bytes. A declared length is
// allocated once rather than grown into.
func readLimited(resp *http.Response, max int64) ([]byte, error) {
	if resp.ContentLength > max {
		return nil, ErrTooLarge
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, max+1)); err != nil {
		return nil, err
	}
	body := buf.Bytes()
	if int64(len(body)) > max {
		return nil, ErrTooLarge
	}
	return body, nil
}

// contentType names what a response that is not a feed contains: its declared media type,
// else a sniffed one.
func contentType(resp *http.Response, body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return "an empty response"
	}
	ct := resp.Header.Get("Content-Type")
	if sniffed := http.DetectContentType(body); ct == "" || strings.HasPrefix(sniffed, "text/html") {
		ct = sniffed // an HTML page is an HTML page, whatever its header claims
	}
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	return ct
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
