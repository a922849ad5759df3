package app

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/slackfake"
)

// newsServer serves two local RSS feeds, two independent sources, whose latest headlines,
// published a minute before each request on the harness clock, report the same crisis in
// France, and returns their URLs.
func (h *harness) newsServer() []string {
	h.t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		published := h.clock.Now().Add(-time.Minute).UTC().Format(time.RFC1123Z)
		source, headline := "Le Fil", "Strong earthquake shakes Paris region"
		if r.URL.Path == "/wire.xml" {
			source, headline = "Euro Wire", "Earthquake felt across northern France"
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%[2]s</title><link>https://news.example/</link>
<item><title>%[3]s</title><link>https://news.example%[4]s/quake</link><pubDate>%[1]s</pubDate>
<description>Buildings evacuated after the quake.</description></item>
<item><title>Markets calm ahead of the weekend</title><link>https://news.example%[4]s/markets</link><pubDate>%[1]s</pubDate></item>
</channel></rss>`, published, source, headline, strings.TrimSuffix(r.URL.Path, ".xml"))
	}))
	h.t.Cleanup(srv.Close)
	return []string{srv.URL + "/news.xml", srv.URL + "/wire.xml"}
}

// launchConfig sets checkpoints seconds apart and reads the given feeds for FR.
func (h *harness) launchConfig(feedURLs ...string) {
	h.t.Helper()
	var feeds strings.Builder
	for _, u := range feedURLs {
		fmt.Fprintf(&feeds, "  - {url: %q, markets: [FR]}\n", u)
	}
	h.config(`
launch:
  checks: [6s, 4s]
  poll_at: 4s
  poll_deadline: 2s
  watch_from: 1s
  watch_every: 1s
  dispatch_every: 1s
scheduler:
  lease_ttl: 1s
network: {allow_hosts: [127.0.0.1]} # the test news servers
feeds:
` + feeds.String())
}

// channelPosts returns every post in the test channel containing contains, claiming them
// (see noMoreMessages).
func (h *harness) channelPosts(contains string) []slackfake.Message {
	return h.slack.ClaimMessages(func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindPost && m.Channel == testChannel && strings.Contains(m.PlainText(), contains)
	})
}

func TestScheduledChecksPollAndDecision(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	storyScheduledChecksPollAndDecision(t, h)
}

// storyScheduledChecksPollAndDecision plans a launch an hour ahead, then moves the clock to
// each checkpoint in turn: two timing checks, the poll with a vote, a reminder to the
// approver who has not voted, and the decision, each posted once by two replicas.
func storyScheduledChecksPollAndDecision(t *testing.T, h *harness) {
	h.launchConfig(h.newsServer()...)
	h.importFixtures()
	launch := h.clock.Now().Add(time.Hour)
	csv := "campaign,brand,handle,launch_at,timezone,markets,channel\nSpring Glow,Lumière,ava.moreau," +
		launch.UTC().Format(time.RFC3339) + ",Europe/Paris,FR," + testChannel + "\n"
	out := h.importFile("campaigns", h.writeFile("camp.csv", csv))
	contains(t, "import", out, "timing checks scheduled for 1 planned campaigns")
	// Priya and Marcus approve this launch.
	store, err := redisstore.Open(h.redis.URL(), redisstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = store.Close() }()
	camp, err := store.FindCampaign(context.Background(), "spring glow")
	if err != nil {
		t.Fatal(err)
	}
	camp.Approvers = []string{"U0PRIYA", "U0MARCUS"}
	if err := store.SaveCampaign(context.Background(), camp); err != nil {
		t.Fatal(err)
	}
	h.serve()
	second := h.serveAnother() // two replicas: each effect still happens once

	// An hour before launch nothing is due yet.
	h.waitJobRuns("campaign-checkpoints", 1)
	if n := len(h.channelPosts("Spring Glow")); n != 0 {
		t.Fatalf("%d posts about Spring Glow an hour before its first check", n)
	}
	h.clock.Set(launch.Add(-6 * time.Second))
	first := h.expect("the T-6s check", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindPost && strings.Contains(m.PlainText(), "Timing check T-6s")
	})
	contains(t, "first check", first.PlainText(), "Spring Glow: Red* — hold the launch", "earthquake", "https://news.example/news/quake", "https://news.example/wire/quake")
	h.clock.Set(launch.Add(-4 * time.Second))
	pollMsg := h.expect("the poll", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindPost && strings.Contains(m.PlainText(), "Go / no-go: Spring Glow")
	})
	h.click("U0PRIYA", pollMsg, render.ActionPollGo)
	h.expect("tally update", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindUpdate && m.TS == pollMsg.TS && strings.Contains(m.PlainText(), "*Go* (1)")
	})
	h.clock.Set(launch.Add(-3 * time.Second)) // halfway between the poll and its deadline
	reminder := h.expect("a reminder to the approver who has not voted", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindDM && strings.Contains(m.PlainText(), "vote on *Spring Glow* is needed")
	})
	if reminder.User != "U0MARCUS" {
		t.Errorf("reminder went to %s, want U0MARCUS (priya already voted)", reminder.User)
	}
	h.clock.Set(launch.Add(-2 * time.Second))
	decision := h.expect("the decision", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindPost && strings.Contains(m.PlainText(), "Go/no-go for Spring Glow: ") && !strings.Contains(m.PlainText(), "conditional")
	})
	contains(t, "decision", decision.PlainText(), "Go/no-go for Spring Glow: no decision")
	// The news watch scans at T-1s and alerts the article once; past the launch, the
	// dispatcher looks twice more and posts nothing again.
	h.clock.Set(launch.Add(-time.Second))
	h.expect("the breaking-news alert", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindPost && strings.Contains(m.PlainText(), "Breaking news before Spring Glow")
	})
	h.clock.Set(launch.Add(time.Second))
	h.waitJobRuns("campaign-checkpoints", 2)
	second()
	for _, c := range []struct {
		text string
		want int
	}{{"Timing check T-6s", 1}, {"Timing check T-4s", 1}, {"Go / no-go: Spring Glow", 1}, {"Go/no-go for Spring Glow: no decision", 1}} {
		if n := len(h.channelPosts(c.text)); n != c.want {
			t.Errorf("%q posted %d times, want %d", c.text, n, c.want)
		}
	}
	for _, link := range []string{"https://news.example/news/quake", "https://news.example/wire/quake"} {
		n := 0
		for _, m := range h.channelPosts("Breaking news before Spring Glow") {
			if strings.Contains(m.PlainText(), link) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("the earthquake article %s was alerted %d times, want once", link, n)
		}
	}
	_, card := h.slash("U0PRIYA", "/campaign", "spring glow")
	contains(t, "status card", card.PlainText(), "Spring Glow", "Go/no-go: *no decision*", "Latest timing check: *RED*")
	n := 0
	for _, m := range h.slack.Messages() {
		if m.Kind == slackfake.KindDM && strings.Contains(m.PlainText(), "is needed") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d reminders sent, want exactly 1", n)
	}
	if rej := h.slack.Rejections(); len(rej) > 0 {
		t.Errorf("Slack rejected payloads: %+v", rej)
	}
	h.noMoreMessages()
}

func TestCampaignFormValidatesAndPollCountsEveryVote(t *testing.T) {
	storyCampaignForm(t, newHarness(t))
}

// storyCampaignForm checks that the campaign form refuses a launch on yesterday's date and
// queues the checks of one three days ahead, and that every vote counts.
func storyCampaignForm(t *testing.T, h *harness) {
	h.launchConfig(h.newsServer()...)
	const voters = 50
	var members []string
	for i := range voters {
		u := fmt.Sprintf("U0VOTER%02d", i)
		h.slack.SetUser(slackfake.User{ID: u, Name: fmt.Sprintf("voter%d", i), TZ: "Europe/Paris"})
		members = append(members, u)
	}
	h.importFixtures()
	h.serve()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	var view slackfake.View
	openForm := func() {
		t.Helper()
		if _, err := h.slack.SlashCommand(ctx, slackfake.SlashCommand{User: "U0PRIYA", Channel: testChannel, Command: "/campaign", Text: "new"}); err != nil {
			t.Fatal(err)
		}
		var err error
		view, err = h.slack.ExpectView(ctx, func(v slackfake.View) bool { return v.CallbackID == render.ViewNewCampaign && !v.Closed })
		if err != nil {
			t.Fatalf("no campaign form: %v\nlogs:\n%s", err, h.logs)
		}
	}
	openForm()
	channel := testChannel
	submit := func(date, clock, zone, markets, influencers string) *slackfake.Interaction {
		t.Helper()
		it, err := h.slack.SubmitView(ctx, slackfake.ViewSubmit{User: "U0PRIYA", ViewID: view.ID, Values: map[string]map[string]slackfake.Value{
			render.CampaignBlockName:     {render.CampaignBlockName: slackfake.Text("Autumn Drop")},
			render.CampaignBlockDate:     {render.CampaignBlockDate: slackfake.Choose(date)},
			render.CampaignBlockTime:     {render.CampaignBlockTime: slackfake.Choose(clock)},
			render.CampaignBlockZone:     {render.CampaignBlockZone: slackfake.Text(zone)},
			render.CampaignBlockMarkets:  {render.CampaignBlockMarkets: slackfake.Text(markets)},
			render.CampaignBlockChannel:  {render.CampaignBlockChannel: slackfake.Choose(channel)},
			render.CampaignBlockRoster:   {render.CampaignBlockRoster: slackfake.Text(influencers)},
			render.CampaignBlockKeywords: {render.CampaignBlockKeywords: slackfake.Text("serum")},
		}})
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	past, future := h.dateIn("Europe/Paris", -1), h.dateIn("Europe/Paris", 3)
	bad := submit(past, "09:00", "Mars/Olympus", "FR, XX", "ava.moreau")
	if bad.ViewResponse == nil || bad.ViewResponse.Action != "errors" {
		t.Fatalf("bad form accepted: %+v", bad.ViewResponse)
	}
	for block, want := range map[string]string{render.CampaignBlockZone: "not a time zone", render.CampaignBlockMarkets: "XX"} {
		if !strings.Contains(bad.ViewResponse.Errors[block], want) {
			t.Errorf("error on %s = %q, want %q", block, bad.ViewResponse.Errors[block], want)
		}
	}
	pastOnly := submit(past, "09:00", "Europe/Paris", "FR", "ava.moreau")
	if pastOnly.ViewResponse == nil || !strings.Contains(pastOnly.ViewResponse.Errors[render.CampaignBlockDate], "is in the past") {
		t.Fatalf("launch in the past accepted: %+v", pastOnly.ViewResponse)
	}
	// What needs Redis or Slack is checked before the ack too: the form stays open, with the
	// reason beside the field, and nothing is created.
	roster := submit(future, "09:00", "Europe/Paris", "FR, GB", "ava.moreau, nobody.known")
	if roster.ViewResponse == nil || !strings.Contains(roster.ViewResponse.Errors[render.CampaignBlockRoster], "Not on the roster: @nobody.known") {
		t.Fatalf("unknown handle: %+v", roster.ViewResponse)
	}
	_, list := h.slash("U0PRIYA", "/campaign", "list")
	contains(t, "list after failed create", list.PlainText(), "No upcoming campaigns")

	// A private channel Rapport is not in: nothing is created.
	h.slack.SetChannel(slackfake.Channel{ID: "C0SECRET01", Name: "secret", IsPrivate: true})
	channel = "C0SECRET01"
	secret := submit(future, "09:00", "Europe/Paris", "FR, GB", "ava.moreau")
	if secret.ViewResponse == nil || !strings.Contains(secret.ViewResponse.Errors[render.CampaignBlockChannel], "Rapport can't post in that channel") {
		t.Fatalf("channel Rapport is not in: %+v", secret.ViewResponse)
	}
	channel = testChannel // the form is still open: fix the channel and save again
	submit(future, "09:00", "Europe/Paris", "FR, GB", "ava.moreau")
	h.expect("created", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindDM && m.User == "U0PRIYA" && strings.Contains(m.PlainText(), "Created *Autumn Drop*")
	})
	launchAt := h.wallTime(future, 9, 0, "Europe/Paris")
	_, list = h.slash("U0PRIYA", "/campaign", "list")
	contains(t, "list", list.PlainText(), "Autumn Drop", launchAt.Format("15:04 MST"), "FR, GB")
	// Its checks are queued at exactly launch minus each offset (6 s, 4 s; poll 4 s; close 2 s).
	store, err := redisstore.Open(h.redis.URL(), redisstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = store.Close() }()
	queued, err := store.ScheduledCheckpoints(ctx, "autumn-drop|")
	if err != nil {
		t.Fatal(err)
	}
	for key, offset := range map[string]time.Duration{"autumn-drop|check|6": 6 * time.Second, "autumn-drop|check|4": 4 * time.Second,
		"autumn-drop|poll|4": 4 * time.Second, "autumn-drop|poll_close|2": 2 * time.Second} {
		if due, ok := queued[key]; !ok || !due.Equal(launchAt.Add(-offset)) {
			t.Errorf("checkpoint %s queued at %v (present %v), want %v", key, due, ok, launchAt.Add(-offset))
		}
	}

	if n := len(h.channelPosts("New campaign: Autumn Drop")); n != 1 {
		t.Errorf("the new campaign was announced %d times, want once", n)
	}
	_, check := h.slash("U0PRIYA", "/campaign", "check autumn drop")
	contains(t, "check", check.PlainText(), "Posted the timing check", "RED")
	if n := len(h.channelPosts("Timing check on request for Autumn Drop")); n != 1 {
		t.Errorf("the requested check was posted %d times, want once", n)
	}
	_, msg := h.slash("U0PRIYA", "/campaign", "poll Autumn Drop")
	contains(t, "poll", msg.PlainText(), "Posted the go/no-go poll")
	pollMsg := h.expect("poll message", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindPost && strings.Contains(m.PlainText(), "Go / no-go: Autumn Drop")
	})
	var wg sync.WaitGroup
	for _, u := range members {
		wg.Go(func() {
			if _, err := h.slack.Click(ctx, slackfake.Click{User: u, Message: &pollMsg, ActionID: render.ActionPollGo}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	h.waitUntil(fmt.Sprintf("tally of %d Go votes", voters), func() bool {
		cur, _ := h.slack.Lookup(pollMsg.Channel, pollMsg.TS)
		return strings.Contains(cur.PlainText(), fmt.Sprintf("*Go* (%d)", voters))
	})
	// A no-go needs a reason: the form refuses an empty one, then counts the vote.
	cur, _ := h.slack.Lookup(pollMsg.Channel, pollMsg.TS)
	if _, err := h.slack.Click(ctx, slackfake.Click{User: "U0LENA", Message: &cur, ActionID: render.ActionPollNoGo}); err != nil {
		t.Fatal(err)
	}
	noteView, err := h.slack.ExpectView(ctx, func(v slackfake.View) bool { return v.CallbackID == render.ViewPollNote && !v.Closed })
	if err != nil {
		t.Fatalf("no note form: %v", err)
	}
	empty, err := h.slack.SubmitView(ctx, slackfake.ViewSubmit{User: "U0LENA", ViewID: noteView.ID, Values: map[string]map[string]slackfake.Value{
		render.PollNoteBlock: {render.PollNoteBlock: slackfake.Text("  ")}}})
	if err != nil || empty.ViewResponse == nil || !strings.Contains(empty.ViewResponse.Errors[render.PollNoteBlock], "reason") {
		t.Fatalf("no-go without a reason accepted: %+v %v", empty.ViewResponse, err)
	}
	if _, err := h.slack.SubmitView(ctx, slackfake.ViewSubmit{User: "U0LENA", ViewID: noteView.ID, Values: map[string]map[string]slackfake.Value{
		render.PollNoteBlock: {render.PollNoteBlock: slackfake.Text("Retailer stock arrives late & <unconfirmed>")}}}); err != nil {
		t.Fatal(err)
	}
	h.expect("no-go counted", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindUpdate && m.TS == pollMsg.TS && strings.Contains(m.PlainText(), "*No-go* (1)") &&
			strings.Contains(m.PlainText(), "Retailer stock arrives late &amp; &lt;unconfirmed&gt;")
	})

	_, card := h.slash("U0PRIYA", "/campaign", "Autumn Drop")
	contains(t, "status card", card.PlainText(), "Latest timing check: *RED*", "Go/no-go: not decided yet")

	// Move the launch by a day: saved, and its checks re-planned.
	if _, err := h.slack.SlashCommand(ctx, slackfake.SlashCommand{User: "U0PRIYA", Channel: testChannel, Command: "/campaign", Text: "edit autumn drop"}); err != nil {
		t.Fatal(err)
	}
	view, err = h.slack.ExpectView(ctx, func(v slackfake.View) bool { return v.CallbackID == render.ViewEditCampaign && !v.Closed })
	if err != nil {
		t.Fatalf("no edit form: %v", err)
	}
	contains(t, "edit form", string(view.JSON), "Autumn Drop", "FR, GB", "ava.moreau")
	later := h.dateIn("Europe/Paris", 4)
	submit(later, "10:30", "Europe/Paris", "FR, GB", "ava.moreau")
	h.expect("edit saved", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindDM && m.User == "U0PRIYA" && strings.Contains(m.PlainText(), "Saved *Autumn Drop*. The launch moved")
	})
	h.expect("the edit announced in the channel", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindPost && m.Channel == testChannel &&
			strings.Contains(m.PlainText(), "<@U0PRIYA> edited *Autumn Drop*: launch moved from") &&
			strings.Contains(m.PlainText(), h.wallTime(later, 10, 30, "Europe/Paris").Format("15:04 MST"))
	})
	_, list = h.slash("U0PRIYA", "/campaign", "list")
	contains(t, "list after edit", list.PlainText(), h.wallTime(later, 10, 30, "Europe/Paris").Format("15:04 MST"))

	_, msg = h.slash("U0PRIYA", "/campaign", "cancel Autumn Drop")
	contains(t, "cancel", msg.PlainText(), "Cancelled *Autumn Drop*")
	h.expect("the cancel announced in the channel", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindPost && m.Channel == testChannel && strings.Contains(m.PlainText(), "<@U0PRIYA> cancelled *Autumn Drop*")
	})
	_, hist := h.slash("U0PRIYA", "/campaign", "Autumn Drop history")
	contains(t, "campaign history", hist.PlainText(), "<@U0PRIYA> cancelled", "<@U0PRIYA> edited: launch moved from", "<@U0PRIYA> posted the poll", "<@U0PRIYA> created")
	_, msg = h.slash("U0PRIYA", "/campaign", "check nothing-like-this")
	contains(t, "unknown campaign", msg.PlainText(), "No campaign called")
	h.noMoreMessages()
}
