// Package redistest starts private redis-server processes for tests. Tests talk to a real
// Redis, never a fake: each Server listens on its own unix socket in a temporary folder, so
// tests neither share data nor touch the machine's Redis. StartSentinel and StartCluster set
// up Redis's own high-availability and scale-out engines on 127.0.0.1 ports chosen free.
// It imports go-redis only to hand out clients and is never linked into the rapport binary.
package redistest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Server is one private redis-server. Stop and Start let a test simulate an outage; the
// socket path stays the same so clients reconnect on their own.
type Server struct {
	t      testing.TB
	dir    string
	socket string

	mu  sync.Mutex
	cmd *exec.Cmd
}

// Start launches a private redis-server and stops it when the test ends. It fails the test
// with instructions when redis-server is not installed: Redis tests are never skipped.
func Start(t testing.TB) *Server {
	t.Helper()
	requireRedisServer(t)
	// Unix socket paths are limited to ~108 bytes, and t.TempDir() can be long.
	dir, err := os.MkdirTemp("", "rapport-redis-")
	if err != nil {
		t.Fatalf("redistest: temp dir: %v", err)
	}
	s := &Server{t: t, dir: dir, socket: filepath.Join(dir, "redis.sock")}
	t.Cleanup(func() {
		s.Stop()
		_ = os.RemoveAll(dir)
	})
	s.Start()
	return s
}

// Addr is the unix socket path, usable as redis.Options.Addr with Network "unix".
func (s *Server) Addr() string { return s.socket }

// URL is a redis URL for the server, as REDIS_URL would carry it.
func (s *Server) URL() string { return "unix://" + s.socket }

// Client returns a go-redis client for the server, closed when the test ends.
func (s *Server) Client() *redis.Client {
	c := redis.NewClient(&redis.Options{Network: "unix", Addr: s.socket})
	s.t.Cleanup(func() { _ = c.Close() })
	return c
}

// Start (re)starts the server process and waits until it answers PING.
func (s *Server) Start() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return
	}
	cmd := exec.Command("redis-server",
		"--port", "0", "--unixsocket", s.socket, "--unixsocketperm", "700",
		"--dir", s.dir, "--save", "", "--appendonly", "no",
		"--daemonize", "no", "--loglevel", "warning", "--logfile", filepath.Join(s.dir, "redis.log"),
		"--maxmemory-policy", "noeviction")
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("redistest: start redis-server: %v", err)
	}
	s.cmd = cmd
	c := redis.NewClient(&redis.Options{Network: "unix", Addr: s.socket, MaxRetries: -1})
	defer func() { _ = c.Close() }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
			s.t.Fatalf("redistest: redis-server did not answer within 10s: %v\n%s", err, strings.TrimSpace(string(log)))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Stop kills the server process and waits for it to exit. Data is lost, as in a crash of a
// Redis without persistence.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	_ = os.Remove(s.socket)
	s.cmd = nil
}

// String describes the server for test logs.
func (s *Server) String() string { return fmt.Sprintf("redis-server at %s", s.socket) }
