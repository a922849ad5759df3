package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/calendar"
	"github.com/rapport-bot/rapport/internal/config"
	"github.com/rapport-bot/rapport/internal/feeds"
	"github.com/rapport-bot/rapport/internal/netguard"
	"github.com/rapport-bot/rapport/internal/wording"
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
	left := placeholders(cfg)
	for _, p := range left {
		fmt.Fprintf(env.Stdout, "warning: %s\n", p)
	}
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
		if placeholderURL(f.URL) {
			continue // warned about above: there is nothing there to read
		}
		items, err := fetcher.Fetch(ctx, feeds.Feed{URL: f.URL, Markets: f.Markets})
		report(fmt.Sprintf("feed %s (%d items)", netguard.RedactURL(f.URL), len(items)), scrubbed(err, f.URL))
	}
	for _, c := range cfg.Settings.Calendar.ICS {
		if placeholderURL(c.URL) {
			continue
		}
		events, err := calendar.FetchICS(ctx, client, c.URL)
		if len(events) > 0 {
			err = nil // some malformed events are skipped, not fatal
		}
		report(fmt.Sprintf("calendar %s (%d events)", netguard.RedactURL(c.URL), len(events)), scrubbed(err, c.URL))
	}
	switch {
	case len(left) > 0 && failed:
		return fmt.Errorf("some checks failed, and %s from the example configuration %s left: replace %s as the warnings say",
			wording.Plural(len(left), "placeholder", "placeholders"), wording.ForCount(len(left), "is", "are"), wording.ForCount(len(left), "it", "them"))
	case len(left) > 0:
		return fmt.Errorf("%s from the example configuration %s left: replace %s as the warnings say",
			wording.Plural(len(left), "placeholder", "placeholders"), wording.ForCount(len(left), "is", "are"), wording.ForCount(len(left), "it", "them"))
	case failed:
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

// placeholder is a value left from the example configuration (manifests/config.example.yaml)
// or the example secret (manifests/kubernetes/secret.example.yaml), which would start
// Rapport but point it nowhere useful.
type placeholder struct {
	// setting names it: a YAML key path or an environment variable.
	setting string
	// value is what it holds, when that is not a secret; "" otherwise.
	value string
	// fix says what to put there instead.
	fix string
}

func (p placeholder) String() string {
	if p.value == "" {
		return fmt.Sprintf("%s is still the example's placeholder; set it to %s", p.setting, p.fix)
	}
	return fmt.Sprintf("%s is %q, a placeholder from the example configuration; replace it with %s", p.setting, p.value, p.fix)
}

// exampleBrand is the fictional brand of the example configuration and the demo.
const exampleBrand = "Lumière Skincare"

// placeholders lists the values cfg still has from the examples, in the order of the file.
func placeholders(cfg config.Config) []placeholder {
	var out []placeholder
	set := cfg.Settings
	if placeholderSlackID(set.TeamChannel) {
		out = append(out, placeholder{"team_channel", set.TeamChannel,
			"your team channel's ID (in Slack: the channel's name › About, at the bottom)"})
	}
	for i, a := range set.Admins {
		if placeholderSlackID(a) {
			out = append(out, placeholder{fmt.Sprintf("admins[%d]", i), a,
				"an admin's Slack member ID (their profile › ⋮ › Copy member ID), or remove it"})
		}
	}
	if set.Brand == exampleBrand {
		out = append(out, placeholder{"brand", set.Brand, "your brand's name, as cards should show it"})
	}
	for i, f := range set.Feeds {
		if placeholderURL(f.URL) {
			out = append(out, placeholder{fmt.Sprintf("feeds[%d].url", i), netguard.RedactURL(f.URL),
				"the address of a news feed (RSS or Atom) for your markets, or remove the entry"})
		}
	}
	if set.GDELT.Enabled && placeholderURL(set.GDELT.URL) {
		out = append(out, placeholder{"gdelt.url", netguard.RedactURL(set.GDELT.URL), "the GDELT API's address, or remove it for the default"})
	}
	for i, h := range set.Network.AllowHosts {
		if placeholderHost(h) {
			out = append(out, placeholder{fmt.Sprintf("network.allow_hosts[%d]", i), h,
				"the internal host your feeds or calendars are on, or remove it"})
		}
	}
	for i, c := range set.Calendar.ICS {
		if placeholderURL(c.URL) {
			out = append(out, placeholder{fmt.Sprintf("calendar.ics[%d].url", i), netguard.RedactURL(c.URL),
				"your calendar's ICS address, or remove the entry"})
		}
	}
	for _, secret := range []struct {
		name, value, fix string
	}{
		{"SLACK_APP_TOKEN", cfg.SlackAppToken.Reveal(), "the app-level token (xapp-…) from your Slack app's Basic Information page"},
		{"SLACK_BOT_TOKEN", cfg.SlackBotToken.Reveal(), "the bot token (xoxb-…) from your Slack app's OAuth & Permissions page"},
		{"REDIS_URL", cfg.RedisURL.Reveal(), "your Redis's address, with the password you chose (the same as REDIS_PASSWORD)"},
	} {
		if placeholderSecret(secret.value) {
			out = append(out, placeholder{setting: secret.name, fix: secret.fix})
		}
	}
	return out
}

// placeholderSlackID reports the IDs examples are written with: C0123456789, U0123456789,
// UXXXXXXXXXX and the like.
func placeholderSlackID(id string) bool {
	if len(id) < 2 {
		return false
	}
	rest := id[1:]
	return rest == "0123456789" || rest == "1234567890" || strings.Trim(rest, "X") == "" || strings.Trim(rest, "0") == ""
}

// placeholderURL reports an address whose host is reserved for examples.
func placeholderURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && placeholderHost(u.Hostname())
}

// placeholderHost reports the names RFC 2606 reserves for documentation (example.com,
// example.net, example.org and their subdomains, .example, .invalid): nothing real is there.
func placeholderHost(h string) bool {
	h = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	for _, d := range []string{"example.com", "example.net", "example.org", "example", "invalid"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return false
}

// placeholderSecret reports the fill-me-in markers of the example secret (CHANGE-ME) and of
// the docs ("xoxb-…").
func placeholderSecret(v string) bool {
	return strings.Contains(strings.ToUpper(v), "CHANGE-ME") || strings.Contains(v, "…") || strings.HasSuffix(v, "-...")
}
