package redistest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// node is one redis-server process on 127.0.0.1, for the set-ups that need TCP (Sentinel and
// Cluster announce addresses, which unix sockets cannot be). Its port is chosen free just
// before it starts; if another process takes it first, start picks again.
type node struct {
	t    testing.TB
	dir  string
	name string
	// args builds the command line for a port (and, for cluster nodes, a bus port).
	args func(port, bus int) []string

	mu   sync.Mutex
	port int
	bus  int
	cmd  *exec.Cmd
	done chan struct{}
}

func requireRedisServer(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Fatalf("redis-server not found on PATH: the tests need a real Redis. Install it (Debian: apt-get install -y redis-server) or run the README's test command, which installs it")
	}
}

// tempDir is a fresh folder removed when the test ends.
func tempDir(t testing.TB, pattern string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		t.Fatalf("redistest: temp dir: %v", err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}

func newNode(t testing.TB, dir, name string, args func(port, bus int) []string) *node {
	n := &node{t: t, dir: dir, name: name, args: args}
	t.Cleanup(n.kill)
	return n
}

// addr is host:port.
func (n *node) addr() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return "127.0.0.1:" + strconv.Itoa(n.port)
}

func (n *node) logPath() string { return filepath.Join(n.dir, n.name+".log") }

// start launches the process on fresh free ports and waits until it answers PING.
func (n *node) start() {
	n.t.Helper()
	var err error
	for range 5 {
		if err = n.startOnce(0, 0); err == nil {
			return
		}
	}
	n.t.Fatalf("redistest: %s did not start: %v", n.name, err)
}

// restart launches the process again on the ports it had, so clients and peers that know its
// address find it there.
func (n *node) restart() {
	n.t.Helper()
	n.mu.Lock()
	port, bus := n.port, n.bus
	n.mu.Unlock()
	if err := n.startOnce(port, bus); err != nil {
		n.t.Fatalf("redistest: %s did not restart: %v", n.name, err)
	}
}

func (n *node) startOnce(port, bus int) error {
	if port == 0 {
		ports, err := freePorts(2)
		if err != nil {
			return err
		}
		port, bus = ports[0], ports[1]
	}
	n.mu.Lock()
	if n.cmd != nil {
		n.mu.Unlock()
		return nil
	}
	_ = os.Remove(n.logPath())
	cmd := exec.Command("redis-server", n.args(port, bus)...)
	if err := cmd.Start(); err != nil {
		n.mu.Unlock()
		return fmt.Errorf("start redis-server: %w", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	n.cmd, n.done, n.port, n.bus = cmd, done, port, bus
	n.mu.Unlock()

	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:" + strconv.Itoa(port), MaxRetries: -1, DisableIdentity: true})
	defer func() { _ = c.Close() }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-done:
			n.mu.Lock()
			n.cmd = nil
			n.mu.Unlock()
			return fmt.Errorf("%s exited at start (port %d taken?):\n%s", n.name, port, n.log())
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			n.kill()
			return fmt.Errorf("%s did not answer within 10s: %v\n%s", n.name, err, n.log())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// kill ends the process at once (SIGKILL), as a crash or a lost machine would.
func (n *node) kill() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cmd == nil {
		return
	}
	_ = n.cmd.Process.Kill()
	<-n.done
	n.cmd = nil
}

// signal sends sig to the process, if it runs.
func (n *node) signal(sig os.Signal) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.cmd != nil {
		_ = n.cmd.Process.Signal(sig)
	}
}

func (n *node) running() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.cmd != nil
}

func (n *node) log() string {
	b, _ := os.ReadFile(n.logPath())
	return strings.TrimSpace(string(b))
}

// client returns a go-redis client for the node, closed when the test ends.
func (n *node) client() *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: n.addr(), DisableIdentity: true})
	n.t.Cleanup(func() { _ = c.Close() })
	return c
}

// freePorts asks the kernel for k distinct free TCP ports on 127.0.0.1. They are free when
// asked; the caller retries if another process takes one before redis-server binds it.
func freePorts(k int) ([]int, error) {
	ls := make([]net.Listener, 0, k)
	defer func() {
		for _, l := range ls {
			_ = l.Close()
		}
	}()
	ports := make([]int, 0, k)
	for range k {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find a free port: %w", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// dataNodeArgs are the options every data node shares: no persistence, quiet logs, and
// replication that starts at once instead of after diskless sync's 5 s delay.
func dataNodeArgs(dir, name string, port int) []string {
	return []string{
		"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--dir", dir, "--dbfilename", name + ".rdb", "--save", "", "--appendonly", "no",
		"--daemonize", "no", "--loglevel", "notice", "--logfile", filepath.Join(dir, name+".log"),
		"--maxmemory-policy", "noeviction", "--repl-diskless-sync-delay", "0",
	}
}

// waitFor polls cond every 20 ms until it holds or within passes; it returns the last
// error cond gave.
func waitFor(within time.Duration, cond func(ctx context.Context) error) error {
	deadline := time.Now().Add(within)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := cond(ctx)
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var errNotYet = errors.New("not yet")
