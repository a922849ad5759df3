package feeds

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokens is a text cut into words for matching: each word folded (lower case, Latin
// diacritics removed, ß → ss) and stored back to back in buf, with spans marking where each
// word starts and ends. Letters and digits make words; everything else (spaces, punctuation,
// apostrophes, hyphens, #) separates them, so "Nike's" is "nike" "s" and "#Earthquake" is
// "earthquake". Han, Hiragana and Katakana characters are one word each, because those
// scripts put no spaces between words: a term written in them matches as a run of characters.
type tokens struct {
	buf   []byte
	spans []span
}

type span struct{ start, end int32 }

// word returns the i-th word. The result aliases buf: compare it, do not keep it.
func (t *tokens) word(i int) []byte {
	s := t.spans[i]
	return t.buf[s.start:s.end]
}

// reset cuts s into t, reusing t's memory.
func (t *tokens) reset(s string) {
	t.buf, t.spans = t.buf[:0], t.spans[:0]
	start := -1
	end := func() {
		if start >= 0 && len(t.buf) > start {
			t.spans = append(t.spans, span{int32(start), int32(len(t.buf))})
		}
		start = -1
	}
	begin := func() {
		if start < 0 {
			start = len(t.buf)
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				begin()
				t.buf = append(t.buf, c)
			case 'A' <= c && c <= 'Z':
				begin()
				t.buf = append(t.buf, c+'a'-'A')
			default:
				end()
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case unicode.Is(unicode.Mn, r):
			// A combining accent belongs to the letter before it and is dropped, so
			// "e\u0301" folds like "é". Alone it is nothing.
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
			end()
			begin()
			t.buf = utf8.AppendRune(t.buf, r)
			end()
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			begin()
			r = unicode.ToLower(r)
			if f, ok := foldings[r]; ok {
				t.buf = append(t.buf, f...)
			} else {
				t.buf = utf8.AppendRune(t.buf, r)
			}
		default:
			end()
		}
	}
	end()
}

// foldWords returns s's folded words; used to prepare terms, not on the hot path.
func foldWords(s string) []string {
	var t tokens
	t.reset(s)
	words := make([]string, len(t.spans))
	for i := range t.spans {
		words[i] = string(t.word(i))
	}
	return words
}

// foldings maps lower-case Latin letters with diacritics (and a few ligatures) to plain
// letters. Precomposed letters need the table; decomposed ones lose their combining accent
// in tokens.reset.
var foldings = func() map[rune]string {
	m := map[rune]string{'æ': "ae", 'œ': "oe", 'ß': "ss", 'þ': "th", 'ð': "d", 'ĳ': "ij", 'ﬁ': "fi", 'ﬂ': "fl"}
	for _, row := range []string{
		"a àáâãäåāăąǎ", "c çćĉċč", "d ďđ", "e èéêëēĕėęě", "g ĝğġģ", "h ĥħ", "i ìíîïĩīĭįı",
		"j ĵ", "k ķ", "l ĺļľŀł", "n ñńņňŉ", "o òóôõöøōŏőǒ", "r ŕŗř", "s śŝşšșſ", "t ţťŧț",
		"u ùúûüũūŭůűųǔ", "w ŵ", "y ýÿŷ", "z źżž",
	} {
		base, letters, _ := strings.Cut(row, " ")
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
