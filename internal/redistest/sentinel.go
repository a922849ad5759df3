package redistest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// SentinelMaster is the name the sentinels monitor the primary under.
const SentinelMaster = "rapport"

// Sentinel is a private Redis Sentinel set-up on 127.0.0.1: a primary, one replica and three
// sentinels (quorum 2) that fail over within a few seconds of the primary dying. The
// sentinels are redis-server in sentinel mode, so nothing beyond redis-server is needed.
type Sentinel struct {
	t         testing.TB
	data      []*node // data[0] starts as the primary, data[1] as its replica
	sentinels []*node

	mu       sync.Mutex
	clients  map[string]*redis.Client
	sclients map[string]*redis.SentinelClient
}

// Sentinel timings, short so a failover takes seconds: a primary silent for downAfter is
// down, and a failover that stalls is retried after failoverTimeout.
const (
	downAfter       = 500 * time.Millisecond
	failoverTimeout = 3 * time.Second
)

// StartSentinel starts the primary, its replica and three sentinels, and waits until the
// replica is in sync and every sentinel knows the replica and the two other sentinels (so
// a failover can be agreed). Everything is stopped when the test ends.
func StartSentinel(t testing.TB) *Sentinel {
	t.Helper()
	requireRedisServer(t)
	dir := tempDir(t, "rapport-sentinel-")
	s := &Sentinel{t: t, clients: map[string]*redis.Client{}, sclients: map[string]*redis.SentinelClient{}}
	primary := newNode(t, dir, "data0", func(port, _ int) []string { return dataNodeArgs(dir, "data0", port) })
	primary.start()
	s.data = append(s.data, primary)
	replica := newNode(t, dir, "data1", func(port, _ int) []string {
		return append(dataNodeArgs(dir, "data1", port), "--replicaof", "127.0.0.1", strings.TrimPrefix(primary.addr(), "127.0.0.1:"))
	})
	replica.start()
	s.data = append(s.data, replica)

	for i := range 3 {
		name := "sentinel" + strconv.Itoa(i)
		conf := filepath.Join(dir, name+".conf")
		s.sentinels = append(s.sentinels, newNode(t, dir, name, func(port, _ int) []string {
			host, pport, _ := strings.Cut(primary.addr(), ":")
			// Sentinel rewrites its config file as it learns, so each has its own.
			body := fmt.Sprintf("port %d\nbind 127.0.0.1\ndir %s\nlogfile %s\nsentinel monitor %s %s %s 2\n"+
				"sentinel down-after-milliseconds %s %d\nsentinel failover-timeout %s %d\n",
				port, dir, filepath.Join(dir, name+".log"), SentinelMaster, host, pport,
				SentinelMaster, downAfter.Milliseconds(), SentinelMaster, failoverTimeout.Milliseconds())
			if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
				t.Fatalf("redistest: write %s: %v", conf, err)
			}
			return []string{conf, "--sentinel"}
		}))
	}
	for _, n := range s.sentinels {
		n.start()
	}
	err := waitFor(20*time.Second, func(ctx context.Context) error {
		if err := s.replicaInSync(ctx, replica, primary.addr()); err != nil {
			return err
		}
		for _, n := range s.sentinels {
			m, err := s.sentinelClient(n).Master(ctx, SentinelMaster).Result()
			if err != nil {
				return err
			}
			if m["num-slaves"] != "1" || m["num-other-sentinels"] != "2" {
				return fmt.Errorf("%s knows %s replicas and %s other sentinels: %w", n.name, m["num-slaves"], m["num-other-sentinels"], errNotYet)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("redistest: sentinels not ready within 20s: %v", err)
	}
	return s
}

// URL is a redis-sentinel URL naming every sentinel, as REDIS_URL would carry it.
func (s *Sentinel) URL() string {
	var b strings.Builder
	b.WriteString("redis-sentinel://" + s.sentinels[0].addr() + "?master_name=" + SentinelMaster)
	for _, n := range s.sentinels[1:] {
		b.WriteString("&addr=" + n.addr())
	}
	return b.String()
}

// Primary is the address the sentinels give for the primary now.
func (s *Sentinel) Primary() string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	addr, err := s.primaryAddr(ctx)
	if err != nil {
		s.t.Fatalf("redistest: ask sentinels for the primary: %v", err)
	}
	return addr
}

// primaryAddr asks the sentinels, in turn, which address the primary has.
func (s *Sentinel) primaryAddr(ctx context.Context) (string, error) {
	var last error
	for _, n := range s.sentinels {
		if !n.running() {
			continue
		}
		hp, err := s.sentinelClient(n).GetMasterAddrByName(ctx, SentinelMaster).Result()
		if err == nil && len(hp) == 2 {
			return hp[0] + ":" + hp[1], nil
		}
		last = err
	}
	return "", fmt.Errorf("no sentinel answered: %v", last)
}

// KillPrimary kills the primary's process (SIGKILL: no shutdown, no last sync), as a crash
// or a lost machine would, and returns its address.
func (s *Sentinel) KillPrimary() string {
	s.t.Helper()
	addr := s.Primary()
	s.dataNode(addr).kill()
	return addr
}

// PartitionReplicas cuts the replicas off from the primary, as a network partition would:
// their processes are frozen (SIGSTOP) and the primary's links to them dropped, so every
// write the primary takes from now on stays in its own backlog until heal. Keep partitions
// under the sentinels' down-after (500 ms), or they judge the replicas down too.
func (s *Sentinel) PartitionReplicas() (heal func()) {
	s.t.Helper()
	primary := s.Primary()
	var cut []*node
	for _, n := range s.data {
		if n.running() && n.addr() != primary {
			n.signal(syscall.SIGSTOP)
			cut = append(cut, n)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.dataClient(primary).ClientKillByFilter(ctx, "type", "replica").Err(); err != nil {
		s.t.Fatalf("redistest: drop the primary's replica links: %v", err)
	}
	return func() {
		for _, n := range cut {
			n.signal(syscall.SIGCONT)
		}
	}
}

// WaitForFailover waits until the sentinels name a primary other than old and that server
// answers as a primary, and returns its address.
func (s *Sentinel) WaitForFailover(old string, within time.Duration) string {
	s.t.Helper()
	var addr string
	err := waitFor(within, func(ctx context.Context) error {
		var err error
		if addr, err = s.primaryAddr(ctx); err != nil {
			return err
		}
		if addr == old {
			return fmt.Errorf("sentinels still name %s: %w", old, errNotYet)
		}
		role, err := s.dataClient(addr).Do(ctx, "role").Slice()
		if err != nil {
			return err
		}
		if len(role) == 0 || role[0] != "master" {
			return fmt.Errorf("%s is %v: %w", addr, role, errNotYet)
		}
		return nil
	})
	if err != nil {
		s.t.Fatalf("redistest: no failover within %v: %v", within, err)
	}
	return addr
}

// RestartAsReplica starts the data server that listened at addr again, empty, as a replica
// of the current primary (as an operator or orchestrator would bring a lost node back), and
// waits until it is in sync.
func (s *Sentinel) RestartAsReplica(addr string) {
	s.t.Helper()
	n := s.dataNode(addr)
	primary := s.Primary()
	host, port, _ := strings.Cut(primary, ":")
	base := n.args
	n.args = func(p, b int) []string { return append(base(p, b), "--replicaof", host, port) }
	n.restart()
	err := waitFor(15*time.Second, func(ctx context.Context) error { return s.replicaInSync(ctx, n, primary) })
	if err != nil {
		s.t.Fatalf("redistest: %s not in sync with %s within 15s: %v", addr, primary, err)
	}
}

func (s *Sentinel) replicaInSync(ctx context.Context, n *node, primary string) error {
	info, err := s.dataClient(n.addr()).Info(ctx, "replication").Result()
	if err != nil {
		return err
	}
	host, port, _ := strings.Cut(primary, ":")
	for _, want := range []string{"role:slave", "master_host:" + host, "master_port:" + port, "master_link_status:up"} {
		if !strings.Contains(info, want) {
			return fmt.Errorf("%s not yet a replica of %s in sync: %w", n.name, primary, errNotYet)
		}
	}
	return nil
}

func (s *Sentinel) dataNode(addr string) *node {
	s.t.Helper()
	for _, n := range s.data {
		if n.addr() == addr {
			return n
		}
	}
	s.t.Fatalf("redistest: no data server at %s", addr)
	return nil
}

// dataClient is the set-up's own client for the data server at addr, closed when the test
// ends.
func (s *Sentinel) dataClient(addr string) *redis.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.clients[addr]
	if !ok {
		c = redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true, MaxRetries: -1})
		s.clients[addr] = c
		s.t.Cleanup(func() { _ = c.Close() })
	}
	return c
}

func (s *Sentinel) sentinelClient(n *node) *redis.SentinelClient {
	addr := n.addr()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.sclients[addr]
	if !ok {
		c = redis.NewSentinelClient(&redis.Options{Addr: addr, DisableIdentity: true, MaxRetries: -1})
		s.sclients[addr] = c
		s.t.Cleanup(func() { _ = c.Close() })
	}
	return c
}

// String describes the set-up for test logs.
func (s *Sentinel) String() string { return "redis sentinels at " + s.URL() }
