package render

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// TestDurationsReadAlike pins how the upkeep and campaign surfaces word a length of time:
// every one goes through internal/wording, so the same length reads the same everywhere and
// a figure computed a moment before it is shown keeps its value.
func TestDurationsReadAlike(t *testing.T) {
	now := time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)
	yesterdayNoon := time.Date(2026, 11, 19, 12, 0, 0, 0, time.UTC)
	ava := rapport.Influencer{Handle: "ava.moreau", Name: "Ava Moreau", Owner: "U0PRIYA"}
	call := func(at time.Time) *rapport.Touchpoint {
		return &rapport.Touchpoint{Kind: rapport.KindCall, At: at, By: "U0PRIYA"}
	}
	home := func(overdue, dueSoon, recent []HomeRow) string {
		raw, err := json.Marshal(Home("U0PRIYA", overdue, dueSoon, recent, now))
		if err != nil {
			t.Fatal(err)
		}
		return string(raw)
	}
	texts := func(m Message) string { return m.Text + "\n" + strings.Join(mrkdwnTexts(t, m), "\n") }
	launch := rapport.Campaign{Name: "Spring Glow", Start: now, LaunchAt: now.Add(72*time.Hour - 59*time.Second)}
	launched := launch
	launched.LaunchAt = now.Add(-30 * time.Hour)

	tests := []struct {
		name, got string
		want      []string
	}{
		{"next contact after a 14-day cadence logged yesterday",
			texts(TouchpointSaved(ava, rapport.Touchpoint{Kind: rapport.KindCall, At: yesterdayNoon}, yesterdayNoon, yesterdayNoon.Add(14*24*time.Hour), now)),
			[]string{"(in 13 days)"}},
		{"next contact already past", texts(TouchpointSaved(ava, rapport.Touchpoint{Kind: rapport.KindCall, At: yesterdayNoon}, yesterdayNoon, now.Add(-time.Hour), now)),
			[]string{"(overdue)"}},
		{"a launch seconds short of 72 hours", texts(CampaignCard(launch, "", "", now)), []string{"launches in 3 days"}},
		{"a launch a day and a half ago", texts(CampaignCard(launched, "", "", now)), []string{"launched 30 hours ago"}},
		{"the latest timing check", RiskNote("amber", now.Add(-90*time.Minute), now), []string{"*AMBER*, 90 minutes ago"}},
		{"stale list", texts(Stale([]StaleRow{
			{Influencer: ava, Due: now.Add(-3 * 24 * time.Hour), LastContact: now.Add(-17 * 24 * time.Hour)},
			{Influencer: ava, Due: now.Add(-10 * time.Second), LastContact: now.Add(-14 * 24 * time.Hour)},
			{Influencer: ava, Due: now.Add(5 * time.Hour), LastContact: now.Add(-400 * 24 * time.Hour)},
		}, now, "you")), []string{"*overdue 3 days*", "last contact 17 days ago", "*due now*", "due in 5 hours", "last contact 13 months ago"}},
		{"App Home", home(
			[]HomeRow{{Influencer: ava, Due: now.Add(-50 * time.Hour), LastContact: call(now.Add(-16 * 24 * time.Hour))}},
			[]HomeRow{{Influencer: ava, Due: now.Add(36 * time.Hour)}},
			[]HomeRow{{Influencer: ava, LastContact: call(time.Date(2026, 11, 17, 12, 0, 0, 0, time.UTC))}},
		), []string{"overdue 2 days", "last call 16 days ago", "due in 36 hours", "last call 3 days ago"}},
		{"contact history", texts(History(ava, []rapport.Touchpoint{*call(now.Add(-20 * time.Second))}, 1, now)),
			[]string{": 1 contact", "just now — call"}},
	}
	for _, tt := range tests {
		for _, w := range tt.want {
			if !strings.Contains(tt.got, w) {
				t.Errorf("%s: no %q in\n%s", tt.name, w, tt.got)
			}
		}
	}
}

// TestTruncateKeepsMarkupWhole: a cut never splits a link, a mention or an entity.
func TestTruncateKeepsMarkupWhole(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"see <https://news.example/a-long-story|the story> now", 20, "see…"},
		{"ping <@U0PRIYA> today", 10, "ping…"},
		{"cats &amp; dogs", 7, "cats…"},
		{"cats &amp; dogs", 12, "cats &amp;…"},
		{"a <b> c", 6, "a <b>…"},
		{"plain text that is long", 10, "plain tex…"},
		{"short", 10, "short"},
	}
	for _, tt := range tests {
		if got := Truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
