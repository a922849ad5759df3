package slackfake

import (
	"strings"
	"testing"

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
