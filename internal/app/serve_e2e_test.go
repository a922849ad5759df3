package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/blockcheck"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/slackfake"
)

// ackBudget is far inside Slack's 3 s limit: acks must not wait for any work.
const ackBudget = 500 * time.Millisecond

func TestInfluencerCardEndToEnd(t *testing.T) { storyInfluencerCard(t, newHarness(t)) }

// storyInfluencerCard checks the card of an influencer with fresh metrics: engagement now,
// by formula, from the 90 days before the clock.
func storyInfluencerCard(t *testing.T, h *harness) {
	h.importFixtures()
	h.serve()

	it, msg := h.slash("U0PRIYA", "/influencer", "@AVA.moreau")
	t.Logf("ack latency %v", it.AckLatency)
	if it.AckLatency > ackBudget {
		t.Errorf("ack took %v", it.AckLatency)
	}
	if msg.ResponseType != "ephemeral" {
		t.Errorf("card should be ephemeral, got %q", msg.ResponseType)
	}
	// Hand-computed: Instagram Sep 5,300 / 182,000 = 2.912 %, Oct 5,600 / 184,500 = 3.035 %,
	// median 2.97 %; YouTube per view Aug 9,600 / 200K = 4.80 %, Oct 9,740 / 210K = 4.638 %,
	// median 4.72 %; one year earlier there is no data.
	contains(t, "card", msg.PlainText(), "Ava Moreau", "@ava.moreau", "FR, GB", "beauty, skincare", "<@U0PRIYA>",
		"*Instagram* · 184.5K followers", "ER/followers now *2.97%* · 1y ago n/a", "*YouTube* · 1.25M followers",
		"ER/views now *4.72%*", "ER/followers now *0.79%*", "Jules Petit", "Share in channel", "Show trend chart")

	// The same card by name, and with a different user.
	_, byName := h.slash("U0MARCUS", "/influencer", "ava MOREAU")
	contains(t, "card by name", byName.PlainText(), "@ava.moreau")

	if rej := h.slack.Rejections(); len(rej) > 0 {
		t.Errorf("Slack rejected payloads: %+v", rej)
	}
	h.noMoreMessages()
}

func TestUnknownHandleSuggestsAndHelpLists(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	h.serve()

	_, msg := h.slash("U0PRIYA", "/influencer", "ava.moreu")
	contains(t, "not found", msg.PlainText(), "No influencer called “ava.moreu”", "Did you mean", "@ava.moreau")

	_, msg = h.slash("U0PRIYA", "/influencer", "zzzzqqq")
	contains(t, "no suggestions", msg.PlainText(), "No influencer called “zzzzqqq”", "rapport import influencers")

	_, msg = h.slash("U0PRIYA", "/influencer", "help")
	contains(t, "help", msg.PlainText(), "/influencer <handle or name>", "/influencer @ava.moreau")
	_, empty := h.slash("U0PRIYA", "/influencer", "")
	if empty.PlainText() != msg.PlainText() {
		t.Errorf("bare /influencer should show help, got %q", empty.PlainText())
	}

	_, msg = h.slash("U0PRIYA", "/influencer", strings.Repeat("x", 500))
	contains(t, "long query", msg.PlainText(), "500 characters")
}

func TestUserTextIsEscapedInCards(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	h.serve()
	_, msg := h.slash("U0PRIYA", "/influencer", "mallory")
	texts, err := blockcheck.MrkdwnTexts(msg.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	// Fallback text and every mrkdwn object are markup: a name or tag must not become a
	// broadcast or a link.
	all := strings.Join(append(texts, msg.Text), "\n")
	for _, bad := range []string{"<!channel>", "<https://evil.example"} {
		if strings.Contains(all, bad) {
			t.Errorf("user text %q reached Slack markup unescaped:\n%s", bad, all)
		}
	}
	contains(t, "escaped text", all, "&lt;!channel&gt; &amp; Co", "&lt;https://evil.example|click&gt;")
}

func TestRetriedEnvelopeIsHandledOnce(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	h.serve()
	const text = "log ava.moreau call yesterday Retried delivery"
	it, _ := h.slash("U0PRIYA", "/influencer", text)

	// Slack redelivers the same envelope, possibly on the other connection.
	redeliver := func(it *slackfake.Interaction, text string) *slackfake.Interaction {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		again, err := h.slack.SendRaw(ctx, map[string]any{
			"envelope_id": it.EnvelopeID, "type": "slash_commands", "accepts_response_payload": true,
			"payload": map[string]any{
				"token": slackfake.VerificationToken, "team_id": slackfake.TeamID, "channel_id": testChannel,
				"user_id": "U0PRIYA", "command": "/influencer", "text": text, "response_url": it.ResponseURL,
				"trigger_id": "1.2.3",
			},
		})
		if err != nil {
			t.Fatalf("redelivery: %v", err)
		}
		if again.AckLatency > ackBudget {
			t.Errorf("redelivery ack took %v", again.AckLatency)
		}
		return again
	}
	again := redeliver(it, text)
	// Once the bot has dropped the retry, count the answers and the touchpoints.
	h.waitLog("duplicate delivery ignored")
	if len(again.AckPayload) > 0 && strings.Contains(string(again.AckPayload), "Logged") {
		t.Errorf("the retry was answered in its ack: %s", again.AckPayload)
	}
	n := 0
	for _, m := range h.slack.Messages() {
		if m.Kind == slackfake.KindResponse && m.ResponseURLOf == it.ResponseURLOf {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the command was answered %d times, want once", n)
	}
	_, hist := h.slash("U0PRIYA", "/influencer", "history ava.moreau")
	if c := strings.Count(hist.PlainText(), "Retried delivery"); c != 1 {
		t.Errorf("the touchpoint was saved %d times, want once:\n%s", c, hist.PlainText())
	}

	// A read is answered again: its first answer rode in the ack Slack says it never got.
	card, _ := h.slash("U0PRIYA", "/influencer", "ava.moreau")
	if len(card.AckPayload) == 0 {
		t.Fatal("the card did not ride in the ack")
	}
	if again := redeliver(card, "ava.moreau"); !strings.Contains(string(again.AckPayload), "Ava Moreau") {
		t.Errorf("a redelivered card request was not answered in its ack: %s", again.AckPayload)
	}
	h.slack.ClaimMessages(func(m slackfake.Message) bool { return m.Kind == slackfake.KindResponse })
	h.noMoreMessages()
}

func TestUnknownEnvelopeTypeIsAcknowledged(t *testing.T) {
	h := newHarness(t)
	h.serve()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	it, err := h.slack.SendRaw(ctx, map[string]any{"type": "brand_new_feature", "payload": map[string]any{"x": 1}})
	if err != nil {
		t.Fatalf("unknown envelope not acknowledged: %v", err)
	}
	if it.AckLatency > ackBudget {
		t.Errorf("ack took %v", it.AckLatency)
	}
	// An events_api envelope whose inner event slack-go does not model.
	it, err = h.slack.SendEvent(ctx, map[string]any{"type": "some_future_event", "user": "U0PRIYA"})
	if err != nil {
		t.Fatalf("unknown event not acknowledged: %v", err)
	}
	if it.AckLatency > ackBudget {
		t.Errorf("ack took %v", it.AckLatency)
	}
}

// TestRefreshLosesNoCommand sends commands without pause while Slack refreshes the
// connections one after another: with two connections there is always one to route to.
func TestRefreshLosesNoCommand(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	h.serve()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const commands = 150
	var wg sync.WaitGroup
	errs := make(chan error, commands)
	stopRefresh := make(chan struct{})
	refreshes := 0
	var refreshWG sync.WaitGroup
	// Slack refreshes each connection on its own schedule; here one after another as soon
	// as the previous refresh has completed, far more often than Slack would.
	refreshWG.Go(func() {
		for {
			select {
			case <-stopRefresh:
				return
			case <-time.After(100 * time.Millisecond):
			}
			wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err := h.slack.WaitConnections(wctx, 2)
			cancel()
			if err != nil {
				continue
			}
			if _, err := h.slack.Disconnect("refresh_requested"); err == nil {
				refreshes++
			}
		}
	})
	sem := make(chan struct{}, 8)
	for i := range commands {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			it, err := h.slack.SlashCommand(ctx, slackfake.SlashCommand{User: "U0PRIYA", Channel: testChannel, Command: "/influencer", Text: "ava.moreau"})
			if err != nil {
				errs <- fmt.Errorf("command %d: %w", i, err)
				return
			}
			m, err := it.WaitResponse(ctx)
			if err != nil {
				errs <- fmt.Errorf("command %d: no answer: %w", i, err)
				return
			}
			if !strings.Contains(m.PlainText(), "Ava Moreau") {
				errs <- fmt.Errorf("command %d: wrong answer %q", i, m.PlainText())
			}
		}()
		time.Sleep(10 * time.Millisecond)
	}
	wg.Wait()
	close(stopRefresh)
	refreshWG.Wait()
	close(errs)
	failed := false
	for err := range errs {
		failed = true
		t.Error(err)
	}
	if failed {
		for _, line := range strings.Split(h.logs.String(), "\n") {
			if strings.Contains(line, "ack") || strings.Contains(line, "WARN") || strings.Contains(line, "ERROR") {
				t.Log(line)
			}
		}
		for _, a := range h.slack.Acks() {
			if a.Late || a.Rejected || a.Unknown || a.Duplicate {
				t.Logf("ack %+v", a)
			}
		}
	}
	if refreshes < 5 {
		t.Errorf("only %d refreshes happened during the run", refreshes)
	}
	for _, a := range h.slack.Acks() {
		if a.Late || a.Rejected {
			t.Errorf("ack %s late or rejected: %+v", a.EnvelopeID, a)
		}
	}
}

func TestRedisOutageAnswersClearlyAndRecovers(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	h.serve()
	h.slash("U0PRIYA", "/influencer", "ava.moreau")

	h.redis.Stop()
	start := time.Now()
	it, msg := h.slash("U0PRIYA", "/influencer", "ava.moreau")
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the outage answer took %v, want under 2s", took)
	}
	if it.AckLatency > ackBudget {
		t.Errorf("ack during outage took %v", it.AckLatency)
	}
	contains(t, "outage answer", msg.PlainText(), "can't reach its database", "try again")

	// A contact logged with the form during the outage: the form stays open with what was
	// typed and says why, within the ack budget; once Redis is back, Save again works.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	h.redis.Start()
	h.importFixtures() // a restarted Redis without persistence is empty
	if _, err := h.slack.SlashCommand(ctx, slackfake.SlashCommand{User: "U0PRIYA", Channel: testChannel, Command: "/influencer", Text: "log ava.moreau"}); err != nil {
		t.Fatal(err)
	}
	view, err := h.slack.ExpectView(ctx, func(v slackfake.View) bool { return v.CallbackID == render.ViewLogTouchpoint })
	if err != nil {
		t.Fatalf("no form: %v", err)
	}
	h.redis.Stop()
	values := map[string]map[string]slackfake.Value{
		render.LogBlockKind: {render.LogBlockKind: slackfake.Choose("call")},
		render.LogBlockWhen: {render.LogBlockWhen: slackfake.Choose(h.dateIn("Europe/London", 0))},
		render.LogBlockNote: {render.LogBlockNote: slackfake.Text("Agreed the spring brief")},
	}
	it, err = h.slack.SubmitView(ctx, slackfake.ViewSubmit{User: "U0PRIYA", ViewID: view.ID, Values: values})
	if err != nil {
		t.Fatal(err)
	}
	if it.ViewResponse == nil || it.ViewResponse.Action != "errors" || !strings.Contains(it.ViewResponse.Errors[render.LogBlockNote], "couldn't save this just now") {
		t.Fatalf("a form that could not be saved closed: %+v", it.ViewResponse)
	}
	if it.AckLatency > 2500*time.Millisecond {
		t.Errorf("the form's ack during the outage took %v", it.AckLatency)
	}

	h.redis.Start()
	h.importFixtures() // a restarted Redis without persistence is empty
	h.waitUntil("a normal answer after Redis came back", func() bool {
		_, msg := h.slash("U0PRIYA", "/influencer", "ava.moreau")
		return strings.Contains(msg.PlainText(), "Ava Moreau")
	})
	// go-redis keeps refusing for up to a second after repeated failed dials, so the user may
	// need to press Save more than once; each press is answered and nothing is lost.
	h.waitUntil("Save again works after the outage", func() bool {
		it, err := h.slack.SubmitView(ctx, slackfake.ViewSubmit{User: "U0PRIYA", ViewID: view.ID, Values: values})
		if err != nil {
			t.Fatal(err)
		}
		return it.ViewResponse == nil || it.ViewResponse.Action != "errors"
	})
	h.expect("the contact saved on the second try", func(m slackfake.Message) bool {
		return m.User == "U0PRIYA" && strings.Contains(m.PlainText(), "Logged a call") && strings.Contains(m.PlainText(), "Agreed the spring brief")
	})
}

func TestHealthEndpoints(t *testing.T) {
	h := newHarness(t)
	h.serve()
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + h.env["RAPPORT_HTTP_ADDR"] + path)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, body := get("/healthz"); code != 200 {
		t.Errorf("/healthz = %d %s", code, body)
	}
	// The fake sees a connection open a moment before the bot counts it (on Slack's hello).
	h.waitUntil("/readyz counts both connections", func() bool {
		code, body := get("/readyz")
		return code == 200 && strings.Contains(body, "2 socket mode connections")
	})
	h.redis.Stop()
	if code, body := get("/readyz"); code != 503 || !strings.Contains(body, "redis") {
		t.Errorf("/readyz with Redis down = %d %s", code, body)
	}
}

func TestServeStopsGracefully(t *testing.T) {
	h := newHarness(t)
	h.serve()
	if err := h.stop(); err != nil {
		t.Fatalf("graceful stop returned %v", err)
	}
	if strings.Contains(h.logs.String(), slackfake.BotToken) || strings.Contains(h.logs.String(), slackfake.AppToken) {
		t.Error("a token reached the logs")
	}
}
