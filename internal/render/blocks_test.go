package render

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/blockcheck"
	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/suggest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden checks a rendered message against testdata/name.golden.json and against Slack's
// Block Kit rules.
func golden(t *testing.T, name string, m Message) {
	t.Helper()
	raw, err := json.MarshalIndent(m.Blocks, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := blockcheck.ValidateMessage(m.Text, raw); err != nil {
		t.Errorf("%s: Slack would reject these blocks: %v", name, err)
	}
	if m.Text == "" {
		t.Errorf("%s: message has no fallback text", name)
	}
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/render -update to create it)", err)
	}
	if strings.TrimSpace(string(want)) != strings.TrimSpace(string(raw)) {
		t.Errorf("%s differs from golden file %s:\n%s", name, path, raw)
	}
}

// mrkdwnTexts returns the text of every mrkdwn object in the message's blocks.
func mrkdwnTexts(t *testing.T, m Message) []string {
	t.Helper()
	raw, err := json.Marshal(m.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	texts, err := blockcheck.MrkdwnTexts(raw)
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

func month(y int, m time.Month) time.Time { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC) }

var cardNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// monthlySnaps builds 36 monthly snapshots ending October 2026 whose ER moves from erStart
// to erEnd (per follower) and followers from fStart to fEnd.
func monthlySnaps(p rapport.Platform, fStart, fEnd, erStart, erEnd float64) []rapport.Snapshot {
	var out []rapport.Snapshot
	for i := range 36 {
		x := float64(i) / 35
		f := fStart + (fEnd-fStart)*x
		er := erStart + (erEnd-erStart)*x
		likes := f * er * 0.9
		out = append(out, rapport.Snapshot{
			Handle: "ava.moreau", Platform: p, AsOf: month(2023, time.Month(11+i)),
			Followers: rapport.Known(f), Posts: rapport.Known(12),
			AvgLikes: rapport.Known(likes), AvgComments: rapport.Known(f * er * 0.1), AvgViews: rapport.Known(f * 0.3),
		})
	}
	return out
}

func sampleCard(campaigns int) Card {
	in := rapport.Influencer{
		Handle: "ava.moreau", Name: "Ava Moreau", Markets: []string{"FR", "GB"}, Tags: []string{"beauty", "skincare"},
		Owner: "U0PRIYA", Backup: "U0LENA", Status: rapport.StatusActive,
		Contact: rapport.Contact{Name: "Jules Petit", Role: "manager", Email: "jules@talent.example"},
	}
	var snaps []rapport.Snapshot
	snaps = append(snaps, monthlySnaps(rapport.Instagram, 150000, 190000, 0.06, 0.02)...)
	snaps = append(snaps, monthlySnaps(rapport.TikTok, 20000, 48000, 0.02, 0.09)...)
	var recs []rapport.CampaignRecord
	for i := range campaigns {
		c := rapport.Campaign{ID: fmt.Sprintf("c%d", i), Name: fmt.Sprintf("Glow & <Co> %d", i), Start: cardNow.AddDate(0, -i, -3)}
		recs = append(recs, rapport.CampaignRecord{Campaign: c, Participation: rapport.Participation{
			CampaignID: c.ID, Handle: "ava.moreau", Spend: rapport.Known(5000), Reach: rapport.Known(250000),
			Engagements: rapport.Known(12000), Rating: rapport.Known(4), Notes: "Fast <replies> & great content",
		}})
	}
	if campaigns > 0 {
		up := rapport.Campaign{ID: "spring", Name: "Spring Launch", LaunchAt: cardNow.Add(72 * time.Hour), TimeZone: "Europe/Paris"}
		recs = append([]rapport.CampaignRecord{{Campaign: up, Participation: rapport.Participation{CampaignID: up.ID, Handle: "ava.moreau"}}}, recs...)
	}
	p := rapport.Profile{Influencer: in, Snapshots: snaps, Campaigns: recs}
	return Card{Profile: p, Analysis: engagement.Analyze(snaps, cardNow, engagement.DefaultBenchmarks()), Now: cardNow, Brand: "Lumière", Currency: "EUR"}
}

func TestProfileCardGolden(t *testing.T) {
	golden(t, "profile_card", ProfileCard(sampleCard(3)))
	shared := sampleCard(0)
	shared.SharedBy = "U0MARCUS"
	m := ProfileCard(shared)
	golden(t, "profile_card_shared", m)
	raw, _ := json.Marshal(m.Blocks)
	if strings.Contains(string(raw), ActionShareCard) {
		t.Error("a shared card offers to share again")
	}
}

func TestProfileCardShowsTheEvidence(t *testing.T) {
	m := ProfileCard(sampleCard(3))
	all := strings.Join(mrkdwnTexts(t, m), "\n")
	for _, want := range []string{
		"ER/followers now *2.", "1y ago", "2y ago", "3y ago", "↘", "declining", // Instagram fell
		"↗", "rising", // TikTok rose
		"ER/views now",  // video platform
		"Worth a look",  // flags
		"Spring Launch", // upcoming
		"CPE EUR 0.42",  // 5000 / 12000
		"★★★★☆",
		"Glow &amp; &lt;Co&gt;", // escaped campaign name
	} {
		if !strings.Contains(all, want) {
			t.Errorf("card lacks %q:\n%s", want, all)
		}
	}
}

func TestProfileCardEscapesUserText(t *testing.T) {
	in := rapport.Influencer{
		Handle: "mallory", Name: "<!channel> & friends", Tags: []string{"<https://evil.example|click>"},
		Contact: rapport.Contact{Name: "<@U123>"},
	}
	m := ProfileCard(Card{Profile: rapport.Profile{Influencer: in}, Now: cardNow})
	texts := strings.Join(append(mrkdwnTexts(t, m), m.Text), "\n")
	for _, bad := range []string{"<!channel>", "<https://evil", "<@U123>"} {
		if strings.Contains(texts, bad) {
			t.Errorf("user text %q reached mrkdwn unescaped", bad)
		}
	}
	if !strings.Contains(texts, "&lt;@U123&gt;") {
		t.Errorf("escaped contact missing from mrkdwn: %s", texts)
	}
	golden(t, "profile_card_escaped", m)
}

// TestProfileCardStaysWithinLimits: 6 platforms, 40 campaigns and oversized text still make
// a card Slack accepts, with the rest behind "Show all campaigns".
func TestProfileCardStaysWithinLimits(t *testing.T) {
	c := sampleCard(40)
	long := strings.Repeat("x&<", 2000)
	c.Profile.Influencer.Name, c.Profile.Influencer.Markets = long, []string{long}
	c.Profile.Influencer.Tags = []string{long, long}
	c.Profile.Influencer.Contact = rapport.Contact{Name: long, Role: long, Email: long}
	for _, p := range []rapport.Platform{rapport.YouTube, rapport.X, rapport.Twitch, rapport.Facebook} {
		c.Profile.Snapshots = append(c.Profile.Snapshots, monthlySnaps(p, 1e6, 2e6, 0.01, 0.02)...)
	}
	for i := range c.Profile.Campaigns {
		c.Profile.Campaigns[i].Participation.Notes = long
	}
	c.Analysis = engagement.Analyze(c.Profile.Snapshots, cardNow, engagement.DefaultBenchmarks())
	m := ProfileCard(c)
	raw, _ := json.Marshal(m.Blocks)
	if err := blockcheck.ValidateMessage(m.Text, raw); err != nil {
		t.Fatalf("6 platforms and 40 campaigns produced invalid blocks: %v", err)
	}
	if !strings.Contains(string(raw), ActionAllCampaigns) || !strings.Contains(string(raw), "Show all 41 campaigns") {
		t.Error("campaigns beyond the card are not one click away")
	}
	modal := AllCampaignsModal(c.Profile, cardNow, "EUR")
	rawView, _ := json.Marshal(modal)
	if err := blockcheck.ValidateViewJSON(rawView); err != nil {
		t.Fatalf("all-campaigns modal invalid: %v", err)
	}
	if got := strings.Count(string(rawView), "spend EUR 5,000"); got != 40 {
		t.Errorf("modal lists %d past campaigns, want 40", got)
	}
}

func TestHelpAndNotFoundGolden(t *testing.T) {
	golden(t, "help", Help("/influencer", []HelpEntry{{Usage: "<handle>", What: "profile card", Example: "/influencer @ava"}}))
	golden(t, "not_found_suggestions", NotFound("/influencer", "ava.moreu", []suggest.Candidate{{Handle: "ava.moreau", Name: "Ava Moreau"}, {Handle: "ava_cooks"}}))
	golden(t, "not_found_none", NotFound("/influencer", "<!here>", nil))
}

func TestFormatting(t *testing.T) {
	counts := map[float64]string{0: "0", 950: "950", 1234: "1.23K", 12345: "12.3K", 100000: "100K", 1.25e6: "1.25M", 2e6: "2M", 3.4e9: "3.4B"}
	for v, want := range counts {
		if got := Count(v); got != want {
			t.Errorf("Count(%v) = %q, want %q", v, got, want)
		}
	}
	if got := Percent(0.0345); got != "3.45%" {
		t.Errorf("Percent = %q", got)
	}
	if got := Truncate("héllo world", 6); got != "héllo…" {
		t.Errorf("Truncate = %q", got)
	}
	if got := escapeTrunc("a<b<c<d", 5); len([]rune(got)) > 5 || strings.Contains(got, "<") {
		t.Errorf("escapeTrunc = %q", got)
	}
	if got := Mention("U0PRIYA"); got != "<@U0PRIYA>" {
		t.Errorf("Mention = %q", got)
	}
	if got := Mention("<!channel>"); strings.Contains(got, "<") {
		t.Errorf("Mention let markup through: %q", got)
	}
}
