package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/blocks"
	"github.com/rapport-bot/rapport/internal/slackfake"
)

// fastNudges configures cadences of seconds: active relationships are due 2 s after they
// join, prospects after 8 s; the planner runs every second with no quiet hours.
const fastNudges = `
cadence:
  by_status: {active: 2s, prospect: 8s, alumni: 1h}
nudges:
  every: 1s
  repeat: 1h
  quiet_hours: ""
  weekends: true
  budget_per_week: 8
scheduler:
  lease_ttl: 1s
team_channel: C0TEAM0001
`

func (h *harness) fastConfig() { h.config(fastNudges) }

// config points RAPPORT_CONFIG at a file with the given YAML.
func (h *harness) config(yaml string) {
	h.t.Helper()
	path := filepath.Join(h.t.TempDir(), "rapport.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		h.t.Fatal(err)
	}
	h.env["RAPPORT_CONFIG"] = path
}

// dms returns the direct messages the bot sent to user so far.
func (h *harness) dms(user string) []slackfake.Message {
	var out []slackfake.Message
	for _, m := range h.slack.Messages() {
		if m.Kind == slackfake.KindDM && m.User == user {
			out = append(out, m)
		}
	}
	return out
}

func TestStaleRelationshipGetsOneDigestAndButtonsUpdateIt(t *testing.T) {
	h := newHarness(t)
	h.fastConfig()
	h.importFixtures()
	extra := filepath.Join(t.TempDir(), "extra.csv")
	if err := os.WriteFile(extra, []byte("handle,name,owner,status\nnoor.eats,Noor Haddad,U0PRIYA,active\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := h.run("import", "influencers", extra); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	h.serve(2)

	// ava.moreau, mallory and noor.eats (active, owner priya) go stale after 2 s: one
	// grouped DM, not three.
	digest := h.expect("priya's digest", func(m slackfake.Message) bool { return m.Kind == slackfake.KindDM && m.User == "U0PRIYA" })
	contains(t, "digest", digest.PlainText(), "3 relationships to look after", "Ava Moreau", "&lt;!channel&gt; &amp; Co", "Logged contact", "Snooze 1w")
	time.Sleep(3 * time.Second) // three more planner runs
	if n := len(h.dms("U0PRIYA")); n != 1 {
		t.Fatalf("priya got %d digests, want exactly 1", n)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	press := func(id, action, value string) slackfake.Message {
		t.Helper()
		current, _ := h.slack.Lookup(digest.Channel, digest.TS)
		if _, err := h.slack.Click(ctx, slackfake.Click{User: "U0PRIYA", Message: &current, ActionID: action,
			BlockID: blocks.NudgeActionsBlockID(id), Value: value}); err != nil {
			t.Fatalf("%s on %s: %v", action, id, err)
		}
		return h.expect(action+" update", func(m slackfake.Message) bool { return m.Kind == slackfake.KindUpdate && m.TS == digest.TS })
	}
	upd := press("ava.moreau", blocks.ActionNudgeLogged, "")
	contains(t, "updated digest", upd.PlainText(), "Contact logged by <@U0PRIYA>", "Snooze 1w") // the other row keeps its buttons
	upd = press("mallory", blocks.ActionNudgeSnooze, "")
	contains(t, "snoozed digest", upd.PlainText(), "Contact logged by <@U0PRIYA>", "Snoozed until")
	upd = press("noor.eats", blocks.ActionNudgeReassign, "U0LENA")
	contains(t, "reassigned digest", upd.PlainText(), "Reassigned to <@U0LENA>", "Snoozed until")
	_, card := h.slash("U0PRIYA", "/influencer", "noor.eats")
	contains(t, "reassigned card", card.PlainText(), "<@U0LENA> · —")
	_, hist := h.slash("U0PRIYA", "/influencer", "history ava.moreau")
	contains(t, "history", hist.PlainText(), "Logged from a nudge")
	if rej := h.slack.Rejections(); len(rej) > 0 {
		t.Errorf("Slack rejected payloads: %+v", rej)
	}
}

func TestTwoReplicasSendEachDigestOnceAndHandOver(t *testing.T) {
	h := newHarness(t)
	h.fastConfig()
	h.importFixtures() // lena.lifts is a prospect of lena's: due after 8 s
	h.serve(2)
	second := h.serveAnother()

	h.expect("priya's digest", func(m slackfake.Message) bool { return m.Kind == slackfake.KindDM && m.User == "U0PRIYA" })
	time.Sleep(2 * time.Second)
	if n := len(h.dms("U0PRIYA")); n != 1 {
		t.Fatalf("two replicas sent priya %d digests, want 1", n)
	}
	// Stop the first replica abruptly enough that its lease lapses; the second takes over
	// and sends lena's digest when her prospect falls due.
	if err := h.stop(); err != nil {
		t.Fatalf("first replica: %v", err)
	}
	h.expect("lena's digest from the survivor", func(m slackfake.Message) bool { return m.Kind == slackfake.KindDM && m.User == "U0LENA" })
	time.Sleep(1500 * time.Millisecond)
	if n := len(h.dms("U0LENA")); n != 1 {
		t.Errorf("lena got %d digests, want 1", n)
	}
	second()
}

// serveAnother starts a second `rapport serve` on the same Redis and Slack and returns a
// function that stops it.
func (h *harness) serveAnother() func() {
	h.t.Helper()
	env := map[string]string{}
	for k, v := range h.env {
		env[k] = v
	}
	env["RAPPORT_HTTP_ADDR"] = freeAddr(h.t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"serve"}, Env{Getenv: func(k string) string { return env[k] }, Stdout: h.logs, Stderr: h.logs})
	}()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					h.t.Errorf("second replica: %v", err)
				}
			case <-time.After(15 * time.Second):
				h.t.Error("second replica did not stop")
			}
		})
	}
	h.t.Cleanup(stop)
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	if err := h.slack.WaitConnections(wctx, 4); err != nil {
		h.t.Fatalf("second replica did not connect: %v", err)
	}
	return stop
}

func TestAppHomeAndWeeklyDigest(t *testing.T) {
	h := newHarness(t)
	h.slack.SetChannel(slackfake.Channel{ID: "C0TEAM0001", Name: "partners-team"})
	h.fastConfig()
	h.importFixtures()
	h.serve(1)
	_, msg := h.slash("U0PRIYA", "/influencer", "log ava.moreau call 3 days ago")
	contains(t, "log", msg.PlainText(), "Logged a call")

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := h.slack.SendEvent(ctx, map[string]any{"type": "app_home_opened", "user": "U0PRIYA", "channel": "D0PRIYA", "tab": "home"}); err != nil {
		t.Fatal(err)
	}
	home, err := h.slack.ExpectView(ctx, func(v slackfake.View) bool { return v.Kind == "home" && v.User == "U0PRIYA" })
	if err != nil {
		t.Fatalf("no App Home: %v\nlogs:\n%s", err, h.logs)
	}
	contains(t, "home", string(home.JSON), "My relationships", "Overdue", "Due in the next 3 days", "Contacted in the last 14 days",
		"Ava Moreau", "last call 3 days ago")

	// The weekly digest goes out from Monday 09:00 UTC, once per week.
	now := time.Now().UTC()
	if now.Weekday() == time.Monday && now.Hour() < 9 {
		t.Log("Monday before 09:00 UTC: the weekly digest is not due yet")
		return
	}
	weekly := h.expect("weekly digest", func(m slackfake.Message) bool { return m.Kind == slackfake.KindPost && m.Channel == "C0TEAM0001" })
	contains(t, "weekly", weekly.PlainText(), "Relationship health", "Owner load", "<@U0PRIYA>")
	time.Sleep(2 * time.Second)
	n := 0
	for _, m := range h.slack.Messages() {
		if m.Kind == slackfake.KindPost && m.Channel == "C0TEAM0001" && strings.Contains(m.PlainText(), "Relationship health") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("weekly digest posted %d times, want once", n)
	}
}
