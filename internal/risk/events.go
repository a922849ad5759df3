package risk

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/wording"
)

// article is one news item with every term it matched, once however many feeds carried it.
type article struct {
	first     int      // index in Input.Matches of its first match: title, link, source, date
	markets   []string // the carrying feeds' markets, upper-cased; "" for a global feed
	places    []string
	crisis    map[string]Severity // folded crisis term → its effective severity here
	terms     []string            // crisis terms as first written, in order
	hazards   []string            // of its medium or high crisis terms
	severity  Severity            // the highest effective crisis severity; 0 when none
	harm      []string            // harm terms as written
	keywords  []string            // campaign keywords as written
	published time.Time
	recent    bool
	proximity Proximity
}

// articles gathers the matches by article (link, else title), in order of first appearance.
func (a *assessor) articles() []*article {
	byKey := make(map[string]*article)
	var out []*article
	for i := range a.in.Matches {
		m := &a.in.Matches[i]
		k := articleKey(*m)
		art := byKey[k]
		if art == nil {
			art = &article{first: i, crisis: map[string]Severity{}, published: m.Published, recent: a.recent(*m)}
			byKey[k] = art
			out = append(out, art)
		}
		if mk := strings.ToUpper(strings.TrimSpace(m.Market)); !slices.Contains(art.markets, mk) {
			art.markets = append(art.markets, mk)
		}
		for _, p := range m.Places {
			if p = strings.ToUpper(strings.TrimSpace(p)); p != "" && !slices.Contains(art.places, p) {
				art.places = append(art.places, p)
			}
		}
		term := strings.TrimSpace(m.Term)
		switch kindOf(m.Kind) {
		case CrisisTerm:
			sev := effectiveSeverity(*m)
			if sev == 0 {
				continue
			}
			f := fold(term)
			if _, ok := art.crisis[f]; !ok {
				art.terms = append(art.terms, term)
			}
			art.crisis[f] = max(art.crisis[f], sev)
			art.severity = max(art.severity, sev)
			if sev >= SeverityMedium {
				for _, h := range m.Hazards {
					if !slices.Contains(art.hazards, h) {
						art.hazards = append(art.hazards, h)
					}
				}
			}
		case HarmTerm:
			if !slices.ContainsFunc(art.harm, func(h string) bool { return fold(h) == fold(term) }) {
				art.harm = append(art.harm, term)
			}
		case KeywordMatch:
			if !slices.ContainsFunc(art.keywords, func(k string) bool { return fold(k) == fold(term) }) {
				art.keywords = append(art.keywords, term)
			}
		}
	}
	for _, art := range out {
		art.proximity = a.proximity(art.places, art.markets)
	}
	return out
}

// effectiveSeverity is a crisis match's severity as evidence: the lexicon's grade (medium
// when not given), one lower when the term is only in the summary — a headline is what
// the news is about, a summary also mentions background.
func effectiveSeverity(m Match) Severity {
	sev := m.Severity
	if sev == 0 {
		sev = SeverityMedium
	}
	if !m.InTitle {
		sev--
	}
	return sev
}

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// event is a cluster of articles about the same happening, within EventWindow of one
// another: they do not place it in different countries, and they share a crisis term or a
// hazard ("tornado" and "flash flood" are both weather), or one reports only the impact
// (casualties, damage, the response) in the same country as the other or with no country on
// either side; or they name the same country with a high-severity term each.
type event struct {
	articles []*article        // the articles that made it: medium or high severity
	support  []*article        // low-severity articles about it: weight and evidence, not proof
	terms    map[string]int    // folded term → how many articles carry it at medium or above
	hazards  []string          // of its articles
	named    map[string]string // folded term → as first written
	order    []string          // folded terms in order of first appearance
	places   []string
	severity Severity
	sources  map[string]struct{}
	recent   int
	// proximity is the nearest of its articles'.
	proximity Proximity
	spike     *VolumeSignal
	from, to  time.Time
}

// EventWindow is how far apart in time two articles can be and still be about one event.
const EventWindow = 48 * time.Hour

// events clusters the articles with crisis terms into events, nearest to the launch markets
// first. Articles from another market's feed that name no country are that market's local
// news and are left out, as are articles whose crisis terms are all low severity and that
// join no event.
func (a *assessor) events(arts []*article) []*event {
	var out []*event
	var low []*article
	for _, art := range arts {
		if art.severity == 0 || art.proximity == OtherMarket {
			continue
		}
		if art.severity < SeverityMedium {
			low = append(low, art)
			continue
		}
		if e := a.eventFor(out, art); e != nil {
			e.add(art, a.in.Now)
			continue
		}
		e := &event{terms: map[string]int{}, named: map[string]string{}, sources: map[string]struct{}{}, proximity: art.proximity}
		e.add(art, a.in.Now)
		out = append(out, e)
	}
	for _, art := range low {
		if e := a.eventFor(out, art); e != nil {
			e.support = append(e.support, art)
		}
	}
	for _, v := range a.in.Volume {
		if kindOf(v.Kind) != CrisisTerm || !Spiking(v) {
			continue
		}
		for _, e := range out {
			if _, ok := e.terms[fold(v.Term)]; ok && e.spike == nil {
				e.spike = &v
			}
		}
	}
	slices.SortStableFunc(out, func(x, y *event) int { return cmp.Compare(x.proximity, y.proximity) })
	return out
}

// eventFor finds the event art is about, if any.
func (a *assessor) eventFor(es []*event, art *article) *event {
	at := publishedOr(art.published, a.in.Now)
	for _, e := range es {
		if at.Before(e.from.Add(-EventWindow)) || at.After(e.to.Add(EventWindow)) {
			continue
		}
		placesAgree := len(art.places) == 0 || len(e.places) == 0 || overlaps(art.places, e.places)
		sharesTerm := false
		for t := range art.crisis {
			if _, ok := e.terms[t]; ok {
				sharesTerm = true
				break
			}
		}
		samePlace := len(art.places) > 0 && overlaps(art.places, e.places)
		if (sharesTerm || sharesHazard(art.hazards, e.hazards)) && placesAgree ||
			samePlace && art.severity == SeverityHigh && e.severity == SeverityHigh {
			return e
		}
	}
	return nil
}

func (e *event) add(art *article, now time.Time) {
	e.articles = append(e.articles, art)
	for _, t := range art.terms {
		f := fold(t)
		if _, ok := e.named[f]; !ok {
			e.named[f] = t
			e.order = append(e.order, f)
		}
		if art.crisis[f] >= SeverityMedium {
			e.terms[f]++
		}
	}
	for _, p := range art.places {
		if !slices.Contains(e.places, p) {
			e.places = append(e.places, p)
		}
	}
	for _, h := range art.hazards {
		if !slices.Contains(e.hazards, h) {
			e.hazards = append(e.hazards, h)
		}
	}
	e.severity = max(e.severity, art.severity)
	e.proximity = min(e.proximity, art.proximity)
	if art.recent {
		e.recent++
	}
	at := publishedOr(art.published, now)
	if e.from.IsZero() || at.Before(e.from) {
		e.from = at
	}
	if at.After(e.to) {
		e.to = at
	}
}

// sourceOf names an article's publisher, for counting independent sources: the feed's name,
// else the link's host, else the title.
func sourceOf(m Match) string {
	if s := fold(m.Source); s != "" {
		return s
	}
	if u, err := url.Parse(strings.TrimSpace(m.Link)); err == nil && u.Host != "" {
		return strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	}
	return "title:" + fold(m.Title)
}

func publishedOr(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t
}

// sharesHazard reports whether an article with hazards a is about the same kind of
// happening as an event with hazards b: a hazard in common other than impact, or impact
// alone on one side against any hazard on the other (the casualties of the storm). Two
// impact-only sides share nothing: "killed" and "injured" may be two unrelated stories.
func sharesHazard(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	aImpact := len(a) == 1 && a[0] == HazardImpact
	bImpact := len(b) == 1 && b[0] == HazardImpact
	if aImpact || bImpact {
		return !(aImpact && bImpact)
	}
	for _, h := range a {
		if h != HazardImpact && slices.Contains(b, h) {
			return true
		}
	}
	return false
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// corroborated reports whether the event is more than one report: two or more independent
// sources, or a coverage spike on its term. Several stories from one outlet are still one
// source.
func (e *event) corroborated(ms []Match) bool {
	return e.sourceCount(ms) >= 2 || e.spike != nil
}

func (e *event) sourceCount(ms []Match) int {
	seen := map[string]struct{}{}
	for _, art := range e.articles {
		seen[sourceOf(ms[art.first])] = struct{}{}
	}
	return len(seen)
}

// level: red only for a recent, high-severity event, corroborated, in or near a launch
// market (or placed nowhere by a global source); everything else is worth a look.
func (e *event) level(ms []Match) Level {
	if e.recent > 0 && e.proximity <= Near && e.severity == SeverityHigh && e.corroborated(ms) {
		return Red
	}
	return Amber
}

// name is the event's leading term (the one most of its articles carry, the first seen on a
// tie) and where it happens: `"earthquake" (TR)`.
func (e *event) name() string {
	best, bestN := "", -1
	for _, f := range e.order {
		if n := e.terms[f]; n > bestN {
			best, bestN = f, n
		}
	}
	s := `"` + e.named[best] + `"`
	if len(e.places) > 0 {
		s += " (" + strings.Join(e.places, ", ") + ")"
	}
	return s
}

// reason says what happened, how sure it is and why it matters for this launch, e.g.
// Event "earthquake" (TR): 3 headlines from 3 sources, all in the last 2 days; high
// severity; near the launch markets.
func (e *event) reason(in Input, markets map[string]struct{}) Reason {
	lvl := e.level(in.Matches)
	var b strings.Builder
	b.WriteString("Event " + e.name() + ": ")
	n := len(e.articles)
	b.WriteString(wording.Plural(n, "headline", "headlines"))
	sources := e.sourceCount(in.Matches)
	if sources > 1 {
		b.WriteString(" from " + wording.Plural(sources, "source", "sources"))
	}
	within := "in the last " + wording.Span(RecentWindow)
	switch {
	case e.recent == n && n == 1:
		b.WriteString(" " + within)
	case e.recent == n:
		b.WriteString(", all " + within)
	case e.recent == 0:
		b.WriteString(", none " + within)
	default:
		b.WriteString(", " + strconv.Itoa(e.recent) + " " + within)
	}
	why := []string{severityWords(e.severity)}
	switch {
	case e.spike != nil:
		why = append(why, "coverage spiking ("+spikeText(*e.spike)+")")
	case sources < 2:
		why = append(why, "a single source so far, not confirmed")
	}
	why = append(why, e.where(markets))
	b.WriteString("; " + strings.Join(why, "; "))
	r := Reason{Level: lvl, Rule: RuleCrisis, Text: b.String()}
	idx := make([]int, 0, len(e.articles)+len(e.support))
	for _, art := range slices.Concat(e.articles, e.support) {
		idx = append(idx, art.first)
	}
	for _, i := range newest(in.Matches, idx, MaxEvidence) {
		m := &in.Matches[i]
		r.Evidence = append(r.Evidence, Evidence{Title: m.Title, URL: m.Link, Source: m.Source, Published: m.Published})
	}
	return r
}

// where says why the event's place matters for the launch.
func (e *event) where(markets map[string]struct{}) string {
	var inMarkets, others []string
	for _, p := range e.places {
		if _, ok := markets[p]; ok || markets == nil {
			inMarkets = append(inMarkets, p)
		} else {
			others = append(others, p)
		}
	}
	switch e.proximity {
	case InMarket:
		if len(inMarkets) > 0 {
			return "in a launch market (" + strings.Join(inMarkets, ", ") + ")"
		}
		var feeds []string
		for _, art := range e.articles {
			for _, m := range art.markets {
				if _, ok := markets[m]; (ok || markets == nil) && m != "" && !slices.Contains(feeds, m) {
					feeds = append(feeds, m)
				}
			}
		}
		slices.Sort(feeds)
		return "reported by the launch markets' news (" + strings.Join(feeds, ", ") + ")"
	case Unplaced:
		return "no country named, from a global source"
	case Near:
		return "near the launch markets (" + strings.Join(others, ", ") + ")"
	}
	return "far from the launch markets (" + strings.Join(others, ", ") + ")"
}

func severityWords(s Severity) string {
	switch s {
	case SeverityHigh:
		return "high severity"
	case SeverityMedium:
		return "medium severity"
	}
	return "low severity"
}
