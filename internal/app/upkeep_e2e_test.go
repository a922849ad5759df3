package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/slackfake"
)

func TestLogTouchpointsFromCommandAndForm(t *testing.T) { storyLogTouchpoints(t, newHarness(t)) }

// storyLogTouchpoints checks contacts logged by command (backdated in words or by date) and
// by form, judged against each user's today.
func storyLogTouchpoints(t *testing.T, h *harness) {
	h.importFixtures()
	h.serve()

	_, msg := h.slash("U0PRIYA", "/influencer", "log @ava.moreau call yesterday Agreed the spring brief & <budget>")
	contains(t, "logged", msg.PlainText(), "Logged a call with *Ava Moreau*", "Next contact due", "in 13 days",
		"Agreed the spring brief &amp; &lt;budget&gt;")

	// A backdated contact older than the latest leaves the schedule alone.
	_, msg = h.slash("U0PRIYA", "/influencer", "log ava.moreau email "+h.date(-300))
	contains(t, "backdated", msg.PlainText(), "older than the latest contact", "schedule is unchanged")

	// Without a kind, the form opens; its mistakes are shown beside the fields.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := h.slack.SlashCommand(ctx, slackfake.SlashCommand{User: "U0PRIYA", Channel: testChannel, Command: "/influencer", Text: "log ava.moreau"}); err != nil {
		t.Fatal(err)
	}
	view, err := h.slack.ExpectView(ctx, func(v slackfake.View) bool { return v.CallbackID == render.ViewLogTouchpoint })
	if err != nil {
		t.Fatalf("no form: %v\nlogs:\n%s", err, h.logs)
	}
	future := h.dateIn("Europe/London", 3) // priya's zone
	it, err := h.slack.SubmitView(ctx, slackfake.ViewSubmit{User: "U0PRIYA", ViewID: view.ID, Values: map[string]map[string]slackfake.Value{
		render.LogBlockKind: {render.LogBlockKind: slackfake.Choose("meeting")},
		render.LogBlockWhen: {render.LogBlockWhen: slackfake.Choose(future)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if it.ViewResponse == nil || it.ViewResponse.Action != "errors" || !strings.Contains(it.ViewResponse.Errors[render.LogBlockWhen], "future") {
		t.Fatalf("future date accepted: %+v", it.ViewResponse)
	}
	if it.AckLatency > ackBudget {
		t.Errorf("form ack took %v", it.AckLatency)
	}
	today := h.dateIn("Europe/London", 0)
	if _, err = h.slack.SubmitView(ctx, slackfake.ViewSubmit{User: "U0PRIYA", ViewID: view.ID, Values: map[string]map[string]slackfake.Value{
		render.LogBlockKind: {render.LogBlockKind: slackfake.Choose("meeting")},
		render.LogBlockWhen: {render.LogBlockWhen: slackfake.Choose(today)},
		render.LogBlockWho:  {render.LogBlockWho: slackfake.Text("Jules")},
		render.LogBlockNote: {render.LogBlockNote: slackfake.Text("Coffee in Paris")},
	}}); err != nil {
		t.Fatal(err)
	}
	confirm := h.expect("form confirmation", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindEphemeral && m.User == "U0PRIYA" && strings.Contains(m.PlainText(), "meeting")
	})
	contains(t, "form confirmation", confirm.PlainText(), "Logged a meeting", "with Jules", "Coffee in Paris")

	_, hist := h.slash("U0PRIYA", "/influencer", "history ava.moreau")
	contains(t, "history", hist.PlainText(), "3 contacts", "meeting by <@U0PRIYA> with Jules", "call by <@U0PRIYA>", "email")
	_, card := h.slash("U0PRIYA", "/influencer", "ava.moreau")
	contains(t, "card", card.PlainText(), "*Last contact*", "meeting by <@U0PRIYA>")
	h.noMoreMessages()
}

func TestUpkeepBadInputChangesNothing(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	h.serve()
	for _, tt := range []struct{ text, want string }{
		{"log nobody.at.all call", "No influencer called “nobody.at.all”"},
		{"log ava.moreau lunch", "not a touchpoint kind"},
		{"log ava.moreau call " + h.date(400), "in the future"},
		{"log ava.moreau call " + strings.Repeat("n", 4000), "keep it under 2000"},
		{"owner ava.moreau priya", "must be a Slack user picked with @"},
		{"owner ava.moreau <@U0NOBODY|ghost>", "isn't a user in this workspace"},
		{"snooze ava.moreau forever", "can't read"},
		{"pause", "Say which relationship"},
		{"contact ava.moreau Jules", "Use `/influencer contact"},
	} {
		_, msg := h.slash("U0PRIYA", "/influencer", tt.text)
		contains(t, tt.text[:min(30, len(tt.text))], msg.PlainText(), tt.want)
	}
	_, hist := h.slash("U0PRIYA", "/influencer", "history ava.moreau")
	contains(t, "history after bad input", hist.PlainText(), "0 contacts")
	_, card := h.slash("U0PRIYA", "/influencer", "ava.moreau")
	contains(t, "card after bad input", card.PlainText(), "<@U0PRIYA> · <@U0LENA>")
}

func TestOwnerContactSnoozePauseAndStale(t *testing.T) {
	h := newHarness(t)
	h.slack.SetUser(slackfake.User{ID: "U0GONE", Name: "gone", RealName: "Gone Person", Deleted: true})
	h.importFixtures()
	h.serve()

	_, msg := h.slash("U0PRIYA", "/influencer", "owner ava.moreau <@U0MARCUS|marcus> backup <@U0LENA|lena>")
	contains(t, "owner", msg.PlainText(), "<@U0MARCUS> now owns @ava.moreau", "<@U0LENA> as backup")
	// Priya handed it over: changing it again is for Marcus (owner), Lena (backup) or an admin.
	_, msg = h.slash("U0PRIYA", "/influencer", "owner ava.moreau <@U0PRIYA|priya>")
	contains(t, "former owner", msg.PlainText(), "You can't change the relationship's owner: ask <@U0MARCUS> (owner), <@U0LENA> (backup) or an admin.")
	_, msg = h.slash("U0MARCUS", "/influencer", "owner ava.moreau <@U0GONE|gone>")
	contains(t, "departed owner", msg.PlainText(), "has left the workspace")
	h.importFile("influencers", h.writeFile("orphan.csv", "handle,name,owner,status\nleft.behind,Left Behind,U0GONE,active\n"))
	_, orphanCard := h.slash("U0PRIYA", "/influencer", "left.behind")
	contains(t, "card of a departed owner", orphanCard.PlainText(), "<@U0GONE> :warning: _left the workspace — unowned")
	_, msg = h.slash("U0LENA", "/influencer", `contact ava.moreau "Claire Dubois" agent <mailto:claire@agency.example|claire@agency.example>`)
	contains(t, "contact", msg.PlainText(), "Claire Dubois (agent)")
	_, card := h.slash("U0PRIYA", "/influencer", "ava.moreau")
	contains(t, "card", card.PlainText(), "<@U0MARCUS> · <@U0LENA>", "Claire Dubois · agent · claire@agency.example")

	// Active with a 14-day cadence, last contact 20 days ago: overdue.
	_, msg = h.slash("U0MARCUS", "/influencer", "log ava.moreau call 20 days ago")
	contains(t, "backdated log", msg.PlainText(), "overdue")
	_, stale := h.slash("U0MARCUS", "/influencer", "stale")
	contains(t, "stale", stale.PlainText(), "Ava Moreau")
	_, mine := h.slash("U0LENA", "/influencer", "stale")
	if strings.Contains(mine.PlainText(), "Ava Moreau") {
		t.Error("someone else's relationship on my stale list")
	}
	_, all := h.slash("U0LENA", "/influencer", "stale all")
	contains(t, "stale all", all.PlainText(), "Ava Moreau", "the whole team")

	_, msg = h.slash("U0MARCUS", "/influencer", "snooze ava.moreau 1w")
	contains(t, "snooze", msg.PlainText(), "No nudges about @ava.moreau until", "schedule itself is unchanged")
	_, msg = h.slash("U0MARCUS", "/influencer", "pause ava.moreau")
	contains(t, "pause", msg.PlainText(), "Paused @ava.moreau")
	_, stale = h.slash("U0MARCUS", "/influencer", "stale")
	if strings.Contains(stale.PlainText(), "Ava Moreau") {
		t.Error("a paused relationship is still on the stale list")
	}
	_, msg = h.slash("U0MARCUS", "/influencer", "resume ava.moreau")
	contains(t, "resume", msg.PlainText(), "Resumed @ava.moreau")
	_, stale = h.slash("U0MARCUS", "/influencer", "stale")
	contains(t, "stale after resume", stale.PlainText(), "Ava Moreau")
}

func TestImportTouchpointsIsIdempotent(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	touchpoints := h.fixture("touchpoints.csv.tmpl")
	out, err := h.run("import", "touchpoints", touchpoints)
	if !errors.Is(err, ErrRowsRejected) {
		t.Fatalf("import err = %v\n%s", err, out)
	}
	contains(t, "first import", out, "line 5: handle", "line 6: at", "line 7: kind", "touchpoints: 3 added, 0 already there, 3 rejected")
	out, _ = h.run("import", "touchpoints", touchpoints)
	contains(t, "second import", out, "touchpoints: 0 added, 3 already there")
	h.serve()
	_, hist := h.slash("U0PRIYA", "/influencer", "history ava.moreau")
	contains(t, "history", hist.PlainText(), "2 contacts", "Sent the contract", "Kick-off call &amp; &lt;brief&gt;")
}
