package slackbot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
	"golang.org/x/sync/errgroup"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/launches"
	"github.com/rapport-bot/rapport/internal/profilecache"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/relationships"
	"github.com/rapport-bot/rapport/internal/sender"
)

// Store is what the bot's own handlers read: profiles for cards, the directory for
// "did you mean", the roster index for find and the App Home, and delivery ids to drop
// Slack's retries. Everything that changes state goes through a service.
type Store interface {
	Profile(ctx context.Context, query string) (rapport.Profile, error)
	Directory(ctx context.Context) ([]rapport.RosterEntry, error)
	FirstDelivery(ctx context.Context, key string, ttl time.Duration) (bool, error)
	profilecache.Source
}

// rosterMaxAge bounds how long the roster index's analysis is reused when nothing changed:
// the 90-day windows move with the calendar.
const rosterMaxAge = time.Hour

// Config wires a Bot.
type Config struct {
	// API is a slack-go client holding the bot token and the app-level token.
	API   *slack.Client
	Store Store
	Log   *slog.Logger
	// Now is the bot's clock; the demo moves it forward.
	Now func() time.Time
	// Connections is how many Socket Mode connections to hold (default 2).
	Connections int
	// HTTPClient posts to response_url (default: a client with a 10 s timeout).
	HTTPClient *http.Client
	// SocketOptions are passed to every socketmode client (tests shorten the ping interval).
	SocketOptions []socketmode.Option
	// Brand and Currency label cards; Benchmarks place engagement in tier bands.
	Brand      string
	Currency   string
	Benchmarks engagement.Benchmarks
	// Out is the one sender: posts, redraws and who users are.
	Out *sender.Sender
	// Launches and Relationships are the services the handlers call.
	Launches      *launches.Service
	Relationships *relationships.Service
	// Metrics counts acks, commands and reconnects; nil counts nothing.
	Metrics Metrics
}

// Bot answers Slack. Create it with New and start it with Run.
type Bot struct {
	api         *slack.Client
	store       Store
	log         *slog.Logger
	now         func() time.Time
	connections int
	http        *http.Client
	sockOpts    []socketmode.Option
	brand       string
	currency    string
	benchmarks  engagement.Benchmarks
	roster      *profilecache.Cache
	out         *sender.Sender
	launches    *launches.Service
	rel         *relationships.Service
	metrics     Metrics

	connected atomic.Int32
	inflight  sync.WaitGroup
	// quick and general are the bounded work queues after the ack (admit.go).
	quick, general *lane
	busyAck        json.RawMessage // the ack of a shed slash command
	busyReplies    chan struct{}   // busy notices to shed clicks being posted

	resentMu sync.Mutex
	resent   map[string]time.Time // envelope IDs whose ack was resent
}

const (
	// dedupTTL keeps a delivered envelope's id long enough to catch every Slack retry.
	dedupTTL = time.Hour
	// handlerTimeout bounds one request's work after its ack.
	handlerTimeout = 30 * time.Second
)

// DrainTimeout is how long shutdown waits for in-flight requests; a deployment's stop grace
// period must be longer (manifests' tests check it).
const DrainTimeout = 10 * time.Second

// New builds a Bot from cfg, filling defaults.
func New(cfg Config) *Bot {
	b := &Bot{
		api: cfg.API, store: cfg.Store, log: cfg.Log, now: cfg.Now,
		connections: cfg.Connections, http: cfg.HTTPClient, sockOpts: cfg.SocketOptions,
		brand: cfg.Brand, currency: cfg.Currency, benchmarks: cfg.Benchmarks,
		out: cfg.Out, launches: cfg.Launches, rel: cfg.Relationships, metrics: cfg.Metrics,
		quick:       newLane(LaneQuick, quickRunning, quickWaiting, quickTarget),
		busyAck:     busyAckPayload(),
		busyReplies: make(chan struct{}, maxBusyReplies),
		general:     newLane(LaneGeneral, generalRunning, generalWaiting, 0),
		resent:      map[string]time.Time{},
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.now == nil {
		b.now = time.Now
	}
	if b.connections <= 0 {
		b.connections = 2
	}
	b.roster = profilecache.New(cfg.Store, cfg.Benchmarks, rosterMaxAge)
	if b.http == nil {
		b.http = &http.Client{Timeout: 10 * time.Second}
	}
	return b
}

// RosterIndexStats reports the search index's reads of the store, for metrics.
func (b *Bot) RosterIndexStats() profilecache.Stats { return b.roster.Stats() }

// Connected reports how many Socket Mode connections are open, for readiness checks.
func (b *Bot) Connected() int { return int(b.connected.Load()) }

// FatalError is a Slack failure that reconnecting cannot fix (revoked token, Socket Mode
// turned off). Run returns it and the process should exit non-zero with its message.
type FatalError struct {
	Code string
	Hint string
}

func (e *FatalError) Error() string { return fmt.Sprintf("slack: %s: %s", e.Code, e.Hint) }

// fatalCodes are Slack errors after which retrying is pointless, with what to do.
var fatalCodes = map[string]string{
	"invalid_auth":           "the token was rejected; check SLACK_APP_TOKEN and SLACK_BOT_TOKEN belong to this app and workspace",
	"not_authed":             "no token was sent; set SLACK_APP_TOKEN and SLACK_BOT_TOKEN",
	"account_inactive":       "the token belongs to a deactivated user or a deleted workspace",
	"token_revoked":          "the token was revoked; create a new one in the Slack app settings",
	"token_expired":          "the token expired; create a new one in the Slack app settings",
	"not_allowed_token_type": "SLACK_APP_TOKEN must be an app-level token (xapp-) with connections:write",
	"missing_scope":          "the app-level token lacks the connections:write scope",
	"link_disabled":          "Socket Mode is turned off for this app; enable it under Settings › Socket Mode",
	"app_uninstalled":        "the app was uninstalled from the workspace; reinstall it",
}

func fatalFor(err error) *FatalError {
	if err == nil {
		return nil
	}
	code := err.Error()
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		code = se.Err
	}
	if hint, ok := fatalCodes[code]; ok {
		return &FatalError{Code: code, Hint: hint}
	}
	return nil
}

// Run checks the bot token, opens the Socket Mode connections and serves until ctx ends or
// a fatal Slack error occurs. On return every in-flight request has finished or timed out.
func (b *Bot) Run(ctx context.Context) error {
	auth, err := b.api.AuthTestContext(ctx)
	if err != nil {
		if f := fatalFor(err); f != nil {
			return fmt.Errorf("SLACK_BOT_TOKEN: %w", f)
		}
		if ctx.Err() != nil {
			return nil
		}
		b.log.Warn("slack auth.test failed; connecting anyway", "err", err)
	} else {
		b.log.Info("slack authenticated", "team", auth.Team, "bot_user", auth.UserID)
	}

	g, gctx := errgroup.WithContext(ctx)
	for i := range b.connections {
		sm := socketmode.New(b.api, b.sockOpts...)
		log := b.log.With("conn", i)
		g.Go(func() error {
			err := sm.RunContext(gctx)
			if gctx.Err() != nil {
				return nil
			}
			if f := fatalFor(err); f != nil {
				return fmt.Errorf("SLACK_APP_TOKEN: %w", f)
			}
			return fmt.Errorf("socket mode connection %d stopped: %w", i, err)
		})
		g.Go(func() error { return b.serveEvents(gctx, sm, log) })
	}
	err = g.Wait()
	b.drain()
	b.roster.Close() // stops a roster read in progress
	return err
}

// drain waits for in-flight handlers, bounded by DrainTimeout.
func (b *Bot) drain() {
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(DrainTimeout):
		b.log.Warn("shutdown: in-flight requests did not finish in time", "timeout", DrainTimeout)
	}
}
