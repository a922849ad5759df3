package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/rapport-bot/rapport/internal/redisstore"
)

// privateRedis is a redis-server started for one run: unix socket only, nothing
// persisted, killed when the run ends (and by the kernel if rapportload dies first).
type privateRedis struct {
	cmd  *exec.Cmd
	sock string
	done chan struct{}
}

// startRedis starts redis-server in dir. `--port 0` turns TCP off, so the socket is the
// only way in and two runs never collide on a port.
func startRedis(ctx context.Context, dir string) (*privateRedis, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, errors.New("redis-server is not on PATH: install it (apt-get install redis-server) or pass -redis-url")
	}
	sock := filepath.Join(dir, "redis.sock")
	cmd := exec.Command(bin, "--port", "0", "--unixsocket", sock, "--unixsocketperm", "700",
		"--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no",
		"--logfile", filepath.Join(dir, "redis.log"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting redis-server: %w", err)
	}
	r := &privateRedis{cmd: cmd, sock: sock, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(r.done) }()
	store, err := redisstore.Open(r.URL(), redisstore.Options{Timeout: time.Second})
	if err != nil {
		r.stop()
		return nil, err
	}
	defer func() { _ = store.Close() }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if store.Ping(ctx) == nil {
			return r, nil
		}
		select {
		case <-r.done:
			log, _ := os.ReadFile(filepath.Join(dir, "redis.log"))
			return nil, fmt.Errorf("redis-server exited at start:\n%s", log)
		case <-ctx.Done():
			r.stop()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			r.stop()
			return nil, errors.New("redis-server did not answer within 10s")
		}
	}
}

// URL is the REDIS_URL of the private server.
func (r *privateRedis) URL() string { return "unix://" + r.sock }

func (r *privateRedis) stop() {
	_ = r.cmd.Process.Kill()
	<-r.done
}

// redisCPU is Redis's own CPU time so far, read through the store.
func redisCPU(ctx context.Context, rawURL string) (time.Duration, error) {
	store, err := redisstore.Open(rawURL, redisstore.Options{Timeout: 5 * time.Second})
	if err != nil {
		return 0, err
	}
	defer func() { _ = store.Close() }()
	return store.CPUTime(ctx)
}
