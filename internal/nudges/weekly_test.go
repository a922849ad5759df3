package nudges

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/redistest"
)

func TestWeeklyDigestOncePerWeekFromMondayMorning(t *testing.T) {
	srv := redistest.Start(t)
	s, err := redisstore.Open(srv.URL(), redisstore.Options{KeyPrefix: "w:"})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	if err := s.LoadScripts(context.Background()); err != nil {
		t.Fatal(err)
	}
	seed(t, s, 40, 10, 3)
	out, rec := recording(s)
	w := &Weekly{Store: s, Out: out, Cadence: cadence.DefaultDefaults(), TeamChannel: "CTEAM"}
	monday := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) // a Monday
	steps := []struct {
		name  string
		at    time.Time
		sent  bool
		posts int
	}{
		{"Monday 08:59 is too early", monday.Add(8*time.Hour + 59*time.Minute), false, 0},
		{"Monday 09:00 sends", monday.Add(9 * time.Hour), true, 1},
		{"later that week: already sent", monday.Add(3 * 24 * time.Hour), false, 1},
		{"next Sunday night: same week", monday.Add(6*24*time.Hour + 23*time.Hour), false, 1},
		{"next Monday 10:00 sends again", monday.Add(7*24*time.Hour + 10*time.Hour), true, 2},
	}
	for _, st := range steps {
		sent, err := w.SendDue(context.Background(), st.at)
		if posts := len(rec.To("CTEAM")); err != nil || sent != st.sent || posts != st.posts {
			t.Errorf("%s: sent=%v err=%v posts=%d; want sent=%v posts=%d", st.name, sent, err, posts, st.sent, st.posts)
		}
	}
	first := rec.To("CTEAM")[0].Msg
	if got := first.Blocks[0].(*slack.HeaderBlock).Text.Text; got != "Relationship health — week 2026-W48" {
		t.Errorf("digest header = %q", got)
	}
	if got := first.Blocks[1].(*slack.SectionBlock).Text.Text; !strings.HasSuffix(got, " of 40 relationships are overdue.*") {
		t.Errorf("digest summary = %q, want it to count the 40 relationships", got)
	}
}
