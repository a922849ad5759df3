package launchplan

import (
	"errors"
	"testing"
	"time"
)

func TestKeyRoundTrip(t *testing.T) {
	for _, cp := range []Checkpoint{
		{CampaignID: "spring-glow", Kind: Check, Offset: 24 * time.Hour},
		{CampaignID: "spring-glow", Kind: PollClose, Offset: 30 * time.Minute},
		{CampaignID: "été-2026", Kind: Watch, Offset: 7 * day},
		{CampaignID: "a|b", Kind: Poll, Offset: 0}, // split from the right
	} {
		key := cp.Key()
		got, err := ParseKey(key)
		if err != nil || got != cp {
			t.Errorf("ParseKey(%q) = %+v, %v; want %+v", key, got, err, cp)
		}
	}
	if got := (Checkpoint{CampaignID: "spring-glow", Kind: Check, Offset: 24 * time.Hour}).Key(); got != "spring-glow|check|86400" {
		t.Errorf("Key = %q, want spring-glow|check|86400", got)
	}
}

func TestParseKeyRejectsGarbage(t *testing.T) {
	for _, key := range []string{
		"", "spring-glow", "spring-glow|check", "|check|60", "spring-glow|nudge|60",
		"spring-glow|check|-60", "spring-glow|check|1h", "spring-glow|check|", "spring-glow|check|99999999999999999999",
	} {
		if cp, err := ParseKey(key); !errors.Is(err, ErrBadKey) {
			t.Errorf("ParseKey(%q) = %+v, %v; want ErrBadKey", key, cp, err)
		}
	}
}

func TestSlotFollowsTheLaunch(t *testing.T) {
	cp := Checkpoint{CampaignID: "spring-glow", Kind: Check, Offset: 24 * time.Hour, At: before(24 * time.Hour)}
	if got, want := cp.Slot(), "launch|spring-glow|check|86400|1796054400"; got != want {
		t.Errorf("Slot = %q, want %q", got, want)
	}
	moved := cp
	moved.At = moved.At.Add(time.Hour)
	if moved.Slot() == cp.Slot() {
		t.Error("a moved launch reuses the old slot: its check would be taken as done")
	}
}

func TestNamesAndOffsetLabels(t *testing.T) {
	for _, tt := range []struct {
		off  time.Duration
		want string
	}{
		{72 * time.Hour, "T-72h"}, {2 * time.Hour, "T-2h"}, {30 * time.Minute, "T-30m"},
		{90 * time.Minute, "T-1h30m"}, {45 * time.Second, "T-45s"}, {7 * day, "T-7d"},
		{8 * day, "T-8d"}, {7*day + time.Hour, "T-169h"}, {0, "launch"},
	} {
		if got := OffsetLabel(tt.off); got != tt.want {
			t.Errorf("OffsetLabel(%v) = %q, want %q", tt.off, got, tt.want)
		}
	}
	for _, tt := range []struct {
		cp   Checkpoint
		want string
	}{
		{Checkpoint{Kind: Check, Offset: 24 * time.Hour}, "T-24h check"},
		{Checkpoint{Kind: Poll, Offset: 2 * time.Hour}, "go/no-go poll"},
		{Checkpoint{Kind: PollClose, Offset: 30 * time.Minute}, "poll deadline"},
		{Checkpoint{Kind: Watch, Offset: 96 * time.Hour}, "T-96h news watch"},
	} {
		if got := tt.cp.Name(); got != tt.want {
			t.Errorf("Name(%v) = %q, want %q", tt.cp.Kind, got, tt.want)
		}
	}
}
