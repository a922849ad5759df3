package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rapport-bot/rapport/internal/discover"
	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// bakerResult is the TikTok baker of the underrated ranking as a search returns her.
func bakerResult(handle, name string) discover.Result {
	fa := engagement.FormulaAnalysis{Formula: engagement.PerFollower, Band: engagement.BandAverage, BandOK: true,
		Trend: engagement.Trend{Ratio: 0.094 / 0.07, OK: true, Direction: engagement.Rising}}
	fa.Windows[engagement.WindowNow] = engagement.Window{Median: 0.094, N: 3, OK: true}
	pa := engagement.PlatformAnalysis{Platform: rapport.TikTok, LatestFollowers: 25_000, FollowersOK: true, Tier: engagement.Micro,
		Rates: []engagement.FormulaAnalysis{fa}}
	return discover.Result{
		Candidate: discover.Candidate{
			Influencer: rapport.Influencer{Handle: handle, Name: name, Markets: []string{"FR"}},
			Analysis:   engagement.Analysis{Platforms: []engagement.PlatformAnalysis{pa}},
		},
		Platform: rapport.TikTok,
		Why: []string{"ER 9.4% on TikTok — top of the micro band (4–12%)", "rising ×1.34 year on year",
			"25K followers, below the roster median of 180K", "no campaigns with the brand yet"},
		Misses:     []string{"contacted 35 days ago (under 60)"},
		Underrated: discover.UnderratedScore{Engagement: 0.35, Trend: 1, Audience: 1, Use: (35.0/120 + 1) / 2},
	}
}

func TestFindResultsUnderrated(t *testing.T) {
	items := []discover.Result{bakerResult("sweetcrumbs.bakes", "Maya <Baker> & Co")}
	for i := range 9 {
		r := bakerResult(fmt.Sprintf("creator%02d", i), strings.Repeat("Long name ", 20))
		r.Why = append(r.Why, strings.Repeat("a reason that goes on ", 30))
		r.Misses = append(r.Misses, strings.Repeat("a miss that goes on ", 30))
		items = append(items, r)
	}
	m := FindResults(FindPage{Query: "underrated", Page: 1, Total: 23, Items: items, HasMore: true, Underrated: true})
	golden(t, "find_underrated", m)
	first := mrkdwnTexts(t, m)[1]
	for _, want := range []string{
		"*Maya &lt;Baker&gt; &amp; Co* @sweetcrumbs.bakes · TikTok 25K (micro) · ER 9.40% (average) ↗ · FR · *score 3.0/5*",
		"\n_ER 9.4% on TikTok — top of the micro band (4–12%) · rising ×1.34 year on year · 25K followers, below the roster median of 180K · no campaigns with the brand yet_",
		"\nMisses: contacted 35 days ago (under 60)",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("first row %q\nlacks %q", first, want)
		}
	}

	plain := FindResults(FindPage{Query: "tag:baking", Page: 1, Total: 1, Items: items[:1]})
	texts := strings.Join(mrkdwnTexts(t, plain), "\n")
	if strings.Contains(texts, "score") || strings.Contains(texts, "Underrated ranks") || !strings.Contains(texts, "Ranked by engagement band") {
		t.Errorf("a search without underrated shows the score or its legend:\n%s", texts)
	}
}
