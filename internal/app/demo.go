package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/alicebob/miniredis/v2"
	"golang.org/x/term"

	"github.com/rapport-bot/rapport/internal/config"
	"github.com/rapport-bot/rapport/internal/demo"
	"github.com/rapport-bot/rapport/internal/demo/sample"
	"github.com/rapport-bot/rapport/internal/launches"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/relationships"
	"github.com/rapport-bot/rapport/internal/simclock"
	"github.com/rapport-bot/rapport/internal/slackfake"
)

const demoSynopsis = `demo [--at TIME]

Runs Rapport offline: an in-memory Redis (miniredis — nothing is saved), a simulated Slack
workspace, and a sample roster, with the real bot wiring. Type slash commands at the prompt;
:help lists console commands. With input from a pipe it runs the lines and exits:
  printf '/influencer help\n' | rapport demo
The sample data and launch are placed relative to the moment the demo starts, so the same
story plays at any date and hour; --at starts the simulated clock at another instant
(RFC 3339, e.g. 2027-03-27T23:30:00Z) to replay one.`

// runDemo starts the embedded Redis, the simulated workspace and the bot, loads the sample
// roster and hands the terminal to the console.
func runDemo(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "demo", demoSynopsis)
	at := fs.String("at", "", "start the simulated clock at this instant (RFC 3339, e.g. 2027-03-27T23:30:00Z); default now")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	start := env.Now()
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			return &UsageError{Msg: fmt.Sprintf("--at %q is not an RFC 3339 time such as 2027-03-27T23:30:00Z or 2027-03-28T01:30:00+02:00", *at)}
		}
		start = t
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	interactive := isTerminal(env.Stdin)

	// The console moves the person's clock; the bot's clock follows it checkpoint by
	// checkpoint on :advance, as a bot running through those days would have (see step).
	clock := simclock.Running(start)
	botClock := simclock.Running(start)
	// The demo's news wire, served locally, dated by the bot's clock.
	news := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = w.Write(sample.NewsFeed(botClock.Now()))
	}))
	defer news.Close()
	// The demo's settings: the sample brand and its currency, everything else default.
	// Nudges ignore quiet hours and weekends here, so :advance shows them at any hour. The
	// sample news is served on this machine, which the fetchers refuse unless allowed.
	settings := fmt.Sprintf("brand: %q\ncurrency: EUR\nteam_channel: %s\nnudges: {quiet_hours: \"\", weekends: true}\n"+
		"feeds: [{url: %q, markets: [FR, GB, DE]}]\nnetwork: {allow_hosts: [127.0.0.1]}\n", sample.Brand, sample.ChannelPartnerships, news.URL+"/wire.xml")
	demoConfig, err := writeTemp("rapport-demo-*.yaml", settings)
	if err != nil {
		return fmt.Errorf("write demo settings: %w", err)
	}
	defer func() { _ = os.Remove(demoConfig) }()

	logLevel := env.Getenv("RAPPORT_LOG_LEVEL")
	if logLevel == "" {
		logLevel = "error" // the console is the demo's output; logs would drown it
	}
	log, err := newLogger(Env{Getenv: func(k string) string {
		if k == "RAPPORT_LOG_LEVEL" {
			return logLevel
		}
		return env.Getenv(k)
	}, Stderr: env.Stderr})
	if err != nil {
		return err
	}

	mr := miniredis.NewMiniRedis()
	if err := mr.Start(); err != nil {
		return fmt.Errorf("start the in-memory redis: %w", err)
	}
	defer mr.Close()

	var users []slackfake.User
	var people []demo.Person
	for _, u := range sample.Users {
		users = append(users, slackfake.User{ID: u.ID, Name: u.Name, RealName: u.RealName, TZ: u.TZ, TZOffset: tzOffset(u.TZ, start)})
		people = append(people, demo.Person{ID: u.ID, Name: u.Name, RealName: u.RealName})
	}
	channels := map[string]string{}
	var fakeChannels []slackfake.Channel
	for _, ch := range sample.Channels {
		fakeChannels = append(fakeChannels, slackfake.Channel{ID: ch.ID, Name: ch.Name})
		channels[ch.ID] = ch.Name
	}
	workspace := slackfake.New(slackfake.WithUsers(users...), slackfake.WithChannels(fakeChannels...),
		slackfake.WithLogger(slog.New(slog.DiscardHandler)))
	defer workspace.Close()

	cfg, err := config.Load(func(k string) string {
		return map[string]string{
			"SLACK_APP_TOKEN":   slackfake.AppToken,
			"SLACK_BOT_TOKEN":   slackfake.BotToken,
			"SLACK_API_URL":     workspace.APIURL(),
			"REDIS_URL":         "redis://" + mr.Addr() + "/0",
			"RAPPORT_HTTP_ADDR": "127.0.0.1:0",
			"RAPPORT_CONFIG":    demoConfig,
		}[k]
	})
	if err != nil {
		return fmt.Errorf("demo configuration: %w", err)
	}
	store, err := openStore(cfg, log)
	if err != nil {
		return err
	}
	defer func() { _ = store.Close() }()

	rosterSize, err := loadSample(ctx, store, cfg.Settings, botClock.Now())
	if err != nil {
		return err
	}

	started := make(chan services, 1)
	served := make(chan error, 1)
	go func() {
		served <- serve(ctx, wiring{cfg: cfg, store: store, log: log, now: botClock.Now, started: started})
	}()
	var svc services
	select {
	case svc = <-started:
	case err := <-served:
		return fmt.Errorf("the bot did not start: %w", err)
	}
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	err = workspace.WaitConnections(wctx, 1)
	wcancel()
	if err != nil {
		cancel()
		return errors.Join(fmt.Errorf("the bot did not connect to the simulated workspace: %w", err), <-served)
	}
	if interactive {
		fmt.Fprintf(env.Stdout, "Rapport demo — in-memory Redis (nothing is saved), simulated Slack workspace,\n"+
			"%d sample influencers. You are %s in #%s.\n\n", rosterSize, people[0].RealName, channels[sample.ChannelPartnerships])
	}
	console := &demo.Console{
		Slack: workspace, Clock: clock, People: people, Channels: channels,
		Channel: sample.ChannelPartnerships, In: env.Stdin, Out: env.Stdout, Interactive: interactive,
		// After :advance, run the scheduled work at once instead of waiting for its tick.
		AfterAdvance: func(ctx context.Context) error {
			return catchUp(ctx, store, svc, botClock, clock.Now())
		},
		// The sample launch's T-72h check is already due when the demo starts.
		AtStart: func(ctx context.Context) error { return svc.launches.RunCheckpoints(ctx, botClock.Now()) },
	}
	consoleErr := console.Run(ctx)
	cancel()
	if err := <-served; err != nil {
		return err
	}
	return consoleErr
}

// loadSample stores the sample roster and campaigns and returns how many influencers it has.
func loadSample(ctx context.Context, store *redisstore.Store, settings config.Settings, now time.Time) (int, error) {
	ins, snaps := sample.Roster(now)
	if _, err := store.UpsertInfluencers(ctx, ins, now); err != nil {
		return 0, fmt.Errorf("load sample roster: %w", err)
	}
	if _, err := store.UpsertSnapshots(ctx, snaps); err != nil {
		return 0, fmt.Errorf("load sample metrics: %w", err)
	}
	var recs []rapport.CampaignRecord
	for _, row := range sample.Campaigns(now) {
		recs = append(recs, rapport.CampaignRecord{Campaign: row.Campaign, Participation: row.Participation})
	}
	if _, err := store.UpsertCampaignRecords(ctx, recs); err != nil {
		return 0, fmt.Errorf("load sample campaigns: %w", err)
	}
	for _, tp := range sample.Touchpoints(now) {
		if _, err := store.LogTouchpoint(ctx, tp, 0); err != nil {
			return 0, fmt.Errorf("load sample contacts: %w", err)
		}
	}
	// The upcoming launch is planned in Slack: approvers, watch words, a schedule of checks.
	upcoming, err := store.FindCampaign(ctx, sample.CampaignUpcoming)
	if err != nil {
		return 0, fmt.Errorf("load sample campaigns: %w", err)
	}
	upcoming.Approvers = []string{sample.UserPriya, sample.UserMarcus}
	upcoming.CreatedBy = sample.UserPriya
	for _, row := range sample.Campaigns(now) {
		if row.Campaign.ID == upcoming.ID {
			upcoming.Influencers = append(upcoming.Influencers, row.Participation.Handle)
		}
	}
	upcoming.Keywords, upcoming.SensitiveTopics = sample.UpcomingWatchWords()
	if err := store.SaveCampaign(ctx, upcoming); err != nil {
		return 0, fmt.Errorf("load sample campaigns: %w", err)
	}
	planner := &launches.Service{Store: store, Policy: launchPolicy(settings), Now: func() time.Time { return now }}
	for _, c := range []string{sample.CampaignUpcoming, sample.CampaignLater} {
		camp, err := store.FindCampaign(ctx, c)
		if err != nil {
			return 0, fmt.Errorf("load sample campaigns: %w", err)
		}
		if camp.CreatedBy == "" {
			// Priya planned the sample launches, so she may edit and cancel them.
			camp.CreatedBy = sample.UserPriya
			if err := store.SaveCampaign(ctx, camp); err != nil {
				return 0, fmt.Errorf("load sample campaigns: %w", err)
			}
		}
		if _, err := planner.Schedule(ctx, camp); err != nil {
			return 0, fmt.Errorf("schedule sample campaigns: %w", err)
		}
	}
	err = store.EachProfile(ctx, func(profiles []rapport.Profile) error {
		return relationships.Reindex(ctx, store, profiles, cadenceDefaults(settings), now)
	})
	if err != nil {
		return 0, fmt.Errorf("plan the sample contact schedule: %w", err)
	}
	return len(ins), nil
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// writeTemp writes body to a new file in the temporary directory named after pattern (see
// os.CreateTemp), readable by this user only, and returns its path.
func writeTemp(pattern, body string) (string, error) {
	f, err := os.CreateTemp("", pattern)
	if err != nil {
		return "", err
	}
	_, err = f.WriteString(body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// tzOffset is a zone's offset from UTC in seconds at the instant at, as users.info reports it.
func tzOffset(zone string, at time.Time) int {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return 0
	}
	_, off := at.In(loc).Zone()
	return off
}

// scheduledWork is what catchUp needs of the store.
type scheduledWork interface {
	ScheduledCheckpoints(ctx context.Context, prefix string) (map[string]time.Time, error)
}

// catchUp moves the bot's clock to target the way a running bot lives through the time in
// between: it stops at each queued checkpoint's due time and runs what is due there, so a
// check, poll or close happens at its own instant (never "late" because the console jumped
// over it), then runs the nudges at target.
func catchUp(ctx context.Context, queue scheduledWork, svc services, bot *simclock.Clock, target time.Time) error {
	for {
		queued, err := queue.ScheduledCheckpoints(ctx, "")
		if err != nil {
			return err
		}
		now := bot.Now()
		next := target
		for _, due := range queued {
			if due.After(now) && due.Before(next) {
				next = due
			}
		}
		if !next.Before(target) {
			break
		}
		if err := svc.launches.RunCheckpoints(ctx, bot.Set(next)); err != nil {
			return err
		}
	}
	now := bot.Set(target)
	_, err := svc.nudger.SendDue(ctx, now)
	return errors.Join(err, svc.launches.RunCheckpoints(ctx, now))
}
