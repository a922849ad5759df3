package render

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Slack's Block Kit limits that renderers respect.
const (
	MaxBlocksPerMessage = 50
	MaxSectionText      = 3000
	MaxFieldText        = 2000
	MaxFields           = 10
	MaxHeaderText       = 150
	MaxButtonText       = 75
	MaxContextElements  = 10
	MaxViewBlocks       = 100
	MaxModalTitle       = 24
)

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape makes user text safe inside mrkdwn: nobody can inject <!channel>, a mention or a
// link through a name, tag or note.
func Escape(s string) string { return mrkdwnEscaper.Replace(s) }

// Truncate shortens s to at most n characters (runes), ending with "…" when cut. Slack counts
// characters, so byte length is not the measure.
func Truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:safeCut(r, n-1)]), " ") + "…"
}

// safeCut moves a cut at rune i back so that it does not split mrkdwn markup: a link or
// mention (<https://…|text>, <@U…>) or an entity (&lt;). Cut through, Slack would show the
// raw half or refuse the text.
func safeCut(r []rune, i int) int {
	for j := i - 1; j >= 0 && j >= i-maxMarkup; j-- {
		switch r[j] {
		case '>', ';':
			return i // the last markup before the cut is closed
		case '<', '&':
			if r[j] == '&' && !entityStart(r[j:i]) {
				continue
			}
			return j
		}
	}
	return i
}

// maxMarkup is the longest link or entity safeCut looks back for; a longer "<" run is text.
const maxMarkup = 600

// entityStart reports whether r, cut at the end, could be the start of an entity Slack's
// escaping writes (&amp; &lt; &gt;).
func entityStart(r []rune) bool {
	s := string(r)
	for _, e := range []string{"&amp;", "&lt;", "&gt;"} {
		if strings.HasPrefix(e, s) {
			return true
		}
	}
	return false
}

// escapeTrunc escapes user text and keeps the escaped result within n characters, cutting
// before an entity rather than through it.
func escapeTrunc(s string, n int) string {
	e := Escape(s)
	if utf8.RuneCountInString(e) <= n {
		return e
	}
	r := []rune(Truncate(s, n))
	for utf8.RuneCountInString(Escape(string(r))) > n && len(r) > 1 {
		r = append(r[:len(r)-2], '…')
	}
	return Escape(string(r))
}

// mrkdwn is a mrkdwn text object. It is verbatim: Slack must not turn bare URLs or
// "#channel" words of user text (a note, a campaign name) into links; Rapport's own links and
// mentions are written out as <url|text>, <@U…> and <#C…>, which verbatim text keeps.
func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, true)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

// Mention renders a Slack user ID as a mention, or a dash when empty. IDs are validated on
// the way in; a value that is not an ID is shown escaped, never as markup.
func Mention(userID string) string {
	if userID == "" {
		return "—"
	}
	for _, r := range userID {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return Escape(userID)
		}
	}
	return "<@" + userID + ">"
}

// Count formats an audience size the way people say it: 950, 12.3K, 1.2M.
func Count(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return trimZero(fmt.Sprintf("%.2f", v/1e9)) + "B"
	case a >= 1e6:
		return trimZero(fmt.Sprintf("%.2f", v/1e6)) + "M"
	case a >= 1e4:
		return trimZero(fmt.Sprintf("%.1f", v/1e3)) + "K"
	case a >= 1e3:
		return trimZero(fmt.Sprintf("%.2f", v/1e3)) + "K"
	}
	return fmt.Sprintf("%.0f", v)
}

func trimZero(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Percent formats a rate as a percentage with two decimals.
func Percent(r float64) string { return fmt.Sprintf("%.2f%%", r*100) }
