package upkeep

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/redistest"
)

type weeklyRecorder struct {
	mu    sync.Mutex
	posts []cadence.Weekly
}

func (w *weeklyRecorder) SendWeekly(_ context.Context, d cadence.Weekly) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.posts = append(w.posts, d)
	return nil
}

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
	rec := &weeklyRecorder{}
	w := &Weekly{Store: s, Deliveries: redisstore.Deliveries{Store: s, TTL: 9 * 24 * time.Hour, Grace: time.Minute},
		Poster: rec, Cadence: cadence.DefaultDefaults()}
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
		if err != nil || sent != st.sent || len(rec.posts) != st.posts {
			t.Errorf("%s: sent=%v err=%v posts=%d; want sent=%v posts=%d", st.name, sent, err, len(rec.posts), st.sent, st.posts)
		}
	}
	if got := rec.posts[0]; got.Relationships != 40 || got.Week != "2026-W48" {
		t.Errorf("digest = %d relationships, week %s", got.Relationships, got.Week)
	}
}
