package feeds

import (
	"reflect"
	"testing"
)

func TestMatcher(t *testing.T) {
	lex := Lexicon{Terms: []LexiconTerm{
		{Text: "war", Severity: SeverityMedium},
		{Text: "passed away", Severity: SeverityHigh},
		{Text: "recall", Severity: SeverityMedium},
		{Text: "data breach", Severity: SeverityHigh},
		{Text: "e coli", Severity: SeverityHigh},
	}}
	keywords := []string{"Lumière", "cafe", "Straße", "Nike", "9/11", "地震", "BlackLivesMatter", "recall", "  ", "!!!", "Nike"}
	sensitive := []string{"gun violence", "élection présidentielle"}
	m := NewMatcher(keywords, sensitive, lex)

	kw := func(term string) Match { return Match{Kind: Keyword, Term: term, InTitle: true} }
	crisis := func(term string, sev Severity) Match {
		return Match{Kind: Crisis, Term: term, Severity: sev, InTitle: true}
	}
	inSummary := func(m Match) Match { m.InTitle = false; return m }
	tests := []struct {
		name, title, summary string
		want                 []Match
	}{
		{"a whole word", "War breaks out in the north", "", []Match{crisis("war", SeverityMedium)}},
		{"upper case and punctuation", "WAR!", "", []Match{crisis("war", SeverityMedium)}},
		{"hyphenated compound", "Anti-war march draws thousands", "", []Match{crisis("war", SeverityMedium)}},
		{"not inside award", "Chef wins top award", "", nil},
		{"not inside warm", "Warm weather ahead", "", nil},
		{"not inside Warsaw or swarm", "Bees swarm Warsaw square", "", nil},
		{"not a plural", "Star Wars premiere", "", nil},
		{"precomposed accents", "LUMIERE opens in Paris", "", []Match{kw("Lumière")}},
		{"accented text, plain term", "Un café à Lyon", "", []Match{kw("cafe")}},
		{"decomposed accent", "Cafe\u0301 society", "", []Match{kw("cafe")}},
		{"sharp s", "Strasse closed", "", []Match{kw("Straße")}},
		{"phrase with accents", "Premier tour de l'Election presidentielle", "", []Match{{Kind: SensitiveTopic, Term: "élection présidentielle", InTitle: true}}},
		{"phrase", "Actor passed away on Sunday", "", []Match{crisis("passed away", SeverityHigh)}},
		{"phrase across a line break and punctuation", "", "He passed\n  away... peacefully", []Match{inSummary(crisis("passed away", SeverityHigh))}},
		{"phrase with a word between", "He passed the ball away", "", nil},
		{"phrase cut at the end of the text", "The bill passed", "", nil},
		{"phrase split between title and summary", "It passed", "away from home", nil},
		{"abbreviation with dots", "E. coli found in lettuce", "", []Match{crisis("e coli", SeverityHigh)}},
		{"possessive", "Nike's chief quits", "", []Match{kw("Nike")}},
		{"a keyword that is also a crisis term is reported for each list", "Nike recall widens", "",
			[]Match{kw("Nike"), kw("recall"), crisis("recall", SeverityMedium)}},
		{"numbers split on punctuation", "Remembering 9/11", "", []Match{kw("9/11")}},
		{"hashtag", "#BlackLivesMatter trends again", "", []Match{kw("BlackLivesMatter")}},
		{"characters of a script without spaces", "東京で地震が発生", "", []Match{kw("地震")}},
		{"part of a term in such a script", "地方のニュース", "", nil},
		{"summary only", "Markets close higher", "A data breach at a retailer", []Match{inSummary(crisis("data breach", SeverityHigh))}},
		{"title and summary: once, in title", "Data breach at bank", "The data breach affected 2M", []Match{crisis("data breach", SeverityHigh)}},
		{"order of first appearance", "War and a recall", "Nike", []Match{crisis("war", SeverityMedium), kw("recall"), crisis("recall", SeverityMedium), inSummary(kw("Nike"))}},
		{"gun violence phrase", "Gun-violence summit", "", []Match{{Kind: SensitiveTopic, Term: "gun violence", InTitle: true}}},
		{"nothing", "Quarterly results beat forecasts", "Shares rose 3%.", nil},
		{"empty", "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := m.Match(Item{Title: tt.title, Summary: tt.summary})
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Match(%q, %q) =\n  %+v\nwant\n  %+v", tt.title, tt.summary, got, tt.want)
			}
		})
	}
}

func TestMatcherWithoutTerms(t *testing.T) {
	for _, m := range []*Matcher{nil, NewMatcher(nil, nil, Lexicon{}), NewMatcher([]string{"", " - "}, nil, Lexicon{})} {
		if got := m.MatchText("War breaks out", "passed away"); got != nil {
			t.Fatalf("a matcher without terms matched %v", got)
		}
	}
}

func TestKindAndSeverityStrings(t *testing.T) {
	for v, want := range map[interface{ String() string }]string{
		Keyword: "keyword", SensitiveTopic: "sensitive topic", Crisis: "crisis", Kind(0): "unknown",
		SeverityLow: "low", SeverityMedium: "medium", SeverityHigh: "high", Severity(0): "none",
	} {
		if got := v.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", v, got, want)
		}
	}
}
