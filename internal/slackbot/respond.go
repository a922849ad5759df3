package slackbot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/blocks"
)

// respond answers a command through its response_url, ephemerally. Rate limits are waited
// out (Retry-After), never dropped.
func (b *Bot) respond(ctx context.Context, responseURL string, msg blocks.Message) error {
	return b.respondReplace(ctx, responseURL, msg, false)
}

// respondReplace answers through a response_url with an ephemeral message that replaces the
// one clicked, or is added below it.
func (b *Bot) respondReplace(ctx context.Context, responseURL string, msg blocks.Message, replace bool) error {
	if responseURL == "" {
		return errors.New("no response_url to answer on")
	}
	wm := &slack.WebhookMessage{
		Text:            msg.Text,
		Blocks:          &slack.Blocks{BlockSet: msg.Blocks},
		ResponseType:    slack.ResponseTypeEphemeral,
		ReplaceOriginal: replace,
	}
	return withRetry(ctx, func() error {
		return slack.PostWebhookCustomHTTPContext(ctx, responseURL, b.http, wm)
	})
}

// maxAttempts bounds retries of one Slack call on rate limits and 5xx.
const maxAttempts = 5

// withRetry calls fn until it succeeds, fails for good, or ctx ends. It honours
// Retry-After on HTTP 429 and treats HTTP-200 "ratelimited" answers the same way.
func withRetry(ctx context.Context, fn func() error) error {
	var err error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		err = fn()
		if err == nil {
			return nil
		}
		wait, retryable := retryDelay(err, attempt)
		if !retryable {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%w (while waiting to retry: %w)", ctx.Err(), err)
		case <-t.C:
		}
	}
	return err
}

func retryDelay(err error, attempt int) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return max(rl.RetryAfter, time.Second), true
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && (se.Err == "ratelimited" || se.Err == "rate_limited") {
		return time.Duration(attempt) * time.Second, true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code >= 500 {
		return time.Duration(attempt) * 500 * time.Millisecond, true
	}
	return 0, false
}
