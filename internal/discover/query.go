package discover

import (
	"strconv"
	"strings"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// Query is a parsed search. ParseQuery fills it in canonical form — values normalised, sets
// sorted and without repeats — so two spellings of one search compare equal, and
// ParseQuery(q.String()) gives q back.
type Query struct {
	// Words are free text as typed; every one must appear in the name, handle or a tag,
	// ignoring case and accents.
	Words []string
	// Tags must all be on the influencer; lower case, without a leading '#'.
	Tags []string
	// Markets are upper-case ISO 3166-1 alpha-2 codes, sorted; any of them matches.
	Markets []string
	// Tiers are smallest first; any of them matches.
	Tiers []engagement.Tier
	// Platforms are sorted by name; any of them matches.
	Platforms []rapport.Platform
	// ER bounds on ER/followers now; every one must hold.
	ER []ERBound
	// Trend is the wanted year-on-year direction; empty for any.
	Trend engagement.Direction
	// Statuses are in rapport.Statuses order; any of them matches.
	Statuses []rapport.Status
	// Owners are Slack user IDs, sorted; OwnerMe stands for whoever runs the search, which
	// only the caller knows. An influencer owned by any of them matches.
	Owners  []string
	OwnerMe bool
	// Underrated ranks by the underrated score (UnderratedScore) instead of the default
	// order, and leaves out creators not strong on engagement for their tier.
	Underrated bool
	// Sort replaces the default ranking; SortRank keeps it.
	Sort SortKey
}

// IsZero reports whether the query asks for nothing at all.
func (q Query) IsZero() bool {
	return len(q.Words) == 0 && len(q.Tags) == 0 && len(q.Markets) == 0 && len(q.Tiers) == 0 &&
		len(q.Platforms) == 0 && len(q.ER) == 0 && q.Trend == "" && len(q.Statuses) == 0 &&
		len(q.Owners) == 0 && !q.OwnerMe && !q.Underrated && q.Sort == SortRank
}

// Comparison is how an ER bound compares.
type Comparison string

// The comparisons an ER bound accepts.
const (
	Above   Comparison = ">"
	AtLeast Comparison = ">="
	Below   Comparison = "<"
	AtMost  Comparison = "<="
)

// ERBound limits ER/followers now: er>3 is {Above, 3}. Percent is a percentage, 0 to 100.
type ERBound struct {
	Op      Comparison
	Percent float64
}

// String is the bound as the user writes it: "er>=3.5".
func (b ERBound) String() string { return "er" + string(b.Op) + formatPercent(b.Percent) }

// Holds reports whether a rate (a fraction: 0.03 is 3%) satisfies the bound. A rate that
// equals the bound to within rounding counts as equal, so 300 ÷ 10,000 is not "er>3".
func (b ERBound) Holds(rate float64) bool {
	pct := rate * 100
	eps := 1e-9 * max(1, b.Percent)
	switch b.Op {
	case Above:
		return pct > b.Percent+eps
	case AtLeast:
		return pct >= b.Percent-eps
	case Below:
		return pct < b.Percent-eps
	case AtMost:
		return pct <= b.Percent+eps
	}
	return false
}

// SortKey names an order for results.
type SortKey string

// The orders. SortRank, the default, puts the strongest engagement for the tier first:
// by band (high, average, low, unknown), then ER/followers now, then followers.
const (
	SortRank      SortKey = ""
	SortER        SortKey = "er"
	SortFollowers SortKey = "followers"
	SortTrend     SortKey = "trend"
	SortName      SortKey = "name"
)

var sortKeys = []SortKey{SortER, SortFollowers, SortTrend, SortName}

// String is the query's canonical text: the terms in a fixed order, each value in its
// shortest accepted spelling (platform:ig, status:dnc, er>.5), sets joined with commas. It
// is never longer, and never has more terms, than any text ParseQuery accepted for the same
// query, so it always parses back — which is what the "More" button relies on.
func (q Query) String() string {
	var b strings.Builder
	add := func(parts ...string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		for _, p := range parts {
			b.WriteString(p)
		}
	}
	for _, w := range q.Words {
		if needsQuotes(w) {
			add(`"`, w, `"`)
		} else {
			add(w)
		}
	}
	for _, t := range q.Tags {
		add(tagTerm(t))
	}
	if len(q.Markets) > 0 {
		add("market:", strings.Join(q.Markets, ","))
	}
	if len(q.Tiers) > 0 {
		add("tier:", formatTiers(q.Tiers))
	}
	if len(q.Platforms) > 0 {
		names := make([]string, len(q.Platforms))
		for i, p := range q.Platforms {
			names[i] = shortPlatform(p)
		}
		add("platform:", strings.Join(names, ","))
	}
	for _, e := range q.ER {
		add(e.String())
	}
	switch q.Trend {
	case "":
	case engagement.Rising, engagement.Declining:
		add(string(q.Trend))
	default:
		add("trend:", string(q.Trend))
	}
	if len(q.Statuses) > 0 {
		names := make([]string, len(q.Statuses))
		for i, s := range q.Statuses {
			names[i] = shortStatus(s)
		}
		add("status:", strings.Join(names, ","))
	}
	if q.OwnerMe || len(q.Owners) > 0 {
		owners := q.Owners
		if q.OwnerMe {
			owners = append([]string{"me"}, owners...)
		}
		add("owner:", strings.Join(owners, ","))
	}
	if q.Underrated {
		add("underrated")
	}
	if q.Sort != SortRank {
		add("sort:", string(q.Sort))
	}
	return b.String()
}

// needsQuotes reports whether a free-text word would read as something else unquoted.
func needsQuotes(w string) bool {
	return strings.ContainsRune(w, ' ') || classify(w) != termWord
}

// formatTiers writes tiers (smallest first, no repeats) with each run of neighbouring tiers
// as a range: nano,mid-mega.
func formatTiers(tiers []engagement.Tier) string {
	var b strings.Builder
	for i := 0; i < len(tiers); {
		j := i + 1
		for j < len(tiers) && tierIndex(tiers[j]) == tierIndex(tiers[j-1])+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(string(tiers[i]))
		if j-i > 1 {
			b.WriteByte('-')
			b.WriteString(string(tiers[j-1]))
		}
		i = j
	}
	return b.String()
}

func tierIndex(t engagement.Tier) int {
	for i, v := range engagement.Tiers {
		if v == t {
			return i
		}
	}
	return -1
}

// shortPlatform is the shortest name rapport.ParsePlatform reads as p.
func shortPlatform(p rapport.Platform) string {
	switch p {
	case rapport.Instagram:
		return "ig"
	case rapport.TikTok:
		return "tt"
	case rapport.YouTube:
		return "yt"
	case rapport.Facebook:
		return "fb"
	case rapport.LinkedIn:
		return "li"
	}
	return string(p)
}

// shortStatus is the shortest name rapport.ParseStatus reads as s.
func shortStatus(s rapport.Status) string {
	if s == rapport.StatusDoNotContact {
		return "dnc"
	}
	return string(s)
}

// formatPercent writes a percentage in as few characters as parse reads back exactly:
// 3, 3.5, .25.
func formatPercent(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if strings.HasPrefix(s, "0.") {
		s = s[1:]
	}
	return s
}
