package risk

import (
	"slices"
	"strconv"
	"strings"

	"github.com/rapport-bot/rapport/internal/wording"
)

// brandNews is every article that names one campaign keyword.
type brandNews struct {
	keyword  string
	articles []*article
	harmful  []*article // the ones that also carry a harm term
	markets  []string
	spike    *VolumeSignal
}

// brandNews groups the articles by the campaign keywords they name, in order of first
// appearance. Brand news counts wherever it is published: a brand is one brand everywhere.
func (a *assessor) brandNews(arts []*article) []*brandNews {
	byKey := map[string]*brandNews{}
	var out []*brandNews
	for _, art := range arts {
		for _, k := range art.keywords {
			g := byKey[fold(k)]
			if g == nil {
				g = &brandNews{keyword: k}
				byKey[fold(k)] = g
				out = append(out, g)
			}
			g.articles = append(g.articles, art)
			if len(art.harmWords()) > 0 {
				g.harmful = append(g.harmful, art)
			}
			for _, m := range art.markets {
				if !slices.Contains(g.markets, m) {
					g.markets = append(g.markets, m)
				}
			}
		}
	}
	for _, v := range a.in.Volume {
		if kindOf(v.Kind) != KeywordMatch || !Spiking(v) {
			continue
		}
		if g := byKey[fold(v.Term)]; g != nil && g.spike == nil {
			g.spike = &v
		}
	}
	return out
}

// harmWords are what makes an article about the brand harmful: its harm terms, and its
// crisis terms of medium severity or more (a fire at the brand's factory, a scandal).
func (art *article) harmWords() []string {
	words := slices.Clone(art.harm)
	for _, t := range art.terms {
		if art.crisis[fold(t)] >= SeverityMedium {
			words = append(words, t)
		}
	}
	return words
}

// level: harm news about the brand is red while it is in the news cycle, amber once older;
// brand news without harm is context, not risk.
func (g *brandNews) level() Level {
	if len(g.harmful) == 0 {
		return Green
	}
	for _, art := range g.harmful {
		if art.recent {
			return Red
		}
	}
	return Amber
}

// reason says, for example: News about "Lumora": 2 headlines with "recall", "lawsuit", 2 in
// the last 48 hours (GB, global) — harm to the brand; or, without harm: Campaign keyword
// "serum": 3 headlines in the last 2 days (US) — brand news, shown as context.
func (g *brandNews) reason(in Input) Reason {
	lvl := g.level()
	arts := g.articles
	var b strings.Builder
	if lvl == Green {
		b.WriteString(`Campaign keyword "` + g.keyword + `": `)
	} else {
		arts = g.harmful
		var harm []string
		for _, art := range arts {
			for _, h := range art.harmWords() {
				if q := `"` + h + `"`; !slices.Contains(harm, q) {
					harm = append(harm, q)
				}
			}
		}
		b.WriteString(`News about "` + g.keyword + `" with ` + listed(harm, 3) + ": ")
	}
	recent := 0
	for _, art := range arts {
		if art.recent {
			recent++
		}
	}
	b.WriteString(wording.Plural(len(arts), "headline", "headlines"))
	within := "in the last " + wording.Span(RecentWindow)
	switch {
	case recent == len(arts):
		b.WriteString(" " + within)
	case recent == 0:
		b.WriteString(", none " + within)
	default:
		b.WriteString(", " + strconv.Itoa(recent) + " " + within)
	}
	b.WriteString(" (" + marketList(g.markets) + ")")
	if g.spike != nil {
		b.WriteString("; coverage spiking (" + spikeText(*g.spike) + ")")
	}
	rule := RuleBrandHarm
	if lvl == Green {
		rule = RuleKeyword
		b.WriteString(" — brand news, shown as context")
	} else {
		b.WriteString(" — harm news about the brand")
	}
	r := Reason{Level: lvl, Rule: rule, Text: b.String()}
	idx := make([]int, len(arts))
	for i, art := range arts {
		idx[i] = art.first
	}
	for _, i := range newest(in.Matches, idx, MaxEvidence) {
		m := &in.Matches[i]
		r.Evidence = append(r.Evidence, Evidence{Title: m.Title, URL: m.Link, Source: m.Source, Published: m.Published})
	}
	return r
}
