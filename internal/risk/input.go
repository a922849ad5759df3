package risk

import (
	"fmt"
	"strings"
	"time"
)

// Input is everything one timing check found, as plain values.
type Input struct {
	// Now is when the check runs; Launch the launch instant, in the campaign's zone (a
	// market without a zone in Zones reads its launch date there).
	Now, Launch time.Time
	// Markets are the campaign's ISO country codes; empty means every market counts.
	Markets []string
	// Zones gives a market's zone for its local launch date, keyed by market code.
	Zones map[string]*time.Location

	Matches   []Match
	Volume    []VolumeSignal
	Dates     []DateHit
	Readiness []ReadinessItem
	// Sources lists every source the check tried, read or not, so the assessment can tell
	// "nothing found" from "could not look".
	Sources []Source
}

// MatchKind says what a news item matched.
type MatchKind string

// What a feed item can match.
const (
	// KeywordMatch: one of the campaign's own keywords (brand, product, hashtag).
	KeywordMatch MatchKind = "keyword"
	// SensitiveTopic: one of the campaign's sensitive topics.
	SensitiveTopic MatchKind = "sensitive_topic"
	// CrisisTerm: a term from the shipped crisis lexicon.
	CrisisTerm MatchKind = "crisis"
	// HarmTerm: a word of harm to a product or company (recall, ban, lawsuit, boycott…). On
	// its own it is nothing; in an article that names a campaign keyword it is news about
	// the brand that can hurt the launch.
	HarmTerm MatchKind = "harm"
)

// Match is a feed item that matched a term. An item that matched several terms appears once
// per term.
type Match struct {
	Title  string
	Link   string
	Source string
	// Published is zero when the feed gave no usable date.
	Published time.Time
	Term      string
	// Kind is read as KeywordMatch when empty or unknown.
	Kind MatchKind
	// Market is the market of the feed the item came from; empty for a global source.
	Market string
	// Severity is the lexicon's grade of a CrisisTerm; zero for the other kinds, and read
	// as SeverityMedium for a crisis term without one.
	Severity Severity
	// InTitle is true when the term is in the item's title, not only in its summary: a
	// crisis term in the summary alone counts one severity lower.
	InTitle bool
	// Places are the countries (ISO codes) the item names, if any: where its news happens.
	Places []string
	// Hazards are the kinds of happening a CrisisTerm describes ("weather", "fire"), from
	// the lexicon; HazardImpact marks casualties, damage and the response to them. Reports
	// worded differently are one event when they share a hazard.
	Hazards []string
}

// HazardImpact is the hazard of casualties, damage and the response to them: it follows
// any other hazard.
const HazardImpact = "impact"

// VolumeSignal compares how many items matched a term in the latest window with the usual
// number for a window of the same length.
type VolumeSignal struct {
	Term string
	// Kind is read as KeywordMatch when empty or unknown.
	Kind     MatchKind
	Recent   int
	Baseline float64
	// Window is the length of the window, for the reason's text; optional.
	Window time.Duration
}

// DateKind says where a date came from.
type DateKind string

// The kinds of dates the calendar sources find.
const (
	// PublicHoliday: an official public holiday in a market.
	PublicHoliday DateKind = "public_holiday"
	// SensitiveDate: a date from the curated sensitive-dates file (memorials, elections…).
	SensitiveDate DateKind = "sensitive_date"
	// ICSEvent: an event from a configured ICS calendar.
	ICSEvent DateKind = "ics_event"
)

// Severity grades a sensitive date or calendar event; zero means not given.
type Severity int

// Severities, from the mildest.
const (
	SeverityLow Severity = iota + 1
	SeverityMedium
	SeverityHigh
)

// parseSeverity reads "low", "medium" or "high", in any case; blank is not given (zero).
func parseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return 0, nil
	case "low":
		return SeverityLow, nil
	case "medium":
		return SeverityMedium, nil
	case "high":
		return SeverityHigh, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want low, medium or high)", s)
}

// DateHit is a holiday, sensitive date or calendar event near the launch.
type DateHit struct {
	// Market is empty for a date that applies everywhere (a company calendar).
	Market string
	// Date is a calendar date: its year, month and day are read as given, whatever its
	// location.
	Date     time.Time
	Name     string
	Kind     DateKind
	Severity Severity
	// URL links a source for the date; optional.
	URL string
}

// ReadinessItem is one influencer's side of the launch. A handle listed twice counts once,
// as first listed.
type ReadinessItem struct {
	// Handle is written without a leading "@".
	Handle string
	// LastContact is the latest touchpoint; zero when never contacted.
	LastContact time.Time
	// Flags are the engagement flags on the influencer's accounts ("declining",
	// "inactive", …); Assess reads the ones in ReadinessFlags.
	Flags []string
}

// SourceKind says what a source provides.
type SourceKind string

// The kinds of sources a check reads.
const (
	// NewsSource: an RSS/Atom feed or the GDELT API.
	NewsSource SourceKind = "news"
	// CalendarSource: an ICS feed or a sensitive-dates file.
	CalendarSource SourceKind = "calendar"
)

// Source is one source the check tried to read.
type Source struct {
	Name string
	URL  string
	Kind SourceKind
	// Err says why the source could not be read; empty when it was read.
	Err string
}
