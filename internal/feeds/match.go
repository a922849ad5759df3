package feeds

import (
	"strings"
	"sync"
)

// Kind says which list a matched term comes from.
type Kind int

// The kinds of match.
const (
	// Keyword is one of the campaign's own keywords (its brand, product, hashtag words).
	Keyword Kind = iota + 1
	// SensitiveTopic is one of the topics the campaign must not be seen next to.
	SensitiveTopic
	// Crisis is a term of the crisis lexicon.
	Crisis
)

func (k Kind) String() string {
	switch k {
	case Keyword:
		return "keyword"
	case SensitiveTopic:
		return "sensitive topic"
	case Crisis:
		return "crisis"
	}
	return "unknown"
}

// Match is one term found in an item.
type Match struct {
	Kind Kind
	// Term is the term as the campaign or the lexicon writes it.
	Term string
	// Severity is the lexicon's severity for a Crisis match; zero for other kinds.
	Severity Severity
	// InTitle is true when the term is in the title, not only in the summary.
	InTitle bool
}

// Matcher finds campaign keywords, sensitive topics and crisis terms in items. Matching is on
// whole words and phrases, ignoring case, accents and punctuation: "war" matches "War," and
// "anti-war" but not "award" or "warm", and "passed away" matches "Passed away." across the
// line break of a summary. A Matcher is immutable and safe for concurrent use.
type Matcher struct {
	// byFirst indexes the patterns by their first word, so matching an item costs one map
	// lookup per word of its text, however many terms there are.
	byFirst map[string][]int
	pats    []pattern
	scratch sync.Pool
}

type pattern struct {
	words    []string
	kind     Kind
	term     string
	severity Severity
}

// scratch is per-call working memory, pooled so that matching thousands of items does not
// allocate per item.
type scratch struct {
	text tokens
	hits []Match
	seen map[int]int // pattern index → index in hits
}

// NewMatcher builds a Matcher from a campaign's keywords and sensitive topics and a crisis
// lexicon. Blank terms, and terms without a letter or digit, are ignored. A term listed
// twice in the same list matches once; a term in two lists (a keyword that is also a crisis
// word, "recall") is reported once per list.
func NewMatcher(keywords, sensitiveTopics []string, lex Lexicon) *Matcher {
	m := &Matcher{byFirst: map[string][]int{}}
	seen := map[string]bool{}
	add := func(term string, kind Kind, sev Severity) {
		words := foldWords(term)
		if len(words) == 0 {
			return
		}
		key := string(rune('0'+kind)) + " " + strings.Join(words, " ")
		if seen[key] {
			return
		}
		seen[key] = true
		m.byFirst[words[0]] = append(m.byFirst[words[0]], len(m.pats))
		m.pats = append(m.pats, pattern{words: words, kind: kind, term: strings.TrimSpace(term), severity: sev})
	}
	for _, k := range keywords {
		add(k, Keyword, 0)
	}
	for _, s := range sensitiveTopics {
		add(s, SensitiveTopic, 0)
	}
	for _, t := range lex.Terms {
		add(t.Text, Crisis, t.Severity)
	}
	m.scratch.New = func() any { return &scratch{seen: map[int]int{}} }
	return m
}

// Match returns the terms found in the item's title and summary, in the order they first
// appear (title first), each term once per kind. It returns nil when nothing matches.
func (m *Matcher) Match(it Item) []Match {
	return m.MatchText(it.Title, it.Summary)
}

// MatchText is Match for a bare title and summary.
func (m *Matcher) MatchText(title, summary string) []Match {
	if m == nil || len(m.pats) == 0 {
		return nil
	}
	s := m.scratch.Get().(*scratch)
	s.hits = s.hits[:0]
	clear(s.seen)
	m.scan(s, title, true)
	m.scan(s, summary, false)
	var out []Match
	if len(s.hits) > 0 {
		out = append([]Match(nil), s.hits...)
	}
	m.scratch.Put(s)
	return out
}

// Matches reports whether anything in the item matches.
func (m *Matcher) Matches(it Item) bool {
	return len(m.Match(it)) > 0
}

func (m *Matcher) scan(s *scratch, text string, inTitle bool) {
	if text == "" {
		return
	}
	t := &s.text
	t.reset(text)
	for i := range t.spans {
		cands, ok := m.byFirst[string(t.word(i))]
		if !ok {
			continue
		}
		for _, p := range cands {
			if !m.matchesAt(t, i, m.pats[p].words) {
				continue
			}
			if h, dup := s.seen[p]; dup {
				s.hits[h].InTitle = s.hits[h].InTitle || inTitle
				continue
			}
			s.seen[p] = len(s.hits)
			pat := &m.pats[p]
			s.hits = append(s.hits, Match{Kind: pat.kind, Term: pat.term, Severity: pat.severity, InTitle: inTitle})
		}
	}
}

// matchesAt reports whether words appear in t starting at word i; the first word is known to
// match.
func (m *Matcher) matchesAt(t *tokens, i int, words []string) bool {
	if i+len(words) > len(t.spans) {
		return false
	}
	for j := 1; j < len(words); j++ {
		if string(t.word(i+j)) != words[j] {
			return false
		}
	}
	return true
}
