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
	KindFind
	KindCompare
	// KindUpkeep is a relationship subcommand (log, owner, contact, snooze, pause, resume,
	// stale, history): Sub names it and Query holds the rest of the text.
	KindUpkeep
)

// upkeepSubcommands are the relationship subcommands routed as KindUpkeep.
var upkeepSubcommands = map[string]bool{
	"log": true, "owner": true, "contact": true, "snooze": true, "pause": true, "resume": true,
	"stale": true, "history": true,
}

// InfluencerRequest is a parsed /influencer command.
type InfluencerRequest struct {
	Kind Kind
	// Query is the handle or name to look up, or the find terms.
	Query string
	// Handles are the influencers to compare.
	Handles []string
	// Sub is the upkeep subcommand.
	Sub string
}

// maxQuery is longer than any handle or name; anything past it is a paste gone wrong.
const maxQuery = 100

// maxNoteText bounds note-bearing commands before parsing; the note's own limit is checked
// with a precise message later.
const maxNoteText = 4000

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
	sub, rest, _ := strings.Cut(text, " ")
	if upkeepSubcommands[strings.ToLower(sub)] {
		if n := utf8.RuneCountInString(text); n > 2*maxNoteText {
			return InfluencerRequest{}, fmt.Errorf("That's %d characters; notes are limited to %d.", n, maxNoteText)
		}
		return InfluencerRequest{Kind: KindUpkeep, Sub: strings.ToLower(sub), Query: rest}, nil
	}
	switch strings.ToLower(sub) {
	case "find", "search":
		if rest == "" {
			return InfluencerRequest{}, fmt.Errorf("Tell me what to find, e.g. `/influencer find tag:beauty market:FR tier:micro` or `/influencer find underrated`.")
		}
		// The find grammar checks its own length and terms.
		return InfluencerRequest{Kind: KindFind, Query: rest}, nil
	case "compare", "vs":
		handles := strings.Fields(rest)
		if len(handles) < 2 || len(handles) > 3 {
			return InfluencerRequest{}, fmt.Errorf("Compare takes two or three handles, e.g. `/influencer compare @ava.moreau @glowwithjade`.")
		}
		for _, h := range handles {
			if n := utf8.RuneCountInString(h); n > maxQuery {
				return InfluencerRequest{}, fmt.Errorf("One of those is %d characters — longer than any handle. Compare takes handles, e.g. `/influencer compare @ava.moreau @glowwithjade`.", n)
			}
		}
		return InfluencerRequest{Kind: KindCompare, Handles: handles}, nil
	}
	if n := utf8.RuneCountInString(text); n > maxQuery {
		return InfluencerRequest{}, fmt.Errorf("That's %d characters — longer than any handle or name. Try just the handle, e.g. `/influencer @ava.moreau`.", n)
	}
	return InfluencerRequest{Kind: KindLookup, Query: text}, nil
}
