package metrics

import (
	"errors"
	"sort"

	"github.com/prometheus/client_golang/prometheus"
)

// IndexReads are the search index's reads of the store since the process started.
type IndexReads struct{ Full, Updates, Profiles int64 }

// JobRuns are one scheduled job's counters on this replica since it started.
type JobRuns struct{ Runs, Failures, Panics int64 }

// Live reads state that other packages own, at scrape time. A nil func leaves its family
// out.
type Live struct {
	// Connections is how many Socket Mode connections are open (rapport_socket_connections).
	Connections func() int
	// Leader reports whether this replica holds the scheduler lease (rapport_scheduler_leader).
	Leader func() bool
	// Lanes are the work queues after the ack: in each, how many request handlers run and
	// how many wait for a slot (rapport_handlers{lane, state="running"|"waiting"}).
	Lanes func() []Lane
	// RosterIndex is how often the search index read the whole roster and caught up on
	// changes, and how many profiles it read (rapport_roster_index_reads_total{kind},
	// rapport_roster_index_profiles_read_total).
	RosterIndex func() IndexReads
	// Jobs are the scheduled jobs' counters by job name
	// (rapport_scheduler_job_{runs,failures,panics}_total).
	Jobs func() map[string]JobRuns
}

// Watch registers the families that read l. Call it once.
func (m *Metrics) Watch(l Live) error {
	var cs []prometheus.Collector
	if l.Connections != nil {
		cs = append(cs, prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "rapport_socket_connections",
			Help: "Socket Mode connections open now.",
		}, func() float64 { return float64(l.Connections()) }))
	}
	if l.Leader != nil {
		cs = append(cs, prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "rapport_scheduler_leader",
			Help: "1 while this replica holds the scheduler lease and runs the scheduled jobs, else 0.",
		}, func() float64 {
			if l.Leader() {
				return 1
			}
			return 0
		}))
	}
	if l.Lanes != nil {
		cs = append(cs, &handlersCollector{read: l.Lanes, desc: prometheus.NewDesc("rapport_handlers",
			"Request handlers after their ack, by lane: running (holding one of the lane's bounded slots) or waiting for a slot (the queue depth).",
			[]string{"lane", "state"}, nil)})
	}
	if l.RosterIndex != nil {
		cs = append(cs, &indexCollector{read: l.RosterIndex,
			reads: prometheus.NewDesc("rapport_roster_index_reads_total",
				"Reads of the store by the search index: full (the whole roster) or update (only what the change feed names).", []string{"kind"}, nil),
			profiles: prometheus.NewDesc("rapport_roster_index_profiles_read_total",
				"Influencer profiles the search index read and analysed, by full reads and updates.", nil, nil),
		})
	}
	if l.Jobs != nil {
		cs = append(cs, &jobsCollector{read: l.Jobs,
			runs:     prometheus.NewDesc("rapport_scheduler_job_runs_total", "Runs of each scheduled job started on this replica.", []string{"job"}, nil),
			failures: prometheus.NewDesc("rapport_scheduler_job_failures_total", "Runs of each scheduled job that returned an error, timeouts included.", []string{"job"}, nil),
			panics:   prometheus.NewDesc("rapport_scheduler_job_panics_total", "Runs of each scheduled job that panicked.", []string{"job"}, nil),
		})
	}
	var errs []error
	for _, c := range cs {
		errs = append(errs, m.reg.Register(c))
	}
	return errors.Join(errs...)
}

// Lane is one work queue's load at an instant.
type Lane struct {
	Name             string
	Running, Waiting int
}

// handlersCollector reads every lane's counts in one call, so running and waiting come
// from the same instant.
type handlersCollector struct {
	read func() []Lane
	desc *prometheus.Desc
}

func (c *handlersCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *handlersCollector) Collect(ch chan<- prometheus.Metric) {
	for _, l := range c.read() {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(l.Running), l.Name, "running")
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(l.Waiting), l.Name, "waiting")
	}
}

// jobsCollector turns the scheduler's own counters into counters; job names are the fixed
// names the jobs are registered under.
type jobsCollector struct {
	read                   func() map[string]JobRuns
	runs, failures, panics *prometheus.Desc
}

func (c *jobsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.runs
	ch <- c.failures
	ch <- c.panics
}

func (c *jobsCollector) Collect(ch chan<- prometheus.Metric) {
	jobs := c.read()
	names := make([]string, 0, len(jobs))
	for name := range jobs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		j := jobs[name]
		ch <- prometheus.MustNewConstMetric(c.runs, prometheus.CounterValue, float64(j.Runs), name)
		ch <- prometheus.MustNewConstMetric(c.failures, prometheus.CounterValue, float64(j.Failures), name)
		ch <- prometheus.MustNewConstMetric(c.panics, prometheus.CounterValue, float64(j.Panics), name)
	}
}

// indexCollector turns the search index's own counters into counters.
type indexCollector struct {
	read            func() IndexReads
	reads, profiles *prometheus.Desc
}

func (c *indexCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.reads
	ch <- c.profiles
}

func (c *indexCollector) Collect(ch chan<- prometheus.Metric) {
	r := c.read()
	ch <- prometheus.MustNewConstMetric(c.reads, prometheus.CounterValue, float64(r.Full), "full")
	ch <- prometheus.MustNewConstMetric(c.reads, prometheus.CounterValue, float64(r.Updates), "update")
	ch <- prometheus.MustNewConstMetric(c.profiles, prometheus.CounterValue, float64(r.Profiles))
}
