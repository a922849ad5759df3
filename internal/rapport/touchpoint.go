package rapport

import (
	"fmt"
	"strings"
	"time"
)

// TouchpointKind is how the brand was in contact with an influencer.
type TouchpointKind string

// The touchpoint kinds of DESIGN.md §1.
const (
	KindCall    TouchpointKind = "call"
	KindEmail   TouchpointKind = "email"
	KindDM      TouchpointKind = "dm"
	KindMeeting TouchpointKind = "meeting"
	KindEvent   TouchpointKind = "event"
	KindGift    TouchpointKind = "gift"
	KindContent TouchpointKind = "content"
	KindOther   TouchpointKind = "other"
)

// TouchpointKinds lists every kind in the order users see them.
var TouchpointKinds = []TouchpointKind{KindCall, KindEmail, KindDM, KindMeeting, KindEvent, KindGift, KindContent, KindOther}

// ParseTouchpointKind accepts a kind case-insensitively.
func ParseTouchpointKind(s string) (TouchpointKind, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	for _, k := range TouchpointKinds {
		if string(k) == v {
			return k, nil
		}
	}
	names := make([]string, len(TouchpointKinds))
	for i, k := range TouchpointKinds {
		names[i] = string(k)
	}
	return "", fmt.Errorf("%q is not a touchpoint kind; use one of %s", s, strings.Join(names, ", "))
}

// MaxNoteLength bounds a touchpoint's note.
const MaxNoteLength = 2000

// Touchpoint is one contact with an influencer.
type Touchpoint struct {
	// ID is unique per influencer; it makes a retried save idempotent.
	ID     string         `json:"id"`
	Handle string         `json:"handle"`
	Kind   TouchpointKind `json:"kind"`
	// At is when the contact happened (backdating allowed); LoggedAt when it was recorded.
	At       time.Time `json:"at"`
	LoggedAt time.Time `json:"logged_at"`
	// By is the Slack user who logged it; Who the person on the influencer's side.
	By   string `json:"by"`
	Who  string `json:"who,omitempty"`
	Note string `json:"note,omitempty"`
}

// Relationship is the upkeep state of one influencer: what the nudge planner and the stale
// lists read. Due is the last interaction plus the cadence; zero when never due.
type Relationship struct {
	ID      string        `json:"id"`
	Handle  string        `json:"handle"`
	Name    string        `json:"name,omitempty"`
	Owner   string        `json:"owner,omitempty"`
	Backup  string        `json:"backup,omitempty"`
	Status  Status        `json:"status"`
	Cadence time.Duration `json:"cadence"`
	// LastContact is the latest touchpoint's At; zero when never contacted.
	LastContact time.Time `json:"last_contact,omitzero"`
	Due         time.Time `json:"due,omitzero"`
	// SnoozedUntil silences nudges without moving Due; Paused stops them until resumed.
	SnoozedUntil time.Time `json:"snoozed_until,omitzero"`
	// Tier of the primary platform, for cadence by tier and the digest's niche list.
	Tier string `json:"tier,omitempty"`
}
