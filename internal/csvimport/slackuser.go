package csvimport

import (
	"fmt"
	"strings"
)

// copyIDHint tells people where Slack shows a member ID, since names are what they know.
const copyIDHint = "in Slack open the person's profile, ⋮ → Copy member ID"

// ParseUserID reads a Slack member ID ("U024BE7LH", or "W…" on Enterprise Grid). A mention
// pasted from Slack ("<@U024BE7LH>" or "<@U024BE7LH|priya>") is accepted too. Blank is ""
// and no error: the relationship simply has nobody there yet. Display names are refused
// because they are neither unique nor stable.
func ParseUserID(s string) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", nil
	}
	t = unwrapMention(t, "<@")
	if isUserID(t) {
		return t, nil
	}
	if strings.HasPrefix(t, "@") || !strings.ContainsAny(t, "0123456789") {
		return "", fmt.Errorf("%q looks like a name; give the Slack member ID (U… or W…): %s", s, copyIDHint)
	}
	return "", fmt.Errorf("%q is not a Slack member ID (U… or W…, like U024BE7LH): %s", s, copyIDHint)
}

// isUserID: 'U' or 'W', then upper-case letters and digits, as Slack issues them.
func isUserID(s string) bool { return isSlackID(s, "UW", 3, 21) }

// isSlackID: one of the first letters, then upper-case letters and digits, min to max long.
func isSlackID(s, first string, min, max int) bool {
	if len(s) < min || len(s) > max || !strings.ContainsRune(first, rune(s[0])) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// unwrapMention returns the ID inside Slack markup such as "<@U123|priya>" or "<#C123|launch>"
// when t is that markup (open is "<@" or "<#"), and t unchanged otherwise.
func unwrapMention(t, open string) string {
	inner, ok := strings.CutPrefix(t, open)
	if !ok {
		return t
	}
	inner, ok = strings.CutSuffix(inner, ">")
	if !ok {
		return t
	}
	id, _, _ := strings.Cut(inner, "|")
	return id
}
