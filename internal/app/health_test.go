package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// stubRedis answers Ping with err.
type stubRedis struct{ err error }

func (s stubRedis) Ping(context.Context) error { return s.err }

// stubConns reports n open Socket Mode connections.
type stubConns int

func (n stubConns) Connected() int { return int(n) }

// healthServer serves serve's own health endpoints on 127.0.0.1 and returns its port.
func healthServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// closedPort is a port on 127.0.0.1 that nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	_ = ln.Close()
	return port
}

func TestHealth(t *testing.T) {
	ready := healthHandler(stubRedis{}, stubConns(2))
	redisDown := healthHandler(stubRedis{err: errors.New("connection refused")}, stubConns(0))
	hangs := http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	tests := []struct {
		name    string
		handler http.Handler // nil: nothing listens
		addr    string       // RAPPORT_HTTP_ADDR; PORT is replaced by the server's port
		args    []string
		wantOut string // on stdout when healthy
		wantErr string // in the error otherwise
		code    int
	}{
		{name: "ready", handler: ready, addr: ":PORT", wantOut: "/readyz: ok: 2 socket mode connections"},
		{name: "ready on all IPv4 interfaces", handler: ready, addr: "0.0.0.0:PORT", wantOut: "http://127.0.0.1:"},
		{name: "ready on all interfaces", handler: ready, addr: "[::]:PORT", wantOut: "http://127.0.0.1:"},
		{name: "ready on a named host", handler: ready, addr: "127.0.0.1:PORT", wantOut: "ok: 2 socket mode"},
		{name: "not ready says why on one line", handler: redisDown, addr: ":PORT", code: 1,
			wantErr: "/readyz: 503 Service Unavailable: redis: unreachable; slack: no socket mode connection"},
		{name: "alive while not ready", handler: redisDown, addr: ":PORT", args: []string{"--live"}, wantOut: "/healthz: ok"},
		{name: "unreachable", addr: ":PORT", code: 1, wantErr: "not reachable: dial tcp"},
		{name: "too slow", handler: hangs, addr: ":PORT", args: []string{"--timeout", "50ms"}, code: 1, wantErr: "no answer within 50ms"},
		{name: "address without a port", addr: "8080", code: 1, wantErr: `RAPPORT_HTTP_ADDR: "8080" is not host:port`},
		{name: "random port", addr: ":0", code: 1, wantErr: "port must be a number from 1 to 65535"},
		{name: "named port", addr: ":http", code: 1, wantErr: "port must be a number from 1 to 65535"},
		{name: "port out of range", addr: "[::1]:70000", code: 1, wantErr: "port must be a number from 1 to 65535"},
		{name: "unknown flag", handler: ready, addr: ":PORT", args: []string{"--verbose"}, code: 2, wantErr: "flag provided but not defined"},
		{name: "stray argument", handler: ready, addr: ":PORT", args: []string{"now"}, code: 2, wantErr: "health takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var port string
			if tt.handler != nil {
				port = healthServer(t, tt.handler)
			} else {
				port = closedPort(t)
			}
			addr := strings.ReplaceAll(tt.addr, "PORT", port)
			var stdout, stderr bytes.Buffer
			env := Env{
				Getenv: func(k string) string {
					if k == "RAPPORT_HTTP_ADDR" {
						return addr
					}
					return ""
				},
				Stdout: &stdout,
				Stderr: &stderr,
			}
			err := Run(t.Context(), append([]string{"health"}, tt.args...), env)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("health failed: %v", err)
				}
				if !strings.Contains(stdout.String(), tt.wantOut) {
					t.Errorf("stdout %q does not contain %q", stdout.String(), tt.wantOut)
				}
				if strings.Count(stdout.String(), "\n") != 1 {
					t.Errorf("stdout %q is not one line", stdout.String())
				}
				return
			}
			if err == nil {
				t.Fatalf("health passed (stdout %q), want an error with %q", stdout.String(), tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is not one line", err)
			}
			if got := ExitCode(err); got != tt.code {
				t.Errorf("exit code %d, want %d", got, tt.code)
			}
		})
	}
}

func TestHealthTarget(t *testing.T) {
	tests := []struct {
		addr string // RAPPORT_HTTP_ADDR
		live bool
		want string
	}{
		{"", false, "http://127.0.0.1:8080/readyz"}, // serve's default, :8080
		{"  :9090 ", false, "http://127.0.0.1:9090/readyz"},
		{":8080", true, "http://127.0.0.1:8080/healthz"},
		{"0.0.0.0:9090", false, "http://127.0.0.1:9090/readyz"},
		{"[::]:8080", false, "http://127.0.0.1:8080/readyz"},
		{"127.0.0.1:8080", false, "http://127.0.0.1:8080/readyz"},
		{"[::1]:8080", false, "http://[::1]:8080/readyz"},
		{"10.1.2.3:8080", false, "http://10.1.2.3:8080/readyz"},
		{"localhost:8081", false, "http://localhost:8081/readyz"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q live=%t", tt.addr, tt.live), func(t *testing.T) {
			got, err := healthTarget(func(string) string { return tt.addr }, tt.live)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want {
				t.Errorf("RAPPORT_HTTP_ADDR=%q: %s, want %s", tt.addr, got, tt.want)
			}
		})
	}
}
