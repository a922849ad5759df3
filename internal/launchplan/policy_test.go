package launchplan

import (
	"strings"
	"testing"
	"time"
)

func TestPolicyValidate(t *testing.T) {
	if err := DefaultPolicy().Validate(); err != nil {
		t.Fatalf("default policy: %v", err)
	}
	tests := []struct {
		name string
		edit func(p *Policy)
		want string
	}{
		{"negative check", func(p *Policy) { p.Checks = []time.Duration{-time.Hour} }, "checks[0] -1h0m0s must be a positive time"},
		{"duplicate check", func(p *Policy) { p.Checks = []time.Duration{time.Hour, time.Hour} }, "checks[1] 1h0m0s is listed twice"},
		{"fractional seconds", func(p *Policy) { p.Checks = []time.Duration{1500 * time.Millisecond} }, "not a whole number of seconds"},
		{"deadline before the poll", func(p *Policy) { p.PollDeadline = 3 * time.Hour }, "poll_deadline (3h0m0s before launch) must come after poll_at"},
		{"watch without interval", func(p *Policy) { p.WatchEvery = 0 }, "watch_every 0s must be positive"},
		{"watch too often", func(p *Policy) { p.WatchEvery = time.Minute }, "makes 10080 scans"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultPolicy()
			tt.edit(&p)
			err := p.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate = %v, want …%s…", err, tt.want)
			}
		})
	}
}

func TestSecondsLongPolicy(t *testing.T) {
	p := Policy{Checks: []time.Duration{30 * time.Second, 20 * time.Second, 10 * time.Second}, PollAt: 10 * time.Second,
		PollDeadline: 5 * time.Second, WatchFrom: time.Minute, WatchEvery: 15 * time.Second}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	c := campaign()
	now := launchAt.Add(-2 * time.Minute)
	got := describe(t, Plan(c, p, now), launchAt, now)
	want := "watch T-1m, watch T-45s, check T-30s, watch T-30s, check T-20s, watch T-15s, check T-10s, poll T-10s, poll_close T-5s"
	if got != want {
		t.Errorf("Plan =\n  %s\nwant\n  %s", got, want)
	}
}
