package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/currency"

	"github.com/rapport-bot/rapport/internal/netguard"
)

// Defaults for the environment contract of DESIGN.md §2.
const (
	DefaultSlackAPIURL = "https://slack.com/api/"
	DefaultRedisURL    = "redis://localhost:6379/0"
	DefaultHTTPAddr    = ":8080"
	DefaultKeyPrefix   = "rapport:"
	// DefaultConnections is how many Socket Mode connections one process holds. Slack
	// refreshes each connection from time to time and routes nothing new to it meanwhile;
	// with two, the other carries commands through every refresh.
	DefaultConnections = 2
)

// Config is everything `rapport serve` needs, validated.
type Config struct {
	SlackAppToken Secret
	SlackBotToken Secret
	SlackAPIURL   string
	RedisURL      Secret // may carry a password
	HTTPAddr      string
	// PprofAddr serves Go's profiler (/debug/pprof/) when set (RAPPORT_PPROF_ADDR); keep it
	// on loopback: profiles show internals.
	PprofAddr string
	File      string // RAPPORT_CONFIG, "" when none

	// Settings come from the YAML file, or are the defaults when there is none.
	Settings Settings
}

// Settings is the YAML file's shape. Unknown keys are errors.
type Settings struct {
	// TeamChannel receives team-wide posts (weekly digest, escalations).
	TeamChannel string `yaml:"team_channel"`
	// Admins may manage any relationship and run team-wide commands.
	Admins []string `yaml:"admins"`
	// Brand names the brand on cards ("Campaigns with …"); Currency labels money (ISO 4217).
	Brand    string `yaml:"brand"`
	Currency string `yaml:"currency"`
	// Engagement tunes the analytics.
	Engagement EngagementConfig `yaml:"engagement"`
	// Cadence sets how often each relationship should hear from the brand.
	Cadence CadenceConfig `yaml:"cadence"`
	// Nudges sets when and how owners are reminded.
	Nudges NudgeConfig `yaml:"nudges"`
	// Scheduler tunes scheduled work shared by replicas.
	Scheduler SchedulerConfig `yaml:"scheduler"`
	// Launch sets the pre-launch timing checks and the go/no-go poll.
	Launch LaunchConfig `yaml:"launch"`
	// Feeds are the news feeds timing checks read.
	Feeds []FeedConfig `yaml:"feeds"`
	// Calendar adds sensitive dates and ICS calendars to timing checks.
	Calendar CalendarConfig `yaml:"calendar"`
	// GDELT adds the GDELT DOC 2.0 news API to timing checks (off by default).
	GDELT GDELTConfig `yaml:"gdelt"`
	// Network says which internal hosts feeds, calendars and GDELT may be read from.
	Network NetworkConfig `yaml:"network"`
	Redis   RedisConfig   `yaml:"redis"`
	Slack   SlackConfig   `yaml:"slack"`
}

// EngagementConfig tunes engagement analytics.
type EngagementConfig struct {
	// Benchmarks is a YAML file replacing the shipped tier benchmarks (same format as
	// internal/engagement/benchmarks.yaml); "" uses the shipped one.
	Benchmarks string `yaml:"benchmarks"`
}

// CadenceConfig: due = last interaction + cadence. By status and optionally by tier; the
// tighter of the two wins; an influencer's own cadence overrides both.
type CadenceConfig struct {
	ByStatus map[string]Duration `yaml:"by_status"`
	ByTier   map[string]Duration `yaml:"by_tier"`
}

// NudgeConfig tunes the nudge planner.
type NudgeConfig struct {
	// Every is how often the planner runs.
	Every Duration `yaml:"every"`
	// Repeat: no second nudge about the same relationship sooner than this.
	Repeat Duration `yaml:"repeat"`
	// QuietHours, in each owner's own time zone ("19:00-09:00"; "" for none).
	QuietHours *string `yaml:"quiet_hours"`
	// Weekends allows nudges on Saturday and Sunday (owner's zone).
	Weekends bool `yaml:"weekends"`
	// BudgetPerWeek caps the relationships one owner is nudged about per week.
	BudgetPerWeek int `yaml:"budget_per_week"`
	// EscalateAfter ignored nudges, the backup hears; after EscalateTeamAfter, the team channel.
	EscalateAfter     int `yaml:"escalate_after"`
	EscalateTeamAfter int `yaml:"escalate_team_after"`
}

// SchedulerConfig tunes leadership: one replica runs scheduled work, holding a Redis lease.
type SchedulerConfig struct {
	// LeaseTTL is how long a dead leader keeps the lease before another replica takes over.
	LeaseTTL Duration `yaml:"lease_ttl"`
}

// LaunchConfig: checks at each offset before launch, the poll posted with the PollAt check
// and closed PollDeadline before launch, and a breaking-news watch from WatchFrom.
type LaunchConfig struct {
	Checks       []Duration `yaml:"checks"`
	PollAt       Duration   `yaml:"poll_at"`
	PollDeadline Duration   `yaml:"poll_deadline"`
	WatchFrom    Duration   `yaml:"watch_from"`
	WatchEvery   Duration   `yaml:"watch_every"`
	// DispatchEvery is how often due checkpoints are looked for.
	DispatchEvery Duration `yaml:"dispatch_every"`
}

// FeedConfig is one RSS or Atom feed and the markets it covers (none: every market).
type FeedConfig struct {
	URL     string   `yaml:"url"`
	Markets []string `yaml:"markets"`
}

// CalendarConfig adds the team's own dates.
type CalendarConfig struct {
	// SensitiveDates is a YAML file of dates added to (or overriding) the shipped ones.
	SensitiveDates string `yaml:"sensitive_dates"`
	// ICS calendars, e.g. a company events calendar.
	ICS []ICSConfig `yaml:"ics"`
}

// GDELTConfig turns on the GDELT DOC 2.0 source. GDELT asks for at least 6 s between
// requests; Rapport keeps to that.
type GDELTConfig struct {
	Enabled bool   `yaml:"enabled"`
	URL     string `yaml:"url"` // default https://api.gdeltproject.org/api/v2/doc/doc
}

// NetworkConfig tunes outbound requests. Feeds, calendars and GDELT are read only from
// public internet addresses, since a feed address or a redirect could otherwise reach the
// cloud metadata service or Redis; AllowHosts names the internal hosts that are meant.
type NetworkConfig struct {
	// AllowHosts are host names (any address they resolve to is allowed when a request is
	// made to that name), addresses and CIDR ranges (allowed whatever name led there).
	AllowHosts []string `yaml:"allow_hosts"`
}

// ICSConfig is one ICS calendar.
type ICSConfig struct {
	Name     string `yaml:"name"`
	URL      string `yaml:"url"`
	Market   string `yaml:"market"`
	Severity string `yaml:"severity"`
}

// RedisConfig tunes the store.
type RedisConfig struct {
	// KeyPrefix namespaces every key, so several teams can share one Redis.
	KeyPrefix string `yaml:"key_prefix"`
	// Timeout bounds every store call, so an unreachable Redis is an error, not a hang.
	Timeout Duration `yaml:"timeout"`
	// ReplicaAcks, when set, makes every saved touchpoint wait until that many replicas have
	// it (Redis WAIT), so a Sentinel failover keeps it; 0 (the default) does not wait. Not
	// for Redis Cluster.
	ReplicaAcks int `yaml:"replica_acks"`
	// ReplicaAckTimeout bounds that wait (default a quarter of Timeout; at most half).
	ReplicaAckTimeout Duration `yaml:"replica_ack_timeout"`
}

// SlackConfig tunes the Slack connection.
type SlackConfig struct {
	// Connections is the number of Socket Mode connections this process holds (1–10).
	Connections int `yaml:"connections"`
}

// Getenv is os.Getenv's shape, injected so tests and the demo pass their own environment.
type Getenv func(string) string

// Load reads the environment and, when RAPPORT_CONFIG names one, the YAML file. Every
// problem found is reported together, so one start fixes them all.
func Load(getenv Getenv) (Config, error) { return load(getenv, true) }

// LoadStorage is Load for commands that only touch Redis (import, export): the Slack
// variables are neither required nor checked.
func LoadStorage(getenv Getenv) (Config, error) { return load(getenv, false) }

func load(getenv Getenv, needSlack bool) (Config, error) {
	c := Config{
		SlackAppToken: Secret(strings.TrimSpace(getenv("SLACK_APP_TOKEN"))),
		SlackBotToken: Secret(strings.TrimSpace(getenv("SLACK_BOT_TOKEN"))),
		SlackAPIURL:   orDefault(getenv("SLACK_API_URL"), DefaultSlackAPIURL),
		RedisURL:      Secret(orDefault(getenv("REDIS_URL"), DefaultRedisURL)),
		HTTPAddr:      orDefault(getenv("RAPPORT_HTTP_ADDR"), DefaultHTTPAddr),
		PprofAddr:     strings.TrimSpace(getenv("RAPPORT_PPROF_ADDR")),
		File:          strings.TrimSpace(getenv("RAPPORT_CONFIG")),
	}
	var errs []error
	if c.File != "" {
		fc, err := ReadFile(c.File)
		if err != nil {
			errs = append(errs, err)
		}
		c.Settings = fc
	} else {
		c.Settings.applyDefaults()
	}
	errs = append(errs, c.validateEnv(needSlack)...)
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return c, nil
}

// ReadFile parses and validates a YAML config file.
func ReadFile(path string) (Settings, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Settings{}, fmt.Errorf("RAPPORT_CONFIG: %w", err)
	}
	return Parse(path, raw)
}

// Parse parses and validates YAML config; name labels errors (usually the file path).
func Parse(name string, raw []byte) (Settings, error) {
	var fc Settings
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&fc); err != nil && !errors.Is(err, io.EOF) {
		return Settings{}, fmt.Errorf("%s: %w", name, cleanYAMLError(err))
	}
	fc.applyDefaults()
	fc.canonicalize()
	if errs := fc.validate(); len(errs) > 0 {
		for i, e := range errs {
			errs[i] = fmt.Errorf("%s: %w", name, e)
		}
		return Settings{}, errors.Join(errs...)
	}
	return fc, nil
}

func (fc *Settings) applyDefaults() {
	if fc.Redis.KeyPrefix == "" {
		fc.Redis.KeyPrefix = DefaultKeyPrefix
	}
	if fc.Redis.Timeout == 0 {
		fc.Redis.Timeout = Duration(defaultRedisTimeout)
	}
	if fc.Redis.ReplicaAcks > 0 && fc.Redis.ReplicaAckTimeout == 0 {
		fc.Redis.ReplicaAckTimeout = fc.Redis.Timeout / 4
	}
	if fc.Slack.Connections == 0 {
		fc.Slack.Connections = DefaultConnections
	}
	if fc.Scheduler.LeaseTTL == 0 {
		fc.Scheduler.LeaseTTL = Duration(15 * time.Second)
	}
	l := &fc.Launch
	if l.Checks == nil {
		l.Checks = []Duration{Duration(72 * time.Hour), Duration(24 * time.Hour), Duration(2 * time.Hour)}
	}
	if l.PollAt == 0 {
		l.PollAt = Duration(2 * time.Hour)
	}
	if l.PollDeadline == 0 {
		l.PollDeadline = Duration(30 * time.Minute)
	}
	if l.WatchFrom == 0 {
		l.WatchFrom = Duration(7 * 24 * time.Hour)
	}
	if l.WatchEvery == 0 {
		l.WatchEvery = Duration(time.Hour)
	}
	if l.DispatchEvery == 0 {
		l.DispatchEvery = Duration(15 * time.Second)
	}
	n := &fc.Nudges
	if n.Every == 0 {
		n.Every = Duration(time.Hour)
	}
	if n.Repeat == 0 {
		n.Repeat = Duration(3 * 24 * time.Hour)
	}
	if n.QuietHours == nil {
		q := "19:00-09:00"
		n.QuietHours = &q
	}
	if n.BudgetPerWeek == 0 {
		n.BudgetPerWeek = 8
	}
	if n.EscalateAfter == 0 {
		n.EscalateAfter = 2
	}
	if n.EscalateTeamAfter == 0 {
		n.EscalateTeamAfter = 4
	}
}

// canonicalize writes values that have several spellings in their one spelling ("eur" is
// EUR); values it cannot read are left for validate to report.
func (fc *Settings) canonicalize() {
	if code, err := parseCurrency(fc.Currency); err == nil {
		fc.Currency = code
	}
}

func (fc Settings) validate() []error {
	var errs []error
	if fc.TeamChannel != "" && !isSlackID(fc.TeamChannel, "CG") {
		errs = append(errs, fmt.Errorf("team_channel: %q is not a channel ID (it looks like C0123456789; in Slack open the channel details, the ID is at the bottom)", fc.TeamChannel))
	}
	for i, a := range fc.Admins {
		if !isSlackID(a, "UW") {
			errs = append(errs, fmt.Errorf("admins[%d]: %q is not a Slack user ID (it looks like U0123456789; in Slack open the profile, ⋮ › Copy member ID)", i, a))
		}
	}
	if strings.ContainsAny(fc.Redis.KeyPrefix, "{} \t\n") {
		errs = append(errs, fmt.Errorf("redis.key_prefix: %q must not contain braces or spaces", fc.Redis.KeyPrefix))
	}
	if _, err := parseCurrency(fc.Currency); err != nil {
		errs = append(errs, fmt.Errorf("currency: %w", err))
	}
	if len([]rune(fc.Brand)) > 80 {
		errs = append(errs, fmt.Errorf("brand: keep it under 80 characters"))
	}
	for k := range fc.Cadence.ByStatus {
		if !oneOf(k, "prospect", "active", "alumni") {
			errs = append(errs, fmt.Errorf("cadence.by_status: %q is not a status with a cadence (prospect, active, alumni; paused and do-not-contact are never due)", k))
		}
	}
	for k := range fc.Cadence.ByTier {
		if !oneOf(k, "nano", "micro", "mid", "macro", "mega") {
			errs = append(errs, fmt.Errorf("cadence.by_tier: %q is not a tier (nano, micro, mid, macro, mega)", k))
		}
	}
	for i, f := range fc.Feeds {
		if u, err := url.Parse(f.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("feeds[%d].url: %q is not an http(s) URL", i, f.URL))
		}
	}
	for i, c := range fc.Calendar.ICS {
		if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "webcal") || u.Host == "" {
			errs = append(errs, fmt.Errorf("calendar.ics[%d].url: %q is not an http(s) or webcal URL", i, c.URL))
		}
	}
	for i, h := range fc.Network.AllowHosts {
		if err := netguard.CheckAllowEntry(h); err != nil {
			errs = append(errs, fmt.Errorf("network.allow_hosts[%d]: %w", i, err))
		}
	}
	if time.Duration(fc.Launch.PollDeadline) >= time.Duration(fc.Launch.PollAt) {
		errs = append(errs, fmt.Errorf("launch: poll_deadline (%s before launch) must come after poll_at (%s before launch)", fc.Launch.PollDeadline, fc.Launch.PollAt))
	}
	if time.Duration(fc.Launch.DispatchEvery) < time.Second {
		errs = append(errs, fmt.Errorf("launch.dispatch_every: must be at least 1s"))
	}
	if time.Duration(fc.Scheduler.LeaseTTL) < 100*time.Millisecond {
		errs = append(errs, fmt.Errorf("scheduler.lease_ttl: must be at least 100ms"))
	}
	if time.Duration(fc.Nudges.Every) < time.Second {
		errs = append(errs, fmt.Errorf("nudges.every: must be at least 1s"))
	}
	if fc.Nudges.BudgetPerWeek < 0 || fc.Nudges.EscalateAfter < 0 || fc.Nudges.EscalateTeamAfter < fc.Nudges.EscalateAfter {
		errs = append(errs, fmt.Errorf("nudges: budget_per_week and escalate_after must be positive, and escalate_team_after at least escalate_after"))
	}
	if n := fc.Slack.Connections; n < 1 || n > 10 {
		errs = append(errs, fmt.Errorf("slack.connections: %d is out of range (Slack allows 1 to 10 per app)", n))
	}
	return errs
}

func (c Config) validateEnv(needSlack bool) []error {
	var errs []error
	if !needSlack {
		if err := CheckRedisURL(c.RedisURL.Reveal()); err != nil {
			errs = append(errs, fmt.Errorf("REDIS_URL: %w", err))
		}
		return errs
	}
	errs = append(errs, checkToken("SLACK_APP_TOKEN", c.SlackAppToken.Reveal(), "xapp-",
		"an app-level token with the connections:write scope (Slack app settings › Basic Information › App-Level Tokens)")...)
	errs = append(errs, checkToken("SLACK_BOT_TOKEN", c.SlackBotToken.Reveal(), "xoxb-",
		"the Bot User OAuth Token (Slack app settings › OAuth & Permissions)")...)
	if u, err := url.Parse(c.SlackAPIURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		errs = append(errs, fmt.Errorf("SLACK_API_URL: %q is not an http(s) URL (default %s)", c.SlackAPIURL, DefaultSlackAPIURL))
	}
	if err := CheckRedisURL(c.RedisURL.Reveal()); err != nil {
		errs = append(errs, fmt.Errorf("REDIS_URL: %w", err))
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		errs = append(errs, fmt.Errorf("RAPPORT_HTTP_ADDR: %q is not host:port (e.g. :8080)", c.HTTPAddr))
	}
	if c.PprofAddr != "" {
		if host, _, err := net.SplitHostPort(c.PprofAddr); err != nil {
			errs = append(errs, fmt.Errorf("RAPPORT_PPROF_ADDR: %q is not host:port (e.g. 127.0.0.1:6060)", c.PprofAddr))
		} else if !loopback(host) {
			errs = append(errs, fmt.Errorf("RAPPORT_PPROF_ADDR: %q would serve the profiler beyond this machine; profiles show internals, so use a loopback address such as 127.0.0.1:6060 (reach it with kubectl port-forward or an SSH tunnel)", c.PprofAddr))
		}
	}
	return errs
}

func checkToken(name, v, prefix, what string) []error {
	switch {
	case v == "":
		return []error{fmt.Errorf("%s is not set: it should be %s, starting with %s", name, what, prefix)}
	case !strings.HasPrefix(v, prefix):
		return []error{fmt.Errorf("%s does not start with %s: it should be %s", name, prefix, what)}
	case len(v) < len(prefix)+8 || strings.ContainsAny(v, " \t\n\"'"):
		return []error{fmt.Errorf("%s looks malformed: it should be %s, starting with %s, copied whole", name, what, prefix)}
	}
	return nil
}

// APIURL is SLACK_API_URL with the trailing slash slack-go requires.
func (c Config) APIURL() string {
	if strings.HasSuffix(c.SlackAPIURL, "/") {
		return c.SlackAPIURL
	}
	return c.SlackAPIURL + "/"
}

func orDefault(v, def string) string {
	if v = strings.TrimSpace(v); v != "" {
		return v
	}
	return def
}

func oneOf(s string, options ...string) bool {
	for _, o := range options {
		if s == o {
			return true
		}
	}
	return false
}

// notCurrencies are ISO 4217 codes that name no money: a card labelled with them would be
// mislabelled, so they are refused although ParseISO knows them.
var notCurrencies = map[currency.Unit]string{
	currency.XXX: "means no currency",
	currency.XTS: "is reserved for testing",
}

// parseCurrency reads an ISO 4217 code in any case and returns its canonical upper-case
// spelling; "" (no currency configured) stays "".
func parseCurrency(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := currency.ParseISO(s)
	if err != nil {
		if len(s) == 3 && isASCIILetters(s) {
			return "", fmt.Errorf("%q is not an ISO 4217 currency code; use one such as EUR, USD or GBP", s)
		}
		return "", fmt.Errorf("%q is not a three-letter ISO 4217 code such as EUR, USD or GBP", s)
	}
	// ParseISO reads XXX as the zero Unit without an error.
	if why, bad := notCurrencies[u]; bad {
		return "", fmt.Errorf("%q %s in ISO 4217, so it cannot label money; use a currency such as EUR, USD or GBP", s, why)
	}
	return u.String(), nil
}

func isASCIILetters(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return true
}

func isSlackID(s, firstLetters string) bool {
	if len(s) < 9 || len(s) > 15 || !strings.ContainsRune(firstLetters, rune(s[0])) {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// loopback reports whether host names this machine only: localhost or a loopback IP.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
