package slackbot

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/render"
	"github.com/rapport-bot/rapport/internal/sender"
)

// respond answers a command through its response_url, ephemerally. Rate limits are waited
// out (Retry-After), never dropped.
func (b *Bot) respond(ctx context.Context, responseURL string, msg render.Message) error {
	return b.respondReplace(ctx, responseURL, msg, false)
}

// respondReplace answers through a response_url with an ephemeral message that replaces the
// one clicked, or is added below it.
func (b *Bot) respondReplace(ctx context.Context, responseURL string, msg render.Message, replace bool) error {
	if responseURL == "" {
		return errors.New("no response_url to answer on")
	}
	wm := &slack.WebhookMessage{
		Text:            msg.Text,
		Blocks:          &slack.Blocks{BlockSet: msg.Blocks},
		ResponseType:    slack.ResponseTypeEphemeral,
		ReplaceOriginal: replace,
	}
	return sender.Retry(ctx, func() error {
		return slack.PostWebhookCustomHTTPContext(ctx, responseURL, b.http, wm)
	})
}
