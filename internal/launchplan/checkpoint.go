package launchplan

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is what a checkpoint does. The values are stable: they are part of checkpoint keys
// stored in Redis.
type Kind string

// The kinds of checkpoint.
const (
	// Check is a timing check (news, dates, readiness) posted to the campaign channel.
	Check Kind = "check"
	// Poll posts the go/no-go poll.
	Poll Kind = "poll"
	// PollClose is the poll's deadline: the poll closes and the decision is recorded.
	PollClose Kind = "poll_close"
	// Watch is one breaking-news scan; new red-level matches are posted, each at most once.
	Watch Kind = "watch"
)

// Valid reports whether k is one of the kinds above.
func (k Kind) Valid() bool { return k == Check || k == Poll || k == PollClose || k == Watch }

// Checkpoint is one planned step before a campaign's launch.
type Checkpoint struct {
	CampaignID string
	Kind       Kind
	// Offset is how long before launch the checkpoint belongs, in whole seconds.
	Offset time.Duration
	// At is the instant the checkpoint belongs to: launch − Offset.
	At time.Time
	// Due is when it should run: At, or later when At had already passed when it was
	// planned (see Late).
	Due time.Time
}

// Key is the checkpoint's stable name, "campaignID|kind|offset-in-seconds": the member of
// the store's checkpoint queue. It does not depend on the launch instant.
func (cp Checkpoint) Key() string {
	return cp.CampaignID + "|" + string(cp.Kind) + "|" + strconv.FormatInt(int64(cp.Offset/time.Second), 10)
}

// Late reports whether the checkpoint was planned to run after its instant had passed,
// by more than Tolerance.
func (cp Checkpoint) Late() bool { return cp.Due.Sub(cp.At) > Tolerance }

// Slot names the checkpoint's side effect for the store's delivery slots. It includes the
// instant, so after a moved launch the check for the new time is a new slot, while a
// checkpoint claimed twice for the same launch (a replica died mid-check) meets its own.
func (cp Checkpoint) Slot() string {
	return "launch|" + cp.Key() + "|" + strconv.FormatInt(cp.At.Unix(), 10)
}

// Name is the checkpoint as the campaign channel reads it: "T-24h check", "go/no-go poll",
// "poll deadline", "T-96h news watch".
func (cp Checkpoint) Name() string {
	switch cp.Kind {
	case Check:
		return OffsetLabel(cp.Offset) + " check"
	case Poll:
		return "go/no-go poll"
	case PollClose:
		return "poll deadline"
	case Watch:
		return OffsetLabel(cp.Offset) + " news watch"
	}
	return string(cp.Kind)
}

func (cp Checkpoint) String() string { return cp.Key() }

// ErrBadKey is returned by ParseKey and Resolve for a string that is not a checkpoint key.
var ErrBadKey = errors.New("not a checkpoint key")

// ParseKey reads a key made by Key. The result has CampaignID, Kind and Offset; At and Due
// depend on the campaign's launch and the queue, so they are left zero (see Resolve).
func ParseKey(key string) (Checkpoint, error) {
	// Split from the right: the kind and the offset never contain "|".
	i := strings.LastIndexByte(key, '|')
	if i < 0 {
		return Checkpoint{}, fmt.Errorf("%w: %q", ErrBadKey, key)
	}
	j := strings.LastIndexByte(key[:i], '|')
	if j <= 0 {
		return Checkpoint{}, fmt.Errorf("%w: %q", ErrBadKey, key)
	}
	kind := Kind(key[j+1 : i])
	if !kind.Valid() {
		return Checkpoint{}, fmt.Errorf("%w: %q has unknown kind %q", ErrBadKey, key, kind)
	}
	secs, err := strconv.ParseInt(key[i+1:], 10, 64)
	if err != nil || secs < 0 || secs > maxOffsetSeconds {
		return Checkpoint{}, fmt.Errorf("%w: %q has a bad offset", ErrBadKey, key)
	}
	return Checkpoint{CampaignID: key[:j], Kind: kind, Offset: time.Duration(secs) * time.Second}, nil
}

// maxOffsetSeconds keeps an offset within time.Duration.
const maxOffsetSeconds = int64(1<<63-1) / int64(time.Second)

// OffsetLabel writes an offset before launch the way the config does: "T-72h", "T-30m",
// "T-1h30m", "T-45s"; whole weeks and more in days ("T-7d"); zero is "launch".
func OffsetLabel(off time.Duration) string {
	off = off.Truncate(time.Second)
	if off <= 0 {
		return "launch"
	}
	const day = 24 * time.Hour
	if off >= 7*day && off%day == 0 {
		return fmt.Sprintf("T-%dd", off/day)
	}
	var b strings.Builder
	b.WriteString("T-")
	if h := off / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m := off % time.Hour / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if s := off % time.Minute / time.Second; s > 0 {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}
