package rapport

import (
	"testing"
	"time"
)

func TestCampaignID(t *testing.T) {
	tests := map[string]string{
		"Spring Glow '26":  "spring-glow-26",
		"  Été  Solaire! ": "été-solaire",
		"A--B":             "a-b",
		"!!!":              "",
	}
	for in, want := range tests {
		if got := CampaignID(in); got != want {
			t.Errorf("CampaignID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCampaignTiming(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	launch := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	if !(Campaign{Start: start}).Upcoming(now) {
		t.Error("future start should be upcoming")
	}
	if (Campaign{Start: start, LaunchAt: launch}).Upcoming(now) {
		t.Error("launch time wins over start")
	}
	if (Campaign{}).Upcoming(now) {
		t.Error("undated campaign is not upcoming")
	}
}

func TestCPE(t *testing.T) {
	if v, ok := (Participation{Spend: Known(5000), Engagements: Known(20000)}).CPE(); !ok || v != 0.25 {
		t.Errorf("CPE = %v, %v", v, ok)
	}
	if _, ok := (Participation{Spend: Known(5000), Engagements: Known(0)}).CPE(); ok {
		t.Error("CPE with zero engagements")
	}
	if _, ok := (Participation{Engagements: Known(10)}).CPE(); ok {
		t.Error("CPE with unknown spend")
	}
}
