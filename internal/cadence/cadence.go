package cadence

import (
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

const day = 24 * time.Hour

// Defaults are the configured contact cadences (config `cadence:`): by relationship status,
// and optionally by tier (the follower tier name, "mega"). A missing or non-positive entry
// means "no default from this side".
type Defaults struct {
	ByStatus map[rapport.Status]time.Duration
	ByTier   map[string]time.Duration
}

// DefaultDefaults are the cadences Rapport uses without configuration: active every 14
// days, prospects every 30, alumni every 90. Paused and do-not-contact relationships are
// never due, whatever the configuration says.
func DefaultDefaults() Defaults {
	return Defaults{
		ByStatus: map[rapport.Status]time.Duration{
			rapport.StatusActive:   14 * day,
			rapport.StatusProspect: 30 * day,
			rapport.StatusAlumni:   90 * day,
		},
	}
}

// CadenceFor is how often the brand should be in touch with in, whose primary platform is in
// tier ("" when unknown). The influencer's own cadence wins; otherwise the tighter of the
// status and tier defaults applies. It reports false when the relationship is never due:
// paused, do-not-contact, or no cadence configured for it.
func CadenceFor(in rapport.Influencer, tier string, d Defaults) (time.Duration, bool) {
	if neverDue(in.Status) {
		return 0, false
	}
	if in.Cadence > 0 {
		return in.Cadence, true
	}
	byStatus := d.ByStatus[in.Status]
	var byTier time.Duration
	if tier != "" {
		byTier = d.ByTier[tier]
	}
	switch {
	case byStatus > 0 && byTier > 0:
		return min(byStatus, byTier), true
	case byStatus > 0:
		return byStatus, true
	case byTier > 0:
		return byTier, true
	}
	return 0, false
}

// neverDue reports whether a status stops a relationship from ever being due.
func neverDue(s rapport.Status) bool {
	return s == rapport.StatusPaused || s == rapport.StatusDoNotContact
}

// Due is when a relationship next needs contact: the last interaction plus the cadence.
//
// A relationship nobody has contacted yet is due one cadence after it joined the roster
// (createdAt), not at once: the clock starts when the team takes the influencer on, and a
// bulk import of a hundred prospects does not arrive as a hundred overdue nudges. With
// neither a last contact nor a join time there is no clock to start, and with no cadence
// there is nothing to keep to; both give the zero time, "never due".
func Due(lastContact time.Time, cadence time.Duration, createdAt time.Time) time.Time {
	if cadence <= 0 {
		return time.Time{}
	}
	start := lastContact
	if start.IsZero() {
		start = createdAt
	}
	if start.IsZero() {
		return time.Time{}
	}
	return start.Add(cadence)
}

// nextLastContact is the relationship's last contact after a touchpoint at newAt. The clock
// never moves backwards: a backdated touchpoint older than the latest one leaves it as is.
func nextLastContact(current, newAt time.Time) time.Time {
	if newAt.After(current) {
		return newAt
	}
	return current
}
