package csvimport

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// ParseTerms reads a campaign's keywords or sensitive topics: a list separated by ';' (or
// ',' inside a quoted cell), each term trimmed, inner runs of spaces folded, without
// repeats (ignoring case), in the order given. Case is kept, since "Lumière" is a brand
// name. A blank cell, "-" or "n/a" gives no terms.
//
// The limits are the /campaign form's (rapport.MaxCampaignTerms terms of at most
// rapport.MaxCampaignTermRunes characters), so a campaign planned in bulk can be edited in
// Slack without first being cut down. A term without a letter or digit is refused: the
// news is matched on words, and "--" matches none.
func ParseTerms(s string) ([]string, error) {
	if unknownMarks[strings.ToLower(strings.TrimSpace(s))] {
		return nil, nil
	}
	var out []string
	for _, part := range splitList(s) {
		term := strings.Join(strings.Fields(part), " ")
		if n := utf8.RuneCountInString(term); n > rapport.MaxCampaignTermRunes {
			return nil, fmt.Errorf("%q is %d characters long; keep each term within %d (a phrase a headline would use)",
				shorten(term, 30), n, rapport.MaxCampaignTermRunes)
		}
		if !strings.ContainsFunc(term, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			return nil, fmt.Errorf("%q has no letters or digits to look for in the news", term)
		}
		if !containsFold(out, term) {
			out = append(out, term)
		}
	}
	if len(out) > rapport.MaxCampaignTerms {
		return nil, fmt.Errorf("has %d terms; keep it to the %d that matter most", len(out), rapport.MaxCampaignTerms)
	}
	return out, nil
}

// shorten cuts s to at most n characters, marking the cut with "…".
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
