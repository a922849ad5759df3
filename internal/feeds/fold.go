package feeds

import (
	"unicode"
	"unicode/utf8"

	"github.com/rapport-bot/rapport/internal/textmatch"
)

// tokens is a text cut into words for matching: each word folded (lower case, Latin
// diacritics removed, ß → ss) and stored back to back in buf, with spans marking where each
// word starts and ends. Letters and digits make words; everything else (spaces, punctuation,
// apostrophes, hyphens, #) separates them, so "Nike's" is "nike" "s" and "#Earthquake" is
// "earthquake". A hashtag in CamelCase, or a word with two or more lower-to-upper changes, is
// cut into its words ("#BoulderFlood" is "boulder" "flood", "PrayForBoston" is "pray" "for"
// "boston"), while "iPhone", "McDonald" and "YouTube" stay whole; the parts of a cut word are
// glued, so the whole word can still be looked up. Han, Hiragana and Katakana characters are
// one word each, because those scripts put no spaces between words: a term written in them
// matches as a run of characters.
type tokens struct {
	buf   []byte
	spans []span
	cuts  []int32 // camel-case cut points of the word being read
}

// span is one word of a tokens. brk says a clause break (",", ".", ":", ";", "!", "?", a
// dash between spaces, brackets…) comes before the word; glued says the word is the second
// or later part of a cut CamelCase word; upper says its first letter was upper case in the
// text; tag says the word is a whole hashtag ("#yycflood"), which may hide words run
// together in lower case.
type span struct {
	start, end int32
	brk        bool
	glued      bool
	upper      bool
	tag        bool
}

// word returns the i-th word. The result aliases buf: compare it, do not keep it.
func (t *tokens) word(i int) []byte {
	s := t.spans[i]
	return t.buf[s.start:s.end]
}

// gluedEnd returns the index after the last part of the cut word starting at i, or i+1.
func (t *tokens) gluedEnd(i int) int {
	j := i + 1
	for j < len(t.spans) && t.spans[j].glued {
		j++
	}
	return j
}

// reset cuts s into t, reusing t's memory.
func (t *tokens) reset(s string) {
	t.buf, t.spans, t.cuts = t.buf[:0], t.spans[:0], t.cuts[:0]
	start := -1
	var (
		brk, hash, upper bool
		tag              bool // the word being read follows a '#'
		prevLower        int  // length of the run of lower-case letters just read
		prevUpper        bool // the letter just read was upper case
		sepSpace         bool // the separator run so far holds a space
	)
	end := func() {
		if start >= 0 && len(t.buf) > start {
			if len(t.cuts) > 0 && (hash || len(t.cuts) >= 2) {
				from := int32(start)
				for k, c := range t.cuts {
					t.spans = append(t.spans, span{start: from, end: c, brk: brk && k == 0, glued: k > 0, upper: upper || k > 0})
					from = c
				}
				t.spans = append(t.spans, span{start: from, end: int32(len(t.buf)), glued: true, upper: true})
			} else {
				t.spans = append(t.spans, span{start: int32(start), end: int32(len(t.buf)), brk: brk, upper: upper, tag: tag})
			}
			brk, sepSpace = false, false
		}
		start, hash, tag, prevLower, prevUpper = -1, false, false, 0, false
		t.cuts = t.cuts[:0]
	}
	begin := func(isUpper bool) {
		if start < 0 {
			start = len(t.buf)
			upper = isUpper
		}
	}
	// letter records a letter's case and the cut before it, if it starts a CamelCase part.
	letter := func(isUpper, isLower bool, next byte) {
		if isUpper && len(t.buf) > start {
			if prevLower >= 2 || prevLower == 1 && len(t.cuts) > 0 || prevUpper && 'a' <= next && next <= 'z' && len(t.buf)-start >= 2 {
				t.cuts = append(t.cuts, int32(len(t.buf)))
			}
		}
		switch {
		case isLower:
			prevLower++
			prevUpper = false
		case isUpper:
			prevLower = 0
			prevUpper = true
		default:
			prevLower, prevUpper = 0, false
		}
	}
	separator := func(c rune) {
		end()
		switch c {
		case ',', '.', ';', ':', '!', '?', '(', ')', '[', ']', '|', '"', '\u2014', '\u2013', '\u2026', '\u201c', '\u201d', '\u00ab', '\u00bb', '\n':
			brk = true
		case ' ', '\t', '\r':
			sepSpace = true
		case '-':
			if sepSpace { // "a - b": a hyphen after a space is a dash
				brk = true
			}
		}
		hash = c == '#' || c == '@'
		tag = c == '#'
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			var next byte
			if i < len(s) {
				next = s[i]
			}
			switch {
			case 'a' <= c && c <= 'z':
				begin(false)
				letter(false, true, next)
				t.buf = append(t.buf, c)
			case '0' <= c && c <= '9':
				begin(false)
				letter(false, false, next)
				t.buf = append(t.buf, c)
			case 'A' <= c && c <= 'Z':
				begin(true)
				letter(true, false, next)
				t.buf = append(t.buf, c+'a'-'A')
			default:
				separator(rune(c))
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
			begin(false)
			t.buf = utf8.AppendRune(t.buf, r)
			end()
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			isUpper := unicode.IsUpper(r)
			begin(isUpper)
			var next byte
			if i < len(s) {
				next = s[i]
			}
			letter(isUpper, unicode.IsLower(r), next)
			r = unicode.ToLower(r)
			if f, ok := textmatch.FoldRune(r); ok {
				t.buf = append(t.buf, f...)
			} else {
				t.buf = utf8.AppendRune(t.buf, r)
			}
		default:
			separator(r)
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
