package launchplan

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// Field names the part of a campaign a Problem is about. The values are the campaign's JSON
// field names, so a modal can map them to its inputs.
type Field string

// The campaign fields ValidateNew checks.
const (
	FieldName            Field = "name"
	FieldBrand           Field = "brand"
	FieldLaunch          Field = "launch_at"
	FieldTimeZone        Field = "timezone"
	FieldMarkets         Field = "markets"
	FieldChannel         Field = "channel"
	FieldInfluencers     Field = "influencers"
	FieldApprovers       Field = "approvers"
	FieldKeywords        Field = "keywords"
	FieldSensitiveTopics Field = "sensitive_topics"
)

// Problem is one thing wrong with a campaign, as a sentence its author can act on.
type Problem struct {
	Field   Field
	Message string
}

// InvalidCampaignError lists everything wrong with a campaign at once, so a modal can show
// each problem beside its input.
type InvalidCampaignError struct {
	Problems []Problem
}

func (e *InvalidCampaignError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Message
	}
	return strings.Join(msgs, " ")
}

// Limits are the bounds a new campaign must respect.
type Limits struct {
	// MinLead is how far ahead the launch must be: time to plan and run at least a check.
	MinLead time.Duration
	// MaxAhead catches a mistyped year.
	MaxAhead       time.Duration
	MaxNameRunes   int
	MaxInfluencers int
	MaxApprovers   int
	MaxMarkets     int
	// MaxTerms bounds keywords and sensitive topics, each; MaxTermRunes each term.
	MaxTerms     int
	MaxTermRunes int
}

// DefaultLimits are the limits ValidateNew applies.
func DefaultLimits() Limits {
	return Limits{
		MinLead:        5 * time.Minute,
		MaxAhead:       2 * 365 * day,
		MaxNameRunes:   80,
		MaxInfluencers: 50,
		MaxApprovers:   20,
		MaxMarkets:     30,
		MaxTerms:       rapport.MaxCampaignTerms,
		MaxTermRunes:   rapport.MaxCampaignTermRunes,
	}
}

// ValidateNew checks a campaign about to be created (or edited) with DefaultLimits. The
// error, an *InvalidCampaignError, lists every problem found; nil means it can be saved.
func ValidateNew(c rapport.Campaign, now time.Time) error {
	return DefaultLimits().Validate(c, now)
}

// Validate checks c against the limits at now: see ValidateNew.
func (l Limits) Validate(c rapport.Campaign, now time.Time) error {
	var ps []Problem
	add := func(f Field, format string, args ...any) {
		ps = append(ps, Problem{Field: f, Message: fmt.Sprintf(format, args...)})
	}

	name := strings.TrimSpace(c.Name)
	switch n := utf8.RuneCountInString(name); {
	case name == "":
		add(FieldName, "Give the campaign a name.")
	case rapport.CampaignID(name) == "":
		add(FieldName, "The name needs at least one letter or digit.")
	case n > l.MaxNameRunes:
		add(FieldName, "Keep the name within %d characters (it has %d).", l.MaxNameRunes, n)
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(c.Brand)); n > l.MaxNameRunes {
		add(FieldBrand, "Keep the brand within %d characters (it has %d).", l.MaxNameRunes, n)
	}

	loc := time.UTC
	switch {
	case strings.TrimSpace(c.TimeZone) == "":
		add(FieldTimeZone, "Pick the time zone the launch time is in.")
	default:
		z, err := rapport.ParseTimeZone(c.TimeZone)
		if err != nil || z == nil {
			add(FieldTimeZone, "“%s” is not a time zone Rapport knows; use a name like Europe/Paris or America/New_York.", c.TimeZone)
		} else {
			loc = z
		}
	}
	const stamp = "Mon 2 Jan 2006 15:04 MST"
	switch launch := c.LaunchAt; {
	case launch.IsZero():
		add(FieldLaunch, "Pick a launch date and time.")
	case !launch.After(now):
		add(FieldLaunch, "The launch time (%s) is in the past; pick a time ahead.", launch.In(loc).Format(stamp))
	case launch.Sub(now) < l.MinLead:
		add(FieldLaunch, "The launch (%s) is less than %s away; Rapport needs at least that long to check it. Pick a later time.",
			launch.In(loc).Format(stamp), wording.Span(l.MinLead))
	case launch.Sub(now) > l.MaxAhead:
		add(FieldLaunch, "The launch (%s) is more than %s away; check the year.", launch.In(loc).Format(stamp), aheadLabel(l.MaxAhead))
	}

	switch ch := strings.TrimSpace(c.Channel); {
	case ch == "":
		add(FieldChannel, "Pick the channel where the campaign is coordinated.")
	case !isChannelID(ch):
		add(FieldChannel, "“%s” is not a Slack channel; pick one from the list.", ch)
	}

	if n := len(c.Markets); n > l.MaxMarkets {
		add(FieldMarkets, "A campaign can cover at most %d markets; this one has %d.", l.MaxMarkets, n)
	}
	var bad []string
	for _, m := range c.Markets {
		if !rapport.IsCountryCode(m) {
			bad = append(bad, "“"+m+"”")
		}
	}
	if len(bad) > 0 {
		add(FieldMarkets, "Markets are two-letter country codes such as FR or US; %s %s not.", strings.Join(bad, ", "), isOrAre(len(bad)))
	}

	if n := len(c.Influencers); n > l.MaxInfluencers {
		add(FieldInfluencers, "A campaign can have at most %d influencers; this one has %d. Split it into two campaigns.", l.MaxInfluencers, n)
	}
	if n := len(c.Approvers); n > l.MaxApprovers {
		add(FieldApprovers, "A campaign can have at most %d approvers; this one has %d. Every approver must vote Go, so keep it to the people who decide.", l.MaxApprovers, n)
	}
	l.checkTerms(FieldKeywords, "keywords", c.Keywords, add)
	l.checkTerms(FieldSensitiveTopics, "sensitive topics", c.SensitiveTopics, add)

	if len(ps) == 0 {
		return nil
	}
	return &InvalidCampaignError{Problems: ps}
}

func (l Limits) checkTerms(f Field, what string, terms []string, add func(Field, string, ...any)) {
	if n := len(terms); n > l.MaxTerms {
		add(f, "Keep the %s to %d; there are %d.", what, l.MaxTerms, n)
	}
	for _, t := range terms {
		if n := utf8.RuneCountInString(strings.TrimSpace(t)); n > l.MaxTermRunes {
			add(f, "Keep each of the %s within %d characters; one has %d.", what, l.MaxTermRunes, n)
			return
		}
	}
}

// isChannelID reports whether s looks like a Slack conversation ID (C… public, G… private).
func isChannelID(s string) bool {
	if len(s) < 2 || (s[0] != 'C' && s[0] != 'G') {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// aheadLabel writes a long span in years when it is whole years.
func aheadLabel(d time.Duration) string {
	const year = 365 * day
	if d >= year && d%year == 0 {
		return wording.Plural(int(d/year), "year", "years")
	}
	return wording.Span(d)
}

func isOrAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
