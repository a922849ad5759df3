package feeds

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

//go:embed lexicon.txt
var lexiconText []byte

// Severity is how strongly a crisis term on its own suggests a crisis in a headline.
type Severity int

// The severities, weakest first. The zero Severity belongs to matches that are not crisis
// terms (campaign keywords and sensitive topics).
const (
	// SeverityLow terms are context: they add weight next to other matches ("storm",
	// "investigation").
	SeverityLow Severity = iota + 1
	// SeverityMedium terms usually mean trouble but have everyday uses too ("recall",
	// "shooting", "war").
	SeverityMedium
	// SeverityHigh terms rarely appear in a headline without a crisis behind them
	// ("death toll", "earthquake", "passed away").
	SeverityHigh
)

var severityNames = map[Severity]string{SeverityLow: "low", SeverityMedium: "medium", SeverityHigh: "high"}

func (s Severity) String() string {
	if name, ok := severityNames[s]; ok {
		return name
	}
	return "none"
}

// LexiconTerm is one term of a crisis lexicon.
type LexiconTerm struct {
	// Text is the term as written in the file: a word or a phrase.
	Text     string
	Severity Severity
	// Line is the term's line in the file, so an editor can find it.
	Line int
}

// Lexicon is a list of crisis terms with their severities. The zero Lexicon has no terms.
type Lexicon struct {
	Terms []LexiconTerm
}

// ParseLexicon reads a lexicon file: one term (a word or a phrase) per line; `[high]`,
// `[medium]` and `[low]` lines set the severity of the terms below them (medium until the
// first such line); `#` starts a comment; blank lines are ignored. Terms compare ignoring
// case, accents and punctuation, so "Passed away" and "passed-away" are the same term, and a
// term listed twice is an error naming both lines.
func ParseLexicon(r io.Reader) (Lexicon, error) {
	var lex Lexicon
	seen := map[string]int{}
	sev := SeverityMedium
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") {
			name, ok := strings.CutSuffix(line[1:], "]")
			s, known := parseSeverity(name)
			if !ok || !known {
				return Lexicon{}, fmt.Errorf("lexicon line %d: %q is not a section: use [high], [medium] or [low]", n, line)
			}
			sev = s
			continue
		}
		words := foldWords(line)
		if len(words) == 0 {
			return Lexicon{}, fmt.Errorf("lexicon line %d: %q has no letters or digits to match", n, line)
		}
		key := strings.Join(words, " ")
		if first, dup := seen[key]; dup {
			return Lexicon{}, fmt.Errorf("lexicon line %d: %q is already listed on line %d", n, line, first)
		}
		seen[key] = n
		lex.Terms = append(lex.Terms, LexiconTerm{Text: line, Severity: sev, Line: n})
	}
	if err := sc.Err(); err != nil {
		return Lexicon{}, fmt.Errorf("reading lexicon: %w", err)
	}
	return lex, nil
}

func parseSeverity(name string) (Severity, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for s, n := range severityNames {
		if n == name {
			return s, true
		}
	}
	return 0, false
}

var defaultLexicon = sync.OnceValue(func() Lexicon {
	lex, err := ParseLexicon(bytes.NewReader(lexiconText))
	if err != nil {
		// The file is compiled into the binary and a test parses it, so this cannot happen
		// in a build that passed its tests.
		panic("feeds: embedded lexicon.txt is invalid: " + err.Error())
	}
	return lex
})

// DefaultLexicon returns the crisis lexicon shipped in the binary (lexicon.txt: a curated
// selection of CrisisLex terms plus headline terms of our own).
func DefaultLexicon() Lexicon {
	return Lexicon{Terms: slices.Clone(defaultLexicon().Terms)}
}

// DefaultLexiconText returns the shipped lexicon file, as a starting point for a team's own.
func DefaultLexiconText() []byte { return bytes.Clone(lexiconText) }
