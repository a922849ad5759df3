package poll

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Choice is a voter's answer. The values are stable: they are stored and used in button
// action values.
type Choice string

// The three answers a voter can give.
const (
	// Go: ready to launch.
	Go Choice = "go"
	// ConditionalGo: ready to launch once the conditions in the note are met.
	ConditionalGo Choice = "conditional_go"
	// NoGo: do not launch, for the reason in the note.
	NoGo Choice = "no_go"
)

// Choices lists the answers in the order the poll's buttons show them.
var Choices = []Choice{Go, ConditionalGo, NoGo}

// parseChoice reads a stored or submitted choice.
func parseChoice(s string) (Choice, error) {
	c := Choice(strings.ToLower(strings.TrimSpace(s)))
	if c.Valid() {
		return c, nil
	}
	return "", fmt.Errorf("%w %q: want go, conditional_go or no_go", ErrUnknownChoice, s)
}

// Valid reports whether c is one of Choices.
func (c Choice) Valid() bool { return c == Go || c == ConditionalGo || c == NoGo }

// Label is the choice as people read it: "Go", "Conditional go", "No-go".
func (c Choice) Label() string {
	switch c {
	case Go:
		return "Go"
	case ConditionalGo:
		return "Conditional go"
	case NoGo:
		return "No-go"
	}
	return string(c)
}

// MaxNoteRunes is the longest note a vote may carry, in characters. It keeps a voter list
// with notes within Slack's section limits.
const MaxNoteRunes = 1000

// Vote is one user's answer. Note holds the conditions of a conditional go or the reason for
// a no-go; it is optional with a go.
type Vote struct {
	User   string    `json:"user"`
	Choice Choice    `json:"choice"`
	Note   string    `json:"note,omitempty"`
	At     time.Time `json:"at"`
}

// Errors Validate and Cast return. Each reads as a sentence a voter can act on; match them
// with errors.Is, since some are wrapped with detail.
var (
	ErrNoVoter        = errors.New("the vote has no voter")
	ErrUnknownChoice  = errors.New("unknown choice")
	ErrNoteRequired   = errors.New("a conditional go needs a note saying what the conditions are")
	ErrReasonRequired = errors.New("a no-go needs a reason")
	ErrNoteTooLong    = errors.New("the note is too long")
	ErrClosed         = errors.New("this poll is closed")
)

// Validate checks a vote on its own: a voter, a known choice, a note for a conditional go, a
// reason for a no-go, and no more than MaxNoteRunes characters. A note of only spaces counts
// as missing.
func Validate(v Vote) error {
	if strings.TrimSpace(v.User) == "" {
		return ErrNoVoter
	}
	if !v.Choice.Valid() {
		return fmt.Errorf("%w %q: want go, conditional_go or no_go", ErrUnknownChoice, string(v.Choice))
	}
	note := strings.TrimSpace(v.Note)
	switch {
	case note == "" && v.Choice == ConditionalGo:
		return ErrNoteRequired
	case note == "" && v.Choice == NoGo:
		return ErrReasonRequired
	}
	if n := utf8.RuneCountInString(note); n > MaxNoteRunes {
		return fmt.Errorf("%w: %d characters, keep it within %d", ErrNoteTooLong, n, MaxNoteRunes)
	}
	return nil
}
