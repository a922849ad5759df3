package app

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/slackfake"
)

// alwaysServed are the families /metrics serves from the start: plain counters, gauges and
// the runtime's. The labelled families appear with their first event.
var alwaysServed = []string{
	"rapport_socket_reconnects_total", "rapport_socket_connections",
	"rapport_nudges_sent_total", "rapport_nudges_failed_total", "rapport_nudges_escalated_total",
	"rapport_polls_opened_total", "rapport_scheduler_leader", "rapport_handlers",
	"rapport_roster_index_reads_total", "rapport_roster_index_profiles_read_total",
	"go_goroutines", "process_start_time_seconds",
}

// servedAfterEvents are the families every story below has made appear.
var servedAfterEvents = []string{
	"rapport_envelope_ack_seconds", "rapport_command_seconds",
	"rapport_slack_api_calls_total", "rapport_slack_api_errors_total", "rapport_slack_api_rate_limited_total",
	"rapport_redis_errors_total", "rapport_nudges_suppressed_total",
	"rapport_timing_checks_total", "rapport_polls_decided_total", "rapport_poll_votes_total",
	"rapport_scheduler_job_runs_total", "rapport_scheduler_job_failures_total", "rapport_scheduler_job_panics_total",
}

// scrape is one read of /metrics, parsed as Prometheus scrapes it.
type scrape map[string]*dto.MetricFamily

// scrape GETs /metrics from the running serve and parses the text format.
func (h *harness) scrape() scrape {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+h.env["RAPPORT_HTTP_ADDR"]+"/metrics", nil)
	if err != nil {
		h.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("GET /metrics: %v", err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("GET /metrics: %s", resp.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		h.t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// value sums the samples of family whose labels include every name=value pair of labels:
// counter and gauge values, histogram sample counts.
func (s scrape) value(family string, labels ...string) float64 {
	f, ok := s[family]
	if !ok {
		return -1
	}
	var sum float64
next:
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for i := 0; i+1 < len(labels); i += 2 {
			if have[labels[i]] != labels[i+1] {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			sum += m.GetCounter().GetValue()
		case m.Gauge != nil:
			sum += m.GetGauge().GetValue()
		case m.Histogram != nil:
			sum += float64(m.GetHistogram().GetSampleCount())
		}
	}
	return sum
}

// waitMetric scrapes until family (with labels) reaches at least want.
func (h *harness) waitMetric(want float64, family string, labels ...string) {
	h.t.Helper()
	what := fmt.Sprintf("%s%v ≥ %v", family, labels, want)
	h.waitUntil(what, func() bool { return h.scrape().value(family, labels...) >= want })
}

// metricsConfig is fastNudges with the launch checkpoints seconds apart and the test feeds.
func (h *harness) metricsConfig(feedURLs ...string) {
	var feeds strings.Builder
	for _, u := range feedURLs {
		fmt.Fprintf(&feeds, "  - {url: %q, markets: [FR]}\n", u)
	}
	h.config(`
cadence:
  by_status: {active: 2s, prospect: 8s, alumni: 1h}
nudges:
  every: 1s
  repeat: 1h
  quiet_hours: ""
  weekends: true
  budget_per_week: 8
launch:
  checks: [6s, 4s]
  poll_at: 4s
  poll_deadline: 2s
  watch_from: 1s
  watch_every: 1s
  dispatch_every: 1s
scheduler:
  lease_ttl: 1s
network: {allow_hosts: [127.0.0.1]}
feeds:
` + feeds.String())
}

// TestMetricsMoveWhenTheirEventsHappen runs the real serve and scrapes /metrics after each
// event: every family is served, and each one moves when its event happens.
func TestMetricsMoveWhenTheirEventsHappen(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.metricsConfig(h.newsServer()...)
	h.importFixtures()
	// An active relationship without an owner: due after 2 s, held back as no_owner and
	// escalated to its backup.
	h.importFile("influencers", h.writeFile("orphan.csv", "handle,name,backup,status\norphan.studio,Orphan Studio,U0LENA,active\n"))
	launch := h.clock.Now().Add(time.Hour)
	h.importFile("campaigns", h.writeFile("camp.csv", "campaign,brand,handle,launch_at,timezone,markets,channel\nSpring Glow,Lumière,ava.moreau,"+
		launch.UTC().Format(time.RFC3339)+",Europe/Paris,FR,"+testChannel+"\n"))
	store, err := redisstore.Open(h.redis.URL(), redisstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = store.Close() }()
	camp, err := store.FindCampaign(context.Background(), "spring glow")
	if err != nil {
		t.Fatal(err)
	}
	camp.Approvers = []string{"U0PRIYA"}
	if err := store.SaveCampaign(context.Background(), camp); err != nil {
		t.Fatal(err)
	}
	h.serve()

	// The bot counts a connection on Slack's hello, a moment after the fake sees it open.
	h.waitMetric(replicaConnections, "rapport_socket_connections")
	first := h.scrape()
	for _, f := range alwaysServed {
		if _, ok := first[f]; !ok {
			t.Errorf("/metrics lacks %s", f)
		}
	}
	if got := first.value("rapport_socket_connections"); got != replicaConnections {
		t.Errorf("rapport_socket_connections = %v, want %d", got, replicaConnections)
	}
	h.waitMetric(1, "rapport_scheduler_leader")
	h.waitMetric(1, "rapport_scheduler_job_runs_total", "job", "nudges")
	if first.value("rapport_slack_api_calls_total", "method", "auth.test") < 1 || first.value("rapport_slack_api_calls_total", "method", "apps.connections.open") < 1 {
		t.Error("rapport_slack_api_calls_total does not count auth.test and apps.connections.open")
	}

	t.Run("a slash command is acked and answered", func(t *testing.T) {
		_, card := h.slash("U0PRIYA", "/influencer", "ava.moreau")
		contains(t, "card", card.PlainText(), "Ava Moreau")
		// The fake Slack has the answer a moment before the handler returns and counts it.
		h.waitMetric(1, "rapport_envelope_ack_seconds", "type", "slash_commands")
		h.waitMetric(1, "rapport_command_seconds", "command", "/influencer", "subcommand", "lookup")
	})

	t.Run("the search index reads the roster once, then only what changed", func(t *testing.T) {
		_, found := h.slash("U0PRIYA", "/influencer", "find ava")
		contains(t, "find", found.PlainText(), "Ava Moreau")
		full := h.scrape().value("rapport_roster_index_reads_total", "kind", "full")
		if full < 1 {
			t.Fatalf("rapport_roster_index_reads_total{kind=full} = %v after a find, want at least 1", full)
		}
		_, logged := h.slash("U0PRIYA", "/influencer", "log ava.moreau email today Index check")
		contains(t, "log", logged.PlainText(), "Ava Moreau")
		_, again := h.slash("U0PRIYA", "/influencer", "find ava")
		contains(t, "find again", again.PlainText(), "Ava Moreau")
		after := h.scrape()
		if got := after.value("rapport_roster_index_reads_total", "kind", "full"); got != full {
			t.Errorf("a logged contact made the index read the whole roster again (%v full reads, was %v)", got, full)
		}
		if after.value("rapport_roster_index_reads_total", "kind", "update") < 1 {
			t.Error("the logged contact was not read as an update")
		}
	})

	t.Run("nudges are sent, escalated and held back", func(t *testing.T) {
		h.clock.Advance(3 * time.Second)
		h.expect("priya's digest", func(m slackfake.Message) bool { return m.Kind == slackfake.KindDM && m.User == "U0PRIYA" })
		h.expect("lena hears about the orphan", func(m slackfake.Message) bool {
			return m.Kind == slackfake.KindDM && m.User == "U0LENA" && strings.Contains(m.PlainText(), "Orphan Studio")
		})
		h.waitMetric(1, "rapport_nudges_sent_total")
		h.waitMetric(1, "rapport_nudges_escalated_total")
		h.waitMetric(1, "rapport_nudges_suppressed_total", "reason", "no_owner")
		// The next run holds priya's relationships back: she was nudged within the hour.
		h.waitMetric(1, "rapport_nudges_suppressed_total", "reason", "repeat_not_elapsed")
	})

	t.Run("a timing check through a 429 occupies a handler", func(t *testing.T) {
		h.slack.Inject429("chat.postMessage", 1, time.Second)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		it, err := h.slack.SlashCommand(ctx, slackfake.SlashCommand{User: "U0PRIYA", Channel: testChannel, Command: "/campaign", Text: "check Spring Glow"})
		if err != nil {
			t.Fatal(err)
		}
		// The handler waits out Retry-After holding its slot.
		h.waitMetric(1, "rapport_handlers", "state", "running")
		answer, err := it.WaitResponse(ctx)
		if err != nil {
			t.Fatalf("no answer: %v\nlogs:\n%s", err, h.logs)
		}
		contains(t, "check answer", answer.PlainText(), "Posted the timing check")
		h.expect("the check", func(m slackfake.Message) bool {
			return m.Kind == slackfake.KindPost && strings.Contains(m.PlainText(), "Timing check on request for Spring Glow")
		})
		for _, c := range []struct {
			family string
			labels []string
		}{
			{"rapport_timing_checks_total", []string{"level", "red", "trigger", "on_request"}},
			{"rapport_command_seconds", []string{"command", "/campaign", "subcommand", "check"}},
			{"rapport_slack_api_calls_total", []string{"method", "chat.postMessage"}},
			{"rapport_slack_api_errors_total", []string{"method", "chat.postMessage"}},
			{"rapport_slack_api_rate_limited_total", []string{"method", "chat.postMessage"}},
		} {
			h.waitMetric(1, c.family, c.labels...)
		}
	})

	t.Run("a poll opens, takes a vote and decides", func(t *testing.T) {
		_, msg := h.slash("U0PRIYA", "/campaign", "poll Spring Glow")
		contains(t, "poll answer", msg.PlainText(), "Posted the go/no-go poll")
		pollMsg := h.expect("the poll", func(m slackfake.Message) bool {
			return m.Kind == slackfake.KindPost && strings.Contains(m.PlainText(), "Go / no-go: Spring Glow")
		})
		h.waitMetric(1, "rapport_polls_opened_total")
		h.click("U0PRIYA", pollMsg, render.ActionPollGo)
		h.expect("tally update", func(m slackfake.Message) bool {
			return m.Kind == slackfake.KindUpdate && m.TS == pollMsg.TS && strings.Contains(m.PlainText(), "*Go* (1)")
		})
		h.waitMetric(1, "rapport_poll_votes_total", "choice", "go")
		h.waitMetric(1, "rapport_envelope_ack_seconds", "type", "interactive")
		// At the deadline the poll closes; the checks passed on the way run late.
		h.clock.Set(launch.Add(-2 * time.Second))
		h.expect("the decision", func(m slackfake.Message) bool {
			return m.Kind == slackfake.KindPost && strings.Contains(m.PlainText(), "Go/no-go for Spring Glow: go")
		})
		h.waitMetric(1, "rapport_polls_decided_total", "outcome", "go")
		h.waitMetric(1, "rapport_timing_checks_total", "trigger", "scheduled")
	})

	t.Run("socket mode reconnects", func(t *testing.T) {
		if n := h.slack.RefreshAll(); n != replicaConnections {
			t.Fatalf("refreshed %d connections, want %d", n, replicaConnections)
		}
		h.waitMetric(replicaConnections, "rapport_socket_reconnects_total")
		h.waitMetric(replicaConnections, "rapport_socket_connections")
	})

	t.Run("redis errors are counted and leadership lapses while redis is down", func(t *testing.T) {
		h.redis.Stop()
		h.waitMetric(1, "rapport_redis_errors_total")
		// Unable to renew its lease, the replica stops leading.
		h.waitUntil("rapport_scheduler_leader 0", func() bool { return h.scrape().value("rapport_scheduler_leader") == 0 })
		h.redis.Start()
		h.waitMetric(1, "rapport_scheduler_leader")
	})

	last := h.scrape()
	for _, f := range append(alwaysServed, servedAfterEvents...) {
		if _, ok := last[f]; !ok {
			t.Errorf("/metrics lacks %s after every event", f)
		}
	}
}
