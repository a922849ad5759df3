package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/slackfake"
)

// botConnections is how many Socket Mode connections `rapport serve` opens by default
// (slack.connections).
const botConnections = 2

// rssEvery is how often the bot's resident set is sampled.
const rssEvery = 100 * time.Millisecond

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	return runLoad(ctx, o, nil, stdout, stderr)
}

// runLoad runs one measurement. launch starts the bot; nil means `rapport serve` as a
// child process (-bot, or built from ./cmd/rapport).
func runLoad(ctx context.Context, o options, launch launcher, stdout, stderr io.Writer) error {
	dir, err := os.MkdirTemp("", "rapportload-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintf(stderr, "rapportload: logs in %s\n", dir)
	} else {
		defer func() { _ = os.RemoveAll(dir) }()
	}

	redisURL := o.redisURL
	if redisURL == "" {
		r, err := startRedis(ctx, dir)
		if err != nil {
			return err
		}
		defer r.stop()
		redisURL = r.URL()
	}
	res := Result{Scenario: o.scenario, Rate: o.rate, DurationS: o.duration.Seconds(), DrainS: o.drain.Seconds(),
		WarmupS: o.warmup.Seconds(), Roster: o.roster, Touchpoints: o.touchpoints}
	if o.seed {
		fmt.Fprintf(stderr, "rapportload: seeding %d influencers × %d snapshots, %d touchpoints…\n", o.roster, snapshotsPerInfluencer, o.touchpoints)
		start := time.Now()
		if err := seed(ctx, redisURL, o); err != nil {
			return err
		}
		res.SeedS = time.Since(start).Seconds()
	}

	if launch == nil {
		bin := o.bot
		if bin == "" {
			fmt.Fprintln(stderr, "rapportload: building ./cmd/rapport…")
			if bin, err = buildBot(ctx, dir); err != nil {
				return err
			}
		}
		launch = childLauncher(bin)
	}

	// Acks are waited for until the drain ends, so a slow one is measured, not dropped;
	// acks later than Slack's 3 s are counted apart. Triggers expire fast: no scenario
	// opens a modal, and the fake forgets expired ones only in a scan.
	fakeOpts := []slackfake.Option{slackfake.WithUsers(loadUsers...),
		slackfake.WithChannels(slackfake.Channel{ID: loadChannel, Name: "load"}),
		slackfake.WithAckTimeout(o.warmup + o.duration + o.drain + time.Minute),
		slackfake.WithTriggerTTL(100 * time.Millisecond),
		slackfake.WithExpectTimeout(time.Minute),
		// Envelope ids unique to this run: a Redis kept from an earlier run (-seed=false)
		// remembers that run's deliveries, and the bot would drop these as redeliveries.
		slackfake.WithEnvelopePrefix(fmt.Sprintf("env-%x-", time.Now().UnixNano()))}
	if !o.checkBlocks {
		fakeOpts = append(fakeOpts, slackfake.WithoutMessageChecks())
	}
	fake := slackfake.New(fakeOpts...)
	defer fake.Close()

	addr, err := freeAddr()
	if err != nil {
		return err
	}
	env := map[string]string{
		"SLACK_APP_TOKEN":    slackfake.AppToken,
		"SLACK_BOT_TOKEN":    slackfake.BotToken,
		"SLACK_API_URL":      fake.APIURL(),
		"REDIS_URL":          redisURL,
		"RAPPORT_HTTP_ADDR":  addr,
		"RAPPORT_LOG_LEVEL":  o.botLogLevel,
		"RAPPORT_LOG_FORMAT": "text",
		"RAPPORT_CONFIG":     "",
	}
	for _, kv := range o.botEnv {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	var pprofAddr string
	if o.botProfile != "" {
		if pprofAddr, err = freeAddr(); err != nil {
			return err
		}
		env["RAPPORT_PPROF_ADDR"] = pprofAddr
	}
	bot, err := launch(env, filepath.Join(dir, "bot.log"))
	if err != nil {
		return err
	}
	defer bot.stop()
	if err := waitBot(ctx, fake, bot); err != nil {
		return err
	}
	pid := bot.pid()
	sampleCtx, stopSampling := context.WithCancel(ctx)
	var rss rssSampler
	sampled := make(chan struct{})
	go func() { defer close(sampled); rss.run(sampleCtx, pid, rssEvery) }()
	defer func() { stopSampling(); <-sampled }()

	mx, _ := newMix(o.scenario, o.roster)
	tr := newTracker()
	r := &runner{fake: fake, tr: tr, mix: mx, rng: rand.New(rand.NewPCG(o.randSeed, 0x10ad)),
		user: loadUsers[0].ID, channel: loadChannel}
	if mx.needsButtons() {
		if err := r.prepareButtons(ctx); err != nil {
			return fmt.Errorf("%w\nbot log:\n%s", err, bot.logTail(20))
		}
	}
	feed, unsubscribe := fake.Subscribe()
	fed := make(chan struct{})
	go func() {
		defer close(fed)
		for m := range feed {
			tr.message(m)
		}
	}()
	defer func() { unsubscribe(); <-fed }()

	if o.warmup > 0 {
		fmt.Fprintf(stderr, "rapportload: warming up for %s…\n", o.warmup)
		r.runPhase(ctx, o.rate, o.warmup, o.drain, nil)
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	var during func(context.Context) int
	if o.scenario == "refresh" {
		during = refreshEvery(fake, o.refreshEvery, botConnections)
	}
	rejectedBefore := len(fake.Rejections())
	botCPU0, err := procCPU(pid)
	if err != nil {
		return fmt.Errorf("reading the bot's CPU time: %w", err)
	}
	redisCPU0, err := redisCPU(ctx, redisURL)
	if err != nil {
		return fmt.Errorf("reading Redis's CPU time: %w", err)
	}
	toolCPU0 := selfCPU()
	machine0, _ := machineBusy()
	res.LoadAvg1, res.Cores = loadAvg(), runtime.NumCPU()
	rss.reset()
	if o.cpuProfile != "" {
		stopProfile, err := startCPUProfile(o.cpuProfile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}
	if o.mutexProfile != "" {
		runtime.SetMutexProfileFraction(10)
	}
	var profiled <-chan error
	if pprofAddr != "" {
		profiled = profileBot(ctx, pprofAddr, o.botProfile, o.duration)
	}
	fmt.Fprintf(stderr, "rapportload: %s at %.0f/s for %s…\n", o.scenario, o.rate, o.duration)
	ph := r.runPhase(ctx, o.rate, o.duration, o.drain, during)
	if profiled != nil {
		if err := <-profiled; err != nil {
			fmt.Fprintf(stderr, "rapportload: bot profile: %v\n", err)
		} else {
			fmt.Fprintf(stderr, "rapportload: bot profiles in %s (go tool pprof %s)\n", o.botProfile, filepath.Join(o.botProfile, "cpu.pprof"))
		}
	}
	botCPU1, err := procCPU(pid)
	if err != nil {
		return fmt.Errorf("reading the bot's CPU time (did it exit?): %w\nbot log:\n%s", err, bot.logTail(20))
	}
	redisCPU1, err := redisCPU(ctx, redisURL)
	if err != nil {
		return fmt.Errorf("reading Redis's CPU time: %w", err)
	}
	toolCPU1 := selfCPU()
	machine1, _ := machineBusy()
	peak, last := rss.read()
	_, hwm, _ := procMemory(pid)

	cmds, orphans, extra, other, errs := tr.snapshot(ph.phase)
	res.OpResult, res.Ops = tally(cmds, ph.end)
	res.ExtraAnswers, res.Unmatched, res.OtherMessages, res.ErrorSamples = extra, orphans, other, errs
	res.Refreshes = ph.refreshes
	res.Rejections = len(fake.Rejections()) - rejectedBefore
	res.WallS = ph.end.Sub(ph.start).Seconds()
	senderStats(&res, cmds, ph, o)
	n := float64(max(res.Sent, 1))
	res.BotCPUMsPerCmd = ms(botCPU1-botCPU0) / n
	res.BotCPUPct = 100 * (botCPU1 - botCPU0).Seconds() / res.WallS
	res.RedisCPUMsPerCmd = ms(redisCPU1-redisCPU0) / n
	res.ToolCPUMsPerCmd = ms(toolCPU1-toolCPU0) / n
	others := (machine1 - machine0) - (botCPU1 - botCPU0) - (redisCPU1 - redisCPU0) - (toolCPU1 - toolCPU0)
	res.OtherCPUPct = max(0, 100*others.Seconds()/res.WallS)
	res.BotRSSPeakMiB, res.BotRSSEndMiB, res.BotHWMMiB = mib(peak), mib(last), mib(hwm)

	if o.mutexProfile != "" {
		if err := writeProfile("mutex", o.mutexProfile); err != nil {
			return err
		}
	}
	printResult(stdout, res)
	if o.jsonPath != "" {
		data, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.jsonPath, append(data, '\n'), 0o644); err != nil {
			return fmt.Errorf("-json: %w", err)
		}
	}
	return nil
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// seed writes the roster through the store's import writes.
func seed(ctx context.Context, redisURL string, o options) error {
	store, err := redisstore.Open(redisURL, redisstore.Options{Timeout: 30 * time.Second})
	if err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	defer func() { _ = store.Close() }()
	return seedRoster(ctx, store, o.roster, o.touchpoints, time.Now())
}

// waitBot waits until the bot holds its Socket Mode connections, or fails with the end of
// its log if it exits first.
func waitBot(ctx context.Context, fake *slackfake.Server, bot bot) error {
	wctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	waited := make(chan error, 1)
	go func() { waited <- fake.WaitConnections(wctx, botConnections) }()
	select {
	case err := <-waited:
		if err != nil {
			return fmt.Errorf("rapport serve did not connect: %w\nbot log:\n%s", err, bot.logTail(30))
		}
		return nil
	case <-bot.done():
		cancel()
		<-waited
		return fmt.Errorf("rapport serve exited at start: %v\nbot log:\n%s", bot.err(), bot.logTail(30))
	}
}

// senderStats fills the achieved rate and the sender's lag behind its schedule.
func senderStats(res *Result, cmds []command, ph phaseResult, o options) {
	var lags, wire []time.Duration
	var last time.Time
	for _, c := range cmds {
		if !c.ackAt.IsZero() && !c.ackAt.After(ph.end) {
			wire = append(wire, c.wireAck)
		}
		if c.dispatched.IsZero() {
			continue
		}
		lags = append(lags, c.dispatched.Sub(c.t0))
		if c.dispatched.After(last) {
			last = c.dispatched
		}
	}
	res.SenderLag, res.WireAck = summarize(lags), summarize(wire)
	if len(lags) > 0 {
		interval := time.Duration(float64(time.Second) / o.rate)
		span := last.Sub(ph.start) + interval
		res.AchievedRate = float64(len(lags)) / span.Seconds()
	}
	res.BehindSchedule = res.AchievedRate < 0.99*o.rate || len(lags) < ph.scheduled
}

// startCPUProfile profiles the tool itself, to check that it is not the bottleneck.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }, nil
}

// writeProfile writes the named runtime profile (mutex, block, heap) to path.
func writeProfile(name, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("-%sprofile: %w", name, err)
	}
	defer func() { _ = f.Close() }()
	return pprof.Lookup(name).WriteTo(f, 0)
}
