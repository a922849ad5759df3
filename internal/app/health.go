package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/config"
)

// defaultHealthTimeout bounds one probe; /readyz itself gives Redis 2 s to answer.
const defaultHealthTimeout = 3 * time.Second

// runHealth asks the `rapport serve` on this host whether it is ready (/readyz) or, with
// --live, alive (/healthz): the probe for a container HEALTHCHECK, since the distroless
// image has no shell or curl. Every failure exits 1, never 2, which Docker reserves.
func runHealth(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "health",
		"health [--live] [--timeout 3s]\n\nExits 0 when the bot on this host is ready: Redis answers and a Socket Mode connection is\nopen (GET /readyz). Otherwise it prints why and exits 1. The address comes from RAPPORT_HTTP_ADDR.")
	live := fs.Bool("live", false, "check that the process is alive (GET /healthz) instead of ready")
	timeout := fs.Duration("timeout", defaultHealthTimeout, "give up after this long")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &UsageError{Msg: fmt.Sprintf("health takes no arguments, got %q", fs.Args())}
	}
	target, err := healthTarget(env.Getenv, *live)
	if err != nil {
		return err
	}
	summary, err := probe(ctx, target, *timeout)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %s\n", target, summary)
	return nil
}

// healthTarget is the endpoint to check, on the address serve listens on as it reads
// RAPPORT_HTTP_ADDR. A wildcard host (":8080", "0.0.0.0:8080", "[::]:8080") becomes
// 127.0.0.1, which a wildcard listener also accepts; a specific host is dialled as it is.
func healthTarget(getenv func(string) string, live bool) (*url.URL, error) {
	path := "/readyz"
	if live {
		path = "/healthz"
	}
	addr := strings.TrimSpace(getenv("RAPPORT_HTTP_ADDR"))
	if addr == "" {
		addr = config.DefaultHTTPAddr
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("RAPPORT_HTTP_ADDR: %q is not host:port (e.g. :8080): %w", addr, err)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return nil, fmt.Errorf("RAPPORT_HTTP_ADDR: %q: the port must be a number from 1 to 65535 for rapport health to find it", addr)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return &url.URL{Scheme: "http", Host: net.JoinHostPort(host, port), Path: path}, nil
}

// probe GETs target and returns its answer on one line, or an error saying why it is not
// healthy: not reachable, too slow, or the status and body it answered with.
func probe(ctx context.Context, target *url.URL, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target.String(), nil)
	if err != nil {
		return "", fmt.Errorf("%s: %w", target, err)
	}
	// No proxy from the environment: the server is on this host.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		cause := err
		var ue *url.Error
		if errors.As(err, &ue) {
			cause = ue.Err
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return "", fmt.Errorf("%s: no answer within %v: %w", target, timeout, cause)
		}
		return "", fmt.Errorf("%s: not reachable: %w", target, cause)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if err != nil {
		return "", fmt.Errorf("%s: reading the answer: %w", target, err)
	}
	summary := oneLine(string(body))
	if resp.StatusCode != http.StatusOK {
		if summary == "" {
			return "", fmt.Errorf("%s: %s", target, resp.Status)
		}
		return "", fmt.Errorf("%s: %s: %s", target, resp.Status, summary)
	}
	return summary, nil
}

// oneLine joins an answer's non-empty lines with "; ".
func oneLine(s string) string {
	var parts []string
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			parts = append(parts, line)
		}
	}
	return strings.Join(parts, "; ")
}
