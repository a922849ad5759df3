package launchplan

import (
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestResolve(t *testing.T) {
	cancelled := campaign()
	cancelled.Cancelled = true
	later := campaign()
	later.LaunchAt = launchAt.Add(day)
	hourlyChecks := noWatch()
	hourlyChecks.Checks = []time.Duration{72 * time.Hour, 2 * time.Hour}

	tests := []struct {
		name string
		key  string
		due  time.Time
		c    rapport.Campaign
		p    Policy
		now  time.Time
		want Verdict
	}{
		{"a check at its time runs", "spring-glow|check|86400", before(24 * time.Hour), campaign(), noWatch(), before(24 * time.Hour), Run},
		{"a check reached after downtime runs, late", "spring-glow|check|86400", before(24 * time.Hour), campaign(), noWatch(), before(20 * time.Hour), Run},
		{"an older check reached after downtime is superseded by the later one", "spring-glow|check|259200", before(72 * time.Hour), campaign(), noWatch(), before(20 * time.Hour), SkipSuperseded},
		{"a watch tick behind a later due tick is superseded", "spring-glow|watch|7200", before(2 * time.Hour), campaign(), DefaultPolicy(), before(time.Hour), SkipSuperseded},
		{"the latest watch tick runs", "spring-glow|watch|3600", before(time.Hour), campaign(), DefaultPolicy(), before(59 * time.Minute), Run},
		{"a poll reached before its deadline runs", "spring-glow|poll|7200", before(2 * time.Hour), campaign(), noWatch(), before(time.Hour), Run},
		{"a poll reached after its deadline is dropped", "spring-glow|poll|7200", before(2 * time.Hour), campaign(), noWatch(), before(10 * time.Minute), SkipPollDeadline},
		{"the poll deadline still runs after launch", "spring-glow|poll_close|1800", before(30 * time.Minute), campaign(), noWatch(), launchAt.Add(time.Hour), Run},
		{"a check after launch is dropped", "spring-glow|check|7200", before(2 * time.Hour), campaign(), noWatch(), launchAt, SkipLaunched},
		{"a cancelled campaign's checks are dropped", "spring-glow|check|7200", before(2 * time.Hour), cancelled, noWatch(), before(2 * time.Hour), SkipCancelled},
		{"a deleted campaign's checks are dropped", "spring-glow|check|7200", before(2 * time.Hour), rapport.Campaign{}, noWatch(), before(2 * time.Hour), SkipNoCampaign},
		{"a check the policy no longer has is dropped", "spring-glow|check|86400", before(24 * time.Hour), campaign(), hourlyChecks, before(24 * time.Hour), SkipUnplanned},
		{"a check left at the old time of a launch moved later goes back in the queue", "spring-glow|check|86400", before(24 * time.Hour), later, noWatch(), before(24 * time.Hour), Reschedule},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cp, v, err := Resolve(tt.key, tt.due, tt.c, tt.p, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			if v != tt.want {
				t.Fatalf("Resolve = %s (%s), want %s", v, v.Reason(), tt.want)
			}
			if cp.Key() != tt.key {
				t.Errorf("checkpoint key = %q, want %q", cp.Key(), tt.key)
			}
			if v == Reschedule && !cp.Due.Equal(later.LaunchAt.Add(-cp.Offset)) {
				t.Errorf("rescheduled to %v, want the new launch − offset", cp.Due)
			}
		})
	}
}

func TestResolveRejectsBadInput(t *testing.T) {
	if _, _, err := Resolve("garbage", launchAt, campaign(), DefaultPolicy(), launchAt); err == nil {
		t.Error("a bad key resolved")
	}
	other := campaign()
	other.ID = "autumn"
	if _, _, err := Resolve("spring-glow|check|7200", launchAt, other, DefaultPolicy(), launchAt); err == nil {
		t.Error("a key resolved against another campaign")
	}
}
