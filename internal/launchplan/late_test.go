package launchplan

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
		{"late by under two hours, in minutes", onTime, before(22*time.Hour + 30*time.Minute), 90 * time.Minute, "running 90 minutes late: Rapport was offline at T-24h"},
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
