// Command rapportload measures `rapport serve` under a fixed arrival rate. It starts a
// private redis-server (or uses -redis-url), seeds a roster through the store's import
// writes, runs the fake Slack and `rapport serve` as a child process against both, then
// sends slash commands and clicks over the real Socket Mode path on a fixed schedule:
// open loop, whether or not earlier ones were answered. Latencies run from each command's
// scheduled time, so a sender that falls behind counts against them.
//
//	go run ./cmd/rapportload -scenario card -rate 1000 -duration 20s
//
// Linux only: it reads the bot's memory and CPU from /proc.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "rapportload:", err)
		}
		os.Exit(1)
	}
}

// options are the command line.
type options struct {
	scenario     string
	rate         float64
	duration     time.Duration
	drain        time.Duration
	warmup       time.Duration
	roster       int
	touchpoints  int
	seed         bool
	redisURL     string
	bot          string
	jsonPath     string
	refreshEvery time.Duration
	botLogLevel  string
	botEnv       envList
	keep         bool
	randSeed     uint64
	cpuProfile   string
	mutexProfile string
	checkBlocks  bool
	botProfile   string
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("rapportload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.scenario, "scenario", "card", "card, find, buttons, mixed (80% card, 10% find, 10% buttons) or refresh (card while connections refresh)")
	fs.Float64Var(&o.rate, "rate", 1000, "commands per second, sent on schedule whether or not earlier ones were answered")
	fs.DurationVar(&o.duration, "duration", 20*time.Second, "how long to send")
	fs.DurationVar(&o.drain, "drain", 5*time.Second, "how long to wait for answers after the last send")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "send at the same rate for this long first, unmeasured")
	fs.IntVar(&o.roster, "roster", 10000, "influencers to seed, each with 36 monthly snapshots")
	fs.IntVar(&o.touchpoints, "touchpoints", 0, "touchpoints to seed, on random influencers")
	fs.BoolVar(&o.seed, "seed", true, "seed the roster (set false to reuse what -redis-url holds)")
	fs.StringVar(&o.redisURL, "redis-url", "", "use this Redis instead of a private redis-server (it is written to)")
	fs.StringVar(&o.bot, "bot", "", "path to a built rapport binary (default: go build ./cmd/rapport into a temp dir)")
	fs.StringVar(&o.jsonPath, "json", "", "also write the result as JSON to this file")
	fs.DurationVar(&o.refreshEvery, "refresh-every", 3*time.Second, "refresh scenario: how often one connection is asked to refresh")
	fs.StringVar(&o.botLogLevel, "bot-log-level", "warn", "RAPPORT_LOG_LEVEL of the bot")
	fs.Var(&o.botEnv, "bot-env", "KEY=VALUE for the bot's environment only, e.g. GOMEMLIMIT=56MiB (repeatable)")
	fs.BoolVar(&o.keep, "keep", false, "keep the temp dir (bot and redis logs) and print its path")
	fs.Uint64Var(&o.randSeed, "rand-seed", 1, "seed of the command mix")
	fs.BoolVar(&o.checkBlocks, "check-blocks", false, "have the fake Slack check every answer's Block Kit as Slack would (costs the tool CPU the bot then lacks)")
	fs.StringVar(&o.mutexProfile, "mutexprofile", "", "write the load tool's own lock contention profile of the measured run to this file")
	fs.StringVar(&o.botProfile, "bot-profile", "", "write the bot's CPU profile of the measured run, its heap halfway through and its allocations (cpu.pprof, heap.pprof, allocs.pprof) to this directory, read from its RAPPORT_PPROF_ADDR")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write the load tool's own CPU profile of the measured run to this file")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.rate <= 0 || o.duration <= 0:
		return o, errors.New("-rate and -duration must be positive")
	case o.roster < 1:
		return o, errors.New("-roster must be at least 1")
	case o.drain < 0 || o.warmup < 0 || o.touchpoints < 0:
		return o, errors.New("-drain, -warmup and -touchpoints cannot be negative")
	}
	if _, err := newMix(o.scenario, o.roster); err != nil {
		return o, err
	}
	return o, nil
}

// envList is a repeatable KEY=VALUE flag.
type envList []string

func (e *envList) String() string { return strings.Join(*e, " ") }

func (e *envList) Set(v string) error {
	if k, _, ok := strings.Cut(v, "="); !ok || k == "" {
		return fmt.Errorf("%q is not KEY=VALUE", v)
	}
	*e = append(*e, v)
	return nil
}
