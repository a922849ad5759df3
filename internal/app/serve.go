package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
	"golang.org/x/sync/errgroup"

	"github.com/rapport-bot/rapport/internal/config"
	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/launches"
	"github.com/rapport-bot/rapport/internal/metrics"
	"github.com/rapport-bot/rapport/internal/nudges"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/relationships"
	"github.com/rapport-bot/rapport/internal/schedule"
	"github.com/rapport-bot/rapport/internal/sender"
	"github.com/rapport-bot/rapport/internal/slackbot"
)

func runServe(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "serve", "serve\n\nRuns the bot over Slack Socket Mode until SIGINT or SIGTERM.\nConfiguration comes from the environment; see `rapport help`.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load(env.Getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log, err := newLogger(env)
	if err != nil {
		return err
	}
	store, err := openStore(cfg, log)
	if err != nil {
		return err
	}
	defer func() { _ = store.Close() }()
	if err := store.Ping(ctx); err != nil {
		log.Warn("redis is not reachable yet; serving anyway and retrying on each request", "err", err)
	}
	return serve(ctx, wiring{cfg: cfg, store: store, log: log, now: env.Now})
}

// openStorage reads the storage settings and opens the store, for the commands that need
// Redis but not Slack (import, export, forget).
func openStorage(env Env) (config.Config, *redisstore.Store, error) {
	cfg, err := config.LoadStorage(env.Getenv)
	if err != nil {
		return config.Config{}, nil, fmt.Errorf("configuration:\n%w", err)
	}
	log, err := newLogger(env)
	if err != nil {
		return config.Config{}, nil, err
	}
	store, err := openStore(cfg, log)
	if err != nil {
		return config.Config{}, nil, err
	}
	return cfg, store, nil
}

// openStore builds the store from the configuration; go-redis's own messages go to log.
func openStore(cfg config.Config, log *slog.Logger) (*redisstore.Store, error) {
	redisstore.RouteClientLogs(log)
	store, err := redisstore.Open(cfg.RedisURL.Reveal(), redisstore.Options{
		KeyPrefix: cfg.Settings.Redis.KeyPrefix,
		Timeout:   time.Duration(cfg.Settings.Redis.Timeout),
	})
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	if n := cfg.Settings.Redis.ReplicaAcks; n > 0 {
		if err := store.RequireReplicaAcks(n, time.Duration(cfg.Settings.Redis.ReplicaAckTimeout)); err != nil {
			_ = store.Close()
			return nil, fmt.Errorf("redis.replica_acks: %w", err)
		}
	}
	return store, nil
}

// newSlackClient builds the Web API client from the configuration; opts come after the
// configured ones (serve adds an HTTP client that counts the calls).
func newSlackClient(cfg config.Config, opts ...slack.Option) *slack.Client {
	return slack.New(cfg.SlackBotToken.Reveal(), append([]slack.Option{
		slack.OptionAPIURL(cfg.APIURL()),
		slack.OptionAppLevelToken(cfg.SlackAppToken.Reveal())}, opts...)...)
}

// wiring is what serve needs; serve and demo differ only in where these come from.
type wiring struct {
	cfg        config.Config
	store      *redisstore.Store
	log        *slog.Logger
	now        func() time.Time
	socketOpts []socketmode.Option
	// ready, when set, receives the health listener's address once it listens.
	ready func(httpAddr string)
	// started, when set, receives the nudge service and the bot once built, so the demo can
	// run scheduled work on :advance.
	started chan<- services
}

// services are what the demo drives directly.
type services struct {
	nudger   *nudges.Nudger
	launches *launches.Service
}

// newScheduler registers the scheduled jobs. One replica runs them, holding a Redis lease;
// each job only calls a service with the current time, and every side effect is idempotent
// by its business slot, so a replica may die at any moment.
func newScheduler(w wiring, nudger *nudges.Nudger, weekly *nudges.Weekly, launchSvc *launches.Service) (*schedule.Scheduler, error) {
	elector, err := schedule.NewElector(w.store.NewLease("scheduler", schedule.NewHolderID(), time.Duration(w.cfg.Settings.Scheduler.LeaseTTL)), w.log)
	if err != nil {
		return nil, err
	}
	sched, err := schedule.New(schedule.Options{Elector: elector, Logger: w.log})
	if err != nil {
		return nil, err
	}
	defaults := cadenceDefaults(w.cfg.Settings)
	jobs := []struct {
		name  string
		every time.Duration
		fn    schedule.Func
	}{
		{"nudges", time.Duration(w.cfg.Settings.Nudges.Every), func(ctx context.Context, _ time.Time) error {
			_, err := nudger.SendDue(ctx, w.now())
			return err
		}},
		{"campaign-checkpoints", time.Duration(w.cfg.Settings.Launch.DispatchEvery), func(ctx context.Context, _ time.Time) error {
			return launchSvc.RunCheckpoints(ctx, w.now())
		}},
		{"weekly-digest", time.Duration(w.cfg.Settings.Nudges.Every), func(ctx context.Context, _ time.Time) error {
			_, err := weekly.SendDue(ctx, w.now())
			return err
		}},
		// Cadence settings and tiers change outside imports too; keep the due index in step.
		{"due-index", 6 * time.Hour, func(ctx context.Context, _ time.Time) error {
			now := w.now()
			// Batch by batch: the roster is never held whole.
			return w.store.EachProfile(ctx, func(profiles []rapport.Profile) error {
				return relationships.Reindex(ctx, w.store, profiles, defaults, now)
			})
		}},
	}
	for _, j := range jobs {
		if err := sched.Every(j.name, j.every, j.fn); err != nil {
			return nil, err
		}
	}
	return sched, nil
}

// serve runs the bot and the health endpoints until ctx ends or the bot hits a fatal error.
func serve(ctx context.Context, w wiring) error {
	bench, err := loadBenchmarks(w.cfg)
	if err != nil {
		return err
	}
	policy, err := nudgePolicy(w.cfg.Settings)
	if err != nil {
		return err
	}
	checker, err := newChecker(w.cfg.Settings, w.store, w.now)
	if err != nil {
		return err
	}
	checker.Log = w.log.With("service", "timing")
	// One registry per process, served on /metrics beside the health endpoints.
	reg := prometheus.NewRegistry()
	m, err := metrics.New(reg)
	if err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	w.store.CountErrors(m)
	if err := w.store.LoadScripts(ctx); err != nil {
		w.log.Warn("could not load Redis scripts yet; they load on first use", "err", err)
	}
	slackHTTP := slackTransport()
	api := newSlackClient(w.cfg, slack.OptionHTTPClient(&http.Client{Transport: m.SlackTransport(slackHTTP)}))
	// One sender for everything Rapport says on its own: each message once per business
	// slot (kept 30 days; a send that died mid-way may be retried after 10 minutes).
	out := sender.New(sender.SlackAPI{API: api}, redisstore.Deliveries{Store: w.store, TTL: 30 * 24 * time.Hour, Grace: 10 * time.Minute},
		sender.Options{Pace: 50 * time.Millisecond, Now: w.now, Log: w.log})
	defaults := cadenceDefaults(w.cfg.Settings)
	admins := w.cfg.Settings.Admins
	launchSvc := &launches.Service{Store: w.store, Out: out, Checker: checker, Policy: launchPolicy(w.cfg.Settings),
		Channels: out, Admins: admins, Now: w.now, Log: w.log.With("service", "launches"), Metrics: m}
	relSvc := &relationships.Service{Store: w.store, Users: out, Admins: admins, Cadence: defaults, Now: w.now,
		Log: w.log.With("service", "relationships")}
	bot := slackbot.New(slackbot.Config{
		API:           api,
		Store:         w.store,
		Log:           w.log,
		Now:           w.now,
		Connections:   w.cfg.Settings.Slack.Connections,
		HTTPClient:    &http.Client{Timeout: 10 * time.Second, Transport: slackHTTP},
		SocketOptions: w.socketOpts,
		Brand:         w.cfg.Settings.Brand,
		Currency:      w.cfg.Settings.Currency,
		Benchmarks:    bench,
		Out:           out,
		Launches:      launchSvc,
		Relationships: relSvc,
		Metrics:       m,
	})
	nudger := &nudges.Nudger{
		Store:       w.store,
		Out:         out,
		Policy:      policy,
		Cadence:     defaults,
		TeamChannel: w.cfg.Settings.TeamChannel,
		Log:         w.log.With("job", "nudges"),
		Metrics:     m,
	}
	if w.started != nil {
		w.started <- services{nudger: nudger, launches: launchSvc}
	}
	weekly := &nudges.Weekly{Store: w.store, Out: out, Cadence: defaults, TeamChannel: w.cfg.Settings.TeamChannel}
	sched, err := newScheduler(w, nudger, weekly, launchSvc)
	if err != nil {
		return err
	}
	if err := m.Watch(metrics.Live{Connections: bot.Connected, Leader: sched.Leading, Lanes: func() []metrics.Lane { return lanes(bot.Lanes()) },
		RosterIndex: func() metrics.IndexReads {
			st := bot.RosterIndexStats()
			return metrics.IndexReads{Full: st.FullReads, Updates: st.Updates, Profiles: st.ProfilesRead}
		},
		Jobs: func() map[string]metrics.JobRuns { return jobRuns(sched.Stats()) }}); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	ln, err := net.Listen("tcp", w.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("RAPPORT_HTTP_ADDR: %w", err)
	}
	if w.ready != nil {
		w.ready(ln.Addr().String())
	}
	srv := &http.Server{Handler: withMetrics(healthHandler(w.store, bot), m.Handler()), ReadHeaderTimeout: 5 * time.Second}

	g, gctx := errgroup.WithContext(ctx)
	if w.cfg.PprofAddr != "" {
		if err := servePprof(gctx, g, w.cfg.PprofAddr, w.log); err != nil {
			return err
		}
	}
	g.Go(func() error { return bot.Run(gctx) })
	g.Go(func() error { return sched.Run(gctx) })
	g.Go(func() error {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("health endpoints: %w", err)
		}
		return nil
	})
	g.Go(func() error {
		<-gctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	})
	w.log.Info("rapport serving", "health", ln.Addr().String(), "connections", w.cfg.Settings.Slack.Connections)
	err = g.Wait()
	w.log.Info("rapport stopped")
	return err
}

// loadBenchmarks returns the tier benchmarks: the file named by engagement.benchmarks, or
// the shipped ones.
func loadBenchmarks(cfg config.Config) (engagement.Benchmarks, error) {
	path := cfg.Settings.Engagement.Benchmarks
	if path == "" {
		return engagement.DefaultBenchmarks(), nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return engagement.Benchmarks{}, fmt.Errorf("engagement.benchmarks: %w", err)
	}
	b, err := engagement.ParseBenchmarks(raw)
	if err != nil {
		return engagement.Benchmarks{}, fmt.Errorf("engagement.benchmarks: %s: %w", path, err)
	}
	return b, nil
}

// withMetrics serves GET /metrics with scrape and everything else with health.
func withMetrics(health, scrape http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", scrape)
	mux.Handle("/", health)
	return mux
}

// jobRuns converts the scheduler's job counters for the metrics.
func jobRuns(stats map[string]schedule.JobStats) map[string]metrics.JobRuns {
	out := make(map[string]metrics.JobRuns, len(stats))
	for name, s := range stats {
		out[name] = metrics.JobRuns{Runs: s.Runs, Failures: s.Failures, Panics: s.Panics}
	}
	return out
}

type pinger interface{ Ping(context.Context) error }

type connCounter interface{ Connected() int }

// healthHandler serves /healthz (the process is alive) and /readyz (Redis answers and at
// least one Socket Mode connection is open).
func healthHandler(store pinger, bot connCounter) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		var problems []string
		if err := store.Ping(ctx); err != nil {
			problems = append(problems, "redis: unreachable")
		}
		if bot.Connected() == 0 {
			problems = append(problems, "slack: no socket mode connection")
		}
		if len(problems) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			for _, p := range problems {
				_, _ = fmt.Fprintln(w, p)
			}
			return
		}
		_, _ = fmt.Fprintf(w, "ok: %d socket mode connections\n", bot.Connected())
	})
	return mux
}

// lanes are the bot's work queues as metrics read them.
func lanes(ls []slackbot.LaneLoad) []metrics.Lane {
	out := make([]metrics.Lane, len(ls))
	for i, l := range ls {
		out[i] = metrics.Lane{Name: l.Lane, Running: l.Running, Waiting: l.Waiting}
	}
	return out
}

// slackTransport keeps connections to Slack open for reuse, for the Web API and for answers
// to response_urls. Go's default keeps two idle connections a host: at a thousand answers a
// second most answers would open a new TLS connection.
func slackTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 256
	return t
}

// servePprof serves Go's profiler on addr until ctx ends.
func servePprof(ctx context.Context, g *errgroup.Group, addr string, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("RAPPORT_PPROF_ADDR: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	g.Go(func() error {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("profiler: %w", err)
		}
		return nil
	})
	g.Go(func() error {
		<-ctx.Done()
		return srv.Close()
	})
	log.Info("profiler serving", "addr", ln.Addr().String())
	return nil
}
