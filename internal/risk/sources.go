package risk

import (
	"strconv"
	"strings"

	"github.com/rapport-bot/rapport/internal/wording"
)

// sources says what the check could not read, and that the news was clear when it was.
// newsFound tells whether any news reason was given.
func (a *assessor) sources(newsFound bool) {
	var tried int
	var newsFailed, calFailed []Source
	for _, s := range a.in.Sources {
		switch s.Kind {
		case NewsSource:
			tried++
			if s.Err != "" {
				newsFailed = append(newsFailed, s)
			}
		case CalendarSource:
			if s.Err != "" {
				calFailed = append(calFailed, s)
			}
		}
	}
	// Matches without any listed news source come from a caller that does not list them:
	// the news was looked at. With sources listed, at least one must have been read.
	read := tried - len(newsFailed)
	checked := read > 0 || (tried == 0 && len(a.in.Matches) > 0)
	switch {
	case !checked && tried == 0:
		a.add(Reason{Level: Amber, Rule: RuleNewsUnchecked, Text: "Could not check the news: no news sources are configured"})
	case !checked:
		text := "Could not check the news: none of the " + wording.Plural(tried, "news source", "news sources") + " could be read"
		if tried == 1 {
			text = "Could not check the news: the news source could not be read"
		}
		a.add(Reason{Level: Amber, Rule: RuleNewsUnchecked, Text: text, Evidence: sourceEvidence(newsFailed)})
	case len(newsFailed) > 0:
		a.add(Reason{Level: Green, Rule: RuleSourcesDegraded,
			Text:     strconv.Itoa(len(newsFailed)) + " of " + wording.Plural(tried, "news source", "news sources") + " could not be read; the check used the other " + strconv.Itoa(read),
			Evidence: sourceEvidence(newsFailed)})
	}
	if checked && !newsFound {
		text := "No matching news for the launch markets"
		if read > 0 {
			text += " in " + wording.Plural(read, "source", "sources")
		}
		a.add(Reason{Level: Green, Rule: RuleNewsClear, Text: text})
	}
	switch len(calFailed) {
	case 0:
	case 1:
		a.add(Reason{Level: Amber, Rule: RuleCalendarMissing,
			Text:     `Calendar "` + sourceName(calFailed[0]) + `" could not be read, so its dates were not checked`,
			Evidence: sourceEvidence(calFailed)})
	default:
		a.add(Reason{Level: Amber, Rule: RuleCalendarMissing,
			Text:     strconv.Itoa(len(calFailed)) + " calendars could not be read, so their dates were not checked",
			Evidence: sourceEvidence(calFailed)})
	}
}

func sourceName(s Source) string {
	if n := strings.TrimSpace(s.Name); n != "" {
		return n
	}
	return s.URL
}

// sourceEvidence lists failed sources with what went wrong, at most MaxEvidence.
func sourceEvidence(failed []Source) []Evidence {
	out := make([]Evidence, 0, min(len(failed), MaxEvidence))
	for _, s := range failed[:min(len(failed), MaxEvidence)] {
		out = append(out, Evidence{Title: sourceName(s) + ": " + s.Err, URL: s.URL})
	}
	return out
}
