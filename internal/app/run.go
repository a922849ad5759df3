package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// Env is the process environment the program sees, injected so tests can run it in-process.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Now is the wall clock; nil means time.Now. Tests and the demo put the program at
	// another instant with it.
	Now func() time.Time
}

// UsageError is a mistake on the command line; the program exits with status 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// ExitCode maps an error from Run to a process exit status.
func ExitCode(err error) int {
	var ue *UsageError
	if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

const usage = `Rapport keeps a brand's influencer relationships healthy, from Slack.

Usage:
  rapport serve                      run the bot (Socket Mode; see the environment below)
  rapport demo                       try it offline: in-memory Redis, simulated Slack, sample data
  rapport import influencers FILE    import or update the roster from CSV  (--dry-run --strict --max-size)
  rapport import metrics FILE        import per-account metric snapshots from CSV  (--dry-run --strict --max-size)
  rapport import campaigns FILE      import campaign history and planned campaigns from CSV  (--dry-run --strict --max-size)
  rapport import touchpoints FILE    import contact history from CSV  (--dry-run --strict --max-size)
  rapport export [--handle H]        everything held about one influencer, or all, as JSON lines  (--out FILE)
  rapport forget HANDLE --by WHO     erase one influencer's data everywhere; WHO asked for it (recorded)
  rapport sample DIR                 write the demo's data as the four import CSV files
  rapport check                      check configuration, Redis and Slack credentials
  rapport health                     exit 0 when the bot on this host is ready (/readyz)  (--live: /healthz)
  rapport help [command]             this text, or a command's details

Environment:
  SLACK_APP_TOKEN     app-level token, xapp-… (scope connections:write)        required
  SLACK_BOT_TOKEN     bot token, xoxb-…                                        required
  SLACK_API_URL       Slack Web API base URL (default https://slack.com/api/)
  REDIS_URL           redis://, rediss://, unix://, redis-sentinel://, redis-cluster://
                      (default redis://localhost:6379/0)
  RAPPORT_CONFIG      optional YAML settings file (see manifests/config.example.yaml)
  RAPPORT_HTTP_ADDR   health endpoints /healthz and /readyz (default :8080)
  RAPPORT_LOG_LEVEL   debug, info (default), warn or error
  RAPPORT_LOG_FORMAT  text (default) or json (one JSON object per line)
  RAPPORT_PPROF_ADDR  serve Go's profiler at /debug/pprof/ on this loopback address,
                      e.g. 127.0.0.1:6060 (off by default)
  GOMEMLIMIT          Go runtime soft memory limit, e.g. 192MiB: collect harder near it
                      (set it below a container's memory limit)
`

// Run executes the rapport command line args (without the program name).
func Run(ctx context.Context, args []string, env Env) error {
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return &UsageError{Msg: "no command given"}
	}
	err := dispatch(ctx, args, env)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

func dispatch(ctx context.Context, args []string, env Env) error {
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, env)
	case "demo":
		return runDemo(ctx, rest, env)
	case "import":
		return runImport(ctx, rest, env)
	case "export":
		return runExport(ctx, rest, env)
	case "forget":
		return runForget(ctx, rest, env)
	case "sample":
		return runSample(ctx, rest, env)
	case "check":
		return runCheck(ctx, rest, env)
	case "health":
		return runHealth(ctx, rest, env)
	case "help", "-h", "--help":
		if len(rest) > 0 && rest[0] != "help" {
			return Run(ctx, []string{rest[0], "-h"}, env)
		}
		fmt.Fprint(env.Stdout, usage)
		return nil
	}
	fmt.Fprint(env.Stderr, usage)
	return &UsageError{Msg: fmt.Sprintf("unknown command %q", cmd)}
}

// newFlagSet builds a command's flag set whose -h prints its usage to stdout.
func newFlagSet(env Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: rapport %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and turns -h into a clean exit and mistakes into a UsageError.
// parseInterspersed parses args with flags before, between or after the positional
// arguments (the flag package stops at the first positional one), and returns those.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for len(args) > 0 {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return pos, nil
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &UsageError{Msg: err.Error()}
	}
	return nil
}
