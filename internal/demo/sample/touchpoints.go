package sample

import (
	"fmt"
	"hash/fnv"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// touchNotes are the notes sample contacts carry, picked per contact.
var touchNotes = []string{
	"Checked in on the Q1 content plan",
	"Sent the new serum PR box",
	"Call with their manager about rates & usage rights",
	"Quick DM: congrats on the <10K> milestone",
	"Coffee at the Paris showroom",
	"",
}

// Touchpoints is the demo's contact history: two to five contacts per relationship over the
// last months, deterministic per handle, so that at start some relationships are fresh,
// some due soon and some overdue, and `:advance` turns more of them stale. Do-not-contact
// and paused relationships have none; HandleNiche has never been contacted.
func Touchpoints(now time.Time) []rapport.Touchpoint {
	ins, _ := Roster(now)
	kinds := rapport.TouchpointKinds
	var out []rapport.Touchpoint
	for _, in := range ins {
		if in.Status == rapport.StatusDoNotContact || in.Status == rapport.StatusPaused || in.Handle == HandleNiche || in.Owner == "" {
			continue
		}
		h := fnv.New32a()
		_, _ = h.Write([]byte(in.Handle))
		seed := h.Sum32()
		// The latest contact is 1 to 24 days ago; earlier ones step back 2 to 5 weeks each.
		ago := 1 + int(seed%24)
		n := 2 + int(seed/24%4)
		for i := range n {
			at := time.Date(now.Year(), now.Month(), now.Day(), 10+int(seed%7), 0, 0, 0, time.UTC).AddDate(0, 0, -ago)
			out = append(out, rapport.Touchpoint{
				ID:     fmt.Sprintf("sample-%s-%d", in.ID(), i),
				Handle: in.ID(), Kind: kinds[(int(seed)+i)%len(kinds)], At: at, LoggedAt: at,
				By: in.Owner, Note: touchNotes[(int(seed)+i)%len(touchNotes)],
			})
			ago += 14 + int((seed>>uint(i))%21)
		}
	}
	return out
}
