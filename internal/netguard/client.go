package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// Defaults for Options' zero fields.
const (
	// DefaultTimeout bounds one request, redirects and body included.
	DefaultTimeout = 20 * time.Second
	// DefaultMaxRedirects is how many redirects one request follows.
	DefaultMaxRedirects = 5
	// dialTimeout bounds the connection to one address of a host.
	dialTimeout = 5 * time.Second
)

// ErrTooManyRedirects is wrapped by the error of a request that was redirected more often
// than allowed, a redirect loop typically.
var ErrTooManyRedirects = errors.New("too many redirects")

// Resolver looks up a host's addresses; *net.Resolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Options configure NewClient.
type Options struct {
	// Allow lists the internal hosts that may be reached (see ParseAllowList).
	Allow []string
	// Timeout bounds one request; zero means DefaultTimeout.
	Timeout time.Duration
	// MaxRedirects bounds the redirects one request follows; zero means
	// DefaultMaxRedirects.
	MaxRedirects int
	// Resolver looks up host names; nil means net.DefaultResolver.
	Resolver Resolver
}

// NewClient returns an HTTP client that connects only to public internet addresses and
// to those Options.Allow names. It fails only when an allow-list entry cannot be read.
func NewClient(o Options) (*http.Client, error) {
	allow, err := ParseAllowList(o.Allow)
	if err != nil {
		return nil, fmt.Errorf("allow list %w", err)
	}
	g := &guard{allow: allow, resolver: o.Resolver}
	if g.resolver == nil {
		g.resolver = net.DefaultResolver
	}
	g.dialer = &net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second, ControlContext: g.control}
	transport := &http.Transport{
		Proxy:                  nil,
		DialContext:            g.dial,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           32,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  15 * time.Second,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	maxRedirects := o.MaxRedirects
	if maxRedirects <= 0 {
		maxRedirects = DefaultMaxRedirects
	}
	return &http.Client{
		Transport:     schemeCheck{transport},
		Timeout:       timeout,
		CheckRedirect: checkRedirect(maxRedirects),
	}, nil
}

// guard decides, at dial time, which addresses may be reached.
type guard struct {
	allow    AllowList
	resolver Resolver
	dialer   *net.Dialer
}

// allowedNameKey marks a dial made for a host allowed by name, so that control lets its
// internal addresses through.
type allowedNameKey struct{}

// dial resolves the host itself and dials the addresses it got, one after the other, so
// that the address checked is the address connected to; control checks it once more on
// the socket.
func (g *guard) dial(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if err := g.check(host, a); err != nil {
			return nil, err
		}
		return g.dialer.DialContext(ctx, network, address)
	}
	byName := g.allow.allowsName(host)
	ips, err := g.resolver.LookupNetIP(ctx, ipNetwork(network), host)
	if err != nil {
		return nil, err
	}
	if byName {
		ctx = context.WithValue(ctx, allowedNameKey{}, true)
	}
	var refused, failed error
	for _, a := range ips {
		if !byName {
			if err := g.check(host, a); err != nil {
				refused = firstErr(refused, err)
				continue
			}
		}
		conn, err := g.dialer.DialContext(ctx, network, net.JoinHostPort(a.Unmap().String(), port))
		if err == nil {
			return conn, nil
		}
		failed = firstErr(failed, err)
		if ctx.Err() != nil {
			break
		}
	}
	switch {
	case failed != nil:
		return nil, failed
	case refused != nil:
		return nil, refused
	}
	return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
}

// control runs on every socket before it connects: the last word on the address.
func (g *guard) control(ctx context.Context, _, address string, _ syscall.RawConn) error {
	if allowed, _ := ctx.Value(allowedNameKey{}).(bool); allowed {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &RefusedError{Host: address, Kind: RefusedAddress, Reason: reasonInvalid}
	}
	return g.check(ap.Addr().String(), ap.Addr())
}

// check refuses a unless it is public or allowed.
func (g *guard) check(host string, a netip.Addr) error {
	if g.allow.allowsAddr(a) {
		return nil
	}
	if why := refusal(a); why != "" {
		return &RefusedError{Host: host, Addr: a, Kind: RefusedAddress, Reason: why}
	}
	return nil
}

func firstErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

func ipNetwork(network string) string {
	switch network {
	case "tcp4", "udp4":
		return "ip4"
	case "tcp6", "udp6":
		return "ip6"
	}
	return "ip"
}

// checkRedirect stops after max redirects and refuses a change of scheme other than
// http to https.
func checkRedirect(max int) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > max {
			return fmt.Errorf("%w (more than %d)", ErrTooManyRedirects, max)
		}
		from, to := via[len(via)-1].URL.Scheme, req.URL.Scheme
		if to != from && !(from == "http" && to == "https") {
			return &RefusedError{Host: req.URL.Host, Kind: RefusedRedirect, Reason: "a redirect from " + from + " to " + to}
		}
		return nil
	}
}

// schemeCheck refuses requests that are neither http nor https before they reach the
// transport.
type schemeCheck struct{ next http.RoundTripper }

func (s schemeCheck) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, &RefusedError{Host: req.URL.Host, Kind: RefusedScheme, Reason: "the scheme " + fmt.Sprintf("%q", req.URL.Scheme)}
	}
	return s.next.RoundTrip(req)
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach the transport.
func (s schemeCheck) CloseIdleConnections() {
	if c, ok := s.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
