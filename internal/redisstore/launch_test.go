package redisstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redistest"
)

// launchNow is the launch tests' clock: Wednesday 25 November 2026, 10:00 UTC.
var launchNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func plannedCampaign(name string, launchIn time.Duration) rapport.Campaign {
	return rapport.Campaign{
		ID: rapport.CampaignID(name), Name: name, LaunchAt: launchNow.Add(launchIn), TimeZone: "Europe/Paris",
		Channel: "C0LAUNCH", Markets: []string{"FR"}, Approvers: []string{"U0APPROVER"},
	}
}

// replicaStore is another process's store on the same Redis.
func replicaStore(t *testing.T, srv *redistest.Server) *Store {
	t.Helper()
	s, err := Open(srv.URL(), Options{KeyPrefix: "test:", Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func campaignIDs(cs []rapport.Campaign) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func TestCampaignSaveFindAndList(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	glow := plannedCampaign("Spring Glow '26", 3*24*time.Hour)
	for _, c := range []rapport.Campaign{
		glow,
		plannedCampaign("Winter Sale", 10*24*time.Hour),
		plannedCampaign("Flash Drop", time.Hour),
		plannedCampaign("Last Year", -365*24*time.Hour),
	} {
		if err := s.CreateCampaign(ctx, c); err != nil {
			t.Fatalf("create %s: %v", c.Name, err)
		}
	}
	if err := s.CreateCampaign(ctx, plannedCampaign("SPRING glow 26", time.Hour)); !errors.Is(err, ErrCampaignExists) {
		t.Fatalf("creating a campaign named like another = %v, want ErrCampaignExists", err)
	}

	for _, q := range []string{"spring-glow-26", "Spring Glow '26", "  spring GLOW 26 "} {
		got, err := s.FindCampaign(ctx, q)
		if err != nil || got.Name != glow.Name || !got.LaunchAt.Equal(glow.LaunchAt) || got.Approvers[0] != "U0APPROVER" {
			t.Errorf("FindCampaign(%q) = %+v, %v", q, got, err)
		}
	}
	for _, q := range []string{"autumn", "", "!!!"} {
		if _, err := s.FindCampaign(ctx, q); !errors.Is(err, ErrNotFound) {
			t.Errorf("FindCampaign(%q) = %v, want ErrNotFound", q, err)
		}
	}

	tests := []struct {
		name     string
		from, to time.Time
		limit    int
		want     []string
	}{
		{"upcoming, earliest first", launchNow, time.Time{}, 0, []string{"flash-drop", "spring-glow-26", "winter-sale"}},
		{"upcoming, limited", launchNow, time.Time{}, 2, []string{"flash-drop", "spring-glow-26"}},
		{"everything", time.Time{}, time.Time{}, 0, []string{"last-year", "flash-drop", "spring-glow-26", "winter-sale"}},
		{"bounds are inclusive", launchNow.Add(time.Hour), launchNow.Add(3 * 24 * time.Hour), 0, []string{"flash-drop", "spring-glow-26"}},
		{"nothing in the window", launchNow.Add(20 * 24 * time.Hour), time.Time{}, 0, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Campaigns(ctx, tt.from, tt.to, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if ids := campaignIDs(got); !slices.Equal(ids, tt.want) {
				t.Errorf("Campaigns = %v, want %v", ids, tt.want)
			}
		})
	}

	// Moving a launch refiles the campaign; cancelling keeps it listed, saying so.
	moved := glow
	moved.LaunchAt = launchNow.Add(20 * 24 * time.Hour)
	moved.Cancelled = true
	if err := s.SaveCampaign(ctx, moved); err != nil {
		t.Fatal(err)
	}
	got, err := s.Campaigns(ctx, launchNow, time.Time{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if ids := campaignIDs(got); !slices.Equal(ids, []string{"flash-drop", "winter-sale", "spring-glow-26"}) || !got[2].Cancelled {
		t.Errorf("after moving the launch: %v (cancelled %v)", ids, got[len(got)-1].Cancelled)
	}
}

func TestSaveCampaignRejectsBadRecords(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	for _, c := range []rapport.Campaign{
		{ID: "", Name: "x", LaunchAt: launchNow},
		{ID: "Spring Glow", Name: "Spring Glow", LaunchAt: launchNow}, // not canonical
		{ID: "a{b}", Name: "a{b}", LaunchAt: launchNow},
		{ID: "undated", Name: "Undated"},
	} {
		if err := s.SaveCampaign(ctx, c); err == nil {
			t.Errorf("SaveCampaign(%+v) saved", c)
		}
	}
}

func scheduleAll(t *testing.T, s *Store, keys map[string]time.Time) {
	t.Helper()
	if err := s.ScheduleCheckpoints(context.Background(), keys); err != nil {
		t.Fatal(err)
	}
}

func claim(t *testing.T, s *Store, at time.Time, limit int, visibility time.Duration) []rapport.ClaimedCheckpoint {
	t.Helper()
	got, err := s.ClaimDueCheckpoints(context.Background(), at, limit, visibility)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func claimedKeys(cs []rapport.ClaimedCheckpoint) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Key
	}
	return out
}

func TestClaimDueCheckpointsInDueOrder(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	scheduleAll(t, s, map[string]time.Time{
		"glow|check|259200": launchNow.Add(-2 * time.Hour),
		"glow|check|86400":  launchNow.Add(-time.Minute),
		"glow|check|7200":   launchNow.Add(time.Hour), // not due
		"sale|watch|3600":   launchNow,                // due exactly now
	})
	got := claim(t, s, launchNow, 10, time.Minute)
	want := []rapport.ClaimedCheckpoint{
		{Key: "glow|check|259200", Due: launchNow.Add(-2 * time.Hour), Attempt: 1},
		{Key: "glow|check|86400", Due: launchNow.Add(-time.Minute), Attempt: 1},
		{Key: "sale|watch|3600", Due: launchNow, Attempt: 1},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("claimed %+v\nwant    %+v", got, want)
	}
	if again := claim(t, s, launchNow.Add(30*time.Second), 10, time.Minute); len(again) != 0 {
		t.Fatalf("claimed checkpoints were handed out again within their visibility: %v", claimedKeys(again))
	}
	for _, c := range got {
		if err := s.CompleteCheckpoint(ctx, c.Key); err != nil {
			t.Fatal(err)
		}
	}
	if later := claim(t, s, launchNow.Add(time.Hour), 10, time.Minute); !slices.Equal(claimedKeys(later), []string{"glow|check|7200"}) {
		t.Fatalf("an hour later claimed %v, want only the T-2h check", claimedKeys(later))
	}
	if err := s.UnscheduleCheckpoints(ctx, []string{"glow|check|7200", "never-scheduled"}); err != nil {
		t.Fatal(err)
	}
}

// Two replicas claim at the same time over many checkpoints: each is handed out once.
func TestClaimDueCheckpointsExactlyOnceAcrossReplicas(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	replicas := []*Store{s, replicaStore(t, srv)}
	const n = 2000
	keys := make(map[string]time.Time, n)
	for i := range n {
		keys[fmt.Sprintf("c%03d|check|%d", i%300, i)] = launchNow.Add(-time.Duration(i) * time.Second)
	}
	scheduleAll(t, s, keys)

	var mu sync.Mutex
	seen := make(map[string]int, n)
	var wg sync.WaitGroup
	for r, st := range replicas {
		wg.Go(func() {
			for {
				got, err := st.ClaimDueCheckpoints(ctx, launchNow, 7+r, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, c := range got {
					seen[c.Key]++
				}
				mu.Unlock()
				for _, c := range got {
					if err := st.CompleteCheckpoint(ctx, c.Key); err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("%d checkpoints claimed, want %d", len(seen), n)
	}
	for k, times := range seen {
		if times != 1 {
			t.Errorf("%s claimed %d times", k, times)
		}
	}
	if rest := claim(t, s, launchNow.Add(2*time.Hour), 10, time.Hour); len(rest) != 0 {
		t.Errorf("completed checkpoints came back: %v", claimedKeys(rest))
	}
}

// A replica dies mid-check: once its claim lapses the checkpoint is claimed again, keeping
// its due time, and completes for good.
func TestClaimLapsesAndIsClaimedAgain(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	other := replicaStore(t, srv)
	due := launchNow.Add(-5 * time.Minute)
	scheduleAll(t, s, map[string]time.Time{"glow|check|86400": due})

	first := claim(t, s, launchNow, 5, time.Minute) // … and this replica dies
	if len(first) != 1 || first[0].Attempt != 1 {
		t.Fatalf("first claim = %+v", first)
	}
	if got := claim(t, other, launchNow.Add(59*time.Second), 5, time.Minute); len(got) != 0 {
		t.Fatalf("claimed again within its visibility: %+v", got)
	}
	second := claim(t, other, launchNow.Add(61*time.Second), 5, time.Minute)
	want := []rapport.ClaimedCheckpoint{{Key: "glow|check|86400", Due: due, Attempt: 2}}
	if !slices.Equal(second, want) {
		t.Fatalf("after the claim lapsed: %+v, want %+v", second, want)
	}
	if got := claim(t, s, launchNow.Add(90*time.Second), 5, time.Minute); len(got) != 0 {
		t.Fatalf("the re-claim was handed out twice: %+v", got)
	}
	if err := other.CompleteCheckpoint(ctx, "glow|check|86400"); err != nil {
		t.Fatal(err)
	}
	if got := claim(t, s, launchNow.Add(time.Hour), 5, time.Minute); len(got) != 0 {
		t.Fatalf("a completed checkpoint came back: %+v", got)
	}
}

// A key scheduled again while it runs (a re-plan) waits for that run, then runs at its new
// time: never two runs of one key at once.
func TestRescheduledWhileRunning(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	const key = "glow|check|86400"
	scheduleAll(t, s, map[string]time.Time{key: launchNow})
	if got := claim(t, s, launchNow, 5, time.Hour); len(got) != 1 {
		t.Fatalf("claim = %+v", got)
	}
	moved := launchNow.Add(time.Minute)
	scheduleAll(t, s, map[string]time.Time{key: moved})
	if got := claim(t, s, moved, 5, time.Hour); len(got) != 0 {
		t.Fatalf("claimed while its earlier run is under way: %+v", got)
	}
	if err := s.CompleteCheckpoint(ctx, key); err != nil {
		t.Fatal(err)
	}
	want := []rapport.ClaimedCheckpoint{{Key: key, Due: moved, Attempt: 1}}
	if got := claim(t, s, moved, 5, time.Hour); !slices.Equal(got, want) {
		t.Fatalf("after the first run completed: %+v, want %+v", got, want)
	}
}

func TestClaimDueCheckpointsRejectsBadArguments(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	if _, err := s.ClaimDueCheckpoints(ctx, launchNow, 0, time.Minute); err == nil {
		t.Error("limit 0 accepted")
	}
	if _, err := s.ClaimDueCheckpoints(ctx, launchNow, 1, 0); err == nil {
		t.Error("zero visibility accepted")
	}
	if err := s.ScheduleCheckpoints(ctx, map[string]time.Time{"": launchNow}); err == nil {
		t.Error("empty key scheduled")
	}
}

func TestLaunchScriptsSurviveScriptFlush(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	if err := s.LoadScripts(ctx); err != nil {
		t.Fatal(err)
	}
	ex, err := srv.Client().ScriptExists(ctx, claimCheckpointsScript.Hash(), castVoteScript.Hash()).Result()
	if err != nil || !ex[0] || !ex[1] {
		t.Fatalf("LoadScripts cached %v, %v; want both launch scripts", ex, err)
	}
	if err := srv.Client().ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	scheduleAll(t, s, map[string]time.Time{"glow|poll|7200": launchNow})
	if got := claim(t, s, launchNow, 1, time.Minute); len(got) != 1 {
		t.Fatalf("claim after SCRIPT FLUSH = %+v", got)
	}
	if err := s.CastVote(ctx, "glow", "U1", []byte(`{"choice":"go"}`)); err != nil {
		t.Fatalf("vote after SCRIPT FLUSH: %v", err)
	}
}

// 50 people click at once: every vote is kept; a changed vote replaces the first.
func TestConcurrentVotesAreAllCounted(t *testing.T) {
	ctx := context.Background()
	s, srv := newStore(t)
	replicas := []*Store{s, replicaStore(t, srv)}
	glow := plannedCampaign("Spring Glow", 2*time.Hour)
	if err := s.CreateCampaign(ctx, glow); err != nil {
		t.Fatal(err)
	}
	const voters = 50
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range voters {
		wg.Go(func() {
			<-start
			vote := fmt.Appendf(nil, `{"user":"U%02d","choice":"go"}`, i)
			if err := replicas[i%2].CastVote(ctx, glow.ID, fmt.Sprintf("U%02d", i), vote); err != nil {
				t.Error(err)
			}
		})
	}
	close(start)
	wg.Wait()
	if err := s.CastVote(ctx, glow.ID, "U07", []byte(`{"user":"U07","choice":"no_go","note":"recall in FR"}`)); err != nil {
		t.Fatal(err)
	}
	votes, err := s.Votes(ctx, glow.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(votes) != voters {
		t.Fatalf("%d votes stored, want %d", len(votes), voters)
	}
	if got := string(votes["U07"]); got != `{"user":"U07","choice":"no_go","note":"recall in FR"}` {
		t.Errorf("changed vote = %s", got)
	}
	if got := string(votes["U42"]); got != `{"user":"U42","choice":"go"}` {
		t.Errorf("U42's vote = %s", got)
	}
}

func TestPollMessageDecisionAndReopening(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	glow := plannedCampaign("Spring Glow", 2*time.Hour)
	if err := s.CreateCampaign(ctx, glow); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.PollMessage(ctx, glow.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("PollMessage before posting = %v, want ErrNotFound", err)
	}
	if err := s.SavePollMessage(ctx, glow.ID, "C0LAUNCH", "1764064800.000100"); err != nil {
		t.Fatal(err)
	}
	if ch, ts, err := s.PollMessage(ctx, glow.ID); err != nil || ch != "C0LAUNCH" || ts != "1764064800.000100" {
		t.Fatalf("PollMessage = %q, %q, %v", ch, ts, err)
	}
	if err := s.CastVote(ctx, glow.ID, "U0APPROVER", []byte(`{"choice":"go"}`)); err != nil {
		t.Fatal(err)
	}

	if err := s.SetDecision(ctx, glow.ID, "go"); err != nil {
		t.Fatal(err)
	}
	if err := s.CastVote(ctx, glow.ID, "U0LATE", []byte(`{"choice":"no_go"}`)); !errors.Is(err, ErrPollClosed) {
		t.Fatalf("vote after the decision = %v, want ErrPollClosed", err)
	}
	// An edit saved from a read taken before the decision does not undo it.
	stale := glow
	stale.Keywords = []string{"glow"}
	if err := s.SaveCampaign(ctx, stale); err != nil {
		t.Fatal(err)
	}
	got, err := s.Campaign(ctx, glow.ID)
	if err != nil || got.Decision != "go" || got.Keywords[0] != "glow" {
		t.Fatalf("campaign after the decision and an edit = %+v, %v", got, err)
	}
	if listed, err := s.Campaigns(ctx, time.Time{}, time.Time{}, 0); err != nil || len(listed) != 1 || listed[0].Decision != "go" {
		t.Fatalf("Campaigns = %+v, %v; want the decision shown", listed, err)
	}

	// The launch moved: a fresh poll.
	if err := s.ClearPoll(ctx, glow.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Campaign(ctx, glow.ID); err != nil || got.Decision != "" {
		t.Fatalf("decision after ClearPoll = %q, %v", got.Decision, err)
	}
	if votes, err := s.Votes(ctx, glow.ID); err != nil || len(votes) != 0 {
		t.Fatalf("votes after ClearPoll = %v, %v", votes, err)
	}
	if _, _, err := s.PollMessage(ctx, glow.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("poll message after ClearPoll = %v, want ErrNotFound", err)
	}
	if err := s.CastVote(ctx, glow.ID, "U0LATE", []byte(`{"choice":"go"}`)); err != nil {
		t.Fatalf("vote on the reopened poll: %v", err)
	}
	if err := s.SetDecision(ctx, glow.ID, ""); err == nil {
		t.Error("an empty decision was recorded")
	}
}

// TestRenamedCampaignIsFoundByEitherName: a rename keeps the id, and the new name finds
// the campaign; renamed again, the earlier new name is free.
func TestRenamedCampaignIsFoundByEitherName(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	c := plannedCampaign("Spring Glow", 72*time.Hour)
	if err := s.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	c.Name = "Summer Glow"
	if err := s.SaveCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Spring Glow", "spring-glow", "Summer Glow", "SUMMER glow"} {
		got, err := s.FindCampaign(ctx, name)
		if err != nil || got.ID != "spring-glow" || got.Name != "Summer Glow" {
			t.Errorf("FindCampaign(%q) = %s %q, %v", name, got.ID, got.Name, err)
		}
	}
	c.Name = "Autumn Glow"
	if err := s.SaveCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindCampaign(ctx, "Summer Glow"); !errors.Is(err, ErrNotFound) {
		t.Errorf("an earlier new name still finds it: %v", err)
	}
	if got, err := s.FindCampaign(ctx, "Autumn Glow"); err != nil || got.ID != "spring-glow" {
		t.Errorf("FindCampaign(Autumn Glow) = %s, %v", got.ID, err)
	}
}
