package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
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
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := redisInfo(ctx, r.URL(), "server"); err == nil {
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

// redisInfo runs INFO section over a plain RESP connection. The tool reads Redis's own
// CPU counters with it; everything else goes through redisstore.
func redisInfo(ctx context.Context, rawURL, section string) (map[string]string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("redis url: %w", err)
	}
	network, addr := "tcp", u.Host
	switch u.Scheme {
	case "unix":
		network, addr = "unix", u.Path
	case "redis":
		if u.Port() == "" {
			addr = net.JoinHostPort(u.Hostname(), "6379")
		}
	default:
		return nil, fmt.Errorf("redis url: INFO needs unix:// or redis://, not %s://", u.Scheme)
	}
	d := net.Dialer{Timeout: 2 * time.Second}
	conn, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	defer func() { _ = conn.Close() }()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	rd := bufio.NewReader(conn)
	if pw, ok := u.User.Password(); ok {
		args := []string{"AUTH", pw}
		if name := u.User.Username(); name != "" {
			args = []string{"AUTH", name, pw}
		}
		if _, err := respCall(conn, rd, args...); err != nil {
			return nil, err
		}
	}
	body, err := respCall(conn, rd, "INFO", section)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, line := range strings.Split(body, "\r\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && !strings.HasPrefix(line, "#") {
			out[k] = v
		}
	}
	return out, nil
}

// respCall sends one command and reads a simple or bulk string reply.
func respCall(w io.Writer, rd *bufio.Reader, args ...string) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return "", err
	}
	line, err := rd.ReadString('\n')
	if err != nil {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	switch {
	case strings.HasPrefix(line, "+"):
		return line[1:], nil
	case strings.HasPrefix(line, "-"):
		return "", fmt.Errorf("redis: %s", line[1:])
	case strings.HasPrefix(line, "$"):
		n, err := strconv.Atoi(line[1:])
		if err != nil || n < 0 {
			return "", fmt.Errorf("redis: unexpected reply %q", line)
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(rd, buf); err != nil {
			return "", err
		}
		return string(buf[:n]), nil
	}
	return "", fmt.Errorf("redis: unexpected reply %q", line)
}

// redisCPU is Redis's own CPU time so far (user + system, main thread and children).
func redisCPU(ctx context.Context, rawURL string) (time.Duration, error) {
	info, err := redisInfo(ctx, rawURL, "cpu")
	if err != nil {
		return 0, err
	}
	var total float64
	for _, k := range []string{"used_cpu_user", "used_cpu_sys"} {
		v, err := strconv.ParseFloat(info[k], 64)
		if err != nil {
			return 0, fmt.Errorf("redis INFO cpu: %s=%q", k, info[k])
		}
		total += v
	}
	return time.Duration(total * float64(time.Second)), nil
}
