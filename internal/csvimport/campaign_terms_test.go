package csvimport

import (
	"slices"
	"strings"
	"testing"
)

func TestParseTerms(t *testing.T) {
	many := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = "k" + strings.Repeat("x", i)
		}
		return strings.Join(parts, ";")
	}
	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr string
	}{
		{"blank", "", nil, ""},
		{"a dash is blank", " - ", nil, ""},
		{"n/a is blank", "N/A", nil, ""},
		{"semicolons, spaces folded, case kept", " Lumière ;  Radiance   Serum;serum ", []string{"Lumière", "Radiance Serum", "serum"}, ""},
		{"commas in a quoted cell", "sunburn, skin cancer", []string{"sunburn", "skin cancer"}, ""},
		{"repeats in another case count once", "Serum; SERUM; serum", []string{"Serum"}, ""},
		{"empty items dropped", ";;serum;;", []string{"serum"}, ""},
		{"digits are words", "SPF50", []string{"SPF50"}, ""},
		{"exactly the most terms", many(20), strings.Split(many(20), ";"), ""},
		{"exactly the longest term", strings.Repeat("é", 100), []string{strings.Repeat("é", 100)}, ""},
		{"one term too many", many(21), nil, "has 21 terms; keep it to the 20 that matter most"},
		{"repeats do not count against the limit", many(20) + ";k;K", strings.Split(many(20), ";"), ""},
		{"a term too long", "serum;" + strings.Repeat("é", 101), nil, `"` + strings.Repeat("é", 30) + `…" is 101 characters long; keep each term within 100`},
		{"no letters or digits", "serum; --", nil, `"--" has no letters or digits`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTerms(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseTerms(%q) = %q, %v; want error …%s…", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("ParseTerms(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

// TestParseCampaignsKeywords: keywords and sensitive topics are campaign-wide like markets:
// written once, inherited by the campaign's other rows, and checked for agreement.
func TestParseCampaignsKeywords(t *testing.T) {
	res, err := ParseCampaigns(open(t, "campaigns_keywords.csv"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, []wantError{
		{5, "keywords", `is "serum" here but "Lumière; serum; Radiance Serum" on line 2; every row of campaign "Radiance Serum Launch" must agree`},
		{7, "keywords", "has 21 terms; keep it to the 20 that matter most"},
		{8, "sensitive_topics", "is 101 characters long; keep each term within 100"},
		{9, "keywords", `"--" has no letters or digits`},
	})
	checkWarnings(t, res.Warnings)
	want := map[int]struct{ keywords, topics []string }{
		2:  {[]string{"Lumière", "serum", "Radiance Serum"}, []string{"sunburn", "skin cancer"}},
		3:  {[]string{"Lumière", "serum", "Radiance Serum"}, []string{"sunburn", "skin cancer"}}, // blank: the campaign's
		4:  {[]string{"Lumière", "serum", "Radiance Serum"}, []string{"sunburn", "skin cancer"}}, // the same terms, reordered and recased
		6:  {nil, nil},
		10: {[]string{"Serum"}, nil},
	}
	if !slices.Equal(res.Lines, []int{2, 3, 4, 6, 10}) {
		t.Fatalf("lines = %v, want [2 3 4 6 10]", res.Lines)
	}
	for i, r := range res.Rows {
		w := want[res.Lines[i]]
		if !slices.Equal(r.Campaign.Keywords, w.keywords) || !slices.Equal(r.Campaign.SensitiveTopics, w.topics) {
			t.Errorf("line %d: keywords %q, topics %q; want %q, %q", res.Lines[i], r.Campaign.Keywords, r.Campaign.SensitiveTopics, w.keywords, w.topics)
		}
	}
	res.Rows[0].Campaign.Keywords[0] = "changed"
	if res.Rows[1].Campaign.Keywords[0] != "Lumière" {
		t.Error("rows of one campaign share a keywords slice")
	}
}

func TestParseCampaignsKeywordHeaders(t *testing.T) {
	res, err := ParseCampaigns(strings.NewReader("Campaign Name,Creator,Watch Words,Topics to avoid\nLaunch,ava,serum,sunburn\n"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, nil)
	checkWarnings(t, res.Warnings)
	if len(res.Rows) != 1 || !slices.Equal(res.Rows[0].Campaign.Keywords, []string{"serum"}) ||
		!slices.Equal(res.Rows[0].Campaign.SensitiveTopics, []string{"sunburn"}) {
		t.Errorf("rows = %+v; want keywords [serum], topics [sunburn]", res.Rows)
	}
}
