package timingcheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"

	"github.com/rapport-bot/rapport/internal/calendar"
	"github.com/rapport-bot/rapport/internal/feeds"
	"github.com/rapport-bot/rapport/internal/netguard"
	"github.com/rapport-bot/rapport/internal/risk"
)

// Why a source could not be read, as a check shows it in Slack: short fixed phrases that
// never quote an address, a transport error or a server's words, since those may carry
// credentials. The whole error, scrubbed, goes to the log.
const (
	failTimeout         = "timed out"
	failTooLarge        = "too large"
	failNotFeed         = "not a feed"
	failBrokenFeed      = "broken feed"
	failNotCalendar     = "not a calendar"
	failRefusedAddress  = "refused: private address"
	failRefusedScheme   = "refused: not http or https"
	failRefusedRedirect = "refused: redirect to another scheme"
	failRedirects       = "too many redirects"
	failNoHost          = "host not found"
	failCertificate     = "untrusted certificate"
	failConnect         = "could not connect"
	failAddress         = "not a web address"
	failGDELT           = "no data (query refused or throttled)"
	failCancelled       = "cancelled"
	failUnknown         = "could not be read"
)

// failure says in a few fixed words why a source could not be read; "" for nil.
func failure(err error) string {
	var (
		refused *netguard.RefusedError
		status  *netguard.StatusError
		dnsErr  *net.DNSError
		netErr  net.Error
		opErr   *net.OpError
		certErr *tls.CertificateVerificationError
		authErr x509.UnknownAuthorityError
		hostErr x509.HostnameError
	)
	switch {
	case err == nil:
		return ""
	case errors.As(err, &refused):
		switch refused.Kind {
		case netguard.RefusedScheme:
			return failRefusedScheme
		case netguard.RefusedRedirect:
			return failRefusedRedirect
		}
		return failRefusedAddress
	case errors.Is(err, netguard.ErrTooManyRedirects):
		return failRedirects
	case errors.As(err, &status):
		return "HTTP " + strconv.Itoa(status.Code)
	case errors.Is(err, feeds.ErrTimeout), errors.Is(err, calendar.ErrTimeout), errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &netErr) && netErr.Timeout():
		return failTimeout
	case errors.Is(err, feeds.ErrTooLarge), errors.Is(err, calendar.ErrTooLarge):
		return failTooLarge
	case errors.Is(err, feeds.ErrNotFeed):
		return failNotFeed
	case errors.Is(err, feeds.ErrUnreadable):
		return failBrokenFeed
	case errors.Is(err, calendar.ErrNotCalendar):
		return failNotCalendar
	case errors.Is(err, feeds.ErrGDELT):
		return failGDELT
	case errors.Is(err, feeds.ErrNotWebAddress), errors.Is(err, calendar.ErrNotWebAddress):
		return failAddress
	case errors.As(err, &dnsErr):
		return failNoHost
	case errors.As(err, &certErr), errors.As(err, &authErr), errors.As(err, &hostErr):
		return failCertificate
	case errors.Is(err, context.Canceled):
		return failCancelled
	case errors.As(err, &opErr), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return failConnect
	}
	return failUnknown
}

// source is how a check lists one source to the risk rules, and so to Slack: the name and
// link carry no credentials (netguard.RedactURL; no link at all when the address has
// something to hide), and a failure is a fixed phrase. The failure in full, scrubbed of
// the address's secrets, goes to the log. name "" means the redacted address.
func (c *Checker) source(name, rawURL string, kind risk.SourceKind, err error) risk.Source {
	shown := netguard.RedactURL(rawURL)
	if name == "" {
		name = shown
	}
	s := risk.Source{Name: netguard.Scrub(name, rawURL), URL: link(rawURL), Kind: kind}
	if err != nil {
		s.Err = failure(err)
		c.log().Warn("timing source could not be read", "source", shown, "kind", string(kind), "why", s.Err,
			"err", netguard.Scrub(err.Error(), rawURL))
	}
	return s
}

// link is rawURL when showing it whole hides nothing (RedactURL leaves it as it is), else
// "": no link rather than a credential, or an address with a hole in it.
func link(rawURL string) string {
	if rawURL == "" || netguard.RedactURL(rawURL) != rawURL {
		return ""
	}
	return rawURL
}

// origin is the scheme and host of rawURL ("https://api.gdeltproject.org"), or "".
func origin(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

func (c *Checker) log() *slog.Logger {
	if c.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Log
}
