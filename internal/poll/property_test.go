package poll

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// pollFromBytes builds a poll from arbitrary bytes: the first byte picks the approvers out
// of eight users (a bit each), the second whether it is closed and where now lies around the
// deadline, and each byte after that one vote (user in the low bits, choice in the high ones,
// including a choice that is not valid).
func pollFromBytes(data []byte) (Poll, time.Time) {
	names := []string{"U0", "U1", "U2", "U3", "U4", "U5", "U6", "U7"}
	choices := []Choice{Go, ConditionalGo, NoGo, "maybe"}
	p := newPoll(nil)
	now := before
	if len(data) > 0 {
		for i, n := range names {
			if data[0]&(1<<i) != 0 {
				p.Approvers = append(p.Approvers, n)
			}
		}
		data = data[1:]
	}
	if len(data) > 0 {
		p.Closed = data[0]&1 != 0
		now = deadline.Add(time.Duration(int(data[0]>>1)-64) * time.Minute)
		data = data[1:]
	}
	p.Votes = make(map[string]Vote)
	for _, b := range data {
		u := names[b&7]
		p.Votes[u] = Vote{User: u, Choice: choices[(b>>3)&3], Note: "n", At: posted}
	}
	return p, now
}

// checkDecision asserts the rules that hold for every poll.
func checkDecision(t *testing.T, p Poll, now time.Time) {
	t.Helper()
	d := Decide(p, now)
	anyApproverNoGo, allApproversGo := false, len(approvers(p)) > 0
	for _, a := range approvers(p) {
		switch p.Votes[a].Choice {
		case NoGo:
			anyApproverNoGo = true
			allApproversGo = false
		case Go, ConditionalGo:
		default:
			allApproversGo = false
		}
	}
	switch {
	case anyApproverNoGo && d.Outcome != OutcomeNoGo:
		t.Fatalf("an approver voted no-go but the outcome is %s: %+v", d.Outcome, p)
	case allApproversGo && (d.Outcome != OutcomeGo || !d.Final):
		t.Fatalf("every approver voted go but the decision is %+v: %+v", d, p)
	case len(approvers(p)) > 0 && d.Outcome == OutcomeGo && !allApproversGo:
		t.Fatalf("go without every approver's go: %+v", p)
	case (p.Closed || !now.Before(p.Deadline)) && !d.Final:
		t.Fatalf("closed or past the deadline but provisional: %+v at %v", p, now)
	case d.Reason == "":
		t.Fatalf("no reason: %+v", d)
	}
	if again := Decide(p, now); !reflect.DeepEqual(d, again) {
		t.Fatalf("Decide is not deterministic:\n%+v\n%+v", d, again)
	}
}

// TestDecideProperties checks the rules on many random polls in every run.
func TestDecideProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 2026))
	for range 20000 {
		data := make([]byte, rng.IntN(14))
		for i := range data {
			data[i] = byte(rng.UintN(256))
		}
		p, now := pollFromBytes(data)
		checkDecision(t, p, now)
	}
}

// FuzzDecide lets the fuzzer hunt for a poll where Decide says go despite an approver's
// no-go, or breaks another rule.
func FuzzDecide(f *testing.F) {
	f.Add([]byte{0b11, 0x80, 0x00, 0x11})       // two approvers: go, then no-go
	f.Add([]byte{0b1, 0x81, 0x08, 0x10, 0x00})  // closed; the approver changes vote twice
	f.Add([]byte{0, 0xff, 0x01, 0x12, 0x1b})    // no approvers, past the deadline
	f.Add([]byte{0xff, 0x00, 0x18, 0x19, 0x1a}) // every approver, invalid choices
	f.Fuzz(func(t *testing.T, data []byte) {
		p, now := pollFromBytes(data)
		checkDecision(t, p, now)
	})
}
