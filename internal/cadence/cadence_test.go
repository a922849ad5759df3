package cadence

import (
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestDefaultDefaults(t *testing.T) {
	d := DefaultDefaults()
	want := map[rapport.Status]struct {
		cadence time.Duration
		due     bool
	}{
		rapport.StatusActive:       {14 * day, true},
		rapport.StatusProspect:     {30 * day, true},
		rapport.StatusAlumni:       {90 * day, true},
		rapport.StatusPaused:       {0, false},
		rapport.StatusDoNotContact: {0, false},
	}
	for _, st := range rapport.Statuses {
		got, ok := CadenceFor(rapport.Influencer{Status: st}, "", d)
		if got != want[st].cadence || ok != want[st].due {
			t.Errorf("%s: CadenceFor = %v, %v; want %v, %v", st, got, ok, want[st].cadence, want[st].due)
		}
	}
}

func TestCadenceFor(t *testing.T) {
	d := Defaults{
		ByStatus: map[rapport.Status]time.Duration{
			rapport.StatusActive: 14 * day, rapport.StatusAlumni: 90 * day, rapport.StatusPaused: 30 * day,
		},
		ByTier: map[string]time.Duration{"mega": 7 * day, "nano": 21 * day},
	}
	tests := []struct {
		name    string
		in      rapport.Influencer
		tier    string
		want    time.Duration
		wantDue bool
	}{
		{"status default", rapport.Influencer{Status: rapport.StatusActive}, "", 14 * day, true},
		{"tier tighter than status wins", rapport.Influencer{Status: rapport.StatusActive}, "mega", 7 * day, true},
		{"status tighter than tier wins", rapport.Influencer{Status: rapport.StatusActive}, "nano", 14 * day, true},
		{"tighter wins for alumni too", rapport.Influencer{Status: rapport.StatusAlumni}, "mega", 7 * day, true},
		{"tier alone", rapport.Influencer{Status: rapport.StatusProspect}, "mega", 7 * day, true},
		{"unknown tier falls back to status", rapport.Influencer{Status: rapport.StatusActive}, "micro", 14 * day, true},
		{"override wins even when longer", rapport.Influencer{Status: rapport.StatusActive, Cadence: 60 * day}, "mega", 60 * day, true},
		{"override of seconds", rapport.Influencer{Status: rapport.StatusProspect, Cadence: 90 * time.Second}, "", 90 * time.Second, true},
		{"nothing configured", rapport.Influencer{Status: rapport.StatusProspect}, "", 0, false},
		{"paused is never due despite a config entry", rapport.Influencer{Status: rapport.StatusPaused}, "mega", 0, false},
		{"paused is never due despite an override", rapport.Influencer{Status: rapport.StatusPaused, Cadence: day}, "", 0, false},
		{"do-not-contact is never due", rapport.Influencer{Status: rapport.StatusDoNotContact, Cadence: day}, "mega", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := CadenceFor(tt.in, tt.tier, d)
			if got != tt.want || ok != tt.wantDue {
				t.Errorf("CadenceFor = %v, %v; want %v, %v", got, ok, tt.want, tt.wantDue)
			}
		})
	}
	if got, ok := CadenceFor(rapport.Influencer{Status: rapport.StatusActive}, "mega", Defaults{}); ok || got != 0 {
		t.Errorf("empty Defaults: CadenceFor = %v, %v; want never due", got, ok)
	}
}

func TestDue(t *testing.T) {
	last := utc(2026, 11, 17, 10, 0)
	added := utc(2026, 10, 1, 9, 0)
	tests := []struct {
		name    string
		last    time.Time
		cadence time.Duration
		created time.Time
		want    time.Time
	}{
		{"last interaction plus cadence", last, 14 * day, added, utc(2026, 12, 1, 10, 0)},
		{"never contacted: one cadence after joining", time.Time{}, 14 * day, added, utc(2026, 10, 15, 9, 0)},
		{"seconds-long cadence", last, 90 * time.Second, added, utc(2026, 11, 17, 10, 1).Add(30 * time.Second)},
		{"no cadence: never due", last, 0, added, time.Time{}},
		{"no clock to start: never due", time.Time{}, 14 * day, time.Time{}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Due(tt.last, tt.cadence, tt.created); !got.Equal(tt.want) {
				t.Errorf("Due = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestNextLastContact(t *testing.T) {
	latest := utc(2026, 11, 17, 10, 0)
	tests := []struct {
		name         string
		current, new time.Time
		want         time.Time
	}{
		{"first contact", time.Time{}, latest, latest},
		{"newer contact moves the clock", latest, latest.Add(day), latest.Add(day)},
		{"backdated contact leaves it", latest, latest.Add(-3 * day), latest},
		{"same instant leaves it", latest, latest, latest},
	}
	for _, tt := range tests {
		if got := nextLastContact(tt.current, tt.new); !got.Equal(tt.want) {
			t.Errorf("%s: nextLastContact = %v; want %v", tt.name, got, tt.want)
		}
	}
}
