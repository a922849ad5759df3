package slackfake

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

func TestExpectNoMoreMessagesCatchesDuplicates(t *testing.T) {
	fake := newFake(t)
	api := botAPI(fake)
	for range 2 {
		if _, _, err := api.PostMessageContext(ctxT(t), bob.ID, slack.MsgOptionText("nudge: call @maria", false)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := fake.ExpectDM(ctxT(t), bob.ID, "@maria"); err != nil {
		t.Fatal(err)
	}
	err := fake.ExpectNoMoreMessages()
	if err == nil || !strings.Contains(err.Error(), "1 unexpected message") || !strings.Contains(err.Error(), "nudge: call @maria") {
		t.Fatalf("err = %v", err)
	}
}

func TestExpectMessageTimesOutWithDefault(t *testing.T) {
	fake := newFake(t, WithExpectTimeout(50*time.Millisecond))
	start := time.Now()
	_, err := fake.ExpectMessage(context.Background(), func(Message) bool { return true })
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("err = %v after %v", err, time.Since(start))
	}
}

func TestSubscribeSeesEveryMessageInOrder(t *testing.T) {
	fake := newFake(t)
	msgs, cancel := fake.Subscribe()
	api := botAPI(fake)
	// Nobody reads while these are recorded: the HTTP handler must not block.
	for _, text := range []string{"one", "two", "three"} {
		if _, _, err := api.PostMessageContext(ctxT(t), general.ID, slack.MsgOptionText(text, false)); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"one", "two", "three"} {
		select {
		case m := <-msgs:
			if m.Text != want {
				t.Fatalf("got %q, want %q", m.Text, want)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("no message %q", want)
		}
	}
	cancel()
	for range msgs { // drains to closed
	}
}

func TestCloseReleasesWaiters(t *testing.T) {
	fake := New()
	msgs, _ := fake.Subscribe()
	errc := make(chan error, 1)
	go func() {
		_, err := fake.ExpectMessage(context.Background(), func(Message) bool { return false })
		errc <- err
	}()
	time.Sleep(20 * time.Millisecond)
	fake.Close()
	if err := <-errc; !errors.Is(err, ErrClosed) {
		t.Errorf("waiter got %v, want ErrClosed", err)
	}
	if _, ok := <-msgs; ok {
		t.Error("subscription still open after Close")
	}
	fake.Close() // idempotent
	assertNoLeaks(t)
}
