package feeds

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
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
	// Harm is a brand-safety term of the lexicon ("recall", "lawsuit", "boycott"): with a
	// campaign keyword in the same item it is news about the keyword; alone it is not a
	// crisis.
	Harm
)

func (k Kind) String() string {
	switch k {
	case Keyword:
		return "keyword"
	case SensitiveTopic:
		return "sensitive topic"
	case Crisis:
		return "crisis"
	case Harm:
		return "harm"
	}
	return "unknown"
}

// Match is one term found in an item.
type Match struct {
	Kind Kind
	// Term is the term as the campaign or the lexicon writes it.
	Term string
	// Severity is the lexicon's severity for a Crisis match, or low when a minimiser
	// qualifies every mention ("small fire", "earthquake film"); zero for other kinds.
	Severity Severity
	// InTitle is true when the term is in the title, not only in the summary.
	InTitle bool
	// Lang is the language of the lexicon term (ISO 639-1), "" for English and for the
	// campaign's own terms.
	Lang string
	// Cue is the minimiser that lowered Severity ("small", "anniversary of"), or, for a
	// Harm, qualified it; "" when none did.
	Cue string
	// Hazards are the lexicon term's hazards (see LexiconTerm.Hazards). Shared with the
	// Matcher: do not modify.
	Hazards []string
}

// Matcher finds campaign keywords, sensitive topics, crisis and harm terms in items.
//
// Matching is on whole words and phrases, ignoring case, accents and punctuation, and on
// stems: "war" matches "War," "wars" and "anti-war" but not "award" or "warm"; "crash"
// matches "crashes", "crashed" and "crashing"; "passed away" matches "Passed away." across
// the line break of a summary. Hashtags and CamelCase are cut into words ("#BoulderFlood").
// Crisis and harm terms are then weighed in context, in this order:
//   - a term inside a longer matched term of the same kind is not reported ("death" in
//     "death toll");
//   - a term inside a figure of speech from idioms.txt is dropped ("a storm of nostalgia",
//     "killed it");
//   - a negation just before it in the same clause drops it ("No injuries reported"), and a
//     minimiser lowers it to low severity ("small fire", "earthquake drill", "ten years
//     after the floods"); the cues are in cues.txt;
//   - a companion term ("pandemic") counts only when another medium or high crisis term
//     survived in the same item.
//
// Each item is matched in the languages of its feed's markets and English, or only in its
// own language when its function words make that clear. A Matcher is immutable and safe for
// concurrent use.
type Matcher struct {
	// byFirst indexes the patterns of each language by their first stem, so matching an
	// item costs one map lookup per word and language, however many terms there are.
	byFirst [numLangs]map[string][]int32
	pats    []pattern
	scratch sync.Pool
}

type pattern struct {
	words     []string // stems in the pattern's language
	kind      Kind
	term      string
	severity  Severity
	companion bool
	lang      string
	hazards   []string
	id        int32 // the reported term: patterns of one term in several languages share it
}

// scratch is per-call working memory, pooled so that matching thousands of items does not
// allocate per item.
type scratch struct {
	title, summary tokens
	stems          []byte
	stemSpans      []span
	joined         []byte
	raw            []rawHit
	hits           []Match
	seen           map[int32]int // term id → index in hits
}

// rawHit is one mention of a pattern, before context is weighed.
type rawHit struct {
	pat        int32
	start, end int32 // words [start, end) of the field
	inTitle    bool
	drop       bool
	severity   Severity
	cue        string
}

// NewMatcher builds a Matcher from a campaign's keywords and sensitive topics and a crisis
// lexicon. Blank terms, and terms without a letter or digit, are ignored. A term listed
// twice in the same list matches once, as do lexicon terms of a language that share their
// stems ("flood", "floods": the higher severity wins); a term in two lists (a keyword that
// is also a harm term, "recall") is reported once per list. Campaign terms match in every
// language; lexicon terms in their own.
func NewMatcher(keywords, sensitiveTopics []string, lex Lexicon) *Matcher {
	m := &Matcher{}
	for l := range numLangs {
		m.byFirst[l] = map[string][]int32{}
	}
	byKey := map[string]int32{}
	var nextID int32
	add := func(l lang, term string, kind Kind, sev Severity, companion bool, hazards []string, id int32) bool {
		folded := foldWords(term)
		if len(folded) == 0 {
			return false
		}
		words := make([]string, len(folded))
		for i, w := range folded {
			words[i] = stemString(l, w)
		}
		key := l.String() + string(rune('0'+kind)) + " " + strings.Join(words, " ")
		if p, dup := byKey[key]; dup {
			if sev > m.pats[p].severity {
				m.pats[p].severity = sev
			}
			for _, h := range hazards {
				if !slices.Contains(m.pats[p].hazards, h) {
					m.pats[p].hazards = append(slices.Clip(m.pats[p].hazards), h)
				}
			}
			return true
		}
		byKey[key] = int32(len(m.pats))
		language := ""
		if (kind == Crisis || kind == Harm) && l != langEN {
			language = l.String()
		}
		m.byFirst[l][words[0]] = append(m.byFirst[l][words[0]], int32(len(m.pats)))
		m.pats = append(m.pats, pattern{words: words, kind: kind, term: strings.TrimSpace(term), severity: sev,
			companion: companion, lang: language, hazards: hazards, id: id})
		return true
	}
	campaign := func(terms []string, kind Kind) {
		for _, t := range terms {
			added := false
			for l := range numLangs {
				added = add(l, t, kind, 0, false, nil, nextID) || added
			}
			if added {
				nextID++
			}
		}
	}
	campaign(keywords, Keyword)
	campaign(sensitiveTopics, SensitiveTopic)
	for _, t := range lex.Terms {
		l, ok := parseLang(t.Lang)
		if t.Lang == "" {
			l, ok = langEN, true
		}
		if !ok {
			continue
		}
		kind, sev := Crisis, t.Severity
		if t.Harm {
			kind, sev = Harm, 0
		}
		if add(l, t.Text, kind, sev, t.Companion, slices.Clip(t.Hazards), nextID) {
			nextID++
		}
	}
	// Patterns merged by stems keep the first term's id; ids need not be dense.
	m.scratch.New = func() any { return &scratch{seen: map[int32]int{}} }
	return m
}

// Match returns the terms found in the item's title and summary, in the order they first
// appear (title first), each term once per kind. The item's Markets choose the languages
// besides English. It returns nil when nothing matches.
func (m *Matcher) Match(it Item) []Match {
	return m.match(it.Title, it.Summary, it.Markets)
}

// MatchText is Match for a bare title and summary, in English and in the language the text
// is clearly written in.
func (m *Matcher) MatchText(title, summary string) []Match {
	return m.match(title, summary, nil)
}

// Matches reports whether anything in the item matches.
func (m *Matcher) Matches(it Item) bool {
	return len(m.Match(it)) > 0
}

func (m *Matcher) match(title, summary string, markets []string) []Match {
	if m == nil || len(m.pats) == 0 {
		return nil
	}
	s := m.scratch.Get().(*scratch)
	defer m.scratch.Put(s)
	s.title.reset(title)
	s.summary.reset(summary)
	if len(s.title.spans)+len(s.summary.spans) == 0 {
		return nil
	}
	langs := itemLangs(markets, &s.title, &s.summary)
	s.raw = s.raw[:0]
	for l := range numLangs {
		if !langs.has(l) || len(m.byFirst[l]) == 0 {
			continue
		}
		m.scan(s, l, &s.title, true)
		m.scan(s, l, &s.summary, false)
	}
	if len(s.raw) == 0 {
		return nil
	}
	m.weighCompanions(s.raw)
	return m.collect(s)
}

// scan finds the patterns of language l in one field and weighs their context.
func (m *Matcher) scan(s *scratch, l lang, t *tokens, inTitle bool) {
	if len(t.spans) == 0 {
		return
	}
	s.stems, s.stemSpans = s.stems[:0], s.stemSpans[:0]
	for i := range t.spans {
		st := len(s.stems)
		s.stems = stemAppend(s.stems, l, t.word(i))
		s.stemSpans = append(s.stemSpans, span{start: int32(st), end: int32(len(s.stems))})
	}
	first := len(s.raw)
	index := m.byFirst[l]
	n := len(t.spans)
	for i := 0; i < n; i++ {
		if cands, ok := index[string(s.stem(i))]; ok {
			for _, p := range cands {
				if words := m.pats[p].words; s.stemsAt(i+1, words[1:]) {
					s.raw = append(s.raw, rawHit{pat: p, start: int32(i), end: int32(i + len(words)), inTitle: inTitle, severity: m.pats[p].severity})
				}
			}
		}
		if i+1 < n && t.spans[i+1].glued {
			// A cut CamelCase word is also looked up whole: "#YouTube" is "you" "tube"
			// and "youtube".
			end := t.gluedEnd(i)
			s.joined = stemAppend(s.joined[:0], l, t.buf[t.spans[i].start:t.spans[end-1].end])
			for _, p := range index[string(s.joined)] {
				if words := m.pats[p].words; s.stemsAt(end, words[1:]) {
					s.raw = append(s.raw, rawHit{pat: p, start: int32(i), end: int32(end + len(words) - 1), inTitle: inTitle, severity: m.pats[p].severity})
				}
			}
		}
		switch {
		case t.spans[i].tag:
			m.scanHashtag(s, l, t.word(i), int32(i), inTitle)
		case l == langDE && !t.spans[i].glued && (i+1 == n || !t.spans[i+1].glued):
			m.scanCompound(s, l, t.word(i), int32(i), inTitle)
		}
	}
	if len(s.raw) > first {
		m.weighContext(s, l, t, s.raw[first:])
	}
}

// Hashtags run words together in lower case ("#yycflood", "#hurricanesandy"), so a hashtag
// that is no word of its own is also read as a term plus a remainder of at least two
// letters: a crisis or harm word at its end ("#qldfloods" is a flood), or a high-severity one
// at its start ("#hurricanesandy"). Only one-word terms of hashtagMinTerm letters or more
// count, with a medium or higher severity: shorter words hide in too many others ("#bonfire",
// "#photobomb"), and a word at the start is often an adjective ("#crashcourse").
const hashtagMinTerm = 5

// scanHashtag adds the hits hidden in one hashtag word w, word i of the field.
func (m *Matcher) scanHashtag(s *scratch, l lang, w []byte, i int32, inTitle bool) {
	if len(w) < hashtagMinTerm+2 {
		return
	}
	index := m.byFirst[l]
	try := func(part []byte, atStart bool) {
		s.joined = stemAppend(s.joined[:0], l, part)
		for _, p := range index[string(s.joined)] {
			pat := &m.pats[p]
			if len(pat.words) != 1 || (pat.kind != Crisis && pat.kind != Harm) {
				continue
			}
			if pat.kind == Crisis && (pat.severity < SeverityMedium || atStart && pat.severity < SeverityHigh) {
				continue
			}
			s.raw = append(s.raw, rawHit{pat: p, start: i, end: i + 1, inTitle: inTitle, severity: pat.severity})
		}
	}
	for k := 2; k <= len(w)-hashtagMinTerm; k++ {
		if w[k] >= utf8.RuneSelf || w[k-1] >= utf8.RuneSelf {
			continue // never cut inside a multi-byte letter
		}
		try(w[k:], false)
		if j := len(w) - k; j >= hashtagMinTerm {
			try(w[:j], true)
		}
	}
}

// German writes compounds as one word ("Gebäudeeinsturz", "Giftgasaustritt"), so a German
// word is also read as a high-severity term of compoundMinTerm letters or more at its end,
// after at least three letters: the head of a compound says what it is. Medium terms are
// left out, since their compounds are often harmless ("Lagerfeuer" is a campfire).
const compoundMinTerm = 6

// scanCompound adds the high-severity term ending the German word w, word i of the field.
func (m *Matcher) scanCompound(s *scratch, l lang, w []byte, i int32, inTitle bool) {
	index := m.byFirst[l]
	for k := 3; k <= len(w)-compoundMinTerm; k++ {
		if w[k] >= utf8.RuneSelf || w[k-1] >= utf8.RuneSelf {
			continue
		}
		s.joined = stemAppend(s.joined[:0], l, w[k:])
		for _, p := range index[string(s.joined)] {
			if pat := &m.pats[p]; len(pat.words) == 1 && pat.kind == Crisis && pat.severity == SeverityHigh {
				s.raw = append(s.raw, rawHit{pat: p, start: i, end: i + 1, inTitle: inTitle, severity: pat.severity})
				return
			}
		}
	}
}

func (s *scratch) stem(i int) []byte {
	sp := s.stemSpans[i]
	return s.stems[sp.start:sp.end]
}

// stemsAt reports whether words are the stems from word i on.
func (s *scratch) stemsAt(i int, words []string) bool {
	if i+len(words) > len(s.stemSpans) {
		return false
	}
	for j, w := range words {
		if string(s.stem(i+j)) != w {
			return false
		}
	}
	return true
}

// weighContext drops or lowers the crisis and harm hits of one field and language:
// subsumed terms, idioms, negations and minimisers.
func (m *Matcher) weighContext(s *scratch, l lang, t *tokens, hits []rawHit) {
	for i := range hits {
		h := &hits[i]
		kind := m.pats[h.pat].kind
		if kind != Crisis && kind != Harm {
			continue
		}
		for j := range hits {
			o := &hits[j]
			if j != i && m.pats[o.pat].kind == kind && o.start <= h.start && h.end <= o.end && o.end-o.start > h.end-h.start {
				h.drop = true
				break
			}
		}
		if h.drop {
			continue
		}
		if inIdiom(s, l, h.start, h.end) {
			h.drop = true
			continue
		}
		if c, ok := findCue(s, l, t, h.start, h.end); ok {
			switch {
			case c.action == cueDrop:
				h.drop = true
			case kind == Crisis && h.severity > SeverityLow:
				h.severity, h.cue = SeverityLow, c.text
			case kind == Harm:
				h.cue = c.text
			}
		}
	}
}

// weighCompanions drops companion terms when no other medium or high crisis term survived.
func (m *Matcher) weighCompanions(raw []rawHit) {
	needed, strong := false, false
	for _, h := range raw {
		p := &m.pats[h.pat]
		if h.drop || p.kind != Crisis {
			continue
		}
		if p.companion {
			needed = true
		} else if h.severity >= SeverityMedium {
			strong = true
		}
	}
	if !needed || strong {
		return
	}
	for i := range raw {
		if p := &m.pats[raw[i].pat]; p.kind == Crisis && p.companion {
			raw[i].drop = true
		}
	}
}

// collect turns the surviving hits into Matches: title hits first, then in order of the
// text, each term once with the highest severity of its mentions.
func (m *Matcher) collect(s *scratch) []Match {
	raw := s.raw
	// Insertion sort: few hits, and stable.
	for i := 1; i < len(raw); i++ {
		for j := i; j > 0 && hitBefore(raw[j], raw[j-1]); j-- {
			raw[j], raw[j-1] = raw[j-1], raw[j]
		}
	}
	s.hits = s.hits[:0]
	clear(s.seen)
	for _, h := range raw {
		if h.drop {
			continue
		}
		p := &m.pats[h.pat]
		if k, dup := s.seen[p.id]; dup {
			got := &s.hits[k]
			got.InTitle = got.InTitle || h.inTitle
			if h.severity > got.Severity || h.severity == got.Severity && h.cue == "" {
				got.Severity, got.Cue = h.severity, h.cue
			}
			continue
		}
		s.seen[p.id] = len(s.hits)
		s.hits = append(s.hits, Match{Kind: p.kind, Term: p.term, Severity: h.severity, InTitle: h.inTitle, Lang: p.lang, Cue: h.cue, Hazards: p.hazards})
	}
	if len(s.hits) == 0 {
		return nil
	}
	return append([]Match(nil), s.hits...)
}

func hitBefore(a, b rawHit) bool {
	if a.inTitle != b.inTitle {
		return a.inTitle
	}
	return a.start < b.start
}
