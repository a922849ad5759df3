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
// News. Items count when they come from a launch market or a global source, once per term
// however many feeds carry them; "recent" means published within RecentWindow before Now,
// or undated, since a feed lists current items.
//   - A crisis-lexicon term is red when any item is recent or its volume spikes, amber
//     otherwise.
//   - A sensitive topic is amber, red with SensitiveRedCount or more recent items or when
//     its volume spikes.
//   - A campaign keyword is amber; a spike is mentioned but does not make it red.
//   - A volume spike (Recent ≥ max(SpikeFloor, SpikeFactor × Baseline)) joins the reason
//     for its term; for a term no item matched it is a reason of its own, red for a crisis
//     term or sensitive topic and amber for a keyword.
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
	groups, spikes := a.newsGroups()
	for _, g := range groups {
		a.add(g.reason(in))
	}
	for _, v := range spikes {
		a.add(spikeReason(v))
	}
	a.dates()
	a.readiness()
	a.sources(len(groups)+len(spikes) > 0)

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

// RedMatches returns the recent items behind Assess's red news reasons, one per article,
// newest first: what the breaking-news watch posts, each article once.
func RedMatches(in Input) []Match {
	a := assessor{in: in, markets: marketSet(in.Markets)}
	groups, _ := a.newsGroups()
	seen := make(map[string]struct{})
	var out []Match
	for _, g := range groups {
		if g.level() != Red {
			continue
		}
		for _, i := range g.articles {
			m := in.Matches[i]
			if !a.recent(m) {
				continue
			}
			k := articleKey(m)
			if _, dup := seen[k]; dup {
				continue
			}
			seen[k] = struct{}{}
			out = append(out, m)
		}
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
