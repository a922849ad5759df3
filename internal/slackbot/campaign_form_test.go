package slackbot

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
)

// campaignForm is a /campaign new submission with every required field filled and the
// keywords and sensitive topics given.
func campaignForm(keywords, topics string) slack.InteractionCallback {
	values := map[string]map[string]slack.BlockAction{}
	set := func(id string, a slack.BlockAction) { values[id] = map[string]slack.BlockAction{id: a} }
	set(render.CampaignBlockName, slack.BlockAction{Value: "Spring Glow"})
	set(render.CampaignBlockZone, slack.BlockAction{Value: "Europe/Paris"})
	set(render.CampaignBlockDate, slack.BlockAction{SelectedDate: "2026-04-02"})
	set(render.CampaignBlockTime, slack.BlockAction{SelectedTime: "09:00"})
	set(render.CampaignBlockMarkets, slack.BlockAction{Value: "FR"})
	set(render.CampaignBlockChannel, slack.BlockAction{SelectedChannel: "C0LAUNCH01"})
	set(render.CampaignBlockKeywords, slack.BlockAction{Value: keywords})
	set(render.CampaignBlockTopics, slack.BlockAction{Value: topics})
	var cb slack.InteractionCallback
	cb.User.ID = "U0PRIYA"
	cb.View.State = &slack.ViewState{Values: values}
	return cb
}

// TestCampaignFormTermLimits: the form holds keywords and sensitive topics to the campaign
// rules every campaign passes (launch.ValidateNew, with rapport.MaxCampaignTerms and
// rapport.MaxCampaignTermRunes, the CSV's limits too).
func TestCampaignFormTermLimits(t *testing.T) {
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	terms := func(n int) string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("word%d", i)
		}
		return strings.Join(out, ", ")
	}
	long := strings.Repeat("é", rapport.MaxCampaignTermRunes+1)
	tests := []struct {
		name             string
		keywords, topics string
		wantErr          map[string]string // block → part of the message
		wantKeywords     []string
	}{
		{"within the limits", terms(rapport.MaxCampaignTerms), strings.Repeat("x", rapport.MaxCampaignTermRunes), nil, strings.Split(terms(rapport.MaxCampaignTerms), ", ")},
		{"too many keywords", terms(rapport.MaxCampaignTerms + 1), "", map[string]string{render.CampaignBlockKeywords: "Keep the keywords to 20; there are 21."}, strings.Split(terms(rapport.MaxCampaignTerms+1), ", ")},
		{"a topic too long", "serum", "flooding; " + long, map[string]string{render.CampaignBlockTopics: "Keep each of the sensitive topics within 100 characters; one has 101."}, []string{"serum"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, errs := readCampaignForm(campaignForm(tt.keywords, tt.topics), now)
			if len(errs) != len(tt.wantErr) {
				t.Fatalf("errors = %q; want %d", errs, len(tt.wantErr))
			}
			for id, want := range tt.wantErr {
				if !strings.Contains(errs[id], want) {
					t.Errorf("%s error = %q; want …%s…", id, errs[id], want)
				}
			}
			for id, msg := range errs {
				if _, want := tt.wantErr[id]; !want {
					t.Errorf("unexpected error on %s: %q", id, msg)
				}
			}
			if !slices.Equal(c.Keywords, tt.wantKeywords) {
				t.Errorf("keywords = %q; want %q", c.Keywords, tt.wantKeywords)
			}
		})
	}
}

// TestCampaignFormRules: the form applies the campaign rules the service applies on save,
// each problem beside its input, with nothing else flagged.
func TestCampaignFormRules(t *testing.T) {
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		change  func(cb *slack.InteractionCallback)
		block   string
		message string
	}{
		{"a mistyped year", func(cb *slack.InteractionCallback) {
			cb.View.State.Values[render.CampaignBlockDate][render.CampaignBlockDate] = slack.BlockAction{SelectedDate: "2062-04-02"}
		}, render.CampaignBlockDate, "more than 2 years away; check the year"},
		{"a launch in the past", func(cb *slack.InteractionCallback) {
			cb.View.State.Values[render.CampaignBlockDate][render.CampaignBlockDate] = slack.BlockAction{SelectedDate: "2026-03-01"}
		}, render.CampaignBlockDate, "is in the past"},
		{"no channel", func(cb *slack.InteractionCallback) {
			cb.View.State.Values[render.CampaignBlockChannel][render.CampaignBlockChannel] = slack.BlockAction{}
		}, render.CampaignBlockChannel, "Pick the channel"},
		{"too many approvers", func(cb *slack.InteractionCallback) {
			users := make([]string, 21)
			for i := range users {
				users[i] = fmt.Sprintf("U%07d", i)
			}
			cb.View.State.Values[render.CampaignBlockApprover] = map[string]slack.BlockAction{render.CampaignBlockApprover: {SelectedUsers: users}}
		}, render.CampaignBlockApprover, "at most 20 approvers"},
		{"a name without letters", func(cb *slack.InteractionCallback) {
			cb.View.State.Values[render.CampaignBlockName][render.CampaignBlockName] = slack.BlockAction{Value: "!!!"}
		}, render.CampaignBlockName, "at least one letter or digit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cb := campaignForm("serum", "")
			tt.change(&cb)
			_, errs := readCampaignForm(cb, now)
			if len(errs) != 1 || !strings.Contains(errs[tt.block], tt.message) {
				t.Errorf("errors = %q; want only %s: …%s…", errs, tt.block, tt.message)
			}
		})
	}
}
