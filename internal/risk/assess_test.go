package risk

import (
	"encoding/json"
	"testing"
	"time"
)

// TestAssessCombined is a check on a bad day: every kind of finding at once, reasons ordered
// red first and then by text, and the level the worst of them.
func TestAssessCombined(t *testing.T) {
	h := time.Hour
	in := input(func(in *Input) {
		in.Sources = append(in.Sources,
			Source{Name: "Wire DE", URL: "https://news.example/de.rss", Kind: NewsSource, Err: "timeout"},
			Source{Name: "Team calendar", URL: "https://cal.example/team.ics", Kind: CalendarSource},
		)
		in.Matches = []Match{
			crisis("explosion", SeverityHigh, "Explosion at plant", "US", 5*h),
			crisis("explosion", SeverityHigh, "Explosion at plant", "", 5*h),
			match(SensitiveTopic, "strike", "Rail strike called", "GB", 30*h),
			match(KeywordMatch, "GlowCo", "GlowCo opens store", "GB", 70*h),
			crisis("flood", SeverityHigh, "Flood abroad", "DE", h),
			match(KeywordMatch, "GlowCo", "GlowCo recalls serum", "GB", 3*h),
			match(HarmTerm, "recalls", "GlowCo recalls serum", "GB", 3*h),
		}
		in.Volume = []VolumeSignal{{Term: "explosion", Kind: CrisisTerm, Recent: 40, Baseline: 1.5, Window: 24 * h}}
		in.Dates = []DateHit{{Market: "US", Date: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), Name: "Thanksgiving Day", Kind: PublicHoliday}}
		in.Readiness = []ReadinessItem{
			{Handle: "mia", LastContact: now.Add(-20 * day), Flags: []string{"declining"}},
			{Handle: "leo", LastContact: now.Add(-2 * day)},
		}
	})
	a := checkAssess(t, in, Red, []string{
		`red crisis: Event "explosion": 1 headline in the last 2 days; high severity; coverage spiking (40 in the last 24 hours vs. about 1.5 usually); reported by the launch markets' news (US)`,
		`red brand_harm: News about "GlowCo" with "recalls": 1 headline in the last 2 days (GB) — harm news about the brand`,
		"amber engagement_flag: Engagement flags worth a look: @mia (declining)",
		"amber public_holiday: Launch day is a public holiday in US: Thanksgiving Day (Thu 26 Nov)",
		"amber contact_overdue: Not contacted in 14 days or more: @mia (20 days)",
		`amber sensitive_topic: Sensitive topic "strike": 1 headline in the last 2 days (GB)`,
		"green sources_degraded: 1 of 3 news sources could not be read; the check used the other 2",
	})
	if ev := a.Reasons[0].Evidence; len(ev) != 1 || ev[0].URL != "https://news.example/explosion-at-plant" {
		t.Errorf("crisis evidence = %+v", ev)
	}
}

func TestAssessQuietDay(t *testing.T) {
	checkAssess(t, input(nil), Green, []string{clear})
}

func TestAssessIsDeterministic(t *testing.T) {
	in := benchInput(400)
	first := lines(Assess(in))
	for range 5 {
		if got := lines(Assess(in)); len(got) != len(first) || got[0] != first[0] || got[len(got)-1] != first[len(first)-1] {
			t.Fatalf("Assess changed its answer between runs:\n%q\n%q", first, got)
		}
	}
}

func TestLevelText(t *testing.T) {
	b, err := json.Marshal(Assessment{Level: Amber, Reasons: []Reason{{Level: Red, Rule: RuleCrisis, Text: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"level":"amber","reasons":[{"level":"red","rule":"crisis","text":"x"}]}`; string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
	var back Assessment
	if err := json.Unmarshal(b, &back); err != nil || back.Level != Amber || back.Reasons[0].Level != Red {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	var l Level
	if err := l.UnmarshalText([]byte("purple")); err == nil {
		t.Error("accepted an unknown level")
	}
	if _, err := Level(7).MarshalText(); err == nil {
		t.Error("marshalled an unknown level")
	}
	if Green >= Amber || Amber >= Red {
		t.Error("levels are not ordered")
	}
}
