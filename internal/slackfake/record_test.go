package slackfake

import (
	"testing"

	"github.com/slack-go/slack"
)

// A subscriber knows it has caught up when it has received the Seq that Recorded reports.
func TestRecordedCountsWhatSubscribersReceive(t *testing.T) {
	fake := newFake(t)
	feed, stop := fake.Subscribe()
	defer stop()
	api := botAPI(fake)
	for _, text := range []string{"one", "two", "three"} {
		if _, _, err := api.PostMessageContext(ctxT(t), general.ID, slack.MsgOptionText(text, false)); err != nil {
			t.Fatal(err)
		}
	}
	messages, views := fake.Recorded()
	if messages != 3 || views != 0 {
		t.Fatalf("Recorded() = %d messages, %d views; want 3, 0", messages, views)
	}
	for want := 1; want <= messages; want++ {
		if m := <-feed; m.Seq != want {
			t.Fatalf("received Seq %d, want %d", m.Seq, want)
		}
	}
}
