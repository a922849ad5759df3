package slackbot

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what an /influencer invocation asks for.
type Kind int

// The /influencer subcommands.
const (
	KindHelp Kind = iota
	KindLookup
)

// InfluencerRequest is a parsed /influencer command.
type InfluencerRequest struct {
	Kind  Kind
	Query string
}

// maxQuery is longer than any handle or name; anything past it is a paste gone wrong.
const maxQuery = 100

// ParseInfluencerCommand reads the text after /influencer. Errors are full sentences for
// the user.
func ParseInfluencerCommand(text string) (InfluencerRequest, error) {
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, text)
	text = strings.Join(strings.Fields(text), " ")
	switch strings.ToLower(text) {
	case "", "help", "-h", "--help", "?":
		return InfluencerRequest{Kind: KindHelp}, nil
	}
	if n := utf8.RuneCountInString(text); n > maxQuery {
		return InfluencerRequest{}, fmt.Errorf("That's %d characters — longer than any handle or name. Try just the handle, e.g. `/influencer @ava.moreau`.", n)
	}
	return InfluencerRequest{Kind: KindLookup, Query: text}, nil
}
