package risk

import (
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests' zones, whatever the machine has installed
)

var (
	newYork = mustZone("America/New_York")
	london  = mustZone("Europe/London")
	tokyo   = mustZone("Asia/Tokyo")
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// The tests' campaign launches at 10:00 in New York on Thursday 26 November 2026
// (Thanksgiving; 15:00 in London), in the US and GB; the check runs a day before.
var (
	launch = time.Date(2026, 11, 26, 10, 0, 0, 0, newYork)
	now    = launch.Add(-24 * time.Hour)
)

// input is the tests' usual check: two news sources read without trouble and nothing found.
func input(change func(*Input)) Input {
	in := Input{
		Now: now, Launch: launch, Markets: []string{"US", "GB"},
		Sources: []Source{
			{Name: "Wire US", URL: "https://news.example/us.rss", Kind: NewsSource},
			{Name: "Wire GB", URL: "https://news.example/gb.rss", Kind: NewsSource},
		},
	}
	if change != nil {
		change(&in)
	}
	return in
}

// match is an item on term, published ago before now, from market; its link is made from
// its title.
func match(kind MatchKind, term, title, market string, ago time.Duration) Match {
	return Match{
		Title: title, Link: "https://news.example/" + strings.ReplaceAll(strings.ToLower(title), " ", "-"),
		Source: "Wire " + market, Published: now.Add(-ago), Term: term, Kind: kind, Market: market,
	}
}

// crisis is a crisis-term match in a title, with a severity and the places it names.
func crisis(term string, sev Severity, title, market string, ago time.Duration, places ...string) Match {
	m := match(CrisisTerm, term, title, market, ago)
	m.Severity, m.InTitle, m.Places = sev, true, places
	return m
}

func withSource(m Match, source string) Match {
	m.Source = source
	return m
}

func inSummary(m Match) Match {
	m.InTitle = false
	return m
}

// lines writes each reason as "level rule: text", so a table row reads as the expected card.
func lines(a Assessment) []string {
	out := make([]string, len(a.Reasons))
	for i, r := range a.Reasons {
		out[i] = r.Level.String() + " " + string(r.Rule) + ": " + r.Text
	}
	return out
}

// checkAssess compares an assessment's level and reasons with the expected ones.
func checkAssess(t *testing.T, in Input, level Level, want []string) Assessment {
	t.Helper()
	a := Assess(in)
	if got := lines(a); !slices.Equal(got, want) {
		t.Errorf("reasons:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if a.Level != level {
		t.Errorf("level = %s, want %s", a.Level, level)
	}
	return a
}

// clear is the note every check with readable news and nothing found carries.
const clear = "green news_clear: No matching news for the launch markets in 2 sources"
