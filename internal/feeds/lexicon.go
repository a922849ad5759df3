package feeds

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

//go:embed lexicon.txt
var lexiconText []byte

//go:embed hazards.txt
var hazardsText []byte

// lexiconFiles are the shipped lexicons of the markets' languages, matched besides English.
//
//go:embed lexicon_es.txt lexicon_de.txt lexicon_fr.txt lexicon_it.txt lexicon_pt.txt
var lexiconFiles embed.FS

var lexiconFileNames = []string{"lexicon_es.txt", "lexicon_de.txt", "lexicon_fr.txt", "lexicon_it.txt", "lexicon_pt.txt"}

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
	Text string
	// Severity is the crisis severity; zero for a harm term.
	Severity Severity
	// Line is the term's line in the file, so an editor can find it.
	Line int
	// Lang is the term's language (ISO 639-1); "" is English. Text is matched in that
	// language's items with that language's stemmer.
	Lang string
	// Harm marks a brand-safety term ("recall", "lawsuit"): news about whoever it names,
	// not a crisis on its own. It is matched as a Harm, not a Crisis.
	Harm bool
	// Companion marks a topic word ("pandemic", "crisis") that counts only when another
	// medium or high crisis term is in the same item.
	Companion bool
	// Hazards are the kinds of happening the term describes ("weather", "fire", "impact"),
	// so that differently worded reports of one event can be told apart from unrelated
	// ones; see hazards.txt. Empty when unknown.
	Hazards []string
}

// Lexicon is a list of crisis terms with their severities. The zero Lexicon has no terms.
type Lexicon struct {
	Terms []LexiconTerm
}

// ParseLexicon reads a lexicon file: one term (a word or a phrase) per line; `[high]`,
// `[medium]` and `[low]` lines set the severity of the crisis terms below them (medium until
// the first such line), and `[harm]` starts brand-safety terms; `[language xx]` sets the
// language (ISO 639-1) of the terms below it (English until such a line); a term followed by
// `+companion` counts only next to another medium or high crisis term; `#` starts a comment;
// blank lines are ignored. Terms compare ignoring case, accents and punctuation, so "Passed
// away" and "passed-away" are the same term, and a term listed twice in a language is an
// error naming both lines.
func ParseLexicon(r io.Reader) (Lexicon, error) {
	var lex Lexicon
	seen := map[string]int{}
	sev, harm, language := SeverityMedium, false, ""
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") {
			name, ok := strings.CutSuffix(line[1:], "]")
			if code, isLang := strings.CutPrefix(strings.TrimSpace(name), "language "); ok && isLang {
				code = strings.ToLower(strings.TrimSpace(code))
				if _, known := parseLang(code); !known {
					return Lexicon{}, fmt.Errorf("lexicon line %d: %q is not a language with a stemmer: use one of %s", n, code, strings.Join(langCodes[:], ", "))
				}
				if code == "en" {
					code = ""
				}
				language = code
				continue
			}
			if ok && strings.EqualFold(strings.TrimSpace(name), "harm") {
				harm = true
				continue
			}
			s, known := parseSeverity(name)
			if !ok || !known {
				return Lexicon{}, fmt.Errorf("lexicon line %d: %q is not a section: use [high], [medium], [low], [harm] or [language xx]", n, line)
			}
			sev, harm = s, false
			continue
		}
		term := LexiconTerm{Severity: sev, Line: n, Lang: language, Harm: harm}
		if harm {
			term.Severity = 0
		}
		if t, ok := strings.CutSuffix(line, "+companion"); ok {
			line, term.Companion = strings.TrimSpace(t), true
		}
		words := foldWords(line)
		if len(words) == 0 {
			return Lexicon{}, fmt.Errorf("lexicon line %d: %q has no letters or digits to match", n, line)
		}
		key := language + " " + strings.Join(words, " ")
		if first, dup := seen[key]; dup {
			return Lexicon{}, fmt.Errorf("lexicon line %d: %q is already listed on line %d", n, line, first)
		}
		seen[key] = n
		term.Text = line
		lex.Terms = append(lex.Terms, term)
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
	lex, err := parseDefaultLexicon()
	if err != nil {
		// The files are compiled into the binary and a test parses them, so this cannot
		// happen in a build that passed its tests.
		panic("feeds: " + err.Error())
	}
	return lex
})

func parseDefaultLexicon() (Lexicon, error) {
	lex, err := ParseLexicon(bytes.NewReader(lexiconText))
	if err != nil {
		return Lexicon{}, fmt.Errorf("embedded lexicon.txt is invalid: %w", err)
	}
	for _, name := range lexiconFileNames {
		b, err := lexiconFiles.ReadFile(name)
		if err != nil {
			return Lexicon{}, err
		}
		more, err := ParseLexicon(bytes.NewReader(b))
		if err != nil {
			return Lexicon{}, fmt.Errorf("embedded %s is invalid: %w", name, err)
		}
		lex.Terms = append(lex.Terms, more.Terms...)
	}
	hazards, err := ParseHazards(bytes.NewReader(hazardsText))
	if err != nil {
		return Lexicon{}, fmt.Errorf("embedded hazards.txt is invalid: %w", err)
	}
	lex.SetHazards(hazards)
	return lex, nil
}

// HazardImpact is the hazard of casualties, damage and the response to them, which follow
// any other hazard.
const HazardImpact = "impact"

// Hazards maps a term, folded ("tromba d aria"), to the hazards it describes.
type Hazards map[string][]string

// ParseHazards reads a hazards file: lines of "hazard: term, term, …" (a hazard may take
// several lines); "#" starts a comment and blank lines are ignored.
func ParseHazards(r io.Reader) (Hazards, error) {
	h := Hazards{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		name, terms, ok := strings.Cut(line, ":")
		name = strings.ToLower(strings.TrimSpace(name))
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, fmt.Errorf("hazards line %d: want \"hazard: term, term\", got %q", n, line)
		}
		for _, t := range strings.Split(terms, ",") {
			key := strings.Join(foldWords(t), " ")
			if key == "" {
				return nil, fmt.Errorf("hazards line %d: an empty term in %q", n, line)
			}
			if !slices.Contains(h[key], name) {
				h[key] = append(h[key], name)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading hazards: %w", err)
	}
	return h, nil
}

// SetHazards sets each term's Hazards from h, matching terms as they fold.
func (lex Lexicon) SetHazards(h Hazards) {
	for i := range lex.Terms {
		lex.Terms[i].Hazards = h[strings.Join(foldWords(lex.Terms[i].Text), " ")]
	}
}

// DefaultLexicon returns the crisis and harm lexicons shipped in the binary: lexicon.txt in
// English (a curated selection of CrisisLex terms plus headline terms of our own) and
// lexicon_es/de/fr/it/pt.txt, whose terms carry their Lang.
func DefaultLexicon() Lexicon {
	return Lexicon{Terms: slices.Clone(defaultLexicon().Terms)}
}

// defaultLexiconText returns the shipped English lexicon file, as a starting point for a
// team's own.
func defaultLexiconText() []byte { return bytes.Clone(lexiconText) }
