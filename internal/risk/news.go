package risk

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/rapport-bot/rapport/internal/wording"
)

// newsGroup is every counted item that matched one sensitive topic.
type newsGroup struct {
	kind     MatchKind
	term     string
	articles []int // indexes into Input.Matches, one per article
	seen     map[string]struct{}
	recent   int
	markets  []string // of every feed that carried a counted item
	spike    *VolumeSignal
}

// newsGroups groups the counted sensitive-topic matches by term, in order of first
// appearance, and attaches volume spikes to their groups.
func (a *assessor) newsGroups() []*newsGroup {
	type groupKey struct {
		kind MatchKind
		term string // folded
	}
	byKey := make(map[groupKey]*newsGroup)
	var groups []*newsGroup
	folded := make(map[string]string) // term → folded, since terms repeat a lot
	key := func(kind MatchKind, term string) groupKey {
		f, ok := folded[term]
		if !ok {
			f = strings.ToLower(strings.TrimSpace(term))
			folded[term] = f
		}
		return groupKey{kind, f}
	}
	for i := range a.in.Matches {
		m := &a.in.Matches[i]
		kind := kindOf(m.Kind)
		if kind != SensitiveTopic || !a.inMarket(m.Market) {
			continue
		}
		k := key(kind, m.Term)
		g := byKey[k]
		if g == nil {
			g = &newsGroup{kind: kind, term: strings.TrimSpace(m.Term), seen: make(map[string]struct{})}
			byKey[k] = g
			groups = append(groups, g)
		}
		market := strings.ToUpper(strings.TrimSpace(m.Market))
		if !slices.Contains(g.markets, market) {
			g.markets = append(g.markets, market)
		}
		ak := articleKey(*m)
		if _, dup := g.seen[ak]; dup {
			continue
		}
		g.seen[ak] = struct{}{}
		g.articles = append(g.articles, i)
		if a.recent(*m) {
			g.recent++
		}
	}
	for _, v := range a.in.Volume {
		if !Spiking(v) || kindOf(v.Kind) != SensitiveTopic {
			continue
		}
		if g := byKey[key(SensitiveTopic, v.Term)]; g != nil && g.spike == nil {
			g.spike = &v
		}
	}
	return groups
}

// Spiking reports whether a volume signal is a spike: Recent ≥ max(SpikeFloor, SpikeFactor ×
// Baseline). A negative or NaN baseline counts as 0, an infinite one never spikes.
func Spiking(v VolumeSignal) bool {
	b := v.Baseline
	if math.IsNaN(b) || b < 0 {
		b = 0
	}
	return float64(v.Recent) >= math.Max(SpikeFloor, SpikeFactor*b)
}

func kindOf(k MatchKind) MatchKind {
	if k == SensitiveTopic || k == CrisisTerm || k == HarmTerm {
		return k
	}
	return KeywordMatch
}

// articleKey identifies an article across feeds: its link, else its title.
func articleKey(m Match) string {
	if l := strings.TrimSpace(m.Link); l != "" {
		return l
	}
	return "title:" + strings.ToLower(strings.TrimSpace(m.Title))
}

// recent reports whether m is in the news cycle of the check: published within RecentWindow
// before Now, later (a feed's clock ahead of ours), or undated.
func (a *assessor) recent(m Match) bool {
	return m.Published.IsZero() || !m.Published.Before(a.in.Now.Add(-RecentWindow))
}

func (g *newsGroup) level() Level {
	if g.recent >= SensitiveRedCount || g.spike != nil {
		return Red
	}
	return Amber
}

// reason says, for example: Sensitive topic "election": 12 headlines, 9 in the last 2 days
// (GB, US, global); coverage spiking (14 in the last 24 hours vs. about 2 usually).
func (g *newsGroup) reason(in Input) Reason {
	var b strings.Builder
	b.WriteString(kindLabel(g.kind))
	if g.term != "" {
		b.WriteString(` "` + g.term + `"`)
	}
	b.WriteString(": ")
	n, within := len(g.articles), "in the last "+wording.Span(RecentWindow)
	b.WriteString(wording.Plural(n, "headline", "headlines"))
	switch {
	case g.recent == n:
		b.WriteString(" " + within)
	case g.recent == 0:
		b.WriteString(", none " + within)
	default:
		b.WriteString(", " + strconv.Itoa(g.recent) + " " + within)
	}
	b.WriteString(" (" + marketList(g.markets) + ")")
	if g.spike != nil {
		b.WriteString("; coverage spiking (" + spikeText(*g.spike) + ")")
	}
	r := Reason{Level: g.level(), Rule: kindRule(g.kind), Text: b.String()}

	for _, i := range newest(in.Matches, g.articles, MaxEvidence) {
		m := &in.Matches[i]
		r.Evidence = append(r.Evidence, Evidence{Title: m.Title, URL: m.Link, Source: m.Source, Published: m.Published})
	}
	return r
}

// spikeReason is the reason for a spike on a term no counted item matched: red for a
// sensitive topic, amber for a crisis term (a rise with no article to name the event is
// worth a look, not a hold), a note for a campaign keyword.
func spikeReason(v VolumeSignal) Reason {
	lvl := Green
	switch v.Kind {
	case SensitiveTopic:
		lvl = Red
	case CrisisTerm:
		lvl = Amber
	}
	term := strings.ToLower(kindLabel(v.Kind))
	if t := strings.TrimSpace(v.Term); t != "" {
		term += ` "` + t + `"`
	}
	return Reason{Level: lvl, Rule: RuleVolumeSpike, Text: "Coverage spike for " + term + ": " + spikeText(v)}
}

// spikeText is "14 in the last 24 hours vs. about 2 usually".
func spikeText(v VolumeSignal) string {
	s := strconv.Itoa(v.Recent)
	if v.Window > 0 {
		s += " in the last " + wording.Span(v.Window)
	} else {
		s += " recently"
	}
	b := v.Baseline
	if math.IsNaN(b) || b < 0 {
		b = 0
	}
	return s + " vs. about " + strconv.FormatFloat(math.Round(b*10)/10, 'f', -1, 64) + " usually"
}

func kindLabel(k MatchKind) string {
	switch k {
	case CrisisTerm:
		return "Crisis term"
	case SensitiveTopic:
		return "Sensitive topic"
	}
	return "Campaign keyword"
}

func kindRule(k MatchKind) Rule {
	switch k {
	case CrisisTerm:
		return RuleCrisis
	case SensitiveTopic:
		return RuleSensitiveTopic
	}
	return RuleKeyword
}

// newest picks the k newest of the matches at idx (in newestFirst order, ties by position),
// in one pass: a group may hold thousands of items and shows five.
func newest(ms []Match, idx []int, k int) []int {
	top := make([]int, 0, k+1)
	for _, i := range idx {
		at := len(top)
		for at > 0 && newestFirst(ms[i], ms[top[at-1]]) < 0 {
			at--
		}
		if at >= k {
			continue
		}
		top = slices.Insert(top, at, i)
		if len(top) > k {
			top = top[:k]
		}
	}
	return top
}

// newestFirst orders matches by publication, newest first, undated last, then by title.
func newestFirst(x, y Match) int {
	switch {
	case x.Published.IsZero() != y.Published.IsZero():
		if x.Published.IsZero() {
			return 1
		}
		return -1
	case !x.Published.Equal(y.Published):
		return y.Published.Compare(x.Published)
	}
	return cmp.Compare(x.Title, y.Title)
}
