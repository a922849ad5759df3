package blocks

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/blockkit"
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
	if err := blockkit.ValidateMessage(m.Text, raw); err != nil {
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
		t.Fatalf("%v (run go test ./internal/blocks -update to create it)", err)
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
	texts, err := blockkit.MrkdwnTexts(raw)
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

func month(y int, m time.Month) time.Time { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC) }

func TestProfileCardGolden(t *testing.T) {
	k := rapport.Known
	in := rapport.Influencer{
		Handle: "ava.moreau", Name: "Ava Moreau", Markets: []string{"FR", "GB"}, Tags: []string{"beauty", "skincare"},
		Owner: "U0PRIYA", Backup: "U0LENA", Status: rapport.StatusActive,
		Contact: rapport.Contact{Name: "Jules Petit", Role: "manager", Email: "jules@talent.example"},
	}
	snaps := []rapport.Snapshot{
		{Platform: rapport.Instagram, AsOf: month(2026, 9), Followers: k(182000), AvgLikes: k(5000), AvgComments: k(300)},
		{Platform: rapport.Instagram, AsOf: month(2026, 10), Followers: k(184500), AvgLikes: k(5200), AvgComments: k(310), AvgShares: k(90)},
		{Platform: rapport.YouTube, AsOf: month(2026, 10), Followers: k(1.25e6), AvgViews: k(210000), AvgLikes: k(9100), AvgComments: k(640)},
		{Platform: rapport.TikTok, AsOf: month(2026, 10), Followers: k(48000)},
	}
	golden(t, "profile_card", ProfileCard(in, snaps))
}

func TestProfileCardEscapesUserText(t *testing.T) {
	in := rapport.Influencer{
		Handle: "mallory", Name: "<!channel> & friends", Tags: []string{"<https://evil.example|click>"},
		Contact: rapport.Contact{Name: "<@U123>"},
	}
	m := ProfileCard(in, nil)
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

func TestProfileCardStaysWithinLimits(t *testing.T) {
	long := strings.Repeat("x&<", 2000)
	in := rapport.Influencer{Handle: "h", Name: long, Markets: []string{long}, Tags: []string{long, long},
		Contact: rapport.Contact{Name: long, Role: long, Email: long}}
	var snaps []rapport.Snapshot
	for i := range 12 {
		snaps = append(snaps, rapport.Snapshot{Platform: rapport.Platform(strings.Repeat("p", 30) + string(rune('a'+i))), AsOf: month(2026, 10), Followers: rapport.Known(1000)})
	}
	m := ProfileCard(in, snaps)
	raw, _ := json.Marshal(m.Blocks)
	if err := blockkit.ValidateMessage(m.Text, raw); err != nil {
		t.Fatalf("oversized input produced invalid blocks: %v", err)
	}
	if !strings.Contains(string(raw), "and 4 more platforms") {
		t.Error("platforms beyond the limit are not summarised")
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
