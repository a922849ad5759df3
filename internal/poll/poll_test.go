package poll

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestCast(t *testing.T) {
	tests := []struct {
		name    string
		poll    Poll
		vote    Vote
		now     time.Time
		wantErr error
		want    map[string]Choice // every vote after the cast
	}{
		{
			name: "first vote is recorded",
			poll: newPoll(approve("UA")),
			vote: goVote("UA"), now: before,
			want: map[string]Choice{"UA": Go},
		},
		{
			name: "an approver changes their vote",
			poll: newPoll(approve("UA", "UB"), goVote("UA"), goVote("UB")),
			vote: noGoVote("UA", "influencer is ill"), now: before,
			want: map[string]Choice{"UA": NoGo, "UB": Go},
		},
		{
			name: "anyone in the channel may vote, not only approvers",
			poll: newPoll(approve("UA"), goVote("UA")),
			vote: condVote("UX", "after the legal check"), now: before,
			want: map[string]Choice{"UA": Go, "UX": ConditionalGo},
		},
		{
			name: "one nanosecond before the deadline still counts",
			poll: newPoll(approve("UA")),
			vote: goVote("UA"), now: deadline.Add(-time.Nanosecond),
			want: map[string]Choice{"UA": Go},
		},
		{
			name: "a vote at the deadline is refused",
			poll: newPoll(approve("UA"), goVote("UA")),
			vote: noGoVote("UA", "too late"), now: deadline,
			wantErr: ErrClosed,
			want:    map[string]Choice{"UA": Go},
		},
		{
			name: "a closed poll refuses votes even before its deadline",
			poll: func() Poll { p := newPoll(approve("UA")); p.Closed = true; return p }(),
			vote: goVote("UA"), now: before,
			wantErr: ErrClosed,
			want:    map[string]Choice{},
		},
		{
			name: "without a deadline the poll stays open",
			poll: func() Poll { p := newPoll(approve("UA")); p.Deadline = time.Time{}; return p }(),
			vote: goVote("UA"), now: deadline.Add(365 * 24 * time.Hour),
			want: map[string]Choice{"UA": Go},
		},
		{
			name: "an invalid vote leaves the earlier one in place",
			poll: newPoll(approve("UA"), goVote("UA")),
			vote: Vote{User: "UA", Choice: NoGo}, now: before,
			wantErr: ErrReasonRequired,
			want:    map[string]Choice{"UA": Go},
		},
		{
			name: "validation comes before the closed check, so the voter fixes the vote first",
			poll: newPoll(approve("UA")),
			vote: Vote{User: "UA", Choice: ConditionalGo}, now: deadline,
			wantErr: ErrNoteRequired,
			want:    map[string]Choice{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Cast(tt.poll, tt.vote, tt.now)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Cast error = %v, want %v", err, tt.wantErr)
			}
			if len(got.Votes) != len(tt.want) {
				t.Fatalf("votes = %v, want %v", got.Votes, tt.want)
			}
			for user, c := range tt.want {
				if got.Votes[user].Choice != c {
					t.Errorf("%s voted %q, want %q", user, got.Votes[user].Choice, c)
				}
			}
		})
	}
}

func TestCastLeavesItsInputAlone(t *testing.T) {
	p := newPoll(approve("UA"), goVote("UA"))
	got, err := Cast(p, noGoVote("UA", "storm"), before)
	if err != nil {
		t.Fatal(err)
	}
	if p.Votes["UA"].Choice != Go {
		t.Error("Cast changed the poll it was given")
	}
	if got.Votes["UA"].Choice != NoGo {
		t.Error("Cast did not record the new vote")
	}
}

func TestCastStampsAndTrims(t *testing.T) {
	p, err := Cast(newPoll(nil), Vote{User: " UA ", Choice: NoGo, Note: "  storm warning \n"}, before)
	if err != nil {
		t.Fatal(err)
	}
	v, ok := p.Votes["UA"]
	if !ok {
		t.Fatalf("vote not keyed by the trimmed user: %v", p.Votes)
	}
	if v.User != "UA" || v.Note != "storm warning" || !v.At.Equal(before) {
		t.Errorf("vote = %+v, want trimmed user and note, At = now", v)
	}
	given := posted.Add(time.Minute)
	p, _ = Cast(p, Vote{User: "UB", Choice: Go, At: given}, before)
	if !p.Votes["UB"].At.Equal(given) {
		t.Errorf("At = %v, want the given %v", p.Votes["UB"].At, given)
	}
}

func TestClose(t *testing.T) {
	p := newPoll(approve("UA", "UB"), goVote("UA"))
	closed := Close(p, before)
	if !closed.Closed || p.Closed {
		t.Fatal("Close should close a copy")
	}
	d := closed.Decision
	if !d.Final || d.Outcome != OutcomeNoDecision || d.Basis != BasisApproversMissing {
		t.Errorf("closed early with an approver missing: %+v", d)
	}
	if _, err := Cast(closed, goVote("UB"), before); !errors.Is(err, ErrClosed) {
		t.Errorf("vote after close: error = %v, want ErrClosed", err)
	}
	again := Close(closed, deadline.Add(time.Hour))
	if again.Decision.Reason != d.Reason {
		t.Error("closing twice changed the recorded decision")
	}
	if Decide(closed, deadline.Add(time.Hour)).Reason != d.Reason {
		t.Error("Decide on a closed poll disagrees with the recorded decision")
	}
}

func TestTallyVotes(t *testing.T) {
	p := newPoll(approve("UC", "UA", "UA", "", "UB", "UD"),
		goVote("UZ"), goVote("UA"), condVote("UM", "needs captions"), noGoVote("UB", "storm"), noGoVote("UX", "clash"),
		Vote{User: "UD", Choice: "maybe"},
	)
	tl := TallyVotes(p)
	// With approvers named, only theirs count; the others are advisory, shown apart.
	if tl.Go != 1 || tl.Conditional != 0 || tl.NoGo != 1 || tl.Total() != 2 {
		t.Errorf("counts = %d go, %d conditional, %d no-go, %d total", tl.Go, tl.Conditional, tl.NoGo, tl.Total())
	}
	for c, want := range map[Choice][]string{Go: {"UA"}, ConditionalGo: nil, NoGo: {"UB"}} {
		if got := tl.Voters[c]; !sameStrings(got, want) {
			t.Errorf("%s voters = %q, want %q", c, got, want)
		}
	}
	var advisory []string
	for _, v := range tl.Advisory {
		advisory = append(advisory, v.User+":"+string(v.Choice))
	}
	if want := []string{"UM:conditional_go", "UX:no_go", "UZ:go"}; !sameStrings(advisory, want) {
		t.Errorf("advisory = %q, want %q", advisory, want)
	}
	// Without approvers every vote counts.
	open := TallyVotes(newPoll(nil, goVote("UZ"), noGoVote("UX", "clash")))
	if open.Go != 1 || open.NoGo != 1 || len(open.Advisory) != 0 {
		t.Errorf("no approvers: %+v", open)
	}
	// Approvers order, repeats and blanks dropped, a vote with an unknown choice not counted.
	if want := []string{"UC", "UD"}; !sameStrings(tl.MissingApprovers, want) {
		t.Errorf("missing approvers = %q, want %q", tl.MissingApprovers, want)
	}
	if empty := TallyVotes(Poll{}); empty.Total() != 0 || len(empty.MissingApprovers) != 0 {
		t.Errorf("empty poll tally = %+v", empty)
	}
}

func TestReminders(t *testing.T) {
	remindAt := deadline.Add(-time.Hour)
	open := newPoll(approve("UA", "UB", "UC"), goVote("UB"), goVote("UX"))
	closed := open
	closed.Closed = true
	all := newPoll(approve("UA"), goVote("UA"))
	tests := []struct {
		name string
		poll Poll
		now  time.Time
		want []string
	}{
		{"before the reminder time nobody", open, remindAt.Add(-time.Second), nil},
		{"at the reminder time every approver without a vote", open, remindAt, []string{"UA", "UC"}},
		{"still listed later: the caller's slot keeps it to one each", open, before, []string{"UA", "UC"}},
		{"not after the deadline", open, deadline, nil},
		{"not once closed", closed, remindAt, nil},
		{"nobody when every approver voted", all, remindAt, nil},
		{"nobody without approvers", newPoll(nil), remindAt, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Reminders(tt.poll, tt.now, remindAt); !sameStrings(got, tt.want) {
				t.Errorf("Reminders = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReminderSlot(t *testing.T) {
	p := newPoll(approve("UA", "UB"))
	a, b := ReminderSlot(p, "UA"), ReminderSlot(p, "UB")
	if want := "poll-remind|spring-glow|1795620600|UA"; a != want {
		t.Errorf("slot = %q, want %q", a, want)
	}
	if a == b {
		t.Error("two approvers share a reminder slot")
	}
	moved := p
	moved.Deadline = deadline.Add(24 * time.Hour)
	if ReminderSlot(moved, "UA") == a {
		t.Error("a poll with a moved deadline reuses the old reminder slot")
	}
	if got := ReminderSlot(Poll{CampaignID: "c"}, "UA"); got != "poll-remind|c|none|UA" {
		t.Errorf("slot without deadline = %q", got)
	}
}

func TestPollJSONRoundTrip(t *testing.T) {
	p := Close(newPoll(approve("UA", "UB"), condVote("UA", "legal ok"), noGoVote("UB", "storm")), before)
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var back Poll
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, p) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, p)
	}
	open, _ := json.Marshal(Poll{CampaignID: "c"})
	if string(open) != `{"campaign_id":"c"}` {
		t.Errorf("an empty open poll stores as %s", open)
	}
}
