package discover

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// appendFold appends s in the form text is compared in: lower case, Latin diacritics
// removed (é → e, ß → ss, also when typed as a letter plus a combining accent), runs of white
// space as one space, trimmed. "Chloé  Dupré" and "chloe dupre" fold alike, so a French
// name is found however it was typed.
func appendFold(dst []byte, s string) []byte {
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

// foldings maps lower-case Latin letters with diacritics to plain letters.
var foldings = func() map[rune]string {
	m := map[rune]string{'æ': "ae", 'œ': "oe", 'ß': "ss", 'þ': "th", 'ð': "d", 'ĳ': "ij"}
	for _, row := range []string{
		"a àáâãäåāăąǎ", "c çćĉċč", "d ďđ", "e èéêëēĕėęě", "g ĝğġģ", "h ĥħ", "i ìíîïĩīĭįı",
		"j ĵ", "k ķ", "l ĺļľŀł", "n ñńņňŉ", "o òóôõöøōŏőǒ", "r ŕŗř", "s śŝşšș", "t ţťŧț",
		"u ùúûüũūŭůűųǔ", "w ŵ", "y ýÿŷ", "z źżž",
	} {
		base, letters, _ := strings.Cut(row, " ")
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
