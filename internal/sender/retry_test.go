package sender

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func TestRetryDelay(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantWait  time.Duration
		retryable bool
	}{
		{"429 with Retry-After", &slack.RateLimitedError{RetryAfter: 3 * time.Second}, 3 * time.Second, true},
		{"429 without a usable Retry-After waits a second", &slack.RateLimitedError{}, time.Second, true},
		{"HTTP 200 ratelimited", fmt.Errorf("post: %w", slack.SlackErrorResponse{Err: "ratelimited"}), 2 * time.Second, true},
		{"5xx", slack.StatusCodeError{Code: 503}, time.Second, true},
		{"invalid_blocks is final", slack.SlackErrorResponse{Err: "invalid_blocks"}, 0, false},
		{"404 is final", slack.StatusCodeError{Code: 404}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wait, ok := retryDelay(tt.err, 2)
			if ok != tt.retryable || wait != tt.wantWait {
				t.Errorf("retryDelay = %v, %v; want %v, %v", wait, ok, tt.wantWait, tt.retryable)
			}
		})
	}
}

func TestRetryStopsOnContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	calls := 0
	err := Retry(ctx, func() error {
		calls++
		return &slack.RateLimitedError{RetryAfter: time.Hour}
	})
	if !errors.Is(err, context.DeadlineExceeded) || calls != 1 {
		t.Errorf("err = %v after %d calls", err, calls)
	}
}
