package feeds

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestDefaultLexicon(t *testing.T) {
	lex := DefaultLexicon()
	if len(lex.Terms) < 150 {
		t.Fatalf("the default lexicon has only %d terms", len(lex.Terms))
	}
	has := map[string]Severity{}
	for _, term := range lex.Terms {
		has[strings.Join(foldWords(term.Text), " ")] = term.Severity
	}

	// The launch-timing issue names these; each must be there.
	for _, term := range []string{
		"disaster", "attack", "dies", "dead at", "passed away", "war", "outage", "recall", "scandal",
		"shooting", "earthquake", "hurricane", "flood", "wildfire", "explosion", "evacuation",
		"boycott", "lawsuit", "data breach",
	} {
		if _, ok := has[term]; !ok {
			t.Errorf("the default lexicon lacks %q", term)
		}
	}
	// Twitter-isms and CrisisLex's noisy words are curated out.
	for _, term := range []string{"rt", "redcross", "text redcross", "txting redcross", "prayers", "praying",
		"donate", "please join", "massive", "events", "stream", "residents", "dozens", "footage"} {
		if _, ok := has[term]; ok {
			t.Errorf("the default lexicon keeps %q, which is noise in headlines", term)
		}
	}
	for _, term := range lex.Terms {
		if strings.ContainsAny(term.Text, "#@") {
			t.Errorf("line %d: %q is a hashtag or handle", term.Line, term.Text)
		}
	}

	// DefaultLexicon hands out copies.
	lex.Terms[0].Text = "changed"
	if DefaultLexicon().Terms[0].Text == "changed" {
		t.Fatal("DefaultLexicon shares its terms with callers")
	}

	text := defaultLexiconText()
	for _, notice := range []string{"Copyright (c) 2014 Alexandra Olteanu, Carlos Castillo",
		"The above copyright notice and this permission notice shall be included", "github.com/sajao/CrisisLex"} {
		if !bytes.Contains(text, []byte(notice)) {
			t.Errorf("lexicon.txt lacks the CrisisLex attribution %q", notice)
		}
	}
}

// TestDefaultLexiconOnHeadlines checks the curation on headlines: crises are caught with the
// right severity, and everyday news is left alone.
func TestDefaultLexiconOnHeadlines(t *testing.T) {
	m := NewMatcher(nil, nil, DefaultLexicon())
	highest := func(title string) Severity {
		var s Severity
		for _, match := range m.MatchText(title, "") {
			s = max(s, match.Severity)
		}
		return s
	}
	tests := []struct {
		headline string
		want     Severity
	}{
		{"Magnitude 7.1 earthquake strikes off the coast of Chile", SeverityHigh},
		{"Death toll rises to 40 after floods sweep through valley", SeverityHigh},
		{"Veteran actor dead at 84", SeverityHigh},
		{"Beloved TV host has died, family says", SeverityHigh},
		{"Former president passed away peacefully at home", SeverityHigh},
		{"Streaming service outage leaves millions offline", SeverityHigh},
		{"Retailer confirms data breach affecting 2M customers", SeverityHigh},
		{"Celebrity chef embroiled in tax scandal", SeverityHigh},
		{"Calls to boycott sportswear brand grow", 0}, // harm, not crisis: see TestHarm
		{"Wildfire forces evacuation of coastal towns", SeverityHigh},
		{"Carmaker issues recall of 300,000 SUVs", 0},
		{"Shareholders file lawsuit against streaming giant", 0},
		{"Factory fire forces evacuation of nearby homes", SeverityHigh},
		{"Gunman kills three in shopping centre", SeverityHigh},
		{"Shooting reported near city mall", SeverityMedium},
		{"Storm expected to bring heavy rain on Tuesday", SeverityLow},
		{"Apple unveils new iPhone at developer conference", 0},
		{"Award-winning chef opens second restaurant in Lyon", 0},
		{"Warm weather expected this weekend across the south", 0},
		{"Arsenal beat Chelsea 2-1 in thrilling derby", 0},
		{"Central bank holds interest rates steady", 0},
		{"Fashion week closes with a celebration of young designers", 0},
	}
	for _, tt := range tests {
		if got := highest(tt.headline); got != tt.want {
			t.Errorf("%q: highest severity %v (matches %+v), want %v", tt.headline, got, m.MatchText(tt.headline, ""), tt.want)
		}
	}
}

func TestParseLexicon(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		want    []LexiconTerm
		wantErr string
	}{
		{
			name: "sections, comments and blank lines",
			text: "# crisis words\nriot\n\n[HIGH]\nterror attack  # a phrase\n[low]\n  storm  \n",
			want: []LexiconTerm{
				{Text: "riot", Severity: SeverityMedium, Line: 2},
				{Text: "terror attack", Severity: SeverityHigh, Line: 5},
				{Text: "storm", Severity: SeverityLow, Line: 7},
			},
		},
		{name: "empty", text: "", want: nil},
		{name: "unknown section", text: "[high]\nquake\n[critical]\n", wantErr: `lexicon line 3: "[critical]" is not a section: use [high], [medium], [low], [harm] or [language xx]`},
		{name: "unclosed section", text: "[high\n", wantErr: `lexicon line 1: "[high" is not a section`},
		{name: "duplicate after folding", text: "passed away\n[high]\nPassed-Away\n", wantErr: `lexicon line 3: "Passed-Away" is already listed on line 1`},
		{name: "punctuation only", text: "ok\n--\n", wantErr: `lexicon line 2: "--" has no letters or digits to match`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lex, err := ParseLexicon(strings.NewReader(tt.text))
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to start %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(lex.Terms) != len(tt.want) {
				t.Fatalf("terms = %+v, want %+v", lex.Terms, tt.want)
			}
			for i := range tt.want {
				if !reflect.DeepEqual(lex.Terms[i], tt.want[i]) {
					t.Errorf("term %d = %+v, want %+v", i, lex.Terms[i], tt.want[i])
				}
			}
		})
	}
}

// TestHazardsNameLexiconTerms checks hazards.txt against the lexicons: every term it
// groups is a term a lexicon lists, so a typo or a removed term cannot silently break
// event clustering.
func TestHazardsNameLexiconTerms(t *testing.T) {
	h, err := ParseHazards(bytes.NewReader(hazardsText))
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, term := range DefaultLexicon().Terms {
		known[strings.Join(foldWords(term.Text), " ")] = true
	}
	for term := range h {
		if !known[term] {
			t.Errorf("hazards.txt names %q, which no lexicon lists", term)
		}
	}
	for _, want := range []struct{ term, hazard string }{
		{"tornado", "weather"}, {"flash flood", "weather"}, {"explosion", "attack"},
		{"explosion", "explosion"}, {"killed", HazardImpact}, {"tromba d aria", "weather"},
	} {
		if !slices.Contains(h[want.term], want.hazard) {
			t.Errorf("hazards of %q = %v, want %q among them", want.term, h[want.term], want.hazard)
		}
	}
	var withHazard int
	for _, term := range DefaultLexicon().Terms {
		if len(term.Hazards) > 0 {
			withHazard++
		}
	}
	if withHazard < len(h) {
		t.Errorf("%d default lexicon terms carry a hazard, want at least the %d hazards.txt names", withHazard, len(h))
	}
}

func TestParseHazardsErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"no colon", "weather storm\n", "line 1"},
		{"empty hazard", ": storm\n", "line 1"},
		{"empty term", "# c\nweather: storm,, flood\n", "line 2"},
		{"spaced hazard", "bad weather: storm\n", "line 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseHazards(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ParseHazards(%q) error = %v, want one naming %q", tc.in, err, tc.want)
			}
		})
	}
	h, err := ParseHazards(strings.NewReader("weather: Storm, Flash-Flood # comment\nweather: storm\nimpact: storm\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := h["storm"]; !slices.Equal(got, []string{"weather", "impact"}) {
		t.Errorf(`hazards of "storm" = %v, want [weather impact]`, got)
	}
	if got := h["flash flood"]; !slices.Equal(got, []string{"weather"}) {
		t.Errorf(`hazards of "flash flood" = %v, want [weather]`, got)
	}
}
