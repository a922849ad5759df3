package launch

import (
	"testing"
	"time"
)

func TestLateLabel(t *testing.T) {
	onTime := Checkpoint{CampaignID: "spring-glow", Kind: Check, Offset: 24 * time.Hour, At: before(24 * time.Hour), Due: before(24 * time.Hour)}
	plannedLate := onTime
	plannedLate.Due = before(10 * time.Hour)

	tests := []struct {
		name string
		cp   Checkpoint
		now  time.Time
		late time.Duration
		want string
	}{
		{"on time", onTime, before(24 * time.Hour), 0, ""},
		{"within tolerance of the dispatcher's tick", onTime, before(24*time.Hour - 40*time.Second), 0, ""},
		{"reached after downtime", onTime, before(21 * time.Hour), 3 * time.Hour, "running 3 hours late: Rapport was offline at T-24h"},
		{"planned after its time, run when planned", plannedLate, before(10 * time.Hour), 14 * time.Hour, "T-24h had passed when this launch was planned, so this check runs now, 10 hours before launch"},
		{"planned late and then delayed by downtime", plannedLate, before(8 * time.Hour), 16 * time.Hour, "running 16 hours late: Rapport was offline at T-24h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LateBy(tt.cp, tt.now); got != tt.late {
				t.Errorf("LateBy = %v, want %v", got, tt.late)
			}
			if got := LateLabel(tt.cp, tt.now); got != tt.want {
				t.Errorf("LateLabel = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHumanDuration(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{time.Second, "1 second"}, {45 * time.Second, "45 seconds"}, {61 * time.Second, "1 minute"},
		{59 * time.Minute, "59 minutes"}, {time.Hour, "1 hour"}, {90 * time.Minute, "1 hour 30 minutes"},
		{3*time.Hour + 59*time.Second, "3 hours"}, {14*time.Hour + 50*time.Minute, "14 hours"},
		{47 * time.Hour, "47 hours"}, {50 * time.Hour, "2 days"},
	} {
		if got := HumanDuration(tt.d); got != tt.want {
			t.Errorf("HumanDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
