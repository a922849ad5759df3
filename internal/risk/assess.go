package risk

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// The rules' thresholds.
const (
	// RecentWindow is how far back from Now a news item counts as recent: the news cycle
	// the launch lands in.
	RecentWindow = 48 * time.Hour
	// SensitiveRedCount is how many recent items on one sensitive topic make it red.
	SensitiveRedCount = 3
	// SpikeFloor and SpikeFactor define a volume spike: Recent ≥ max(SpikeFloor,
	// SpikeFactor × Baseline). The floor keeps a quiet term going from 0 to 2 from counting.
	SpikeFloor  = 5
	SpikeFactor = 3
	// NearbyDays is how many days either side of a market's local launch date a date still
	// gets a mention.
	NearbyDays = 2
	// ContactWithin is how recently each influencer should have been in touch before a
	// launch.
	ContactWithin = 14 * 24 * time.Hour
	// MaxEvidence caps each reason's evidence.
	MaxEvidence = 5
)

// readinessFlags are the engagement flags that make an influencer's readiness amber, in the
// order a reason lists them.
var readinessFlags = []string{"declining", "inactive"}

// Assess scores a timing check. Each rule below gives at most one reason per term, date or
// group, so a check with thousands of matching items still reads in a few lines.
//
// News. An item matched under several terms, or carried by several feeds, is one article.
// "Recent" means published within RecentWindow before Now, or undated, since a feed lists
// current items. Where an article happens is the countries it names, else the market of
// the feeds that carried it (a global feed: anywhere).
//   - Crisis: articles with a crisis term are clustered into events (a shared term in the
//     same place, or a high-severity term in the same country, within EventWindow). A term
//     counts at the lexicon's severity in a title and one lower in a summary alone; an
//     article with low-severity terms only never makes an event, it only adds evidence to
//     one. An event is red when it is recent, of high severity, corroborated (two or more
//     independent sources, or a coverage spike on its term) and in or near a launch market
//     (or placed nowhere by a global source). Any other event is amber: a single
//     unconfirmed report, medium severity, old news, or a crisis far from the markets.
//     Another market's local news that names no country is left out.
//   - Brand: an article naming a campaign keyword and a harm term (recall, ban, lawsuit…)
//     or a crisis term of medium severity or more is harm news about the brand, red while recent and amber once older, wherever it is
//     published. Brand news without harm is a green note: context, not risk.
//   - A sensitive topic (in the launch markets) is amber, red with SensitiveRedCount or
//     more recent items or when its volume spikes.
//   - A volume spike (Recent ≥ max(SpikeFloor, SpikeFactor × Baseline)) joins the reason
//     for its term; alone it is red for a sensitive topic, amber for a crisis term and a
//     note for a keyword.
//
// Dates, read on each market's local launch date (Zones, else Launch's own zone).
//   - A public holiday on launch day is amber; a sensitive date or calendar event is red
//     when its severity is high and amber otherwise.
//   - A date up to NearbyDays away counts one level lower: a high-severity one stays amber,
//     the others are green notes.
//
// Readiness.
//   - Influencers never contacted, or not for ContactWithin or more: amber, one reason.
//   - Influencers flagged declining or inactive: amber, one reason.
//
// Sources.
//   - No news source configured, or none readable: amber "could not check the news", so a
//     check that could not look is never green. Some news sources unreadable: a green note.
//   - An unreadable calendar: amber, since its dates are found nowhere else.
//   - News checked and nothing matched: a green note saying so.
//
// The assessment's level is the highest reason's. Reasons are ordered red first, then by
// text, and carry at most MaxEvidence evidence items each, newest first.
func Assess(in Input) Assessment {
	a := assessor{in: in, markets: marketSet(in.Markets)}
	news := a.news().reasons(in, a.markets)
	a.reasons = append(a.reasons, news...)
	a.dates()
	a.readiness()
	a.sources(len(news) > 0)

	out := Assessment{Level: Green, Reasons: a.reasons}
	for _, r := range a.reasons {
		out.Level = max(out.Level, r.Level)
	}
	slices.SortFunc(out.Reasons, func(x, y Reason) int {
		if c := cmp.Compare(y.Level, x.Level); c != 0 {
			return c
		}
		return strings.Compare(x.Text, y.Text)
	})
	return out
}

// newsFindings are the news rules' groups: crisis events, brand news, sensitive topics, and
// volume spikes on terms no article matched.
type newsFindings struct {
	events    []*event
	brand     []*brandNews
	sensitive []*newsGroup
	spikes    []VolumeSignal
}

func (a *assessor) news() newsFindings {
	arts := a.articles()
	f := newsFindings{events: a.events(arts), brand: a.brandNews(arts), sensitive: a.newsGroups()}
	for _, v := range a.in.Volume {
		if !Spiking(v) {
			continue
		}
		v.Kind = kindOf(v.Kind)
		t := fold(v.Term)
		attached := false
		switch v.Kind {
		case CrisisTerm:
			attached = slices.ContainsFunc(f.events, func(e *event) bool { _, ok := e.named[t]; return ok })
		case SensitiveTopic:
			attached = slices.ContainsFunc(f.sensitive, func(g *newsGroup) bool { return fold(g.term) == t })
		default:
			attached = slices.ContainsFunc(f.brand, func(g *brandNews) bool { return fold(g.keyword) == t })
		}
		if !attached {
			f.spikes = append(f.spikes, v)
		}
	}
	return f
}

func (f newsFindings) reasons(in Input, markets map[string]struct{}) []Reason {
	var out []Reason
	for _, e := range f.events {
		out = append(out, e.reason(in, markets))
	}
	for _, g := range f.brand {
		out = append(out, g.reason(in))
	}
	for _, g := range f.sensitive {
		out = append(out, g.reason(in))
	}
	for _, v := range f.spikes {
		out = append(out, spikeReason(v))
	}
	return out
}

// RedMatches returns the recent items behind Assess's red news reasons, one per article,
// newest first: what the breaking-news watch posts, each article once.
func RedMatches(in Input) []Match {
	a := assessor{in: in, markets: marketSet(in.Markets)}
	f := a.news()
	var firsts []int
	for _, e := range f.events {
		if e.level(in.Matches) == Red {
			for _, art := range e.articles {
				if art.recent {
					firsts = append(firsts, art.first)
				}
			}
		}
	}
	for _, g := range f.brand {
		if g.level() == Red {
			for _, art := range g.harmful {
				if art.recent {
					firsts = append(firsts, art.first)
				}
			}
		}
	}
	for _, g := range f.sensitive {
		if g.level() == Red {
			for _, i := range g.articles {
				if a.recent(in.Matches[i]) {
					firsts = append(firsts, i)
				}
			}
		}
	}
	seen := make(map[string]struct{})
	var out []Match
	for _, i := range firsts {
		m := in.Matches[i]
		k := articleKey(m)
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{}
		out = append(out, m)
	}
	slices.SortStableFunc(out, newestFirst)
	return out
}

type assessor struct {
	in      Input
	markets map[string]struct{} // upper-cased; nil when every market counts
	reasons []Reason
}

func (a *assessor) add(r Reason) { a.reasons = append(a.reasons, r) }

// inMarket reports whether a finding for market counts for this campaign: a global finding
// ("") always does.
func (a *assessor) inMarket(market string) bool {
	if a.markets == nil || market == "" {
		return true
	}
	_, ok := a.markets[strings.ToUpper(strings.TrimSpace(market))]
	return ok
}

func marketSet(markets []string) map[string]struct{} {
	if len(markets) == 0 {
		return nil
	}
	set := make(map[string]struct{}, len(markets))
	for _, m := range markets {
		set[strings.ToUpper(strings.TrimSpace(m))] = struct{}{}
	}
	return set
}
