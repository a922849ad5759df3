package redistest

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Cluster is a private Redis Cluster of three masters (no replicas) on 127.0.0.1, each
// owning a third of the 16384 slots. It proves that every script and transaction keeps to
// one slot: Redis Cluster refuses any that does not (CROSSSLOT).
type Cluster struct {
	t     testing.TB
	nodes []*node
}

// clusterSlots is how many hash slots Redis Cluster has.
const clusterSlots = 16384

// StartCluster starts three cluster-enabled redis-servers, assigns each a third of the slots,
// joins them and waits until every node reports the cluster ok. It is stopped when the test
// ends. Like redis-cli --cluster create, but with nothing to install beyond redis-server.
func StartCluster(t testing.TB) *Cluster {
	t.Helper()
	requireRedisServer(t)
	dir := tempDir(t, "rapport-cluster-")
	c := &Cluster{t: t}
	for i := range 3 {
		name := "node" + strconv.Itoa(i)
		c.nodes = append(c.nodes, newNode(t, dir, name, func(port, bus int) []string {
			return append(dataNodeArgs(dir, name, port),
				"--cluster-enabled", "yes", "--cluster-port", strconv.Itoa(bus),
				"--cluster-config-file", filepath.Join(dir, name+"-nodes.conf"),
				"--cluster-node-timeout", "2000")
		}))
	}
	for _, n := range c.nodes {
		n.start()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	clients := make([]*redis.Client, len(c.nodes))
	for i, n := range c.nodes {
		clients[i] = n.client()
	}
	for i, n := range c.nodes {
		cl := clients[i]
		lo, hi := i*clusterSlots/len(c.nodes), (i+1)*clusterSlots/len(c.nodes)-1
		if err := cl.Do(ctx, "cluster", "addslotsrange", lo, hi).Err(); err != nil {
			t.Fatalf("redistest: cluster addslotsrange on %s: %v", n.name, err)
		}
		if err := cl.Do(ctx, "cluster", "set-config-epoch", i+1).Err(); err != nil {
			t.Fatalf("redistest: cluster set-config-epoch on %s: %v", n.name, err)
		}
		if i > 0 {
			n.mu.Lock()
			port, bus := n.port, n.bus
			n.mu.Unlock()
			if err := clients[0].Do(ctx, "cluster", "meet", "127.0.0.1", port, bus).Err(); err != nil {
				t.Fatalf("redistest: cluster meet %s: %v", n.name, err)
			}
		}
	}
	err := waitFor(15*time.Second, func(ctx context.Context) error {
		for i, n := range c.nodes {
			info, err := clients[i].ClusterInfo(ctx).Result()
			if err != nil {
				return err
			}
			if !strings.Contains(info, "cluster_state:ok") || !strings.Contains(info, "cluster_known_nodes:3") {
				return fmt.Errorf("%s: %w:\n%s", n.name, errNotYet, info)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("redistest: cluster did not form within 15s: %v", err)
	}
	return c
}

// URL is a redis-cluster URL naming every node, as REDIS_URL would carry it.
func (c *Cluster) URL() string {
	var b strings.Builder
	b.WriteString("redis-cluster://" + c.nodes[0].addr())
	for i, n := range c.nodes[1:] {
		if i == 0 {
			b.WriteString("?")
		} else {
			b.WriteString("&")
		}
		b.WriteString("addr=" + n.addr())
	}
	return b.String()
}

// Client returns a go-redis cluster client, closed when the test ends.
func (c *Cluster) Client() *redis.ClusterClient {
	addrs := make([]string, len(c.nodes))
	for i, n := range c.nodes {
		addrs[i] = n.addr()
	}
	cl := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, DisableIdentity: true})
	c.t.Cleanup(func() { _ = cl.Close() })
	return cl
}

// Flush empties every master, for a test that runs several scenarios one after another.
func (c *Cluster) Flush() {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, n := range c.nodes {
		cl := redis.NewClient(&redis.Options{Addr: n.addr(), DisableIdentity: true})
		err := cl.FlushAll(ctx).Err()
		_ = cl.Close()
		if err != nil {
			c.t.Fatalf("redistest: flush %s: %v", n.name, err)
		}
	}
}

// String describes the cluster for test logs.
func (c *Cluster) String() string { return "redis cluster at " + c.URL() }
