package main

import (
	"bytes"
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
	"syscall"
	"time"
)

// buildBot compiles ./cmd/rapport into dir, for a run without -bot.
func buildBot(ctx context.Context, dir string) (string, error) {
	out := filepath.Join(dir, "rapport")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "github.com/rapport-bot/rapport/cmd/rapport")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/rapport: %w\n%s", err, msg)
	}
	return out, nil
}

// bot is the `rapport serve` under test.
type bot interface {
	pid() int // whose /proc entries to read
	stop()
	done() <-chan struct{} // closed when it has exited
	err() error            // why it exited, once done
	logTail(lines int) string
}

// launcher starts the bot with env (the variables serve reads); its output goes to
// logPath.
type launcher func(env map[string]string, logPath string) (bot, error)

// childLauncher runs bin serve as a child process, so its memory and CPU are its own.
func childLauncher(bin string) launcher {
	return func(env map[string]string, logPath string) (bot, error) { return startBot(bin, logPath, env) }
}

// botProcess is `rapport serve` running as a child process.
type botProcess struct {
	cmd     *exec.Cmd
	logPath string
	exited  chan struct{}
	waitErr error // set before exited closes
}

// startBot starts bin serve with env added to the tool's environment; its output goes to
// logPath.
func startBot(bin, logPath string, env map[string]string) (*botProcess, error) {
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		_ = logf.Close()
		return nil, fmt.Errorf("starting %s serve: %w", bin, err)
	}
	b := &botProcess{cmd: cmd, logPath: logPath, exited: make(chan struct{})}
	go func() {
		b.waitErr = cmd.Wait()
		_ = logf.Close()
		close(b.exited)
	}()
	return b, nil
}

func (b *botProcess) pid() int              { return b.cmd.Process.Pid }
func (b *botProcess) done() <-chan struct{} { return b.exited }
func (b *botProcess) err() error            { return b.waitErr }

// stop sends SIGTERM, as a deployment does, and kills the bot if it has not exited
// within its drain time.
func (b *botProcess) stop() {
	select {
	case <-b.exited:
		return
	default:
	}
	_ = b.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-b.exited:
	case <-time.After(15 * time.Second):
		_ = b.cmd.Process.Kill()
		<-b.exited
	}
}

// logTail is the end of the bot's output, for an error message.
func (b *botProcess) logTail(n int) string {
	data, _ := os.ReadFile(b.logPath)
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// procMemory is a process's resident set now and its peak (VmRSS, VmHWM), in bytes.
func procMemory(pid int) (rss, hwm int64, err error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		f := strings.Fields(v) // "12345 kB"
		if len(f) == 0 {
			continue
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		if k == "VmRSS" {
			rss = kb * 1024
		} else {
			hwm = kb * 1024
		}
	}
	return rss, hwm, nil
}

// clockTicks is the kernel's USER_HZ, the unit of /proc/<pid>/stat times.
var clockTicks = sync.OnceValue(func() int64 {
	out, err := exec.Command("getconf", "CLK_TCK").Output()
	if err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64); err == nil && n > 0 {
			return n
		}
	}
	return 100
})

// procCPU is a process's CPU time so far, user plus system (utime + stime).
func procCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, field 2, is in parentheses and may hold spaces.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, errors.New("unreadable /proc stat")
	}
	f := strings.Fields(string(data[i+1:]))
	// f[0] is field 3 (state); utime and stime are fields 14 and 15.
	if len(f) < 13 {
		return 0, errors.New("short /proc stat")
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return time.Duration(ut+st) * time.Second / time.Duration(clockTicks()), nil
}

// selfCPU is this process's CPU time so far: the load generator and the fake Slack,
// which share the machine with the bot.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rssSampler records a process's resident set every interval.
type rssSampler struct {
	mu   sync.Mutex
	peak int64 // highest VmRSS sampled since the last reset
	last int64
}

func (s *rssSampler) run(ctx context.Context, pid int, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if rss, _, err := procMemory(pid); err == nil {
			s.mu.Lock()
			s.last = rss
			s.peak = max(s.peak, rss)
			s.mu.Unlock()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// reset starts a new peak, at the start of the measured run.
func (s *rssSampler) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.peak = s.last
}

func (s *rssSampler) read() (peak, last int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak, s.last
}

// freeAddr returns a loopback address that was free a moment ago, for serve's health
// endpoints.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer func() { _ = ln.Close() }()
	return ln.Addr().String(), nil
}

// machineBusy is the CPU time every process on the machine has used since boot: the
// non-idle jiffies of /proc/stat's "cpu" line.
func machineBusy() (time.Duration, error) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		return 0, errors.New("unreadable /proc/stat")
	}
	var busy int64
	for i, v := range f[1:] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, err
		}
		// idle and iowait are not busy; guest times are already in user.
		if i == 3 || i == 4 || i >= 8 {
			continue
		}
		busy += n
	}
	return time.Duration(busy) * time.Second / time.Duration(clockTicks()), nil
}

// loadAvg is the one-minute load average, or 0 when unknown.
func loadAvg() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}
