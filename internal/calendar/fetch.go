package calendar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Limits for FetchICS.
const (
	// FetchTimeout bounds one fetch, connection to last byte, whatever the caller's context.
	FetchTimeout = 20 * time.Second
	// MaxICSBytes is the largest feed FetchICS reads; a holiday feed is tens of kilobytes.
	MaxICSBytes = 4 << 20
)

// userAgent names Rapport to the servers it reads from.
const userAgent = "Rapport (launch timing check)"

// fetchTimeout is FetchTimeout, shortened by tests.
var fetchTimeout = FetchTimeout

// FetchICS downloads an ICS feed and parses it with ParseICS (so a *SkippedEventsError
// comes with usable events). webcal:// URLs are fetched over https. The fetch gives up
// after FetchTimeout and refuses feeds over MaxICSBytes, non-2xx answers and HTML pages.
// A nil client means http.DefaultClient.
func FetchICS(ctx context.Context, client *http.Client, rawURL string) ([]Event, error) {
	u, err := feedURL(rawURL)
	if err != nil {
		return nil, err
	}
	if client == nil {
		client = http.DefaultClient
	}
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("ics feed %s: %w", u, err)
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "text/calendar, text/plain;q=0.5, */*;q=0.1")
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("ics feed %s: no answer within %s: %w", u, fetchTimeout, err)
		}
		return nil, fmt.Errorf("ics feed %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("ics feed %s: the server answered %s", u, resp.Status)
	}
	if resp.ContentLength > MaxICSBytes {
		return nil, fmt.Errorf("ics feed %s: %d bytes is over the %d-byte limit", u, resp.ContentLength, MaxICSBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxICSBytes+1))
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("ics feed %s: not fully read within %s: %w", u, fetchTimeout, err)
		}
		return nil, fmt.Errorf("ics feed %s: %w", u, err)
	}
	if len(body) > MaxICSBytes {
		return nil, fmt.Errorf("ics feed %s: over the %d-byte limit", u, MaxICSBytes)
	}
	events, err := ParseICS(bytes.NewReader(body))
	if err != nil {
		var skipped *SkippedEventsError
		if !errors.As(err, &skipped) {
			events = nil
		}
		return events, fmt.Errorf("ics feed %s: %w", u, err)
	}
	return events, nil
}

// feedURL accepts http, https and webcal (fetched as https) URLs.
func feedURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("ics feed %q is not a URL: %w", raw, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "webcal", "webcals":
		u.Scheme = "https"
	default:
		return "", fmt.Errorf("ics feed %q: use an http, https or webcal URL", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("ics feed %q has no host", raw)
	}
	return u.String(), nil
}
