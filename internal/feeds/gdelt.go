package feeds

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/netguard"
)

// Defaults for a GDELT's zero fields.
const (
	DefaultGDELTURL = "https://api.gdeltproject.org/api/v2/doc/doc"
	// DefaultGDELTInterval is the spacing GDELT asks of its users (one request every 5 s),
	// with a second to spare.
	DefaultGDELTInterval = 6 * time.Second
	// gdeltMaxRecords is the most articles artlist returns for one query.
	gdeltMaxRecords = 250
	// gdeltDate is how GDELT writes times: 20240102T150405Z.
	gdeltDate = "20060102T150405Z"
)

// ErrGDELT is wrapped by the error for an answer that is not data: GDELT reports a bad
// query, and throttling, as HTTP 200 with a line of text or an HTML page.
var ErrGDELT = errors.New("GDELT did not answer with data")

// GDELT queries the GDELT DOC 2.0 API, an optional source of news beyond the configured
// feeds. Requests are spaced at least MinInterval apart across all callers, in the order
// they were made, as GDELT requires; a caller waiting for its turn gives up when its context
// ends. Zero fields take the defaults. A GDELT is safe for concurrent use; do not copy it
// after first use.
type GDELT struct {
	// Client sends the requests; nil means http.DefaultClient.
	Client *http.Client
	// BaseURL is the DOC API endpoint; empty means DefaultGDELTURL. A query it carries
	// (a proxy's key, say) is kept, and errors never quote it.
	BaseURL string
	// MinInterval is the least time between two requests; zero means
	// DefaultGDELTInterval. Tests shorten it; production should not.
	MinInterval time.Duration
	// Timeout bounds one request; zero means DefaultTimeout.
	Timeout time.Duration
	// Now dates articles whose date GDELT garbled; nil means time.Now.
	Now func() time.Time

	spacer spacer
}

// Point is one step of a GDELT volume timeline.
type Point struct {
	Time time.Time
	// Value is the share of all articles GDELT monitored in that step that match the
	// query, in percent.
	Value float64
}

// ArtList returns the articles matching query seen within timespan before now (GDELT keeps
// about three months; zero means GDELT's default), newest first, at most 250. An answer with
// no articles, including GDELT's bare `{}`, is no data: nil and no error.
func (g *GDELT) ArtList(ctx context.Context, query string, timespan time.Duration) ([]Item, error) {
	body, err := g.get(ctx, "artlist", query, timespan, url.Values{
		"maxrecords": {fmt.Sprint(gdeltMaxRecords)},
		"sort":       {"datedesc"},
	})
	if err != nil || body == nil {
		return nil, err
	}
	var doc struct {
		Articles []struct {
			URL      string `json:"url"`
			Title    string `json:"title"`
			SeenDate string `json:"seendate"`
			Domain   string `json:"domain"`
		} `json:"articles"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("GDELT artlist for %q: unreadable JSON: %w", query, err)
	}
	if len(doc.Articles) == 0 {
		return nil, nil
	}
	now := g.now()
	items := make([]Item, 0, len(doc.Articles))
	for _, a := range doc.Articles {
		it := Item{
			Title:      plainText(a.Title, maxTitle),
			Link:       strings.TrimSpace(a.URL),
			Source:     "gdelt",
			SourceName: a.Domain,
		}
		if it.Title == "" && it.Link == "" {
			continue
		}
		it.Places = Places(it.Title)
		t, err := time.Parse(gdeltDate, a.SeenDate)
		if published, ok := believable(&t, now); err == nil && ok {
			it.Published = published
		} else {
			it.Published, it.DateGuessed = now, true
		}
		items = append(items, it)
	}
	return items, nil
}

// TimelineVol returns the volume of coverage matching query over timespan, oldest first. An
// answer with no timeline, including `{}`, is no data: nil and no error. Steps whose date
// cannot be read are skipped.
func (g *GDELT) TimelineVol(ctx context.Context, query string, timespan time.Duration) ([]Point, error) {
	body, err := g.get(ctx, "timelinevol", query, timespan, nil)
	if err != nil || body == nil {
		return nil, err
	}
	var doc struct {
		Timeline []struct {
			Series string `json:"series"`
			Data   []struct {
				Date  string  `json:"date"`
				Value float64 `json:"value"`
			} `json:"data"`
		} `json:"timeline"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("GDELT timelinevol for %q: unreadable JSON: %w", query, err)
	}
	if len(doc.Timeline) == 0 {
		return nil, nil
	}
	var points []Point
	for _, d := range doc.Timeline[0].Data {
		t, err := time.Parse(gdeltDate, d.Date)
		if err != nil {
			continue
		}
		points = append(points, Point{Time: t, Value: d.Value})
	}
	return points, nil
}

// get waits for its turn, asks GDELT and returns the JSON body, or nil when the answer is
// empty.
func (g *GDELT) get(ctx context.Context, mode, query string, timespan time.Duration, extra url.Values) ([]byte, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil, fmt.Errorf("GDELT %s: the query is empty", mode)
	}
	params := url.Values{"query": {query}, "mode": {mode}, "format": {"json"}}
	if ts := formatTimespan(timespan); ts != "" {
		params.Set("timespan", ts)
	}
	for k, v := range extra {
		params[k] = v
	}
	label := fmt.Sprintf("GDELT %s for %q", mode, query)
	base := g.BaseURL
	if base == "" {
		base = DefaultGDELTURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("GDELT base URL %q %w", netguard.RedactURL(base), ErrNotWebAddress)
	}
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	if err := g.spacer.wait(ctx, orDefault(g.MinInterval, DefaultGDELTInterval)); err != nil {
		return nil, fmt.Errorf("%s: gave up waiting for a turn: %w", label, err)
	}

	timeout := orDefault(g.Timeout, DefaultTimeout)
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, ErrTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("GDELT base URL %q %w", netguard.RedactURL(base), ErrNotWebAddress)
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "application/json")
	client := g.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, requestError(ctx, label, timeout, err)
	}
	defer resp.Body.Close()
	body, err := readLimited(resp, DefaultMaxBytes)
	if errors.Is(err, ErrTooLarge) {
		return nil, fmt.Errorf("%s: the answer is %w (%s)", label, err, formatBytes(DefaultMaxBytes))
	}
	if err != nil {
		return nil, requestError(ctx, label, timeout, err)
	}
	if resp.StatusCode != http.StatusOK {
		err := fmt.Errorf("%s: %w", label, &netguard.StatusError{Code: resp.StatusCode, Status: resp.Status})
		if line := netguard.Scrub(firstLine(body), base); line != "" {
			err = fmt.Errorf("%w: %s", err, line)
		}
		return nil, err
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, nil
	}
	if body[0] != '{' {
		return nil, fmt.Errorf("%s: %w: %s", label, ErrGDELT, netguard.Scrub(firstLine(body), base))
	}
	return sanitizeJSON(body), nil
}

func (g *GDELT) now() time.Time {
	if g.Now != nil {
		return g.Now()
	}
	return time.Now()
}

// formatTimespan writes d the way GDELT's timespan parameter reads it ("7d", "36h",
// "90min"), rounding up to a whole minute; "" for zero or less.
func formatTimespan(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	minutes := int64((d + time.Minute - 1) / time.Minute)
	switch {
	case minutes%(24*60) == 0:
		return fmt.Sprintf("%dd", minutes/(24*60))
	case minutes%60 == 0:
		return fmt.Sprintf("%dh", minutes/60)
	}
	return fmt.Sprintf("%dmin", minutes)
}

// firstLine is the first non-blank line of a text or HTML answer, tags removed, at most 200
// bytes: what GDELT has to say about a refused query.
func firstLine(body []byte) string {
	text := string(body)
	if strings.Contains(text, "<") {
		// An HTML page says what is wrong in its body; its head holds a title like "GDELT".
		if i := strings.Index(strings.ToLower(text), "<body"); i >= 0 {
			text = text[i:]
		}
		text = stripTags(text)
	}
	for line := range strings.Lines(text) {
		if line = plainText(line, 200); line != "" {
			return line
		}
	}
	return ""
}

// sanitizeJSON replaces raw control characters, which GDELT sometimes leaves inside article
// titles and which encoding/json rejects, with spaces, in place. Outside strings they are
// white space already, so the document means the same.
func sanitizeJSON(body []byte) []byte {
	for i, c := range body {
		if c < 0x20 {
			body[i] = ' '
		}
	}
	return body
}
