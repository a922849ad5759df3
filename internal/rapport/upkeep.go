package rapport

import "time"

// UpsertStats counts what an import or edit changed.
type UpsertStats struct {
	Created, Updated, Unchanged int
}

// LogResult says what saving a touchpoint did.
type LogResult struct {
	// Added is false when the same touchpoint was already saved (a retried request).
	Added bool
	// LastContact is the relationship's latest interaction after the save.
	LastContact time.Time
}

// RelState is a relationship's upkeep state: contact, snooze and nudge history, due time.
type RelState struct {
	LastContact  time.Time
	SnoozedUntil time.Time
	LastNudged   time.Time
	// Ignored counts nudges sent since the last contact.
	Ignored int
	// Due is zero when the relationship is never due.
	Due time.Time
	// Since is when the influencer joined the roster: a never-contacted relationship's
	// clock starts there.
	Since time.Time
	// LastEscalated is when the relationship was last escalated past its owner.
	LastEscalated time.Time
	// Cadence is the contact cadence the due time was computed with; zero when never due.
	Cadence time.Duration
}

// DueEntry is a relationship's place in the due index: when, and by which cadence.
type DueEntry struct {
	Due     time.Time
	Cadence time.Duration
}
