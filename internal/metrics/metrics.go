package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is the set of Rapport's collectors. Create it with New; its methods are safe for
// concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	envelopeAck *prometheus.HistogramVec
	command     *prometheus.HistogramVec

	slackCalls       *prometheus.CounterVec
	slackErrors      *prometheus.CounterVec
	slackRateLimited *prometheus.CounterVec

	socketReconnects prometheus.Counter
	shed             *prometheus.CounterVec

	redisErrors *prometheus.CounterVec

	nudgesSent       prometheus.Counter
	nudgesFailed     prometheus.Counter
	nudgesSuppressed *prometheus.CounterVec
	nudgesEscalated  prometheus.Counter

	timingChecks *prometheus.CounterVec
	pollsOpened  prometheus.Counter
	pollsDecided *prometheus.CounterVec
	pollVotes    *prometheus.CounterVec
}

// ackBuckets spread around Slack's 3-second ack limit; acks normally take well under a
// millisecond.
var ackBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2, 3, 5}

// commandBuckets cover a card in milliseconds up to a timing check reading many feeds.
var commandBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// New creates Rapport's collectors and registers them, with the Go runtime and process
// collectors, on reg. It fails only if reg already holds collectors of the same names.
func New(reg *prometheus.Registry) (*Metrics, error) {
	m := &Metrics{
		reg: reg,
		envelopeAck: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "rapport_envelope_ack_seconds",
			Help:    "Time from receiving a Socket Mode envelope to sending its acknowledgement, by envelope type.",
			Buckets: ackBuckets,
		}, []string{"type"}),
		command: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "rapport_command_seconds",
			Help:    "Time from receiving a slash command to sending its answer, by command and subcommand.",
			Buckets: commandBuckets,
		}, []string{"command", "subcommand"}),
		slackCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rapport_slack_api_calls_total",
			Help: "Slack Web API requests sent, retries included, by method.",
		}, []string{"method"}),
		slackErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rapport_slack_api_errors_total",
			Help: "Slack Web API requests that failed in transport or answered a non-2xx status, by method.",
		}, []string{"method"}),
		slackRateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rapport_slack_api_rate_limited_total",
			Help: `Slack Web API requests refused for rate limits (HTTP 429, or ok:false "ratelimited"), by method.`,
		}, []string{"method"}),
		shed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rapport_requests_shed_total",
			Help: "Requests answered \"busy\" instead of handled, because their lane's queue was full (queue_full), its wait over target (overload), or they waited too long for a slot (late).",
		}, []string{"envelope", "lane", "reason"}),
		socketReconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rapport_socket_reconnects_total",
			Help: "Socket Mode connections opened again after a previous one closed (Slack refreshes them from time to time).",
		}),
		redisErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rapport_redis_errors_total",
			Help: "Redis commands and pipelines that failed (not counting a missing key), by command.",
		}, []string{"op"}),
		nudgesSent: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rapport_nudges_sent_total",
			Help: "Nudge digests sent to owners.",
		}),
		nudgesFailed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rapport_nudges_failed_total",
			Help: "Nudge digests and escalations that could not be sent; the next run tries again.",
		}),
		nudgesSuppressed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rapport_nudges_suppressed_total",
			Help: "Due relationships a nudge run held back, by reason; one relationship counts at every run that holds it back.",
		}, []string{"reason"}),
		nudgesEscalated: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rapport_nudges_escalated_total",
			Help: "Escalations sent to a backup or the team channel.",
		}),
		timingChecks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rapport_timing_checks_total",
			Help: "Timing checks posted, by level and by trigger (scheduled or on_request).",
		}, []string{"level", "trigger"}),
		pollsOpened: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rapport_polls_opened_total",
			Help: "Go/no-go polls posted.",
		}),
		pollsDecided: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rapport_polls_decided_total",
			Help: "Go/no-go polls closed at their deadline, by outcome.",
		}, []string{"outcome"}),
		pollVotes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rapport_poll_votes_total",
			Help: "Go/no-go votes recorded, changed votes included, by choice.",
		}, []string{"choice"}),
	}
	cs := []prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.envelopeAck, m.command,
		m.slackCalls, m.slackErrors, m.slackRateLimited,
		m.socketReconnects, m.shed, m.redisErrors,
		m.nudgesSent, m.nudgesFailed, m.nudgesSuppressed, m.nudgesEscalated,
		m.timingChecks, m.pollsOpened, m.pollsDecided, m.pollVotes,
	}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Handler serves the registry in the Prometheus text format (or OpenMetrics, when asked).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// EnvelopeAcked observes one acknowledgement, took after the envelope arrived.
func (m *Metrics) EnvelopeAcked(envelopeType string, took time.Duration) {
	m.envelopeAck.WithLabelValues(envelopeType).Observe(took.Seconds())
}

// CommandAnswered observes one slash command answered, took after it arrived.
func (m *Metrics) CommandAnswered(command, subcommand string, took time.Duration) {
	m.command.WithLabelValues(command, subcommand).Observe(took.Seconds())
}

// RequestShed counts one request answered "busy" instead of handled.
func (m *Metrics) RequestShed(envelopeType, lane, reason string) {
	m.shed.WithLabelValues(envelopeType, lane, reason).Inc()
}

// SocketReconnected counts a Socket Mode connection opened again.
func (m *Metrics) SocketReconnected() { m.socketReconnects.Inc() }

// RedisError counts one failed Redis command (op is its name) or pipeline (op "pipeline").
func (m *Metrics) RedisError(op string) { m.redisErrors.WithLabelValues(op).Inc() }

// NudgeSent counts a digest sent.
func (m *Metrics) NudgeSent() { m.nudgesSent.Inc() }

// NudgeFailed counts a digest or escalation that could not be sent.
func (m *Metrics) NudgeFailed() { m.nudgesFailed.Inc() }

// NudgeEscalated counts an escalation sent.
func (m *Metrics) NudgeEscalated() { m.nudgesEscalated.Inc() }

// NudgesSuppressed counts n relationships held back for reason.
func (m *Metrics) NudgesSuppressed(reason string, n int) {
	m.nudgesSuppressed.WithLabelValues(reason).Add(float64(n))
}

// TimingChecked counts a timing check posted at level (green, amber, red), scheduled or
// on_request.
func (m *Metrics) TimingChecked(level, trigger string) {
	m.timingChecks.WithLabelValues(level, trigger).Inc()
}

// PollOpened counts a poll posted.
func (m *Metrics) PollOpened() { m.pollsOpened.Inc() }

// PollDecided counts a poll closed with outcome (go, no_go, no_decision).
func (m *Metrics) PollDecided(outcome string) { m.pollsDecided.WithLabelValues(outcome).Inc() }

// VoteCast counts a vote recorded.
func (m *Metrics) VoteCast(choice string) { m.pollVotes.WithLabelValues(choice).Inc() }
