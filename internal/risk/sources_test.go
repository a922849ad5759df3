package risk

import (
	"testing"
	"time"
)

func TestSourceRules(t *testing.T) {
	feed := func(name, err string) Source {
		return Source{Name: name, URL: "https://news.example/" + name, Kind: NewsSource, Err: err}
	}
	cal := func(name, err string) Source {
		return Source{Name: name, URL: "https://cal.example/" + name + ".ics", Kind: CalendarSource, Err: err}
	}
	war := []Match{
		withSource(crisis("war", SeverityHigh, "War", "US", time.Hour, "US"), "A"),
		withSource(crisis("war", SeverityHigh, "War spreads", "US", time.Hour, "US"), "B"),
	}
	tests := []struct {
		name    string
		sources []Source
		matches []Match
		level   Level
		want    []string
	}{
		{
			name:    "every source read, nothing found: green, and it says what was checked",
			sources: []Source{feed("a", ""), feed("b", ""), feed("c", ""), cal("team", "")},
			level:   Green,
			want:    []string{"green news_clear: No matching news for the launch markets in 3 sources"},
		},
		{
			name:  "no news sources at all: never green",
			level: Amber,
			want:  []string{"amber news_unchecked: Could not check the news: no news sources are configured"},
		},
		{
			name:    "only calendars: the news was not checked",
			sources: []Source{cal("team", "")},
			level:   Amber,
			want:    []string{"amber news_unchecked: Could not check the news: no news sources are configured"},
		},
		{
			name:    "every news source failed: amber, never green",
			sources: []Source{feed("a", "timeout"), feed("b", "HTTP 503"), feed("c", "not a feed")},
			level:   Amber,
			want:    []string{"amber news_unchecked: Could not check the news: none of the 3 news sources could be read"},
		},
		{
			name:    "one news source failed: a note, and the rest still cleared the news",
			sources: []Source{feed("a", "timeout"), feed("b", ""), feed("c", "")},
			level:   Green,
			want: []string{
				"green sources_degraded: 1 of 3 news sources could not be read; the check used the other 2",
				"green news_clear: No matching news for the launch markets in 2 sources",
			},
		},
		{
			name:    "a failed source does not hide what the others found",
			sources: []Source{feed("a", "timeout"), feed("b", "")},
			matches: war,
			level:   Red,
			want: []string{
				`red crisis: Event "war" (US): 2 headlines from 2 sources, all in the last 2 days; high severity; in a launch market (US)`,
				"green sources_degraded: 1 of 2 news sources could not be read; the check used the other 1",
			},
		},
		{
			name:    "every listed source failed: amber even beside matches from elsewhere",
			sources: []Source{feed("a", "timeout")},
			matches: []Match{match(KeywordMatch, "glowco", "GlowCo", "US", time.Hour)},
			level:   Amber,
			want: []string{
				"amber news_unchecked: Could not check the news: the news source could not be read",
				`green keyword: Campaign keyword "glowco": 1 headline in the last 2 days (US) — brand news, shown as context`,
			},
		},
		{
			name:    "matches found without a source list: the news was checked",
			matches: war,
			level:   Red,
			want:    []string{`red crisis: Event "war" (US): 2 headlines from 2 sources, all in the last 2 days; high severity; in a launch market (US)`},
		},
		{
			name:    "an unreadable calendar: amber, since its dates are nowhere else",
			sources: []Source{feed("a", ""), cal("sensitive-dates", "HTTP 404")},
			level:   Amber,
			want: []string{
				`amber calendar_missing: Calendar "sensitive-dates" could not be read, so its dates were not checked`,
				"green news_clear: No matching news for the launch markets in 1 source",
			},
		},
		{
			name:    "several unreadable calendars, one without a name",
			sources: []Source{feed("a", ""), cal("team", "timeout"), {URL: "https://cal.example/x.ics", Kind: CalendarSource, Err: "bad ICS"}},
			level:   Amber,
			want: []string{
				"amber calendar_missing: 2 calendars could not be read, so their dates were not checked",
				"green news_clear: No matching news for the launch markets in 1 source",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkAssess(t, input(func(in *Input) { in.Sources, in.Matches = tt.sources, tt.matches }), tt.level, tt.want)
		})
	}
}

func TestSourceEvidenceNamesTheFailure(t *testing.T) {
	var sources []Source
	for _, n := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		sources = append(sources, Source{Name: n, URL: "https://news.example/" + n, Kind: NewsSource, Err: "timeout"})
	}
	a := Assess(input(func(in *Input) { in.Sources = sources }))
	ev := a.Reasons[0].Evidence
	if len(ev) != MaxEvidence || ev[0].Title != "a: timeout" || ev[0].URL != "https://news.example/a" {
		t.Errorf("evidence = %+v", ev)
	}
}
