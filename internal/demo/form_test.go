package demo

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/rapport-bot/rapport/internal/slackfake"
)

// planModal is a form with one input of each kind the bot's forms use.
func planModal() slack.ModalViewRequest {
	name := slack.NewInputBlock("name", plain("Name"), plain("What to call it"), slack.NewPlainTextInputBlockElement(nil, "name"))
	day := slack.NewDatePickerBlockElement("day")
	day.InitialDate = "2026-03-01"
	kind := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, "kind",
		slack.NewOptionBlockObject("call", plain("Call"), nil), slack.NewOptionBlockObject("email", plain("Email"), nil),
		slack.NewOptionBlockObject("dm", plain("DM"), nil))
	approvers := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, nil, "approvers")
	approvers.InitialUsers = []string{priya.ID}
	note := slack.NewInputBlock("note", plain("Note"), nil, slack.NewPlainTextInputBlockElement(nil, "note"))
	note.Optional = true
	approverBlock := slack.NewInputBlock("approvers", plain("Approvers"), nil, approvers)
	approverBlock.Optional = true
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: "plan", Title: plain("Plan launch"), Submit: plain("Save"), Close: plain("Cancel"),
		NotifyOnClose: true,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(mrkdwn("Plan the *spring* launch"), nil, nil),
			name,
			slack.NewInputBlock("day", plain("Launch day"), nil, day),
			slack.NewInputBlock("kind", plain("Kind"), nil, kind),
			approverBlock,
			slack.NewInputBlock("channel", plain("Channel"), nil, slack.NewOptionsSelectBlockElement(slack.OptTypeChannels, nil, "channel")),
			note,
		}},
	}
}

func confirmModal() slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: "confirm", Title: plain("Sure?"), Submit: plain("Yes"), NotifyOnClose: true,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock("confirm", plain("Type yes"), nil, slack.NewPlainTextInputBlockElement(nil, "confirm")),
		}},
	}
}

// formApp opens the plan form for /form and for its "Open form" button (posted by
// /button), a read-only modal for /info, echoes /echo, and answers submissions: a launch
// day before 2026 is refused beside the field, the name "push" stacks a confirmation,
// anything else is saved and confirmed to the user.
func formApp(t *testing.T, fake *slackfake.Server) *app {
	return startApp(t, fake, func(a *app, evt socketmode.Event) any {
		switch data := evt.Data.(type) {
		case slack.SlashCommand:
			a.note("%s %s", data.Command, data.Text)
			switch data.Command {
			case "/form":
				if _, err := a.api.OpenView(data.TriggerID, planModal()); err != nil {
					a.t.Errorf("views.open: %v", err)
				}
			case "/info":
				if _, err := a.api.OpenView(data.TriggerID, slack.ModalViewRequest{Type: slack.VTModal, Title: plain("Campaigns"), Close: plain("Close"),
					Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(mrkdwn("Spring · Summer"), nil, nil)}}}); err != nil {
					a.t.Errorf("views.open: %v", err)
				}
			case "/button":
				return map[string]any{"text": "Plan it", "blocks": []slack.Block{
					slack.NewActionBlock("open", slack.NewButtonBlockElement("open_form", "plan", plain("Open form"))),
				}}
			default:
				return map[string]any{"text": "echo " + data.Text}
			}
			return nil
		case slack.InteractionCallback:
			switch data.Type {
			case slack.InteractionTypeBlockActions:
				a.note("%s pressed %s", data.User.ID, data.ActionCallback.BlockActions[0].ActionID)
				if _, err := a.api.OpenView(data.TriggerID, planModal()); err != nil {
					a.t.Errorf("views.open: %v", err)
				}
			case slack.InteractionTypeViewClosed:
				a.note("closed %s", data.View.CallbackID)
			case slack.InteractionTypeViewSubmission:
				return a.submitted(data)
			}
		}
		return nil
	})
}

func (a *app) submitted(cb slack.InteractionCallback) any {
	v := cb.View.State.Values
	if cb.View.CallbackID == "confirm" {
		a.note("submit confirm %s", v["confirm"]["confirm"].Value)
		if _, err := a.api.PostEphemeral(partnerships, cb.User.ID, slack.MsgOptionText("Saved confirm", false)); err != nil {
			a.t.Errorf("confirm: %v", err)
		}
		return slack.NewClearViewSubmissionResponse() // closes the plan form under it too
	}
	a.note("submit plan name=%s day=%s kind=%s approvers=%s channel=%s note=%s",
		v["name"]["name"].Value, v["day"]["day"].SelectedDate, v["kind"]["kind"].SelectedOption.Value,
		strings.Join(v["approvers"]["approvers"].SelectedUsers, "+"), v["channel"]["channel"].SelectedChannel, v["note"]["note"].Value)
	switch {
	case v["day"]["day"].SelectedDate < "2026-01-01":
		return slack.NewErrorsViewSubmissionResponse(map[string]string{"day": "Pick a day in 2026 or later."})
	case v["name"]["name"].Value == "push":
		confirm := confirmModal()
		return slack.NewPushViewSubmissionResponse(&confirm)
	}
	if _, err := a.api.PostEphemeral(partnerships, cb.User.ID, slack.MsgOptionText(fmt.Sprintf("Saved %s", cb.View.CallbackID), false)); err != nil {
		a.t.Errorf("confirm: %v", err)
	}
	return nil
}

func TestFormsAreFilledInOnTheConsole(t *testing.T) {
	tests := []struct {
		name   string
		script []string
		asked  []string // what the app saw, in order
		shown  []string // what the console printed, in order
		absent []string // what it must not print
	}{
		{
			name:   "every field asked in turn, Enter keeps the defaults, and commands work after",
			script: []string{"/form", "Spring", "", "2", "", "#launch", "", "/echo after"},
			asked: []string{"/form ", "submit plan name=Spring day=2026-03-01 kind=email approvers=U0PRIYA channel=C0LAUNCH note=",
				"/echo after"},
			shown: []string{
				"modal “Plan launch” for @priya", "Plan the spring launch",
				"Fill in “Plan launch”",
				"Name (required) — What to call it", "  > Spring",
				"Launch day (required)", "a date, YYYY-MM-DD", "Enter keeps: 2026-03-01",
				"Kind (required)", "choose one: 1) Call · 2) Email · 3) DM",
				"Approvers (optional)", "users, comma-separated: @priya, @marcus", "Enter keeps: @priya (- clears it)",
				"Channel (required)", "a channel: #launch, #partnerships",
				"Note (optional)", "Enter skips it",
				"submitted “Plan launch”", "only visible to @priya in #partnerships", "Saved plan",
				"» /echo after", "echo after",
			},
		},
		{
			name:   "the bot's errors are shown and only those fields asked again",
			script: []string{"/form", "Spring", "2020-05-05", "call", "-", "launch", "a note", "2026-04-01"},
			asked: []string{"/form ",
				"submit plan name=Spring day=2020-05-05 kind=call approvers= channel=C0LAUNCH note=a note",
				"submit plan name=Spring day=2026-04-01 kind=call approvers= channel=C0LAUNCH note=a note"},
			shown: []string{
				"submitted “Plan launch”", "Rapport did not accept the form:", "Launch day: Pick a day in 2026 or later.",
				"Answer those again:", "Launch day (required)", "Enter keeps: 2020-05-05", "✖ Pick a day in 2026 or later.", "  > 2026-04-01",
				"submitted “Plan launch”", "Saved plan",
			},
			absent: []string{"Answer those again:\n  Name"},
		},
		{
			name:   "answers the form cannot take are asked again at once",
			script: []string{"/form", "", "Spring", "tomorrow", "2026-03-02", "fax", "dm", "@nobody", "@marcus", "#nowhere", "#launch", ""},
			asked:  []string{"/form ", "submit plan name=Spring day=2026-03-02 kind=dm approvers=U0MARCUS channel=C0LAUNCH note="},
			shown: []string{
				"Name is required: type a value, or :cancel to close the form",
				`"tomorrow" is not a date; type it as YYYY-MM-DD`,
				`"fax" is not one of the choices`,
				`no simulated user "@nobody"`,
				`no channel "#nowhere"`,
				"Saved plan",
			},
		},
		{
			name:   ":cancel closes the form without saving",
			script: []string{"/form", "Spring", ":cancel", "/echo after"},
			asked:  []string{"/form ", "closed plan", "/echo after"},
			shown:  []string{"closed “Plan launch” without saving", "echo after"},
			absent: []string{"submitted"},
		},
		{
			name:   "the end of the input closes an unfinished form",
			script: []string{"/form", "Spring"},
			asked:  []string{"/form ", "closed plan"},
			shown:  []string{"the input ended, so “Plan launch” was closed without saving"},
		},
		{
			name:   "a form the bot stacks on the submitted one is filled in next",
			script: []string{"/form", "push", "", "call", "", "#launch", "", "yes"},
			asked: []string{"/form ", "submit plan name=push day=2026-03-01 kind=call approvers=U0PRIYA channel=C0LAUNCH note=",
				"submit confirm yes"},
			shown: []string{"submitted “Plan launch”", "modal “Sure?” for @priya", "Type yes (required)", "submitted “Sure?”", "Saved confirm"},
		},
		{
			name:   "a read-only modal is shown and closed",
			script: []string{"/info", "/echo after"},
			asked:  []string{"/info ", "/echo after"},
			shown:  []string{"modal “Campaigns” for @priya", "Spring · Summer", "(“Campaigns” has nothing to fill in; closed)", "echo after"},
			absent: []string{"no answer from the bot"},
		},
		{
			name:   "a form a button opens",
			script: []string{"/button", "1", "Spring", "", "dm", "", "#partnerships", "n"},
			asked: []string{"/button ", "U0PRIYA pressed open_form",
				"submit plan name=Spring day=2026-03-01 kind=dm approvers=U0PRIYA channel=C0PARTNER note=n"},
			shown: []string{"[1] Open form", "pressed [1] Open form", "modal “Plan launch” for @priya", "Saved plan"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newWorkspace(t)
			a := formApp(t, fake)
			out := runConsole(t, fake, strings.Join(tt.script, "\n")+"\n", nil)
			if got := a.asked(); !slices.Equal(got, tt.asked) {
				t.Errorf("the app saw\n  %s\nwant\n  %s\nconsole:\n%s", strings.Join(got, "\n  "), strings.Join(tt.asked, "\n  "), out)
			}
			rest := out
			for _, want := range tt.shown {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Errorf("console lacks %q (in this order):\n%s", want, out)
					break
				}
				rest = rest[i+len(want):]
			}
			for _, bad := range tt.absent {
				if strings.Contains(out, bad) {
					t.Errorf("console shows %q:\n%s", bad, out)
				}
			}
			for _, v := range fake.Views() {
				if v.Kind == "modal" && !v.Closed {
					t.Errorf("modal %s (%s) left open", v.ID, v.CallbackID)
				}
			}
		})
	}
}

// Each kind of input takes what a person would type for it, and refuses the rest with a
// sentence saying what it wants.
func TestFormAnswersByInputKind(t *testing.T) {
	c := &Console{People: []Person{priya, marcus}, Channels: map[string]string{partnerships: "partnerships", launch: "launch"}}
	kinds := []option{{"Call", "call"}, {"Email", "email"}, {"DM", "dm"}}
	tests := []struct {
		kind    string
		typed   string
		want    slackfake.Value
		problem string
	}{
		{"plain_text_input", "Spring push", slackfake.Text("Spring push"), ""},
		{"number_input", "12.5", slackfake.Text("12.5"), ""},
		{"number_input", "twelve", slackfake.Value{}, `"twelve" is not a number`},
		{"timepicker", "9:05", slackfake.Choose("09:05"), ""},
		{"timepicker", "noon", slackfake.Value{}, "type it as HH:MM"},
		{"datepicker", "2026-02-30", slackfake.Value{}, "type it as YYYY-MM-DD"},
		{"datetimepicker", "2026-03-01 09:30", slackfake.Choose("1772357400"), ""},
		{"static_select", "3", slackfake.Choose("dm"), ""},
		{"radio_buttons", "email", slackfake.Choose("email"), ""},
		{"static_select", "4", slackfake.Value{}, "not one of the choices"},
		{"checkboxes", "call, DM", slackfake.Choose("call", "dm"), ""},
		{"multi_static_select", "1,2", slackfake.Choose("call", "email"), ""},
		{"users_select", "@Marcus", slackfake.Choose(marcus.ID), ""},
		{"users_select", "@priya @marcus", slackfake.Value{}, "pick one user"},
		{"multi_users_select", "@priya, marcus", slackfake.Choose(priya.ID, marcus.ID), ""},
		{"channels_select", "#launch", slackfake.Choose(launch), ""},
		{"conversations_select", "partnerships", slackfake.Choose(partnerships), ""},
		{"multi_channels_select", "#launch #partnerships", slackfake.Choose(launch, partnerships), ""},
	}
	for _, tt := range tests {
		t.Run(tt.kind+" "+tt.typed, func(t *testing.T) {
			got, err := c.parseAnswer(formField{Kind: tt.kind, Options: kinds}, tt.typed)
			switch {
			case tt.problem != "" && (err == nil || !strings.Contains(err.Error(), tt.problem)):
				t.Fatalf("err = %v, want one saying %q", err, tt.problem)
			case tt.problem == "" && err != nil:
				t.Fatal(err)
			case got.Value != tt.want.Value || !slices.Equal(got.Selected, tt.want.Selected):
				t.Errorf("value = %+v, want %+v", got, tt.want)
			}
		})
	}
}
