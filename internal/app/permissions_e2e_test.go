package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/slackfake"
)

// The roles of the permission stories: an admin (configured), a campaign's creator and its
// approver, a member of the campaign's (public) channel, and someone else. For
// relationships Priya owns ava.moreau and Lena is her backup.
const (
	roleAdmin    = "U0ADMIN01"
	roleCreator  = "U0PRIYA"
	roleApprover = "U0MARCUS"
	roleMember   = "U0DIEGO"
	roleOutsider = "U0EVE"
)

var roleUsers = []slackfake.User{
	{ID: roleAdmin, Name: "ada", RealName: "Ada Admin", TZ: "UTC"},
	{ID: roleMember, Name: "diego", RealName: "Diego Ruiz", TZ: "Europe/Madrid"},
	{ID: roleOutsider, Name: "eve", RealName: "Eve Out", TZ: "UTC"},
}

// permissionHarness serves with admins configured and the extra users, and returns a store
// to set campaigns up with.
func permissionHarness(t *testing.T) (*harness, *redisstore.Store) {
	h := newHarness(t)
	for _, u := range roleUsers {
		h.slack.SetUser(u)
	}
	h.config("admins: [" + roleAdmin + "]\n")
	h.importFixtures()
	h.serve()
	store, err := redisstore.Open(h.redis.URL(), redisstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	return h, store
}

// plannedCampaign saves a campaign Priya created, Marcus approves, launching in 3 days in
// channel, with ava.moreau taking part (so her card lists it).
func plannedCampaign(t *testing.T, h *harness, store *redisstore.Store, name, channel string) rapport.Campaign {
	t.Helper()
	c := rapport.Campaign{ID: rapport.CampaignID(name), Name: name, LaunchAt: h.clock.Now().Add(72 * time.Hour).Truncate(time.Minute),
		TimeZone: "Europe/Paris", Markets: []string{"FR"}, Channel: channel, Influencers: []string{"ava.moreau"},
		Approvers: []string{roleApprover}, CreatedBy: roleCreator}
	rec := rapport.CampaignRecord{Campaign: c, Participation: rapport.Participation{CampaignID: c.ID, Handle: "ava.moreau"}}
	if _, err := store.UpsertCampaignRecords(context.Background(), []rapport.CampaignRecord{rec}); err != nil {
		t.Fatal(err)
	}
	stored, err := store.FindCampaign(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return stored
}

// TestEveryRoleEveryMutation runs each mutating command as each role and checks allowed or
// refused, the refusal's wording, the announcement and the audit entry.
func TestEveryRoleEveryMutation(t *testing.T) {
	t.Parallel()
	h, store := permissionHarness(t)
	ctx := context.Background()
	askCampaign := "ask <@U0PRIYA> (creator), <@U0MARCUS> (approver) or an admin."
	askOwner := "ask <@U0PRIYA> (owner), <@U0LENA> (backup) or an admin."
	everyone := []string{roleAdmin, roleCreator, roleApprover, roleMember, roleOutsider}
	deciders := map[string]bool{roleAdmin: true, roleCreator: true, roleApprover: true}
	owners := map[string]bool{roleAdmin: true, roleCreator: true} // Priya owns ava.moreau

	type row struct {
		action  string
		allowed map[string]bool
		// run does it as user on a fresh campaign c; it returns the answer's text.
		run func(user string, c rapport.Campaign) string
		// done is the answer when allowed; refused answers must contain ask.
		done, ask string
		// audit is the campaign's (or ava.moreau's) audit action recorded when allowed.
		audit string
		// announce, when set, is what the campaign channel hears when allowed.
		announce string
	}
	slash := func(cmd, text string) func(string, rapport.Campaign) string {
		return func(user string, c rapport.Campaign) string {
			_, msg := h.slash(user, cmd, fmt.Sprintf(text, c.Name))
			return msg.PlainText()
		}
	}
	rows := []row{
		{action: "cancel", allowed: deciders, run: slash("/campaign", "cancel %s"), done: "Cancelled", ask: askCampaign, audit: "cancelled", announce: "cancelled"},
		{action: "poll", allowed: deciders, run: slash("/campaign", "poll %s"), done: "Posted the go/no-go poll", ask: askCampaign, audit: "posted the poll"},
		{action: "check", allowed: map[string]bool{roleAdmin: true, roleCreator: true, roleApprover: true, roleMember: true, roleOutsider: true},
			run: slash("/campaign", "check %s"), done: "Posted the timing check"},
		{action: "edit", allowed: deciders, run: func(user string, c rapport.Campaign) string {
			it, err := h.slack.SlashCommand(ctx, slackfake.SlashCommand{User: user, Channel: testChannel, Command: "/campaign", Text: "edit " + c.Name})
			if err != nil {
				t.Fatal(err)
			}
			cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			if msg, err := it.WaitResponse(cctx); err == nil {
				return msg.PlainText()
			}
			if _, err := h.slack.ExpectView(ctx, func(v slackfake.View) bool {
				return v.CallbackID == render.ViewEditCampaign && v.User == user && !v.Closed
			}); err != nil {
				t.Fatalf("edit as %s: neither a form nor an answer: %v", user, err)
			}
			return "form opened"
		}, done: "form opened", ask: askCampaign},
		{action: "owner", allowed: owners, run: func(user string, _ rapport.Campaign) string {
			// Confirming the current owner and backup: an allowed change that leaves the
			// roles the same for the next rows.
			_, msg := h.slash(user, "/influencer", "owner ava.moreau <@U0PRIYA> backup <@U0LENA>")
			return msg.PlainText()
		}, done: "now owns", ask: askOwner, audit: "reassigned"},
		{action: "contact", allowed: owners, run: func(user string, _ rapport.Campaign) string {
			_, msg := h.slash(user, "/influencer", `contact ava.moreau "Jo Martin" agent jo@agency.example`)
			return msg.PlainText()
		}, done: "contact is now", ask: askOwner, audit: "changed the contact"},
		{action: "snooze 30d", allowed: owners, run: func(user string, _ rapport.Campaign) string {
			_, msg := h.slash(user, "/influencer", "snooze ava.moreau 30d")
			return msg.PlainText()
		}, done: "No nudges about", ask: askOwner, audit: "snoozed"},
		{action: "snooze 1w", allowed: map[string]bool{roleAdmin: true, roleCreator: true, roleApprover: true, roleMember: true, roleOutsider: true},
			run: func(user string, _ rapport.Campaign) string {
				_, msg := h.slash(user, "/influencer", "snooze ava.moreau 1w")
				return msg.PlainText()
			}, done: "No nudges about", audit: "snoozed"},
		{action: "pause", allowed: owners, run: func(user string, _ rapport.Campaign) string {
			_, msg := h.slash(user, "/influencer", "pause ava.moreau")
			if strings.Contains(msg.PlainText(), "Paused") {
				h.slash(roleAdmin, "/influencer", "resume ava.moreau")
			}
			return msg.PlainText()
		}, done: "Paused", ask: askOwner, audit: "paused"},
		{action: "log", allowed: map[string]bool{roleAdmin: true, roleCreator: true, roleApprover: true, roleMember: true, roleOutsider: true},
			run: func(user string, _ rapport.Campaign) string {
				_, msg := h.slash(user, "/influencer", "log ava.moreau call today checked in")
				return msg.PlainText()
			}, done: "Logged a call"},
	}
	n := 0
	for _, r := range rows {
		for _, user := range everyone {
			n++
			c := plannedCampaign(t, h, store, fmt.Sprintf("Role Test %d", n), testChannel)
			subject := rapport.CampaignSubject(c.ID)
			if !strings.HasPrefix(r.ask, "ask <@U0PRIYA> (creator)") && r.ask != "" || r.action == "snooze 1w" || r.action == "log" {
				subject = rapport.InfluencerSubject("ava.moreau")
			}
			before, err := store.Audit(ctx, subject, 100)
			if err != nil {
				t.Fatal(err)
			}
			got := r.run(user, c)
			after, err := store.Audit(ctx, subject, 100)
			if err != nil {
				t.Fatal(err)
			}
			what := r.action + " as " + user
			if r.allowed[user] {
				contains(t, what, got, r.done)
				if r.audit != "" && !slices.ContainsFunc(after[:len(after)-len(before)], func(e rapport.AuditEntry) bool {
					return e.By == user && e.Action == r.audit
				}) {
					t.Errorf("%s: new audit entries %+v, want %q by %s", what, after[:len(after)-len(before)], r.audit, user)
				}
				if r.announce != "" {
					h.expect(what+" announced", func(m slackfake.Message) bool {
						return m.Kind == slackfake.KindPost && m.Channel == testChannel &&
							strings.Contains(m.PlainText(), "<@"+user+"> "+r.announce+" *"+c.Name+"*")
					})
				}
				continue
			}
			contains(t, what+" refused", got, "You can't", r.ask)
			if len(after) != len(before) {
				t.Errorf("%s: a refused action was recorded: %+v", what, after[:len(after)-len(before)])
			}
			if stored, err := store.FindCampaign(ctx, c.ID); err != nil || stored.Cancelled {
				t.Errorf("%s: campaign after refusal: cancelled %v, %v", what, stored.Cancelled, err)
			}
		}
	}
	// The channel heard only what the allowed actions posted: checks, polls, cancels (counted
	// above), nothing from a refusal.
	h.slack.ClaimMessages(func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindPost && m.Channel == testChannel && (strings.Contains(m.PlainText(), "Timing check on request") ||
			strings.Contains(m.PlainText(), "Go / no-go: Role Test"))
	})
	h.slack.ClaimMessages(func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindDM && (strings.Contains(m.PlainText(), "made you the owner") ||
			strings.Contains(m.PlainText(), "made you the backup") || strings.Contains(m.PlainText(), "passed @ava.moreau"))
	})
	h.noMoreMessages()
}

// TestVotesOfApproversDecide: anyone who can see the campaign may vote, but only the
// approver's vote counts; the others are shown apart as advisory.
func TestVotesOfApproversDecide(t *testing.T) {
	t.Parallel()
	h, store := permissionHarness(t)
	c := plannedCampaign(t, h, store, "Vote Test", testChannel)
	_, msg := h.slash(roleApprover, "/campaign", "poll Vote Test")
	contains(t, "poll", msg.PlainText(), "Posted the go/no-go poll")
	pollMsg := h.expect("the poll", func(m slackfake.Message) bool {
		return m.Kind == slackfake.KindPost && strings.Contains(m.PlainText(), "Go / no-go: "+c.Name)
	})
	for _, u := range []string{roleOutsider, roleMember, roleApprover} {
		h.click(u, pollMsg, render.ActionPollGo)
	}
	h.waitUntil("the tally shows the approver's vote and two advisory ones", func() bool {
		m, ok := h.slack.Lookup(pollMsg.Channel, pollMsg.TS)
		return ok && strings.Contains(m.PlainText(), "*Go* (1)\n<@U0MARCUS>") && strings.Contains(m.PlainText(), "*Advisory, not approvers* (2)")
	})
}

// TestPrivateCampaignStaysPrivate: a campaign planned in a private channel is invisible to
// someone outside it — list, detail, history, the influencer's card — and they cannot make
// Rapport post there; a member sees and runs it.
func TestPrivateCampaignStaysPrivate(t *testing.T) {
	t.Parallel()
	h, store := permissionHarness(t)
	const secret = "G0SECRET01"
	h.slack.SetChannel(slackfake.Channel{ID: secret, Name: "secret-launch", IsPrivate: true, Members: []string{roleCreator, roleApprover, slackfake.BotUserID}})
	c := plannedCampaign(t, h, store, "Hidden Glow", secret)

	for _, text := range []string{"list", "Hidden Glow", "Hidden Glow history", "check Hidden Glow", "poll Hidden Glow", "cancel Hidden Glow", "edit Hidden Glow"} {
		_, msg := h.slash(roleOutsider, "/campaign", text)
		if strings.Contains(msg.PlainText(), "Hidden Glow") && !strings.Contains(msg.PlainText(), "No campaign called") {
			t.Errorf("/campaign %s as an outsider shows it:\n%s", text, msg.PlainText())
		}
	}
	_, card := h.slash(roleOutsider, "/influencer", "ava.moreau")
	if strings.Contains(card.PlainText(), "Hidden Glow") {
		t.Errorf("an outsider's card names the private campaign:\n%s", card.PlainText())
	}
	_, found := h.slash(roleOutsider, "/influencer", "find ava")
	if strings.Contains(found.PlainText(), "Hidden Glow") {
		t.Errorf("an outsider's find names the private campaign:\n%s", found.PlainText())
	}
	if posts := h.slack.ClaimMessages(func(m slackfake.Message) bool { return m.Channel == secret }); len(posts) != 0 {
		t.Errorf("an outsider made Rapport post in the private channel: %+v", posts)
	}
	// An admin outside the channel does not see it either: private means its members.
	_, msg := h.slash(roleAdmin, "/campaign", "Hidden Glow")
	contains(t, "admin outside", msg.PlainText(), "No campaign called")

	// A member sees it, on their card too, and runs it.
	_, msg = h.slash(roleCreator, "/campaign", "list")
	contains(t, "member's list", msg.PlainText(), "Hidden Glow")
	_, card = h.slash(roleCreator, "/influencer", "ava.moreau")
	contains(t, "member's card", card.PlainText(), "Hidden Glow")
	_, msg = h.slash(roleCreator, "/campaign", "check Hidden Glow")
	contains(t, "member's check", msg.PlainText(), "Posted the timing check")
	h.expect("the check in the private channel", func(m slackfake.Message) bool {
		return m.Channel == secret && strings.Contains(m.PlainText(), "Timing check on request for Hidden Glow")
	})
	if n := len(h.slack.ClaimMessages(func(m slackfake.Message) bool { return m.Channel == secret })); n != 1 {
		t.Errorf("%d messages in the private channel, want the member's one check", n)
	}
	if got, err := store.FindCampaign(context.Background(), c.ID); err != nil || got.Cancelled {
		t.Errorf("the outsider's cancel reached the campaign: cancelled %v, %v", got.Cancelled, err)
	}
}
