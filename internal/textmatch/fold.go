package textmatch

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fold is s in the form text is compared in: lower case, Latin diacritics removed (é → e,
// ß → ss, also when typed as a letter plus a combining accent), runs of white space as one
// space, trimmed. "Chloé  Dupré" and "chloe dupre" fold alike, so a French name is found
// however it was typed. Letters of other scripts are kept, lower-cased.
func Fold(s string) string { return string(AppendFold(nil, s)) }

// AppendFold appends Fold(s) to dst, for callers that reuse a buffer on a hot path.
func AppendFold(dst []byte, s string) []byte {
	start, space := len(dst), false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' || '\t' <= c && c <= '\r' {
				space = true
				continue
			}
			if space && len(dst) > start {
				dst = append(dst, ' ')
			}
			space = false
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.Is(unicode.Mn, r):
			continue // a combining accent
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		r = unicode.ToLower(r)
		if f, ok := foldings[r]; ok {
			dst = append(dst, f...)
		} else {
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// FoldRune returns the plain letters a lower-case Latin letter with a diacritic (or a
// ligature) folds to, and false for any other rune, which folds to itself. It is the one
// folding table: feeds' tokenizer uses it too.
func FoldRune(r rune) (string, bool) {
	f, ok := foldings[r]
	return f, ok
}

// foldings maps lower-case Latin letters with diacritics, and a few ligatures, to plain
// letters. It is read-only after start.
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
