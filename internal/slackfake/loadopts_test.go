package slackfake

import (
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func TestWithoutMessageChecksRecordsWhatSlackWouldRefuse(t *testing.T) {
	fake := newFake(t, WithoutMessageChecks())
	long := slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, strings.Repeat("x", 3001), false, false), nil, nil)
	_, ts, err := botAPI(fake).PostMessageContext(ctxT(t), general.ID, slack.MsgOptionText("fallback", false), slack.MsgOptionBlocks(long))
	if err != nil {
		t.Fatalf("post with checks off: %v", err)
	}
	if r := fake.Rejections(); len(r) != 0 {
		t.Errorf("rejections = %+v, want none with checks off", r)
	}
	if _, ok := fake.Lookup(general.ID, ts); !ok {
		t.Errorf("message %s not stored", ts)
	}
}

func TestWithEnvelopePrefixNamesEveryEnvelope(t *testing.T) {
	fake := newFake(t, WithEnvelopePrefix("env-run7-"), WithAckTimeout(100*time.Millisecond))
	c := dialRaw(t, fake)
	c.read() // hello
	go func() { _, _ = fake.SendEvent(ctxT(t), map[string]any{"type": "app_home_opened", "user": alice.ID}) }()
	env := c.read()
	if id, _ := env["envelope_id"].(string); !strings.HasPrefix(id, "env-run7-") {
		t.Errorf("envelope id %q, want it to start with env-run7-", id)
	}
}
