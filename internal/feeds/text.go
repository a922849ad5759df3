package feeds

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSummary is roughly how many bytes of an item's summary are kept: enough for matching
// and for a line of evidence, not a whole article that some feeds put in the description.
const maxSummary = 1000

// plainText turns a feed's text field, which may hold HTML, into one line of plain text:
// tags dropped (with the contents of script and style elements), entities decoded, runs of
// white space as one space, and at most max bytes (cut at a word boundary with "…"), or
// unlimited when max is 0.
func plainText(s string, max int) string {
	if strings.Contains(s, "<") {
		s = stripTags(s)
	}
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	s = strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
	if max > 0 && len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if sp := strings.LastIndexByte(s[:cut], ' '); sp > max/2 {
			cut = sp
		}
		s = s[:cut] + "…"
	}
	return s
}

// stripTags removes HTML tags, comments and the contents of script and style elements,
// leaving a space where a block tag was so that words on either side stay apart (inline
// tags such as <b> and <a> leave nothing: "<em>three</em>." stays "three."). It is a
// forgiving scanner for feed descriptions, not an HTML parser: an unclosed tag swallows the
// rest of the text.
func stripTags(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		if !looksLikeTag(s) {
			b.WriteByte('<') // "profits < forecast" is text, not a tag
			s = s[1:]
			continue
		}
		if strings.HasPrefix(s, "<!--") {
			end := strings.Index(s, "-->")
			if end < 0 {
				return b.String()
			}
			s = s[end+3:]
			continue
		}
		end := strings.IndexByte(s, '>')
		if end < 0 {
			return b.String()
		}
		tag := strings.ToLower(s[1:end])
		s = s[end+1:]
		if !inlineTags[tagName(tag)] {
			b.WriteByte(' ') // a block ends a word: "<p>one</p><p>two</p>" is "one two"
		}
		for _, skip := range []string{"script", "style"} {
			if tag == skip || strings.HasPrefix(tag, skip+" ") {
				if close := strings.Index(strings.ToLower(s), "</"+skip); close >= 0 {
					s = s[close:]
				} else {
					s = ""
				}
			}
		}
	}
}

// looksLikeTag reports whether s, which starts with "<", starts a tag, a closing tag, a
// comment or a declaration.
func looksLikeTag(s string) bool {
	if len(s) < 2 {
		return false
	}
	c := s[1]
	return c == '/' || c == '!' || c == '?' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// inlineTags are the elements that sit inside a line of text.
var inlineTags = map[string]bool{
	"a": true, "abbr": true, "b": true, "cite": true, "code": true, "em": true, "font": true,
	"i": true, "mark": true, "q": true, "s": true, "small": true, "span": true, "strong": true,
	"sub": true, "sup": true, "time": true, "u": true,
}

// tagName is the element name of a lower-cased tag's inside ("/em", "a href=…" → "em", "a").
func tagName(tag string) string {
	tag = strings.TrimPrefix(tag, "/")
	if i := strings.IndexAny(tag, " \t\r\n/"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}
