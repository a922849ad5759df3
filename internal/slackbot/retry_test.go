package slackbot

import (
	"errors"
	"fmt"
	"testing"

	"github.com/slack-go/slack"
)

func TestFatalFor(t *testing.T) {
	if f := fatalFor(errors.New("link_disabled")); f == nil || f.Code != "link_disabled" {
		t.Errorf("link_disabled not fatal: %v", f)
	}
	if f := fatalFor(fmt.Errorf("open: %w", slack.SlackErrorResponse{Err: "invalid_auth"})); f == nil {
		t.Error("wrapped invalid_auth not fatal")
	}
	if f := fatalFor(errors.New("dial tcp: connection refused")); f != nil {
		t.Errorf("network error treated as fatal: %v", f)
	}
}
