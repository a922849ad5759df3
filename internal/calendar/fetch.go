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

	"github.com/rapport-bot/rapport/internal/netguard"
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

var (
	// ErrNotCalendar is wrapped by the error for an answer with no usable event: an HTML
	// page (a login or error page), or a text that is not iCalendar.
	ErrNotCalendar = errors.New("not an iCalendar feed")
	// ErrTooLarge is wrapped by the error for a feed over MaxICSBytes.
	ErrTooLarge = errors.New("over the size limit")
	// ErrTimeout is wrapped by the error for a feed not fully read within FetchTimeout.
	ErrTimeout = errors.New("took too long to answer")
	// ErrNotWebAddress is wrapped by the error for an address that is not http, https or
	// webcal.
	ErrNotWebAddress = errors.New("not a web address")
)

// FetchICS downloads an ICS feed and parses it with ParseICS (so a *SkippedEventsError
// comes with usable events). webcal:// URLs are fetched over https. The fetch gives up
// after FetchTimeout and refuses feeds over MaxICSBytes, non-2xx answers and HTML pages.
// A nil client means http.DefaultClient. Errors name the feed without its credentials
// (a calendar's "secret address" is one; see netguard.RedactURL) and wrap ErrNotCalendar,
// ErrTooLarge, ErrTimeout, ErrNotWebAddress or a *netguard.StatusError where one applies.
func FetchICS(ctx context.Context, client *http.Client, rawURL string) ([]Event, error) {
	u, err := feedURL(rawURL)
	if err != nil {
		return nil, err
	}
	name := netguard.RedactURL(u)
	if client == nil {
		client = http.DefaultClient
	}
	ctx, cancel := context.WithTimeoutCause(ctx, fetchTimeout, ErrTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("ics feed %s: %w", name, ErrNotWebAddress)
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "text/calendar, text/plain;q=0.5, */*;q=0.1")
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(context.Cause(ctx), ErrTimeout) {
			return nil, fmt.Errorf("ics feed %s: no answer within %s: %w", name, fetchTimeout, ErrTimeout)
		}
		return nil, fmt.Errorf("ics feed %s: %w", name, withoutURL(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("ics feed %s: the server %w", name, &netguard.StatusError{Code: resp.StatusCode, Status: resp.Status})
	}
	if resp.ContentLength > MaxICSBytes {
		return nil, fmt.Errorf("ics feed %s: %d bytes is %w (%d bytes)", name, resp.ContentLength, ErrTooLarge, MaxICSBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxICSBytes+1))
	if err != nil {
		if errors.Is(context.Cause(ctx), ErrTimeout) {
			return nil, fmt.Errorf("ics feed %s: not fully read within %s: %w", name, fetchTimeout, ErrTimeout)
		}
		return nil, fmt.Errorf("ics feed %s: %w", name, withoutURL(err))
	}
	if len(body) > MaxICSBytes {
		return nil, fmt.Errorf("ics feed %s: %w (%d bytes)", name, ErrTooLarge, MaxICSBytes)
	}
	events, err := ParseICS(bytes.NewReader(body))
	if err != nil {
		var skipped *SkippedEventsError
		if !errors.As(err, &skipped) {
			events = nil
		}
		if len(events) == 0 {
			return nil, fmt.Errorf("ics feed %s: %w (%w)", name, err, ErrNotCalendar)
		}
		return events, fmt.Errorf("ics feed %s: %w", name, err)
	}
	return events, nil
}

// withoutURL drops the *url.Error around a request's error: it quotes the address, query
// included, and the caller names the feed already.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// feedURL accepts http, https and webcal (fetched as https) URLs.
func feedURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("ics feed %q is %w", netguard.RedactURL(raw), ErrNotWebAddress)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "webcal", "webcals":
		u.Scheme = "https"
	default:
		return "", fmt.Errorf("ics feed %q: use an http, https or webcal URL: %w", netguard.RedactURL(raw), ErrNotWebAddress)
	}
	if u.Host == "" {
		return "", fmt.Errorf("ics feed %q has no host: %w", netguard.RedactURL(raw), ErrNotWebAddress)
	}
	return u.String(), nil
}
