package feeds

import (
	"slices"
	"strings"
	"testing"
)

// FuzzMatcher checks the matcher's promises on any term and text: it never panics; a term
// always matches itself, also between other words; and whatever it reports is really in the
// text as whole words (on stems, in some language: "crash" is in "crashes").
func FuzzMatcher(f *testing.F) {
	for _, seed := range [][2]string{
		{"war", "Award-winning war film"}, {"passed away", "He passed\naway"}, {"Lumière", "LUMIERE"},
		{"e coli", "E. coli"}, {"地震", "東京で地震が発生"}, {"Straße", "STRASSE"}, {"9/11", "9-11"},
		{"cafe\u0301", "Café"}, {"", "empty"}, {"!!!", "!!!"}, {"\xff", "\xfe\xff"}, {"İstanbul", "istanbul"},
		{"a", strings.Repeat("a ", 100)},
	} {
		f.Add(seed[0], seed[1])
	}
	lexicon := NewMatcher(nil, nil, DefaultLexicon())
	f.Fuzz(func(t *testing.T, term, text string) {
		m := NewMatcher([]string{term}, []string{term}, Lexicon{})
		got := append(m.MatchText(text, text), lexicon.MatchText(text, text)...)
		termWords := foldWords(term)
		for _, match := range got {
			found := false
			for l := range numLangs {
				words := stemAll(l, foldWords(match.Term))
				found = found || len(words) > 0 && (containsRun(stemAll(l, foldWords(text)), words) || containsRun(stemAll(l, foldWords(strings.ToLower(text))), words))
			}
			if !found {
				t.Fatalf("MatchText(%q) reported %+v, whose stems are not in the text", text, match)
			}
			if !match.InTitle {
				t.Fatalf("a match in a text given as both title and summary is not in the title: %+v", match)
			}
		}
		if len(termWords) == 0 {
			return
		}
		self := m.MatchText(term, "")
		if !slices.ContainsFunc(self, func(x Match) bool { return x.Kind == Keyword }) {
			t.Fatalf("term %q (words %q) does not match itself: %+v", term, termWords, self)
		}
		framed := m.MatchText("before "+term+" after", "")
		if !slices.ContainsFunc(framed, func(x Match) bool { return x.Kind == Keyword }) {
			t.Fatalf("term %q does not match between other words: %+v", term, framed)
		}
	})
}

func stemAll(l lang, words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = stemString(l, w)
	}
	return out
}

// containsRun reports whether words appear consecutively in text.
func containsRun(text, words []string) bool {
	for i := 0; i+len(words) <= len(text); i++ {
		if slices.Equal(text[i:i+len(words)], words) {
			return true
		}
	}
	return false
}
