package rapport

// Profile is everything known about one influencer that a card shows.
type Profile struct {
	Influencer Influencer
	// Snapshots are ordered by platform, then period.
	Snapshots []Snapshot
	// Campaigns are the influencer's campaigns with the brand, newest first.
	Campaigns []CampaignRecord
	// LastTouchpoint is the most recent contact; nil when there has been none.
	LastTouchpoint *Touchpoint
}

// RosterEntry names one influencer, for lists and "did you mean" suggestions.
type RosterEntry struct {
	ID, Handle, Name string
}
