package slackfake

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

func plainText(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func TestClickFindsBlockAndRepliesThroughResponseURL(t *testing.T) {
	fake := newFake(t)
	got := make(chan slack.InteractionCallback, 1)
	b := connect(t, fake, func(b *bot, evt socketmode.Event) {
		b.ack(evt)
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			return
		}
		got <- cb
		_, _, err := b.api.PostMessage("", slack.MsgOptionReplaceOriginal(cb.ResponseURL), slack.MsgOptionText("Logged. Thanks!", false))
		if err != nil {
			t.Errorf("replace_original: %v", err)
		}
	})
	// The digest row's actions block has no block_id: Slack assigns one, and the
	// click must carry it or slack-go treats the action as a legacy attachment action.
	blocks := []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "*@maria* is overdue", false, false), nil, nil),
		slack.NewActionBlock("", slack.NewButtonBlockElement("nudge_logged", "inf:42", plainText("Logged contact"))),
	}
	ch, ts, err := b.api.PostMessage(alice.ID, slack.MsgOptionText("1 relationship needs you", false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		t.Fatal(err)
	}
	dm, err := fake.ExpectDM(ctxT(t), alice.ID, "overdue")
	if err != nil {
		t.Fatal(err)
	}

	in, err := fake.Click(ctxT(t), Click{User: alice.ID, Message: &dm, ActionID: "nudge_logged"})
	if err != nil {
		t.Fatal(err)
	}
	cb := <-got
	if cb.Type != slack.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) != 1 || len(cb.ActionCallback.AttachmentActions) != 0 {
		t.Fatalf("callback = %+v", cb)
	}
	a := cb.ActionCallback.BlockActions[0]
	if a.ActionID != "nudge_logged" || a.BlockID != autoBlockID(1) || a.Value != "inf:42" {
		t.Errorf("action = %+v", a)
	}
	if cb.User.ID != alice.ID || cb.Channel.ID != ch || cb.Container.MessageTs != ts || cb.Message.Timestamp != ts || cb.TriggerID == "" {
		t.Errorf("callback context = user %q channel %q container %+v message ts %q", cb.User.ID, cb.Channel.ID, cb.Container, cb.Message.Timestamp)
	}
	resp, err := in.WaitResponse(ctxT(t))
	if err != nil || !resp.ReplaceOriginal || resp.TS != ts {
		t.Fatalf("response = %+v %v", resp, err)
	}
	if live, _ := fake.Lookup(ch, ts); live.Text != "Logged. Thanks!" || live.Blocks != nil {
		t.Errorf("original not replaced: %+v", live)
	}
	if err := fake.ExpectNoMoreMessages(); err != nil {
		t.Error(err)
	}
}

func TestClickRefusesWhatNoUserCouldClick(t *testing.T) {
	fake := newFake(t)
	api := botAPI(fake)
	ts, err := api.PostEphemeralContext(ctxT(t), general.ID, alice.ID, slack.MsgOptionText("only alice", false),
		slack.MsgOptionBlocks(slack.NewActionBlock("a", slack.NewButtonBlockElement("share", "1", plainText("Share")))))
	if err != nil {
		t.Fatal(err)
	}
	dm, dmTS, err := api.PostMessageContext(ctxT(t), alice.ID, slack.MsgOptionText("for alice", false),
		slack.MsgOptionBlocks(slack.NewActionBlock("a", slack.NewButtonBlockElement("logged", "1", plainText("Logged")))))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fake.Click(ctxT(t), Click{User: alice.ID, Channel: dm, TS: dmTS, ActionID: "logged"}); errors.Is(err, ErrNotFound) {
		t.Fatalf("alice cannot click her own DM: %v", err)
	}
	tests := []struct {
		name  string
		click Click
	}{
		{"someone else's ephemeral message", Click{User: bob.ID, Channel: general.ID, TS: ts, ActionID: "share"}},
		{"someone else's direct message", Click{User: bob.ID, Channel: dm, TS: dmTS, ActionID: "logged"}},
		{"a button that does not exist", Click{User: alice.ID, Channel: general.ID, TS: ts, ActionID: "delete_everything"}},
		{"the wrong block", Click{User: alice.ID, Channel: general.ID, TS: ts, ActionID: "share", BlockID: "b"}},
		{"an unknown message", Click{User: alice.ID, Channel: general.ID, TS: "1.000002", ActionID: "share"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := fake.Click(context.Background(), tt.click); !errors.Is(err, ErrNotFound) {
				t.Fatalf("err = %v, want ErrNotFound", err)
			}
		})
	}
}

func TestModalOpenSubmitAndErrors(t *testing.T) {
	fake := newFake(t)
	submissions := make(chan slack.InteractionCallback, 2)
	calls := 0
	connect(t, fake, func(b *bot, evt socketmode.Event) {
		switch data := evt.Data.(type) {
		case slack.SlashCommand:
			b.ack(evt)
			modal := slack.ModalViewRequest{
				Type: slack.VTModal, Title: plainText("Log touchpoint"), Submit: plainText("Save"), CallbackID: "log_touchpoint",
				PrivateMetadata: "inf:42",
				Blocks: slack.Blocks{BlockSet: []slack.Block{
					slack.NewInputBlock("kind", plainText("Kind"), nil, slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, "kind",
						slack.NewOptionBlockObject("call", plainText("Call"), nil), slack.NewOptionBlockObject("email", plainText("Email"), nil))),
					slack.NewInputBlock("note", plainText("Note"), nil, slack.NewPlainTextInputBlockElement(nil, "note")).WithOptional(true),
				}},
			}
			if _, err := b.api.OpenView(data.TriggerID, modal); err != nil {
				t.Errorf("views.open: %v", err)
			}
			if _, err := b.api.OpenView(data.TriggerID, modal); slackErr(err) != "trigger_exchanged" {
				t.Errorf("second views.open with the same trigger: %v", err)
			}
		case slack.InteractionCallback:
			submissions <- data
			calls++
			if calls == 1 {
				b.ack(evt, slack.NewErrorsViewSubmissionResponse(map[string]string{"note": "Say what happened"}))
				return
			}
			b.ack(evt)
		default:
			b.ack(evt)
		}
	})
	if _, err := fake.SlashCommand(ctxT(t), SlashCommand{User: alice.ID, Channel: general.ID, Command: "/influencer", Text: "log @maria"}); err != nil {
		t.Fatal(err)
	}
	v, err := fake.ExpectView(ctxT(t), func(v View) bool { return v.CallbackID == "log_touchpoint" })
	if err != nil {
		t.Fatal(err)
	}
	if v.User != alice.ID || v.Kind != "modal" {
		t.Errorf("view = %+v", v)
	}

	_, err = fake.SubmitView(ctxT(t), ViewSubmit{ViewID: v.ID, Values: map[string]map[string]Value{"note": {"note": Text("call")}}})
	if !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("submitting without the required kind: err = %v", err)
	}

	in, err := fake.SubmitView(ctxT(t), ViewSubmit{ViewID: v.ID, Values: map[string]map[string]Value{"kind": {"kind": Choose("call")}}})
	if err != nil {
		t.Fatal(err)
	}
	if in.ViewResponse.Action != "errors" || in.ViewResponse.Errors["note"] != "Say what happened" {
		t.Errorf("view response = %+v", in.ViewResponse)
	}
	cb := <-submissions
	state := cb.View.State.Values
	if cb.Type != slack.InteractionTypeViewSubmission || cb.View.ID != v.ID || cb.View.PrivateMetadata != "inf:42" ||
		state["kind"]["kind"].SelectedOption.Value != "call" || state["note"]["note"].Value != "" {
		t.Errorf("submission = type %q view %q state %+v", cb.Type, cb.View.ID, state)
	}
	if open, _ := fake.View(v.ID); open.Closed {
		t.Error("a response_action errors must keep the modal open")
	}

	if _, err := fake.SubmitView(ctxT(t), ViewSubmit{ViewID: v.ID, Values: map[string]map[string]Value{
		"kind": {"kind": Choose("email")}, "note": {"note": Text("sent the brief")},
	}}); err != nil {
		t.Fatal(err)
	}
	if cb := <-submissions; cb.View.State.Values["note"]["note"].Value != "sent the brief" {
		t.Errorf("second submission state %+v", cb.View.State.Values)
	}
	closed, _ := fake.View(v.ID)
	if !closed.Closed {
		t.Error("a plain ack must close the modal")
	}
	// Opened, then closed: two view changes, the close the latest.
	if _, views := fake.Recorded(); views != 2 || v.Seq != 1 || closed.Seq != 2 {
		t.Errorf("recorded %d view changes; open Seq %d, close Seq %d", views, v.Seq, closed.Seq)
	}
	assertNoRejections(t, fake)
}

func TestAppHomeOpenedAndPublish(t *testing.T) {
	fake := newFake(t)
	publish := func(b *bot, user string) {
		home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewHeaderBlock(plainText("My relationships")),
			slack.NewActionBlock("home", slack.NewButtonBlockElement("home_refresh", "", plainText("Refresh"))),
		}}}
		if _, err := b.api.PublishView(user, home, ""); err != nil {
			t.Errorf("views.publish: %v", err)
		}
	}
	connect(t, fake, func(b *bot, evt socketmode.Event) {
		b.ack(evt)
		switch data := evt.Data.(type) {
		case slackevents.EventsAPIEvent:
			opened, ok := data.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
			if !ok {
				t.Errorf("inner event %T", data.InnerEvent.Data)
				return
			}
			publish(b, opened.User)
		case slack.InteractionCallback:
			if data.Container.Type != "view" || data.ActionCallback.BlockActions[0].ActionID != "home_refresh" {
				t.Errorf("home click = %+v", data)
			}
			publish(b, data.User.ID)
		}
	})
	in, err := fake.SendEvent(ctxT(t), map[string]any{"type": "app_home_opened", "user": bob.ID, "channel": fake.DMChannel(bob.ID), "tab": "home"})
	if err != nil {
		t.Fatal(err)
	}
	if in.EventID == "" || in.RetryAttempt != 0 {
		t.Errorf("interaction = %+v", in)
	}
	v, err := fake.ExpectView(ctxT(t), func(v View) bool { return v.Kind == "home" && v.User == bob.ID })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fake.Click(ctxT(t), Click{User: bob.ID, ViewID: v.ID, ActionID: "home_refresh"}); err != nil {
		t.Fatal(err)
	}
	if v2, err := fake.ExpectView(ctxT(t), func(x View) bool { return x.ID == v.ID && x.Version == 2 }); err != nil || v2.Hash == v.Hash {
		t.Errorf("republish: %+v %v", v2, err)
	}
}

func TestUnackedEventIsRetriedWithSameEventID(t *testing.T) {
	fake := newFake(t, WithAckTimeout(150*time.Millisecond), WithEventRetries(10*time.Millisecond, 10*time.Millisecond))
	reqs := make(chan *socketmode.Request, 4)
	connect(t, fake, func(b *bot, evt socketmode.Event) {
		if evt.Type != socketmode.EventTypeEventsAPI {
			b.ack(evt)
			return
		}
		reqs <- evt.Request
		if evt.Request.RetryAttempt > 0 { // drop the first delivery, as a crashed replica would
			b.ack(evt)
		}
	})
	in, err := fake.SendEvent(ctxT(t), map[string]any{"type": "app_home_opened", "user": alice.ID, "tab": "home"})
	if err != nil {
		t.Fatal(err)
	}
	first, retry := <-reqs, <-reqs
	if in.RetryAttempt != 1 || retry.RetryAttempt != 1 || retry.RetryReason != "timeout" || retry.EnvelopeID == first.EnvelopeID {
		t.Errorf("first %+v retry %+v interaction %+v", first, retry, in)
	}
	envs := fake.Envelopes()
	if len(envs) != 2 || envs[0].EventID != envs[1].EventID || envs[0].EventID != in.EventID {
		t.Errorf("envelopes = %+v", envs)
	}

	again, err := fake.Retry(ctxT(t), in.EnvelopeID)
	if err != nil || again.RetryAttempt != 2 || again.EventID != in.EventID {
		t.Errorf("manual retry = %+v %v", again, err)
	}
}

func TestCloseViewNotifiesOnlyWhenAsked(t *testing.T) {
	fake := newFake(t)
	closed := make(chan slack.InteractionCallback, 1)
	var notify atomic.Bool
	connect(t, fake, func(b *bot, evt socketmode.Event) {
		b.ack(evt)
		switch data := evt.Data.(type) {
		case slack.SlashCommand:
			_, err := b.api.OpenView(data.TriggerID, slack.ModalViewRequest{Type: slack.VTModal, Title: plainText("Poll"),
				NotifyOnClose: notify.Load(), Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}}})
			if err != nil {
				t.Errorf("views.open: %v", err)
			}
		case slack.InteractionCallback:
			closed <- data
		}
	})
	for _, n := range []bool{false, true} {
		notify.Store(n)
		if _, err := fake.SlashCommand(ctxT(t), SlashCommand{User: alice.ID, Channel: general.ID, Command: "/campaign", Text: "poll spring"}); err != nil {
			t.Fatal(err)
		}
		v, err := fake.ExpectView(ctxT(t), func(v View) bool { return v.Kind == "modal" && !v.Closed })
		if err != nil {
			t.Fatal(err)
		}
		in, err := fake.CloseView(ctxT(t), ViewClose{ViewID: v.ID})
		if err != nil || (in != nil) != n {
			t.Fatalf("notify=%v: interaction %v err %v", n, in, err)
		}
	}
	if cb := <-closed; cb.Type != slack.InteractionTypeViewClosed {
		t.Errorf("callback type %q", cb.Type)
	}
}

func TestViewsUpdatePushAndTriggerExpiry(t *testing.T) {
	fake := newFake(t, WithTriggerTTL(200*time.Millisecond))
	modal := func(title string) slack.ModalViewRequest {
		return slack.ModalViewRequest{Type: slack.VTModal, Title: plainText(title), Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewActionBlock("steps", slack.NewButtonBlockElement("next", "", plainText("Next"))),
		}}}
	}
	connect(t, fake, func(b *bot, evt socketmode.Event) {
		b.ack(evt)
		switch data := evt.Data.(type) {
		case slack.SlashCommand:
			if data.Text == "late" {
				time.Sleep(300 * time.Millisecond)
				if _, err := b.api.OpenView(data.TriggerID, modal("Late")); slackErr(err) != "expired_trigger_id" {
					t.Errorf("late views.open: %v", err)
				}
				return
			}
			if _, err := b.api.OpenView(data.TriggerID, modal("Step 1")); err != nil {
				t.Errorf("views.open: %v", err)
			}
		case slack.InteractionCallback:
			_, err := b.api.PushView(data.TriggerID, modal("Step"))
			if data.View.RootViewID == "" || (err != nil && slackErr(err) != "push_limit_reached") {
				t.Errorf("views.push from %s: %v", data.View.ID, err)
			}
		}
	})
	if _, err := fake.SlashCommand(ctxT(t), SlashCommand{User: alice.ID, Channel: general.ID, Command: "/campaign", Text: "new"}); err != nil {
		t.Fatal(err)
	}
	root, err := fake.ExpectView(ctxT(t), func(v View) bool { return v.Kind == "modal" })
	if err != nil {
		t.Fatal(err)
	}

	api := botAPI(fake)
	if _, err := api.UpdateView(modal("Step 1b"), "", "stale-hash", root.ID); slackErr(err) != "hash_conflict" {
		t.Errorf("stale hash: %v", err)
	}
	if _, err := api.UpdateView(modal("This title is far too long for Slack"), "", root.Hash, root.ID); slackErr(err) != "invalid_arguments" {
		t.Errorf("long title: %v", err)
	}
	if r := fake.Rejections(); len(r) != 1 || r[0].Errors[0] != "must be less than 25 characters [json-pointer:/view/title/text]" {
		t.Errorf("rejections = %+v", r)
	}
	if _, err := api.UpdateView(modal("Step 1b"), "", root.Hash, root.ID); err != nil {
		t.Fatal(err)
	}

	top := root.ID
	for depth := 2; depth <= 3; depth++ {
		if _, err := fake.Click(ctxT(t), Click{User: alice.ID, ViewID: top, ActionID: "next"}); err != nil {
			t.Fatal(err)
		}
		pushed, err := fake.ExpectView(ctxT(t), func(v View) bool { return v.RootID == root.ID && v.ID != root.ID && v.ID != top })
		if err != nil {
			t.Fatalf("push %d: %v", depth, err)
		}
		top = pushed.ID
	}
	if _, err := fake.Click(ctxT(t), Click{User: alice.ID, ViewID: top, ActionID: "next"}); err != nil {
		t.Fatal(err) // the bot sees push_limit_reached
	}

	if _, err := fake.SlashCommand(ctxT(t), SlashCommand{User: bob.ID, Channel: general.ID, Command: "/campaign", Text: "late"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for fake.Calls("views.open") < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
}
