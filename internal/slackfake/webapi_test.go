package slackfake

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func botAPI(fake *Server) *slack.Client {
	return slack.New(BotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken(AppToken))
}

// slackErr returns the Slack error code carried by err, or "".
func slackErr(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

// profileBlocks is a card built with slack-go's own builders: whatever slack-go
// marshals for these must pass the validator.
func profileBlocks() []slack.Block {
	plain := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	md := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
	}
	share := slack.NewButtonBlockElement("share", "inf:42", plain("Share in channel"))
	log := slack.NewButtonBlockElement("log_touchpoint", "inf:42", plain("Log touchpoint")).WithStyle(slack.StylePrimary)
	snooze := slack.NewButtonBlockElement("snooze", "inf:42", plain("Snooze")).
		WithConfirm(slack.NewConfirmationBlockObject(plain("Snooze?"), md("No nudges for a week."), plain("Snooze"), plain("Cancel")))
	menu := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Reassign"), "reassign",
		slack.NewOptionBlockObject("U0BOB", plain("Bob"), nil))
	return []slack.Block{
		slack.NewHeaderBlock(plain("@maria.eats")),
		slack.NewSectionBlock(md("*Tier* micro"), []*slack.TextBlockObject{md("*Followers*\n84K"), md("*ER*\n3.1 %")}, slack.NewAccessory(share)),
		slack.NewDividerBlock(),
		slack.NewContextBlock("", md("Last touchpoint 12 days ago"), slack.NewImageBlockElement("https://e.org/a.png", "avatar")),
		slack.NewImageBlock("https://e.org/chart.png", "trend", "", plain("Trend")),
		slack.NewActionBlock("card_actions", log, snooze, menu),
	}
}

func TestPostMessageValidatesBlocks(t *testing.T) {
	fake := newFake(t)
	api := botAPI(fake)
	ctx := ctxT(t)

	ch, ts, err := api.PostMessageContext(ctx, general.ID, slack.MsgOptionText("Profile of @maria.eats", false), slack.MsgOptionBlocks(profileBlocks()...))
	if err != nil || ch != general.ID || ts == "" {
		t.Fatalf("post = %q %q %v", ch, ts, err)
	}
	assertNoRejections(t, fake)

	long := slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, strings.Repeat("x", 3001), false, false), nil, nil)
	_, _, err = api.PostMessageContext(ctx, general.ID, slack.MsgOptionText("fallback", false), slack.MsgOptionBlocks(long))
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != "invalid_blocks" {
		t.Fatalf("err = %v, want invalid_blocks", err)
	}
	if len(se.Errors) != 1 || se.Errors[0].Message == nil ||
		*se.Errors[0].Message != "must be less than 3001 characters [json-pointer:/blocks/0/text/text]" {
		t.Errorf("errors = %+v", se.Errors)
	}
	r := fake.Rejections()
	if len(r) != 1 || r[0].Method != "chat.postMessage" || r[0].Code != "invalid_blocks" {
		t.Errorf("rejections = %+v", r)
	}
	if _, err := fake.ExpectMessage(ctx, func(m Message) bool { return m.TS == ts }); err != nil {
		t.Fatal(err)
	}
	if err := fake.ExpectNoMoreMessages(); err != nil {
		t.Errorf("refused message was recorded: %v", err)
	}
}

func TestWebAPIErrors(t *testing.T) {
	fake := newFake(t)
	ctx := ctxT(t)
	api := botAPI(fake)
	text := slack.MsgOptionText("hi", false)
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"wrong bot token", func() error {
			_, _, err := slack.New("xoxb-wrong", slack.OptionAPIURL(fake.APIURL())).PostMessageContext(ctx, general.ID, text)
			return err
		}, "invalid_auth"},
		{"app token for chat", func() error {
			_, _, err := slack.New(AppToken, slack.OptionAPIURL(fake.APIURL())).PostMessageContext(ctx, general.ID, text)
			return err
		}, "not_allowed_token_type"},
		{"bot token for apps.connections.open", func() error {
			_, _, err := slack.New(BotToken, slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken(BotToken)).StartSocketModeContext(ctx)
			return err
		}, "not_allowed_token_type"},
		{"unknown channel", func() error { _, _, err := api.PostMessageContext(ctx, "C0NOPE", text); return err }, "channel_not_found"},
		{"private channel without the bot", func() error { _, _, err := api.PostMessageContext(ctx, secret.ID, text); return err }, "not_in_channel"},
		{"no text nor blocks", func() error { _, _, err := api.PostMessageContext(ctx, general.ID); return err }, "no_text"},
		{"text too long", func() error {
			_, _, err := api.PostMessageContext(ctx, general.ID, slack.MsgOptionText(strings.Repeat("t", 40001), false))
			return err
		}, "msg_too_long"},
		{"ephemeral to a user outside the channel", func() error {
			_, err := api.PostEphemeralContext(ctx, campaign.ID, bob.ID, text)
			return err
		}, "user_not_in_channel"},
		{"update of an unknown message", func() error {
			_, _, _, err := api.UpdateMessageContext(ctx, general.ID, "1.000001", text)
			return err
		}, "message_not_found"},
		{"users.info of an unknown user", func() error { _, err := api.GetUserInfoContext(ctx, "U0NOBODY"); return err }, "user_not_found"},
		{"DM to a deactivated user", func() error {
			_, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{gone.ID}})
			return err
		}, "user_disabled"},
		{"views.open with an unknown trigger", func() error {
			_, err := api.OpenViewContext(ctx, "1.2.nope", slack.ModalViewRequest{Type: slack.VTModal,
				Title: slack.NewTextBlockObject(slack.PlainTextType, "Hi", false, false), Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}}})
			return err
		}, "invalid_trigger_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := slackErr(tt.call()); got != tt.want {
				t.Fatalf("error = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUnknownMethod(t *testing.T) {
	fake := newFake(t)
	resp, err := http.Post(fake.APIURL()+"chat.scheduleMessage", "application/x-www-form-urlencoded", strings.NewReader("token="+BotToken))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`"error":"unknown_method"`)) {
		t.Errorf("answer %d %s", resp.StatusCode, body)
	}
}

func TestUsersInfoCarriesTimeZone(t *testing.T) {
	fake := newFake(t)
	api := botAPI(fake)
	u, err := api.GetUserInfoContext(ctxT(t), alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	_, offset := time.Now().In(berlin).Zone()
	if u.TZ != "Europe/Berlin" || u.TZOffset != offset || u.Deleted || u.RealName != "Alice Adams" {
		t.Errorf("alice = tz %q offset %d deleted %v name %q", u.TZ, u.TZOffset, u.Deleted, u.RealName)
	}
	u, err = api.GetUserInfoContext(ctxT(t), bob.ID)
	if err != nil || u.TZOffset != -18000 {
		t.Errorf("bob's pinned offset: %+v %v", u, err)
	}
	u, err = api.GetUserInfoContext(ctxT(t), gone.ID)
	if err != nil || !u.Deleted {
		t.Errorf("gone should be deleted: %+v %v", u, err)
	}
}

func TestRateLimits(t *testing.T) {
	fake := newFake(t)
	api := botAPI(fake)
	ctx := ctxT(t)
	text := slack.MsgOptionText("hi", false)

	fake.Inject429("chat.postMessage", 1, 1500*time.Millisecond)
	_, _, err := api.PostMessageContext(ctx, general.ID, text)
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 2*time.Second {
		t.Fatalf("err = %v, want RateLimitedError with RetryAfter 2s", err)
	}
	fake.InjectRateLimitedOK("chat.postMessage", 1)
	if _, _, err := api.PostMessageContext(ctx, general.ID, text); slackErr(err) != "ratelimited" {
		t.Fatalf("err = %v, want HTTP 200 ratelimited", err)
	}
	if _, _, err := api.PostMessageContext(ctx, general.ID, text); err != nil {
		t.Fatalf("faults should be used up: %v", err)
	}
	if n := fake.Calls("chat.postMessage"); n != 3 {
		t.Errorf("calls = %d", n)
	}
	if _, err := fake.ExpectMessage(ctx, func(m Message) bool { return m.Text == "hi" }); err != nil {
		t.Fatal(err)
	}
	if err := fake.ExpectNoMoreMessages(); err != nil {
		t.Error(err)
	}
}

func TestDirectMessages(t *testing.T) {
	fake := newFake(t)
	api := botAPI(fake)
	ctx := ctxT(t)
	ch, _, already, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{bob.ID}})
	if err != nil || ch.ID != fake.DMChannel(bob.ID) || already {
		t.Fatalf("open = %+v %v %v", ch, already, err)
	}
	if _, _, err := api.PostMessageContext(ctx, ch.ID, slack.MsgOptionText("3 relationships need you", false)); err != nil {
		t.Fatal(err)
	}
	// Posting to a user ID lands in the same DM, as in Slack.
	gotCh, _, err := api.PostMessageContext(ctx, alice.ID, slack.MsgOptionText("weekly digest", false))
	if err != nil || gotCh != fake.DMChannel(alice.ID) {
		t.Fatalf("post to user ID = %q %v", gotCh, err)
	}
	if _, err := fake.ExpectDM(ctx, bob.ID, "relationships"); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.ExpectDM(ctx, alice.ID, "digest"); err != nil {
		t.Fatal(err)
	}
	if err := fake.ExpectNoMoreMessages(); err != nil {
		t.Error(err)
	}
}

func TestUpdateReplacesInPlace(t *testing.T) {
	fake := newFake(t)
	api := botAPI(fake)
	ctx := ctxT(t)
	_, ts, err := api.PostMessageContext(ctx, campaign.ID, slack.MsgOptionText("Go: 0", false))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, campaign.ID, ts, slack.MsgOptionText("Go: 1", false)); err != nil {
		t.Fatal(err)
	}
	m, ok := fake.Lookup(campaign.ID, ts)
	if !ok || m.Text != "Go: 1" || m.Kind != KindPost {
		t.Errorf("live message = %+v", m)
	}
	msgs := fake.Messages()
	if len(msgs) != 2 || msgs[1].Kind != KindUpdate || msgs[1].TS != ts || msgs[1].Text != "Go: 1" {
		t.Errorf("recording = %+v", msgs)
	}
}

func TestFileUploadV2StoresBytes(t *testing.T) {
	fake := newFake(t)
	api := botAPI(fake)
	png := []byte("\x89PNG\r\n\x1a\nfake chart")
	f, err := api.UploadFileContext(ctxT(t), slack.UploadFileParameters{
		Reader: bytes.NewReader(png), FileSize: len(png), Filename: "trend.png", Title: "Trend of @maria",
		Channel: general.ID, InitialComment: "Engagement trend",
	})
	if err != nil {
		t.Fatal(err)
	}
	files := fake.Files()
	if len(files) != 1 || files[0].ID != f.ID || !bytes.Equal(files[0].Bytes, png) ||
		files[0].Name != "trend.png" || files[0].Title != "Trend of @maria" || files[0].Channel != general.ID {
		t.Fatalf("files = %+v", files)
	}
	m, err := fake.ExpectMessage(ctxT(t), func(m Message) bool { return m.Kind == KindFile })
	if err != nil || m.Text != "Engagement trend" || len(m.FileIDs) != 1 || m.FileIDs[0] != f.ID {
		t.Errorf("file message = %+v %v", m, err)
	}
}

func TestAuthTest(t *testing.T) {
	fake := newFake(t)
	r, err := botAPI(fake).AuthTestContext(ctxT(t))
	if err != nil || r.UserID != BotUserID || r.TeamID != TeamID || r.BotID != BotID {
		t.Fatalf("auth.test = %+v %v", r, err)
	}
	fake.RevokeBotToken()
	if _, err := botAPI(fake).AuthTestContext(ctxT(t)); slackErr(err) != "token_revoked" {
		t.Fatalf("after revoke: %v", err)
	}
}

func TestJSONBodiesAreAccepted(t *testing.T) {
	fake := newFake(t)
	body, _ := json.Marshal(map[string]any{"channel": general.ID, "text": "json body",
		"blocks": []any{map[string]any{"type": "divider"}}})
	req, _ := http.NewRequest(http.MethodPost, fake.APIURL()+"chat.postMessage", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Authorization", "Bearer "+BotToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		OK bool   `json:"ok"`
		TS string `json:"ts"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || !out.OK {
		t.Fatalf("answer %+v %v", out, err)
	}
	m, ok := fake.Lookup(general.ID, out.TS)
	if !ok || string(m.Blocks) != `[{"type":"divider"}]` {
		t.Errorf("stored %+v", m)
	}
}
