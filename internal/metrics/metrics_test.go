package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
)

func newMetrics(t *testing.T) (*Metrics, *prometheus.Registry) {
	t.Helper()
	reg := prometheus.NewRegistry()
	m, err := New(reg)
	if err != nil {
		t.Fatal(err)
	}
	return m, reg
}

// family returns the gathered family named name, failing the test when it is missing.
func family(t *testing.T, reg prometheus.Gatherer, name string) *dto.MetricFamily {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() == name {
			return f
		}
	}
	t.Fatalf("no family %s", name)
	return nil
}

func TestEachMethodMovesItsFamily(t *testing.T) {
	m, reg := newMetrics(t)
	for _, tt := range []struct {
		name   string
		family string
		event  func()
	}{
		{"ack", "rapport_envelope_ack_seconds", func() { m.EnvelopeAcked("slash_commands", time.Millisecond) }},
		{"command", "rapport_command_seconds", func() { m.CommandAnswered("/influencer", "lookup", 20*time.Millisecond) }},
		{"reconnect", "rapport_socket_reconnects_total", m.SocketReconnected},
		{"redis", "rapport_redis_errors_total", func() { m.RedisError("get") }},
		{"nudge sent", "rapport_nudges_sent_total", m.NudgeSent},
		{"nudge failed", "rapport_nudges_failed_total", m.NudgeFailed},
		{"nudge escalated", "rapport_nudges_escalated_total", m.NudgeEscalated},
		{"nudges suppressed", "rapport_nudges_suppressed_total", func() { m.NudgesSuppressed("quiet_hours", 3) }},
		{"timing check", "rapport_timing_checks_total", func() { m.TimingChecked("red", "scheduled") }},
		{"poll opened", "rapport_polls_opened_total", m.PollOpened},
		{"poll decided", "rapport_polls_decided_total", func() { m.PollDecided("go") }},
		{"vote", "rapport_poll_votes_total", func() { m.VoteCast("go") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := total(t, reg, tt.family)
			tt.event()
			if after := total(t, reg, tt.family); after <= before {
				t.Errorf("%s stayed at %v", tt.family, after)
			}
		})
	}
}

// total sums a family's counters, or its histograms' sample counts; 0 for a vector that
// has no series yet.
func total(t *testing.T, reg prometheus.Gatherer, name string) float64 {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			switch {
			case m.Counter != nil:
				sum += m.GetCounter().GetValue()
			case m.Histogram != nil:
				sum += float64(m.GetHistogram().GetSampleCount())
			case m.Gauge != nil:
				sum += m.GetGauge().GetValue()
			}
		}
	}
	return sum
}

func TestWatchReadsLiveStateAtScrape(t *testing.T) {
	m, reg := newMetrics(t)
	conns, leading, running, waiting := 0, false, 0, 0
	jobs := map[string]JobRuns{}
	if err := m.Watch(Live{
		Connections: func() int { return conns },
		Leader:      func() bool { return leading },
		Lanes: func() []Lane {
			return []Lane{{Name: "quick", Running: running, Waiting: waiting}, {Name: "general", Running: 1}}
		},
		Jobs:        func() map[string]JobRuns { return jobs },
		RosterIndex: func() IndexReads { return IndexReads{Full: 1, Updates: 4, Profiles: 10003} },
	}); err != nil {
		t.Fatal(err)
	}
	if got := total(t, reg, "rapport_scheduler_leader"); got != 0 {
		t.Errorf("leader before leading = %v", got)
	}
	conns, leading, running, waiting = 2, true, 3, 1
	jobs["nudges"] = JobRuns{Runs: 5, Failures: 2}
	const want = `
# HELP rapport_handlers Request handlers after their ack, by lane: running (holding one of the lane's bounded slots) or waiting for a slot (the queue depth).
# TYPE rapport_handlers gauge
rapport_handlers{lane="general",state="running"} 1
rapport_handlers{lane="general",state="waiting"} 0
rapport_handlers{lane="quick",state="running"} 3
rapport_handlers{lane="quick",state="waiting"} 1
# HELP rapport_roster_index_profiles_read_total Influencer profiles the search index read and analysed, by full reads and updates.
# TYPE rapport_roster_index_profiles_read_total counter
rapport_roster_index_profiles_read_total 10003
# HELP rapport_roster_index_reads_total Reads of the store by the search index: full (the whole roster) or update (only what the change feed names).
# TYPE rapport_roster_index_reads_total counter
rapport_roster_index_reads_total{kind="full"} 1
rapport_roster_index_reads_total{kind="update"} 4
# HELP rapport_scheduler_job_failures_total Runs of each scheduled job that returned an error, timeouts included.
# TYPE rapport_scheduler_job_failures_total counter
rapport_scheduler_job_failures_total{job="nudges"} 2
# HELP rapport_scheduler_leader 1 while this replica holds the scheduler lease and runs the scheduled jobs, else 0.
# TYPE rapport_scheduler_leader gauge
rapport_scheduler_leader 1
# HELP rapport_socket_connections Socket Mode connections open now.
# TYPE rapport_socket_connections gauge
rapport_socket_connections 2
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want),
		"rapport_handlers", "rapport_roster_index_profiles_read_total", "rapport_roster_index_reads_total", "rapport_scheduler_job_failures_total", "rapport_scheduler_leader", "rapport_socket_connections"); err != nil {
		t.Error(err)
	}
	if err := m.Watch(Live{Leader: func() bool { return true }}); err == nil {
		t.Error("a second Watch of the same family did not fail")
	}
}

func TestNewRegistersGoAndProcessCollectors(t *testing.T) {
	_, reg := newMetrics(t)
	family(t, reg, "go_goroutines")
	family(t, reg, "process_start_time_seconds")
	if _, err := New(reg); err == nil {
		t.Error("registering twice on one registry did not fail")
	}
}

func TestHandlerServesTextFormat(t *testing.T) {
	m, _ := newMetrics(t)
	m.PollOpened()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), "rapport_polls_opened_total 1") {
		t.Errorf("scrape lacks the poll counter:\n%s", body)
	}
}
