package slackfake

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func TestSlashCommandArrivesAsSlackGoSlashCommand(t *testing.T) {
	fake := newFake(t)
	got := make(chan slack.SlashCommand, 1)
	b := connect(t, fake, func(b *bot, evt socketmode.Event) {
		if evt.Type != socketmode.EventTypeSlashCommand {
			b.ack(evt)
			return
		}
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			t.Errorf("slash command data is %T", evt.Data)
		}
		if !evt.Request.AcceptsResponsePayload {
			t.Error("accepts_response_payload is false")
		}
		b.ack(evt)
		got <- cmd
		// Slow work answers through response_url, as DESIGN §7 prescribes.
		_, _, err := b.api.PostMessage("", slack.MsgOptionResponseURL(cmd.ResponseURL, slack.ResponseTypeEphemeral),
			slack.MsgOptionText("profile of @maria", false))
		if err != nil {
			t.Errorf("response_url post: %v", err)
		}
	})

	in, err := fake.SlashCommand(ctxT(t), SlashCommand{User: alice.ID, Channel: general.ID, Command: "/influencer", Text: "@maria"})
	if err != nil {
		t.Fatal(err)
	}
	cmd := <-got
	want := slack.SlashCommand{
		Token: VerificationToken, TeamID: TeamID, TeamDomain: TeamDomain, ChannelID: general.ID, ChannelName: "general",
		UserID: alice.ID, UserName: "alice", Command: "/influencer", Text: "@maria",
		ResponseURL: in.ResponseURL, TriggerID: in.TriggerID, APIAppID: AppID,
	}
	if cmd != want {
		t.Errorf("slash command\n got %+v\nwant %+v", cmd, want)
	}
	if in.AckLatency <= 0 || in.ConnID == 0 {
		t.Errorf("interaction %+v lacks ack latency or connection", in)
	}
	acks := fake.Acks()
	if len(acks) != 1 || acks[0].EnvelopeID != in.EnvelopeID || acks[0].Type != "slash_commands" || acks[0].Latency <= 0 {
		t.Errorf("acks = %+v", acks)
	}
	resp, err := in.WaitResponse(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Text != "profile of @maria" || resp.ResponseType != "ephemeral" || resp.User != alice.ID || resp.Channel != general.ID {
		t.Errorf("response = %+v", resp)
	}
	if err := fake.ExpectNoMoreMessages(); err != nil {
		t.Error(err)
	}
	_ = b
}

func TestSlashCommandAckPayloadIsTheResponse(t *testing.T) {
	fake := newFake(t)
	connect(t, fake, func(b *bot, evt socketmode.Event) {
		if evt.Type == socketmode.EventTypeSlashCommand {
			b.ack(evt, map[string]any{"response_type": "in_channel", "text": "usage: /influencer help",
				"blocks": []any{map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": "*usage*"}}}})
			return
		}
		b.ack(evt)
	})
	in, err := fake.SlashCommand(ctxT(t), SlashCommand{User: bob.ID, Channel: general.ID, Command: "/influencer", Text: "help"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := in.WaitResponse(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if m.ResponseType != "in_channel" || !strings.Contains(m.PlainText(), "*usage*") || m.ResponseURLOf != in.ResponseURLOf {
		t.Errorf("response = %+v", m)
	}
	assertNoRejections(t, fake)
}

func TestSlashCommandAckWithInvalidBlocksIsRefused(t *testing.T) {
	fake := newFake(t)
	connect(t, fake, func(b *bot, evt socketmode.Event) {
		b.ack(evt, map[string]any{"text": "x", "blocks": []any{map[string]any{"type": "header", "text": map[string]any{"type": "mrkdwn", "text": "no"}}}})
	})
	_, err := fake.SlashCommand(ctxT(t), SlashCommand{User: bob.ID, Channel: general.ID, Command: "/influencer", Text: "x"})
	if !errors.Is(err, ErrResponseRefused) || !strings.Contains(err.Error(), "json-pointer:/blocks/0/text/type") {
		t.Fatalf("err = %v", err)
	}
	if r := fake.Rejections(); len(r) != 1 || r[0].Method != "slash_commands.ack" || r[0].Code != "invalid_blocks" {
		t.Errorf("rejections = %+v", r)
	}
}

func TestSlashCommandDriverErrors(t *testing.T) {
	fake := newFake(t)
	tests := []struct {
		name string
		cmd  SlashCommand
		want error
	}{
		{"no connection is dispatch_failed", SlashCommand{User: alice.ID, Channel: general.ID, Command: "/influencer"}, ErrNoConnection},
		{"unknown user", SlashCommand{User: "U0NOBODY", Channel: general.ID, Command: "/influencer"}, ErrNotFound},
		{"unknown channel", SlashCommand{User: alice.ID, Channel: "C0NOPE", Command: "/influencer"}, ErrNotFound},
		{"missing slash", SlashCommand{User: alice.ID, Channel: general.ID, Command: "influencer"}, ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := fake.SlashCommand(context.Background(), tt.cmd)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if n := len(fake.Envelopes()); n != 0 {
		t.Errorf("%d envelopes sent; a failed dispatch must not be queued", n)
	}
}

func TestSlashCommandInDMChannel(t *testing.T) {
	fake := newFake(t)
	got := make(chan slack.SlashCommand, 1)
	connect(t, fake, func(b *bot, evt socketmode.Event) {
		b.ack(evt)
		if cmd, ok := evt.Data.(slack.SlashCommand); ok {
			got <- cmd
		}
	})
	dm := fake.DMChannel(bob.ID)
	if _, err := fake.SlashCommand(ctxT(t), SlashCommand{User: bob.ID, Channel: dm, Command: "/influencer", Text: "stale"}); err != nil {
		t.Fatal(err)
	}
	if cmd := <-got; cmd.ChannelID != dm || cmd.ChannelName != "directmessage" {
		t.Errorf("command = %+v", cmd)
	}
}
