package app

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/slackfake"
)

func (h *harness) importCampaigns() {
	h.t.Helper()
	h.importFile("campaigns", h.fixture("campaigns.csv.tmpl"))
}

// click presses a button of msg as user and waits for the bot's answer to it, if any.
func (h *harness) click(user string, msg slackfake.Message, actionID string) *slackfake.Interaction {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	it, err := h.slack.Click(ctx, slackfake.Click{User: user, Message: &msg, ActionID: actionID})
	if err != nil {
		h.t.Fatalf("click %s: %v\nlogs:\n%s", actionID, err, h.logs)
	}
	if it.AckLatency > ackBudget {
		h.t.Errorf("click ack took %v", it.AckLatency)
	}
	return it
}

func (h *harness) expect(what string, match func(slackfake.Message) bool) slackfake.Message {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m, err := h.slack.ExpectMessage(ctx, match)
	if err != nil {
		h.t.Fatalf("expected %s: %v\nlogs:\n%s", what, err, h.logs)
	}
	return m
}

func TestCardShowsCampaignsAndShares(t *testing.T) { storyCardCampaignsAndShare(t, newHarness(t)) }

// storyCardCampaignsAndShare checks that the card lists the upcoming launch at its local
// time and past campaigns with their outcome, and shares to the channel.
func storyCardCampaignsAndShare(t *testing.T, h *harness) {
	h.env["RAPPORT_CONFIG"] = filepath.Join("..", "..", "manifests", "config.example.yaml")
	h.importFixtures()
	h.importCampaigns()
	h.serve()

	_, card := h.slash("U0PRIYA", "/influencer", "ava.moreau")
	launch := h.localTime(72*time.Hour, "Europe/Paris").Format("2 Jan 2006 15:04 MST") // as campaigns.csv.tmpl has it
	contains(t, "card", card.PlainText(), "Campaigns with Lumière Skincare", "Upcoming", "Spring Launch", launch,
		"Winter Glow", "spend EUR 5,000", "CPE EUR 0.42", "★★★★☆", "Fast replies &amp; &lt;great&gt; content")

	h.click("U0PRIYA", card, render.ActionShareCard)
	shared := h.expect("the shared card", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindPost && m.Channel == testChannel
	})
	contains(t, "shared card", shared.PlainText(), "Shared by <@U0PRIYA>", "Ava Moreau")
	if strings.Contains(string(shared.Blocks), render.ActionShareCard) {
		t.Error("the public copy offers to share again")
	}
	if rej := h.slack.Rejections(); len(rej) > 0 {
		t.Errorf("Slack rejected payloads: %+v", rej)
	}
	h.noMoreMessages()
}

func TestTrendChartIsUploadedAsPNG(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	h.serve()
	_, card := h.slash("U0PRIYA", "/influencer", "ava.moreau")
	h.click("U0PRIYA", card, render.ActionTrendChart)
	h.expect("the chart upload", func(m slackfake.Message) bool { return m.Kind == slackfake.KindFile })
	files := h.slack.Files()
	if len(files) != 1 {
		t.Fatalf("%d files uploaded, want 1", len(files))
	}
	f := files[0]
	if f.Channel != testChannel || !strings.Contains(f.Title, "Ava Moreau") {
		t.Errorf("file %q shared to %q", f.Title, f.Channel)
	}
	img, err := png.Decode(bytes.NewReader(f.Bytes))
	if err != nil {
		t.Fatalf("upload is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 800 {
		t.Errorf("chart is %dx%d, want 1200x800", b.Dx(), b.Dy())
	}
}

func TestAllCampaignsModal(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	// Seven past campaigns for one influencer: more than the card shows.
	var csv strings.Builder
	csv.WriteString("campaign,handle,start,spend,engagements,rating,notes\n")
	for i := range 7 {
		fmt.Fprintf(&csv, "Drop %d,ava.moreau,%s,1000,%d,3,note %d\n", i+1, h.date(30*(i-8)), 1000*(i+1), i)
	}
	h.importFile("campaigns", h.writeFile("camps.csv", csv.String()))
	h.serve()
	_, card := h.slash("U0PRIYA", "/influencer", "ava.moreau")
	contains(t, "card", card.PlainText(), "Show all 7 campaigns", "…and 2 earlier")
	h.click("U0PRIYA", card, render.ActionAllCampaigns)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	v, err := h.slack.ExpectView(ctx, func(v slackfake.View) bool { return v.CallbackID == render.ViewAllCampaigns })
	if err != nil {
		t.Fatalf("no campaigns modal: %v\nlogs:\n%s", err, h.logs)
	}
	for i := range 7 {
		contains(t, "modal", string(v.JSON), fmt.Sprintf("Drop %d", i+1))
	}
}

func TestFindFiltersPagesAndExplainsMistakes(t *testing.T) {
	h := newHarness(t)
	// 25 food creators with falling follower counts, plus the fixtures.
	var ins, mets strings.Builder
	ins.WriteString("handle,name,markets,tags,status\n")
	mets.WriteString("handle,platform,as_of,followers,posts,avg_likes,avg_comments\n")
	for i := range 25 {
		handle := fmt.Sprintf("chef%02d", i)
		fmt.Fprintf(&ins, "%s,Chef %02d,IT,food,active\n", handle, i)
		for _, d := range []string{h.date(-80), h.date(-50), h.date(-20)} {
			fmt.Fprintf(&mets, "%s,instagram,%s,%d,10,%d,10\n", handle, d, 20000+i*100, 400+i*10)
		}
	}
	h.importFixtures()
	h.importFile("influencers", h.writeFile("ins.csv", ins.String()))
	h.importFile("metrics", h.writeFile("mets.csv", mets.String()))
	h.serve()

	_, page1 := h.slash("U0PRIYA", "/influencer", "find tag:food market:IT")
	contains(t, "page 1", page1.PlainText(), "25 influencers match", "showing 1–10", "Chef 24", "More")
	if strings.Contains(page1.PlainText(), "Chef 14") {
		t.Error("page 1 shows a row of page 2")
	}
	it := h.click("U0PRIYA", page1, render.ActionFindMore)
	page2, err := it.WaitResponse(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !page2.ReplaceOriginal {
		t.Error("More should replace the results in place")
	}
	contains(t, "page 2", page2.PlainText(), "showing 11–20", "Chef 14")
	it = h.click("U0PRIYA", page2, render.ActionFindMore)
	page3, _ := it.WaitResponse(context.Background())
	contains(t, "page 3", page3.PlainText(), "showing 21–25", "Chef 00")
	if strings.Contains(string(page3.Blocks), render.ActionFindMore) {
		t.Error("last page still offers More")
	}

	// A row's Profile button opens the card.
	it = h.click("U0PRIYA", page3, render.ActionFindProfile)
	prof, _ := it.WaitResponse(context.Background())
	contains(t, "profile from results", prof.PlainText(), "@chef0")

	_, beauty := h.slash("U0PRIYA", "/influencer", "find tag:beauty")
	contains(t, "tag search", beauty.PlainText(), "1 influencer matches", "Ava Moreau")

	for _, tt := range []struct{ query, want string }{
		{"find er>abc", "is not a number"},
		{"find foo:bar", "foo:"},
		{"find " + strings.Repeat("x", 500), "keep it under 200"},
		{"find tag:nothing-like-this", "No influencer matches"},
	} {
		_, msg := h.slash("U0PRIYA", "/influencer", tt.query)
		contains(t, tt.query[:min(len(tt.query), 30)], msg.PlainText(), tt.want)
	}
	if rej := h.slack.Rejections(); len(rej) > 0 {
		t.Errorf("Slack rejected payloads: %+v", rej)
	}
}

func TestCompare(t *testing.T) { storyCompare(t, newHarness(t)) }

// storyCompare checks that compare shows both creators' engagement now and the latest
// finished campaign.
func storyCompare(t *testing.T, h *harness) {
	h.importFixtures()
	h.importCampaigns()
	h.serve()
	_, msg := h.slash("U0PRIYA", "/influencer", "compare @ava.moreau kai_plays")
	contains(t, "comparison", msg.PlainText(), "Compare: Ava Moreau · Kai Tanaka", "*Instagram*", "*Twitch*",
		"ER/followers *2.97%*", "Winter Glow", "none yet")
	_, msg = h.slash("U0PRIYA", "/influencer", "compare ava.moreau ava.moreu")
	contains(t, "typo in compare", msg.PlainText(), "No influencer called “ava.moreu”", "Did you mean")
	_, msg = h.slash("U0PRIYA", "/influencer", "compare ava.moreau @AVA.MOREAU")
	contains(t, "same twice", msg.PlainText(), "twice")
	_, msg = h.slash("U0PRIYA", "/influencer", "compare ava.moreau")
	contains(t, "one handle", msg.PlainText(), "two or three handles")
	h.noMoreMessages()
}
