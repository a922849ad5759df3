package slackfake

import (
	"io"
	"log/slog"
	"time"
)

// Option configures a Server.
type Option func(*config)

type config struct {
	users         []User
	channels      []Channel
	pingInterval  time.Duration
	ackTimeout    time.Duration
	refreshGrace  time.Duration
	expectTimeout time.Duration
	triggerTTL    time.Duration
	eventRetries  []time.Duration
	logger        *slog.Logger
	// skipMessageChecks: see WithoutMessageChecks.
	skipMessageChecks bool
	// envelopePrefix: see WithEnvelopePrefix.
	envelopePrefix string
}

func defaultConfig() config {
	return config{
		pingInterval:   10 * time.Second,
		ackTimeout:     3 * time.Second,
		refreshGrace:   time.Second,
		expectTimeout:  5 * time.Second,
		triggerTTL:     3 * time.Second,
		logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		envelopePrefix: "env-",
	}
}

// WithEnvelopePrefix starts every envelope id with prefix (default "env-"). Slack's
// envelope ids are unique for ever; the fake's count from 1, so a bot that remembers
// deliveries in a Redis kept from an earlier run (the load tool's -seed=false) needs a
// prefix of its own per run to tell new envelopes from redeliveries.
func WithEnvelopePrefix(prefix string) Option {
	return func(c *config) { c.envelopePrefix = prefix }
}

// WithUsers adds workspace members. The bot user (BotUserID) always exists.
func WithUsers(users ...User) Option {
	return func(c *config) { c.users = append(c.users, users...) }
}

// WithChannels adds channels.
func WithChannels(channels ...Channel) Option {
	return func(c *config) { c.channels = append(c.channels, channels...) }
}

// WithPingInterval sets how often the fake pings each websocket (default 10 s).
// slack-go reconnects when it has not been pinged for 30 s, so keep it below that.
func WithPingInterval(d time.Duration) Option {
	return func(c *config) { c.pingInterval = d }
}

// WithAckTimeout sets how long an envelope may wait for its ack (default 3 s, Slack's).
func WithAckTimeout(d time.Duration) Option {
	return func(c *config) { c.ackTimeout = d }
}

// WithRefreshGrace sets how long a connection told to disconnect stays open before
// the fake closes it (default 1 s).
func WithRefreshGrace(d time.Duration) Option {
	return func(c *config) { c.refreshGrace = d }
}

// WithExpectTimeout sets how long ExpectMessage and friends wait when their context
// has no deadline (default 5 s).
func WithExpectTimeout(d time.Duration) Option {
	return func(c *config) { c.expectTimeout = d }
}

// WithTriggerTTL sets how long a trigger_id stays usable for views.open (default 3 s).
func WithTriggerTTL(d time.Duration) Option {
	return func(c *config) { c.triggerTTL = d }
}

// WithEventRetries makes SendEvent redeliver an events_api envelope that was not
// acknowledged, once per delay given (the delay is waited before that retry). Each retry
// keeps the event_id, gets a new envelope_id, increments retry_attempt and says
// retry_reason "timeout". Real Slack retries three times, roughly immediately, after
// one minute and after five; the default here is no retries so a test that does not
// care fails fast.
func WithEventRetries(delays ...time.Duration) Option {
	return func(c *config) { c.eventRetries = delays }
}

// WithLogger sets where the fake logs (default: nowhere).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}
