package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rapport-bot/rapport/internal/calendar"
	"github.com/rapport-bot/rapport/internal/config"
	"github.com/rapport-bot/rapport/internal/feeds"
	"github.com/rapport-bot/rapport/internal/netguard"
)

// runCheck verifies configuration, Redis and both Slack tokens without serving, and says
// what to fix for each failure.
func runCheck(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "check", "check\n\nChecks the configuration, that Redis answers, and that Slack accepts both tokens.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load(env.Getenv)
	if err != nil {
		fmt.Fprintf(env.Stdout, "✗ configuration\n%v\n", err)
		return errors.New("configuration is invalid")
	}
	fmt.Fprintln(env.Stdout, "✓ configuration")
	failed := false
	report := func(what string, err error) {
		if err != nil {
			failed = true
			fmt.Fprintf(env.Stdout, "✗ %s: %v\n", what, err)
			return
		}
		fmt.Fprintf(env.Stdout, "✓ %s\n", what)
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
	report("redis answers", store.Ping(ctx))

	api := newSlackClient(cfg)
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	auth, err := api.AuthTestContext(cctx)
	if err == nil {
		report(fmt.Sprintf("SLACK_BOT_TOKEN accepted (workspace %q, bot %s)", auth.Team, auth.UserID), nil)
	} else {
		report("SLACK_BOT_TOKEN", err)
	}
	_, _, err = api.StartSocketModeContext(cctx)
	report("SLACK_APP_TOKEN opens Socket Mode", err)
	// Every news feed and calendar a timing check will read, through the same guarded
	// client serve uses (so what serve would refuse is refused here), named without
	// credentials.
	client, err := netguard.NewClient(netguard.Options{Allow: cfg.Settings.Network.AllowHosts, Timeout: 15 * time.Second})
	if err != nil {
		return fmt.Errorf("network.allow_hosts: %w", err)
	}
	fetcher := feeds.NewFetcher(client)
	for _, f := range cfg.Settings.Feeds {
		items, err := fetcher.Fetch(ctx, feeds.Feed{URL: f.URL, Markets: f.Markets})
		report(fmt.Sprintf("feed %s (%d items)", netguard.RedactURL(f.URL), len(items)), scrubbed(err, f.URL))
	}
	for _, c := range cfg.Settings.Calendar.ICS {
		events, err := calendar.FetchICS(ctx, client, c.URL)
		if len(events) > 0 {
			err = nil // some malformed events are skipped, not fatal
		}
		report(fmt.Sprintf("calendar %s (%d events)", netguard.RedactURL(c.URL), len(events)), scrubbed(err, c.URL))
	}
	if failed {
		return errors.New("some checks failed")
	}
	return nil
}

// scrubbed is err with the credentials of raw (a source's address) taken out of its text.
func scrubbed(err error, raw string) error {
	if err == nil {
		return nil
	}
	return errors.New(netguard.Scrub(err.Error(), raw))
}
