package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
)

// fakeDNS answers lookups from a table; names it does not know do not exist. Tests use it
// instead of the system resolver so that no query leaves the machine.
type fakeDNS map[string][]string

func (d fakeDNS) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	addrs, ok := d[strings.ToLower(host)]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var out []netip.Addr
	for _, a := range addrs {
		out = append(out, netip.MustParseAddr(a))
	}
	return out, nil
}

// dns is the test world: localhost as the system resolver answers it (an IPv4-mapped
// address), intranet names on loopback, and a public-looking name that rebinds to
// loopback.
var dns = fakeDNS{
	"localhost":            {"::ffff:127.0.0.1", "::1"},
	"rss.intranet.example": {"127.0.0.1"},
	"cal.intranet.example": {"127.0.0.1"},
	"rebind.example":       {"127.0.0.1"},
	"metadata.example":     {"169.254.169.254"},
}

// target is a local server counting the requests that reach it.
type target struct {
	*httptest.Server
	hits atomic.Int32
}

func newTarget(t *testing.T, h http.HandlerFunc) *target {
	t.Helper()
	tg := &target{}
	tg.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tg.hits.Add(1)
		if h != nil {
			h(w, r)
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	t.Cleanup(tg.Close)
	return tg
}

func (tg *target) port() string { return tg.URL[strings.LastIndexByte(tg.URL, ':')+1:] }

func newTestClient(t *testing.T, allow ...string) *http.Client {
	t.Helper()
	c, err := NewClient(Options{Allow: allow, Resolver: dns})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func get(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	return nil
}

func TestClientRefusesInternalAddresses(t *testing.T) {
	tg := newTarget(t, nil)
	port := tg.port()
	// redirector is allowed by name and sends every request to ?to=.
	redirector := newTarget(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	})
	via := "http://rss.intranet.example:" + redirector.port() + "/?to="
	tests := []struct {
		name, url string
		allow     []string
	}{
		{"loopback, direct", "http://127.0.0.1:" + port + "/", nil},
		{"IPv6 loopback", "http://[::1]:" + port + "/", nil},
		{"IPv4-mapped loopback", "http://[::ffff:127.0.0.1]:" + port + "/", nil},
		{"unspecified", "http://0.0.0.0:" + port + "/", nil},
		{"a name resolving to loopback: localhost", "http://localhost:" + port + "/", nil},
		{"a public-looking name resolving to loopback", "http://rebind.example:" + port + "/", nil},
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/", nil},
		{"cloud metadata by name", "http://metadata.example/latest/meta-data/", nil},
		{"private range", "http://10.0.0.1/", nil},
		{"Redis on IPv6 loopback", "http://[::1]:6379/", nil},
		{"CGNAT", "http://100.64.0.1/", nil},
		{"an allowed name does not allow its address", "http://127.0.0.1:" + port + "/", []string{"rss.intranet.example"}},
		{"an allowed name does not allow another name", "http://rebind.example:" + port + "/", []string{"rss.intranet.example"}},
		{"an allowed address does not allow its neighbours", "http://127.0.0.2:" + port + "/", []string{"127.0.0.1"}},
		{"redirect from an allowed host to loopback", via + "http://127.0.0.1:" + port + "/", []string{"rss.intranet.example"}},
		{"redirect from an allowed host to a name on loopback", via + "http://localhost:" + port + "/", []string{"rss.intranet.example"}},
		{"redirect from an allowed host to cloud metadata", via + "http://169.254.169.254/latest/meta-data/", []string{"rss.intranet.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tg.hits.Load()
			err := get(newTestClient(t, tt.allow...), tt.url)
			var refused *RefusedError
			if !errors.Is(err, ErrRefused) || !errors.As(err, &refused) || refused.Kind != RefusedAddress {
				t.Fatalf("GET %s: err = %v, want an address refused", tt.url, err)
			}
			if n := tg.hits.Load() - before; n != 0 {
				t.Fatalf("the internal server was reached %d times", n)
			}
			if !strings.Contains(err.Error(), "network.allow_hosts") {
				t.Errorf("the error does not say how to allow the host: %v", err)
			}
		})
	}
}

func TestClientReachesAllowedHosts(t *testing.T) {
	tg := newTarget(t, nil)
	port := tg.port()
	redirector := newTarget(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://cal.intranet.example:"+port+"/cal.ics", http.StatusFound)
	})
	tests := []struct {
		name, url string
		allow     []string
	}{
		{"an address", "http://127.0.0.1:" + port + "/", []string{"127.0.0.1"}},
		{"a range", "http://127.0.0.1:" + port + "/", []string{"127.0.0.0/8"}},
		{"a range, IPv4-mapped", "http://[::ffff:127.0.0.1]:" + port + "/", []string{"127.0.0.0/8"}},
		{"a name", "http://rss.intranet.example:" + port + "/", []string{"rss.intranet.example"}},
		{"a name, any case", "http://RSS.Intranet.Example:" + port + "/", []string{"rss.intranet.example."}},
		{"a redirect between allowed names", "http://rss.intranet.example:" + redirector.port() + "/", []string{"rss.intranet.example", "cal.intranet.example"}},
		{"a range allows every name on it", "http://localhost:" + port + "/", []string{"127.0.0.0/8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := get(newTestClient(t, tt.allow...), tt.url); err != nil {
				t.Fatalf("GET %s with %v allowed: %v", tt.url, tt.allow, err)
			}
		})
	}
}

func TestClientRefusesOtherSchemes(t *testing.T) {
	tg := newTarget(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	})
	c := newTestClient(t, "127.0.0.1")
	tests := []struct {
		name, url string
		kind      RefusalKind
	}{
		{"file", "file:///etc/passwd", RefusedScheme},
		{"ftp", "ftp://example.org/feed", RefusedScheme},
		{"gopher", "gopher://127.0.0.1:6379/_INFO", RefusedScheme},
		{"redirect to file", tg.URL + "/?to=file:///etc/passwd", RefusedRedirect},
		{"redirect to ftp", tg.URL + "/?to=ftp://127.0.0.1/", RefusedRedirect},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := get(c, tt.url)
			var refused *RefusedError
			if !errors.As(err, &refused) || refused.Kind != tt.kind {
				t.Fatalf("GET %s: err = %v, want refused (kind %d)", tt.url, err, tt.kind)
			}
		})
	}
}

func TestCheckRedirect(t *testing.T) {
	req := func(url string) *http.Request {
		r, err := http.NewRequest(http.MethodGet, url, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	chain := func(n int, url string) []*http.Request {
		var via []*http.Request
		for range n {
			via = append(via, req(url))
		}
		return via
	}
	tests := []struct {
		name    string
		to      string
		via     []*http.Request
		wantErr error
	}{
		{"same scheme", "https://b.example/", chain(1, "https://a.example/"), nil},
		{"http to https", "https://a.example/", chain(1, "http://a.example/"), nil},
		{"https to http", "http://a.example/", chain(1, "https://a.example/"), ErrRefused},
		{"https to ftp", "ftp://a.example/", chain(1, "https://a.example/"), ErrRefused},
		{"the fifth redirect", "https://a.example/", chain(5, "https://a.example/"), nil},
		{"the sixth redirect", "https://a.example/", chain(6, "https://a.example/"), ErrTooManyRedirects},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkRedirect(DefaultMaxRedirects)(req(tt.to), tt.via)
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestClientStopsARedirectLoop(t *testing.T) {
	tg := newTarget(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	})
	err := get(newTestClient(t, "127.0.0.1"), tg.URL+"/loop")
	if !errors.Is(err, ErrTooManyRedirects) {
		t.Fatalf("err = %v, want ErrTooManyRedirects", err)
	}
	if n := tg.hits.Load(); n != DefaultMaxRedirects+1 {
		t.Errorf("%d requests, want %d (the first and %d redirects)", n, DefaultMaxRedirects+1, DefaultMaxRedirects)
	}
}

// TestControlChecksTheSocketAddress covers the last line of defence on its own: whatever
// dials through the guarded dialer, the socket's address is checked.
func TestControlChecksTheSocketAddress(t *testing.T) {
	allow, err := ParseAllowList([]string{"10.0.0.0/8"})
	if err != nil {
		t.Fatal(err)
	}
	g := &guard{allow: allow}
	byName := context.WithValue(context.Background(), allowedNameKey{}, true)
	tests := []struct {
		name    string
		ctx     context.Context
		address string
		refused bool
	}{
		{"public", context.Background(), "93.184.215.14:443", false},
		{"loopback", context.Background(), "127.0.0.1:80", true},
		{"mapped loopback", context.Background(), "[::ffff:127.0.0.1]:80", true},
		{"IPv6 loopback", context.Background(), "[::1]:6379", true},
		{"allowed range", context.Background(), "10.2.3.4:80", false},
		{"dial for a name allowed by name", byName, "127.0.0.1:80", false},
		{"unreadable", context.Background(), "nonsense", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := g.control(tt.ctx, "tcp", tt.address, nil)
			if (err != nil) != tt.refused || err != nil && !errors.Is(err, ErrRefused) {
				t.Fatalf("control(%s) = %v, want refused %v", tt.address, err, tt.refused)
			}
		})
	}
}

func TestNewClientRejectsABadAllowList(t *testing.T) {
	_, err := NewClient(Options{Allow: []string{"rss.intranet.example", "https://10.0.0.1/"}})
	if err == nil || !strings.Contains(err.Error(), "[1]") {
		t.Fatalf("err = %v, want the second entry named", err)
	}
}
