package demo

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/rapport-bot/rapport/internal/slackfake"
)

// pollBlocks is a go/no-go poll: a head line and, while open, its vote buttons.
func pollBlocks(head string, open bool) []slack.Block {
	bs := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil, slack.SectionBlockOptionBlockID("poll_head"))}
	if open {
		bs = append(bs, slack.NewActionBlock("poll_vote",
			slack.NewButtonBlockElement("poll_go", "spring", plain("Go")),
			slack.NewButtonBlockElement("poll_conditional", "spring", plain("Conditional go")),
			slack.NewButtonBlockElement("poll_no_go", "spring", plain("No-go")),
			slack.NewButtonBlockElement("poll_close", "spring", plain("Close poll")),
		))
	}
	return bs
}

// nudgeBlocks is a nudge DM row with its three actions.
func nudgeBlocks() []slack.Block {
	return []slack.Block{
		slack.NewSectionBlock(mrkdwn("Ava Moreau is due a call"), nil, nil, slack.SectionBlockOptionBlockID("nudge_ava")),
		slack.NewActionBlock("nudge_ava_acts",
			slack.NewButtonBlockElement("nudge_logged", "ava", plain("Logged contact")),
			slack.NewButtonBlockElement("nudge_snooze", "ava", plain("Snooze 1w")),
			slack.NewButtonBlockElement("nudge_snooze_long", "ava", plain("Snooze 4w")),
			slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain("Reassign to…"), "nudge_reassign"),
		),
	}
}

// pollApp posts a poll in #launch, then a nudge DM to priya, and answers clicks: a vote
// redraws the poll in place, "Close poll" redraws it without buttons, other buttons get an
// ephemeral answer.
func pollApp(t *testing.T, fake *slackfake.Server) (*app, func(ctx context.Context) error) {
	a := startApp(t, fake, func(a *app, evt socketmode.Event) any {
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok || cb.Type != slack.InteractionTypeBlockActions {
			return nil
		}
		act := cb.ActionCallback.BlockActions[0]
		value := act.Value
		if act.SelectedUser != "" {
			value = act.SelectedUser
		}
		a.note("%s pressed %s %s on %q", cb.User.ID, act.ActionID, value, cb.Message.Text)
		channel, ts := cb.Container.ChannelID, cb.Container.MessageTs
		switch act.ActionID {
		case "poll_go":
			if _, _, _, err := a.api.UpdateMessage(channel, ts, slack.MsgOptionText("Spring poll: 1 go", false),
				slack.MsgOptionBlocks(pollBlocks("Go / no-go: Spring — 1 go", true)...)); err != nil {
				a.t.Errorf("redraw poll: %v", err)
			}
		case "poll_close":
			if _, _, _, err := a.api.UpdateMessage(channel, ts, slack.MsgOptionText("Spring poll: closed", false),
				slack.MsgOptionBlocks(pollBlocks("Go / no-go: Spring — decision: GO", false)...)); err != nil {
				a.t.Errorf("close poll: %v", err)
			}
		default:
			if _, _, err := a.api.PostMessage("", slack.MsgOptionResponseURL(cb.ResponseURL, slack.ResponseTypeEphemeral),
				slack.MsgOptionText("Done: "+act.ActionID, false)); err != nil {
				a.t.Errorf("answer click: %v", err)
			}
		}
		return nil
	})
	return a, func(ctx context.Context) error {
		a.post(launch, "Spring poll: 0 go", pollBlocks("Go / no-go: Spring", true)...)
		a.post(priya.ID, "1 relationship to look after", nudgeBlocks()...)
		return nil
	}
}

func TestNumbersPressButtonsTheCurrentUserCanSee(t *testing.T) {
	tests := []struct {
		name   string
		script []string
		// pressed is what the app saw, in order; shown maps a script line to what the
		// console must print after it.
		pressed []string
		shown   map[string][]string
	}{
		{
			name:    "the latest message priya can see is her DM",
			script:  []string{"1"},
			pressed: []string{`U0PRIYA pressed nudge_logged ava on "1 relationship to look after"`},
		},
		{
			name:    "after :as marcus, priya's DM is not his: 1 votes on the poll",
			script:  []string{":as marcus", "1"},
			pressed: []string{`U0MARCUS pressed poll_go spring on "Spring poll: 0 go"`},
			shown: map[string][]string{":as marcus": {
				"now acting as Marcus Lee (U0MARCUS)",
				"buttons now: [1] Go · [2] Conditional go · [3] No-go · [4] Close poll — on Rapport's message in #launch (“Spring poll: 0 go”)",
			}},
		},
		{
			name:   "switching back tells priya her DM's buttons are hers again",
			script: []string{":as marcus", ":as priya"},
			shown: map[string][]string{":as priya": {
				"buttons now: [1] Logged contact · [2] Snooze 1w · [3] Snooze 4w · [4] Reassign to… (@name) — on Rapport's direct message to @priya (“1 relationship to look after”)",
			}},
		},
		{
			name:   "a button number the message does not have",
			script: []string{"9"},
			shown:  map[string][]string{"9": {"there is no button 9; the buttons are [1] Logged contact"}},
		},
		{
			name:   "a user picker needs a user",
			script: []string{"4", "4 @marcus"},
			pressed: []string{
				`U0PRIYA pressed nudge_reassign U0MARCUS on "1 relationship to look after"`,
			},
			shown: map[string][]string{"4": {"[4] Reassign to… needs a user: type 4 @name"}},
		},
		{
			name:   "a vote redraws the poll in place and the next press reads the current version",
			script: []string{":as marcus", "1", "1"},
			pressed: []string{
				`U0MARCUS pressed poll_go spring on "Spring poll: 0 go"`,
				`U0MARCUS pressed poll_go spring on "Spring poll: 1 go"`,
			},
		},
		{
			name:   "when the poll loses its buttons, numbers fall back to the DM, and say so",
			script: []string{":as marcus", "1", ":as priya", ":press close", "1"},
			pressed: []string{
				`U0MARCUS pressed poll_go spring on "Spring poll: 0 go"`,
				`U0PRIYA pressed poll_close spring on "Spring poll: 1 go"`,
				`U0PRIYA pressed nudge_logged ava on "1 relationship to look after"`,
			},
			shown: map[string][]string{
				// The redrawn poll is the latest message with buttons, for priya too.
				":as priya": {"buttons now: [1] Go · [2] Conditional go · [3] No-go · [4] Close poll — on Rapport's message in #launch (“Spring poll: 1 go”)"},
				":press close": {
					"pressed [4] Close poll",
					"Go / no-go: Spring — decision: GO",
					"(its buttons are gone) buttons now: [1] Logged contact",
				},
			},
		},
		{
			name:    "marcus has nothing left to press once the poll closed",
			script:  []string{":as marcus", ":press Close poll", "1", ":press go"},
			pressed: []string{`U0MARCUS pressed poll_close spring on "Spring poll: 0 go"`},
			shown: map[string][]string{
				":press Close poll": {"(its buttons are gone; no buttons on screen for @marcus)"},
				"1":                 {"there are no buttons on screen for @marcus"},
				// A vote button of the closed poll answers with the poll as it is now.
				":press go": {"Go is no longer there: the message changed after it was shown. It now reads:",
					"Go / no-go: Spring — decision: GO", "no buttons on screen for @marcus"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newWorkspace(t)
			a, atStart := pollApp(t, fake)
			out := runConsole(t, fake, strings.Join(tt.script, "\n")+"\n", atStart)
			if got := a.asked(); !slices.Equal(got, tt.pressed) {
				t.Errorf("the app saw\n  %s\nwant\n  %s\nconsole:\n%s", strings.Join(got, "\n  "), strings.Join(tt.pressed, "\n  "), out)
			}
			for line, wants := range tt.shown {
				for _, want := range wants {
					if !strings.Contains(after(out, line), want) {
						t.Errorf("after %q the console lacks %q:\n%s", line, want, out)
					}
				}
			}
		})
	}
}

func TestPressByLabel(t *testing.T) {
	tests := []struct {
		name    string
		as      string
		press   string
		pressed string // what the app saw; empty when nothing may be pressed
		shown   string
	}{
		{"exact label, any case", "marcus", ":press go", `U0MARCUS pressed poll_go spring on "Spring poll: 0 go"`, "pressed [1] Go"},
		{"a label with a space", "priya", ":press Snooze 1w", `U0PRIYA pressed nudge_snooze ava on "1 relationship to look after"`, "pressed [2] Snooze 1w"},
		{"a unique start of a label", "marcus", ":press cond", `U0MARCUS pressed poll_conditional spring on "Spring poll: 0 go"`, "pressed [2] Conditional go"},
		{"the most recent message with such a button wins", "priya", ":press logged", `U0PRIYA pressed nudge_logged ava on "1 relationship to look after"`, "pressed [1] Logged contact"},
		{"an older message when the newest has no such button", "priya", ":press no-go", `U0PRIYA pressed poll_no_go spring on "Spring poll: 0 go"`, "pressed [3] No-go"},
		{"an ambiguous start", "priya", ":press snooze", "", `"snooze" fits 2 buttons: [2] Snooze 1w · [3] Snooze 4w`},
		{"ambiguous on the poll", "marcus", ":press c", "", `"c" fits 2 buttons: [2] Conditional go · [4] Close poll`},
		{"no such button", "priya", ":press Approve", "", `no button "Approve" on a message @priya can see`},
		{"not on a message the user cannot see", "marcus", ":press logged", "", `no button "logged" on a message @marcus can see`},
		{"a picker with its user", "priya", ":press Reassign @marcus", `U0PRIYA pressed nudge_reassign U0MARCUS on "1 relationship to look after"`, "pressed [4] Reassign to…"},
		{"a picker without a user", "priya", ":press reassign", "", "needs a user"},
		{"no label", "priya", ":press", "", ":press needs a button's label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newWorkspace(t)
			a, atStart := pollApp(t, fake)
			out := runConsole(t, fake, ":as "+tt.as+"\n"+tt.press+"\n", atStart)
			var want []string
			if tt.pressed != "" {
				want = []string{tt.pressed}
			}
			if got := a.asked(); !slices.Equal(got, want) {
				t.Errorf("the app saw %q, want %q\nconsole:\n%s", got, want, out)
			}
			if !strings.Contains(after(out, tt.press), tt.shown) {
				t.Errorf("after %q the console lacks %q:\n%s", tt.press, tt.shown, out)
			}
		})
	}
}

// A button that disappeared between the console showing the message and the user pressing
// it is answered in words, with the message as it is now, and never reaches Slack.
func TestPressAButtonThatIsGone(t *testing.T) {
	fake := newWorkspace(t)
	a, atStart := pollApp(t, fake)
	var out strings.Builder
	c := &Console{Slack: fake, People: []Person{priya, marcus}, Channels: map[string]string{launch: "launch"},
		Out: &out, waits: testWaits.or(defaultWaits), as: marcus,
		screen: screen{msgs: map[string]*shownMessage{}, printed: map[int]bool{}}, viewsShown: map[string]int{}}
	ctx := t.Context()
	if err := atStart(ctx); err != nil {
		t.Fatal(err)
	}
	poll := fake.Messages()[0]
	c.show(poll)
	// The poll closes, and the console has not read the update yet.
	if _, _, _, err := a.api.UpdateMessage(launch, poll.TS, slack.MsgOptionText("Spring poll: closed", false),
		slack.MsgOptionBlocks(pollBlocks("Go / no-go: Spring — decision: GO", false)...)); err != nil {
		t.Fatal(err)
	}
	target := c.target()
	if target == nil {
		t.Fatalf("no buttons after showing the poll:\n%s", out.String())
	}
	c.press(ctx, target, target.buttons[0], "")
	for _, want := range []string{"[1] Go is no longer there: the message changed after it was shown. It now reads:",
		"Go / no-go: Spring — decision: GO", "no buttons on screen for @marcus"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("console lacks %q:\n%s", want, out.String())
		}
	}
	if got := a.asked(); len(got) != 0 {
		t.Errorf("a click reached the app: %q", got)
	}
}

func TestSlashCommandTextIsEscapedAsSlackSendsIt(t *testing.T) {
	fake := newWorkspace(t)
	a := startApp(t, fake, func(a *app, evt socketmode.Event) any {
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			return nil
		}
		a.note("%s %s", cmd.Command, cmd.Text)
		return map[string]any{"text": "ok"}
	})
	tests := []struct{ typed, sent string }{
		{"/influencer owner @ava.moreau @priya backup @Marcus", "/influencer owner @ava.moreau <@U0PRIYA|priya> backup <@U0MARCUS|marcus>"},
		{"/campaign new #launch", "/campaign new <#C0LAUNCH|launch>"},
		{"/influencer find er>3 & tag:<b>", "/influencer find er&gt;3 &amp; tag:&lt;b&gt;"},
		{"/influencer contact @ava.moreau jules@talent.example #nochannel", "/influencer contact @ava.moreau jules@talent.example #nochannel"},
		{"/influencer", "/influencer "},
	}
	var script, want []string
	for _, tt := range tests {
		script = append(script, tt.typed)
		want = append(want, tt.sent)
	}
	out := runConsole(t, fake, strings.Join(script, "\n")+"\n", nil)
	if got := a.asked(); !slices.Equal(got, want) {
		t.Errorf("the app got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if n := strings.Count(out, "only visible to @priya\n  ok"); n != len(tests) {
		t.Errorf("%d answers shown, want %d:\n%s", n, len(tests), out)
	}
}
