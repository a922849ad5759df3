package app

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/config"
	"github.com/rapport-bot/rapport/internal/demo/sample"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
)

// store opens the harness's Redis as `rapport serve` would, closed when the test ends.
func (h *harness) store() *redisstore.Store {
	h.t.Helper()
	s, err := redisstore.Open(h.redis.URL(), redisstore.Options{})
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { _ = s.Close() })
	return s
}

// seedPerson loads the demo's data and gives sample.HandleDeclining every kind of data a
// person can have: snooze, nudges and an escalation, a relationship audit trail, a campaign
// planned in Slack that names her without a participation, and a campaign history that
// mentions her.
func seedPerson(t *testing.T, h *harness) *redisstore.Store {
	t.Helper()
	ctx := context.Background()
	now := h.clock.Now()
	store := h.store()
	cfg, err := config.LoadStorage(h.getenv)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loadSample(ctx, store, cfg.Settings, now); err != nil {
		t.Fatal(err)
	}
	ava := sample.HandleDeclining
	preview := rapport.Campaign{ID: "autumn-preview", Name: "Autumn Preview", Brand: sample.Brand, LaunchAt: now.AddDate(0, 2, 0),
		TimeZone: "Europe/Paris", Influencers: []string{ava, sample.HandleNiche}, CreatedBy: sample.UserPriya}
	steps := []error{
		store.SaveCampaign(ctx, preview),
		store.Snooze(ctx, ava, now.Add(7*24*time.Hour)),
		store.MarkNudged(ctx, []string{ava}, now.Add(-time.Hour)),
		store.MarkEscalated(ctx, []string{ava}, now.Add(-time.Hour)),
		store.AddWeekCount(ctx, sample.UserPriya+"|2026-W01", 3),
		store.AppendAudit(ctx, rapport.AuditEntry{At: now, By: sample.UserPriya, Subject: rapport.InfluencerSubject(ava),
			Action: "snoozed", Detail: "for 1 week"}),
		store.AppendAudit(ctx, rapport.AuditEntry{At: now, By: sample.UserPriya, Subject: rapport.CampaignSubject(preview.ID),
			Action: "edited", Detail: "influencers " + ava + ", " + sample.HandleNiche}),
	}
	if err := errors.Join(steps...); err != nil {
		t.Fatal(err)
	}
	return store
}

// traces are what names sample.HandleDeclining: her handle, her name, her agent's name and
// address.
var traces = []string{sample.HandleDeclining, "Ava Moreau", "Claire Dubois", "claire@maison-talent.example"}

func TestExportHoldsEveryKindOfData(t *testing.T) {
	h := newHarness(t)
	store := seedPerson(t, h)
	file := filepath.Join(t.TempDir(), "ava.jsonl")
	out, err := h.run("export", "--handle", "@Ava.Moreau", "--out", file)
	if err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	contains(t, "export", out, "exported 1 influencer (", "to "+file)
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode = %v, %v; want 0600", fi.Mode(), err)
	}
	lines := readExport(t, file)
	kinds := map[string]int{}
	for _, l := range lines {
		kinds[l.Type]++
		if l.Influencer != sample.HandleDeclining {
			t.Errorf("a line of Ava's export is about %q", l.Influencer)
		}
	}
	for _, k := range []string{lineProfile, lineSnapshot, lineTouchpoint, lineCampaign, lineRelationship, lineAudit} {
		if kinds[k] == 0 {
			t.Errorf("the export has no %q line; kinds: %v", k, kinds)
		}
	}
	if kinds[lineProfile] != 1 || kinds[lineRelationship] != 1 {
		t.Errorf("want one profile and one relationship line, got %v", kinds)
	}
	p, err := store.Profile(context.Background(), sample.HandleDeclining)
	if err != nil {
		t.Fatal(err)
	}
	_, touches, _ := store.Touchpoints(context.Background(), sample.HandleDeclining, 0, 1)
	if kinds[lineSnapshot] != len(p.Snapshots) || kinds[lineTouchpoint] != touches || kinds[lineCampaign] != len(p.Campaigns)+1 {
		t.Errorf("export kinds %v, want %d snapshots, %d touchpoints, %d campaigns (one planned in Slack)",
			kinds, len(p.Snapshots), touches, len(p.Campaigns)+1)
	}
	for _, l := range lines {
		switch {
		case l.Type == lineProfile && (l.Profile == nil || l.Profile.Contact.Name != "Claire Dubois"):
			t.Errorf("profile line without the contact: %+v", l.Profile)
		case l.Type == lineRelationship && (l.Relationship == nil || l.Relationship.SnoozedUntil.IsZero() ||
			l.Relationship.LastNudged.IsZero() || l.Relationship.IgnoredNudges != 1 || l.Relationship.Due.IsZero()):
			t.Errorf("relationship line without due, snooze or nudges: %+v", l.Relationship)
		case l.Type == lineCampaign && l.Campaign.ID == "autumn-preview" && l.Participation != nil:
			t.Errorf("the campaign planned in Slack has a participation: %+v", l.Participation)
		case l.Type == lineCampaign && l.Campaign.ID != "autumn-preview" && l.Participation == nil:
			t.Errorf("campaign %s without Ava's part in it", l.Campaign.ID)
		}
	}

	// Everyone, on standard output.
	out, err = h.run("export")
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	ins, _ := sample.Roster(h.clock.Now())
	if n := strings.Count(out, `{"type":"profile"`); n != len(ins) {
		t.Errorf("export of everyone has %d profiles, want %d", n, len(ins))
	}

	var ue *UsageError
	for _, args := range [][]string{{"export", "extra"}, {"export", "--handle", "no spaces"}} {
		if _, err := h.run(args...); !errors.As(err, &ue) {
			t.Errorf("%v = %v, want a usage error", args, err)
		}
	}
	out, err = h.run("export", "--handle", "nobody.here", "--out", file+".2")
	if err == nil || !strings.Contains(err.Error(), `no influencer called "nobody.here"`) {
		t.Errorf("export of an unknown handle = %v\n%s", err, out)
	}
	if _, err := os.Stat(file + ".2"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed export left its file behind: %v", err)
	}
}

// Forgetting a person leaves no key and no value in Redis that names them, keeps the
// campaigns and the anonymous counters, and records who asked and when, without the name.
func TestForgetLeavesNoTraceOfThePerson(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	store := seedPerson(t, h)
	rdb := h.redis.Client()
	before := keyspaceMentions(t, rdb, traces)
	if len(before) < 10 {
		t.Fatalf("the seeded data names the person in only %d places:\n%s", len(before), strings.Join(before, "\n"))
	}
	roster, err := store.Directory(ctx)
	if err != nil {
		t.Fatal(err)
	}

	var ue *UsageError
	for _, args := range [][]string{
		{"forget", sample.HandleDeclining},
		{"forget", sample.HandleDeclining, "--by", "  "},
		{"forget", "--by", "U0LENA"},
		{"forget", sample.HandleDeclining, sample.HandleNiche, "--by", "U0LENA"},
		{"forget", "ava moreau", "--by", "U0LENA"},
		{"forget", sample.HandleDeclining, "--by", "Ava Moreau"},
	} {
		out, err := h.run(args...)
		if !errors.As(err, &ue) || ExitCode(err) != 2 {
			t.Errorf("%q = %v, want a usage error\n%s", args, err, out)
		}
	}
	if _, err := store.Profile(ctx, sample.HandleDeclining); err != nil {
		t.Fatalf("a refused forget removed the person: %v", err)
	}

	out, err := h.run("forget", sample.HandleDeclining, "--by", "U0LENA")
	if err != nil {
		t.Fatalf("forget: %v\n%s", err, out)
	}
	contains(t, "forget", out, "Erased ava.moreau: 7 records", "Recorded in the audit of erasures", "done by U0LENA")

	if left := keyspaceMentions(t, rdb, traces); len(left) > 0 {
		t.Errorf("after forget the person is still named in:\n%s", strings.Join(left, "\n"))
	}
	dels, err := store.Audit(ctx, redisstore.DeletionsSubject, 10)
	if err != nil || len(dels) != 1 || dels[0].By != "U0LENA" || !dels[0].At.Equal(h.clock.Now().Truncate(time.Millisecond)) {
		t.Fatalf("audit of erasures = %+v, %v", dels, err)
	}

	// Everything else stays: the rest of the roster, the campaigns without her, counters.
	after, err := store.Directory(ctx)
	if err != nil || len(after) != len(roster)-1 {
		t.Errorf("roster after forget: %d of %d, %v", len(after), len(roster), err)
	}
	launch, err := store.FindCampaign(ctx, sample.CampaignUpcoming)
	if err != nil {
		t.Fatalf("the upcoming campaign went with her: %v", err)
	}
	if len(launch.Influencers) != 2 || slices.Contains(launch.Influencers, sample.HandleDeclining) || len(launch.Approvers) != 2 {
		t.Errorf("upcoming campaign after forget = %+v", launch)
	}
	preview, err := store.Campaign(ctx, "autumn-preview")
	if err != nil || !slices.Equal(preview.Influencers, []string{sample.HandleNiche}) {
		t.Errorf("campaign planned in Slack after forget = %+v, %v", preview, err)
	}
	history, err := store.Audit(ctx, rapport.CampaignSubject("autumn-preview"), 10)
	if err != nil || len(history) != 1 || history[0].Detail != "influencers [erased], "+sample.HandleNiche {
		t.Errorf("campaign history after forget = %+v, %v", history, err)
	}
	if counts, err := store.WeekCounts(ctx, []string{sample.UserPriya + "|2026-W01"}); err != nil || counts[sample.UserPriya+"|2026-W01"] != 3 {
		t.Errorf("nudge budget counter after forget = %v, %v", counts, err)
	}
	if p, err := store.Profile(ctx, "thriftwithtilly"); err != nil || len(p.Campaigns) == 0 {
		t.Errorf("another participant lost her campaigns: %+v, %v", p.Campaigns, err)
	}

	out, err = h.run("forget", sample.HandleDeclining, "--by", "U0LENA")
	if err == nil || ExitCode(err) != 1 || !strings.Contains(err.Error(), "nothing is held about") {
		t.Errorf("forgetting again = %v\n%s", err, out)
	}
	if _, err := h.run("export", "--handle", sample.HandleDeclining); err == nil {
		t.Error("export after forget found the person")
	}
}

// readExport parses an export file's lines.
func readExport(t *testing.T, path string) []exportLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	var out []exportLine
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var l exportLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("export line %d is not JSON: %v\n%s", len(out)+1, err, sc.Text())
		}
		if l.Type == "" {
			t.Errorf("export line %d has no type: %s", len(out)+1, sc.Text())
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// keyspaceMentions lists every place in Redis — key names and the values of strings,
// hashes, sets, sorted sets, lists and streams — containing one of needles, ignoring case.
func keyspaceMentions(t *testing.T, rdb *redis.Client, needles []string) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	iter := rdb.Scan(ctx, 0, "*", 200).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		texts := []string{k}
		switch typ := rdb.Type(ctx, k).Val(); typ {
		case "string":
			texts = append(texts, rdb.Get(ctx, k).Val())
		case "hash":
			for f, v := range rdb.HGetAll(ctx, k).Val() {
				texts = append(texts, f, v)
			}
		case "set":
			texts = append(texts, rdb.SMembers(ctx, k).Val()...)
		case "zset":
			texts = append(texts, rdb.ZRange(ctx, k, 0, -1).Val()...)
		case "list":
			texts = append(texts, rdb.LRange(ctx, k, 0, -1).Val()...)
		case "stream":
			for _, m := range rdb.XRange(ctx, k, "-", "+").Val() {
				for f, v := range m.Values {
					texts = append(texts, f, fmt.Sprint(v))
				}
			}
		default:
			t.Errorf("key %s has type %q, which this check cannot read", k, typ)
		}
		for _, text := range texts {
			for _, n := range needles {
				if strings.Contains(strings.ToLower(text), strings.ToLower(n)) {
					out = append(out, fmt.Sprintf("%s: %.200q", k, text))
				}
			}
		}
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
