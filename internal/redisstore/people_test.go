package redisstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// Every per-influencer key the package writes is one Forget deletes: a new key added
// without joining personKeys would outlive an erasure.
func TestPersonKeysListsEveryInfluencerKey(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	uses := regexp.MustCompile(`infKey\([^,()]+,\s*"([^"]+)"\)`)
	found := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range uses.FindAllSubmatch(src, -1) {
			found[string(m[1])] = f
		}
	}
	if len(found) == 0 {
		t.Fatal("found no infKey calls; has the helper been renamed?")
	}
	for suffix, file := range found {
		if !slices.Contains(personKeys(), suffix) {
			t.Errorf("%s writes inf:{id}:%s, which is not in personKeys: Forget would leave it behind", file, suffix)
		}
	}
}

func TestRedactMentions(t *testing.T) {
	terms := []string{"ava.moreau", "Ava Moreau"}
	tests := []struct{ in, want string }{
		{"influencers ava.moreau, thriftwithtilly", "influencers [erased], thriftwithtilly"},
		{"influencers thriftwithtilly, ava.moreau", "influencers thriftwithtilly, [erased]"},
		{"asked @Ava.Moreau and AVA MOREAU.", "asked [erased] and [erased]."},
		{"ava.moreau,ava.moreau", "[erased],[erased]"},
		{"handed to ava.moreau.", "handed to [erased]."},
		{"ava.moreau2 and xava.moreau and ava.moreau.fr", "ava.moreau2 and xava.moreau and ava.moreau.fr"},
		{"lavande", "lavande"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := RedactMentions(tt.in, terms); got != tt.want {
			t.Errorf("RedactMentions(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A person with every kind of data, sharing two campaigns with another, is erased; the
// campaigns and the other person stay whole.
func TestForgetErasesEveryTraceAndKeepsTheCampaigns(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	tilly := rapport.Influencer{Handle: "thriftwithtilly", Name: "Tilly Evans", Owner: "U0PRIYA", Status: rapport.StatusActive}
	a := ava()
	a.Contact = rapport.Contact{Name: "Claire Dubois", Role: "Agent", Email: "claire@maison-talent.example"}
	if _, err := s.UpsertInfluencers(ctx, []rapport.Influencer{a, tilly}, now); err != nil {
		t.Fatal(err)
	}
	snap := rapport.Snapshot{Handle: "ava.moreau", Platform: rapport.Instagram, AsOf: now.AddDate(0, -1, 0), Followers: rapport.Known(1000)}
	if _, err := s.UpsertSnapshots(ctx, []rapport.Snapshot{snap}); err != nil {
		t.Fatal(err)
	}
	// A past campaign from a results sheet, and one planned in Slack naming both, whose
	// copies beside each participant carry the influencer list once re-imported.
	past := rapport.Campaign{ID: "winter-glow", Name: "Winter Glow", Start: now.AddDate(0, -3, 0)}
	planned := rapport.Campaign{ID: "spring-launch", Name: "Spring Launch", LaunchAt: now.Add(72 * time.Hour), TimeZone: "Europe/Paris",
		Channel: "C0LAUNCH01", Influencers: []string{"ava.moreau", "thriftwithtilly"}, Approvers: []string{"U0PRIYA"}}
	if err := s.CreateCampaign(ctx, planned); err != nil {
		t.Fatal(err)
	}
	var recs []rapport.CampaignRecord
	for _, c := range []rapport.Campaign{past, planned} {
		for _, h := range []string{"ava.moreau", "thriftwithtilly"} {
			recs = append(recs, rapport.CampaignRecord{Campaign: rapport.Campaign{ID: c.ID, Name: c.Name, Start: c.Start},
				Participation: rapport.Participation{CampaignID: c.ID, Handle: h, Spend: rapport.Known(500), Notes: "good"}})
		}
	}
	if _, err := s.UpsertCampaignRecords(ctx, recs); err != nil {
		t.Fatal(err)
	}
	for _, e := range []rapport.AuditEntry{
		{At: now, By: "U0PRIYA", Subject: rapport.CampaignSubject(planned.ID), Action: "edited", Detail: "influencers ava.moreau, thriftwithtilly"},
		{At: now.Add(time.Minute), By: "U0PRIYA", Subject: rapport.CampaignSubject(planned.ID), Action: "cancelled"},
		{At: now, By: "U0PRIYA", Subject: rapport.InfluencerSubject("ava.moreau"), Action: "paused", Detail: "by Ava Moreau's request"},
	} {
		if err := s.AppendAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	tp := rapport.Touchpoint{ID: "t1", Handle: "ava.moreau", Kind: rapport.KindCall, At: now.Add(-time.Hour), By: "U0PRIYA", Note: "rates"}
	if _, err := s.LogTouchpoint(ctx, tp, 14*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LogTouchpoint(ctx, rapport.Touchpoint{ID: "t2", Handle: "thriftwithtilly", Kind: rapport.KindDM, At: now.Add(-time.Hour)}, 14*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.Snooze(ctx, "ava.moreau", now.Add(7*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkNudged(ctx, []string{"ava.moreau"}, now); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkEscalated(ctx, []string{"ava.moreau"}, now); err != nil {
		t.Fatal(err)
	}
	traces := []string{"ava.moreau", "Ava Moreau", "Claire Dubois", "maison-talent"}
	rdb := srv.Client()
	if got := mentions(t, rdb, traces); len(got) < 8 {
		t.Fatalf("the seeded data mentions the person in only %d places:\n%s", len(got), strings.Join(got, "\n"))
	}

	for _, by := range []string{"ava.moreau", "@Ava.Moreau herself", "Ava Moreau"} {
		if _, err := s.Forget(ctx, "ava.moreau", by, now); !errors.Is(err, ErrErasedNamesThePerson) {
			t.Errorf("Forget by %q = %v, want ErrErasedNamesThePerson", by, err)
		}
	}
	e, err := s.Forget(ctx, "ava.moreau", "U0LENA", now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := Erasure{Keys: len(personKeys()), IndexEntries: 3, Campaigns: 2, Copies: 1, AuditEntries: 1}
	if e != want {
		t.Errorf("erasure = %+v, want %+v", e, want)
	}
	if left := mentions(t, rdb, traces); len(left) > 0 {
		t.Errorf("after Forget the person is still named in:\n%s", strings.Join(left, "\n"))
	}

	if _, err := s.Profile(ctx, "ava.moreau"); !errors.Is(err, ErrNotFound) {
		t.Errorf("profile after Forget: %v, want ErrNotFound", err)
	}
	c, err := s.Campaign(ctx, planned.ID)
	if err != nil {
		t.Fatalf("the campaign went with the person: %v", err)
	}
	if !slices.Equal(c.Influencers, []string{"thriftwithtilly"}) || !slices.Equal(c.Approvers, planned.Approvers) {
		t.Errorf("campaign after Forget = %+v", c)
	}
	p, err := s.Profile(ctx, "thriftwithtilly")
	if err != nil || len(p.Campaigns) != 2 || p.LastTouchpoint == nil {
		t.Fatalf("the other participant's card = %+v, %v", p, err)
	}
	for _, r := range p.Campaigns {
		if r.Campaign.ID == planned.ID && !slices.Equal(r.Campaign.Influencers, []string{"thriftwithtilly"}) {
			t.Errorf("the other participant's copy still lists %v", r.Campaign.Influencers)
		}
	}
	history, err := s.Audit(ctx, rapport.CampaignSubject(planned.ID), 10)
	if err != nil || len(history) != 2 || history[1].Detail != "influencers [erased], thriftwithtilly" || history[0].Action != "cancelled" {
		t.Errorf("campaign history after Forget = %+v, %v", history, err)
	}
	if ids, _, _ := s.DueIDs(ctx, now.AddDate(1, 0, 0), 10); !slices.Equal(ids, []string{"thriftwithtilly"}) {
		t.Errorf("due index after Forget = %v", ids)
	}
	dels, err := s.Audit(ctx, DeletionsSubject, 10)
	if err != nil || len(dels) != 1 || dels[0].By != "U0LENA" || !dels[0].At.Equal(now.Add(time.Hour)) {
		t.Fatalf("deletions audit = %+v, %v", dels, err)
	}

	if _, err := s.Forget(ctx, "ava.moreau", "U0LENA", now); !errors.Is(err, ErrNotFound) {
		t.Errorf("forgetting again: %v, want ErrNotFound", err)
	}
	for _, bad := range []string{"", "a{b}", "*"} {
		if _, err := s.Forget(ctx, bad, "U0LENA", now); err == nil {
			t.Errorf("Forget(%q) was accepted", bad)
		}
	}
	if _, err := s.Forget(ctx, "thriftwithtilly", " ", now); err == nil {
		t.Error("Forget without anyone asking was accepted")
	}
}

// mentions lists every place in the whole keyspace — key names and the values of strings,
// hashes, sets, sorted sets, lists and streams — that contains one of needles, ignoring case.
func mentions(t *testing.T, rdb *redis.Client, needles []string) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	iter := rdb.Scan(ctx, 0, "*", 100).Iterator()
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
					out = append(out, fmt.Sprintf("%s: %q", k, text))
				}
			}
		}
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
