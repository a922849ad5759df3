package rapport

import (
	"strings"
	"time"
	"unicode"
)

// Campaign is a brand campaign, past or planned. Influencers take part through
// Participations.
type Campaign struct {
	// ID is the campaign's key: its name lower-cased, with runs of anything but letters and
	// digits turned into single hyphens ("Spring Glow '26" → "spring-glow-26").
	ID    string `json:"id"`
	Name  string `json:"name"`
	Brand string `json:"brand,omitempty"`
	// Start and End are the campaign's dates (UTC midnight); zero when unknown.
	Start time.Time `json:"start,omitzero"`
	End   time.Time `json:"end,omitzero"`
	// LaunchAt is the launch instant; TimeZone the IANA zone it was planned in.
	LaunchAt time.Time `json:"launch_at,omitzero"`
	TimeZone string    `json:"timezone,omitempty"`
	Markets  []string  `json:"markets,omitempty"`
	// Channel is the Slack channel ID where the campaign is coordinated.
	Channel string `json:"channel,omitempty"`
	// Planning fields of a campaign created in Slack (/campaign new).
	Influencers     []string `json:"influencers,omitempty"` // influencer IDs
	Approvers       []string `json:"approvers,omitempty"`   // Slack user IDs whose vote decides
	Keywords        []string `json:"keywords,omitempty"`
	SensitiveTopics []string `json:"sensitive_topics,omitempty"`
	CreatedBy       string   `json:"created_by,omitempty"`
	// Cancelled campaigns keep their record but get no checks or polls.
	Cancelled bool `json:"cancelled,omitempty"`
	// Decision is the go/no-go outcome once the poll closed ("go", "no-go", "no decision").
	Decision string `json:"decision,omitempty"`
}

// MaxCampaignTerms bounds a campaign's keywords, and separately its sensitive topics,
// wherever they are set (the /campaign form, a campaigns CSV): every term is matched
// against every news item at each timing check, and a long list buries the words that
// matter under noise.
const MaxCampaignTerms = 20

// MaxCampaignTermRunes bounds one keyword or sensitive topic: a phrase a headline would
// use, not a sentence.
const MaxCampaignTermRunes = 100

// CampaignID derives a campaign's key from its name.
func CampaignID(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(strings.TrimSpace(name)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// When is the campaign's reference time for ordering and "past or upcoming": the launch
// if known, else the start, else the end.
func (c Campaign) When() time.Time {
	switch {
	case !c.LaunchAt.IsZero():
		return c.LaunchAt
	case !c.Start.IsZero():
		return c.Start
	}
	return c.End
}

// Upcoming reports whether the campaign has not started (or launched) by now.
func (c Campaign) Upcoming(now time.Time) bool {
	w := c.When()
	return !w.IsZero() && w.After(now)
}

// Participation is one influencer's part in a campaign and how it went.
type Participation struct {
	CampaignID  string   `json:"campaign_id"`
	Handle      string   `json:"handle"`
	Spend       Quantity `json:"spend"`
	Reach       Quantity `json:"reach"`
	Engagements Quantity `json:"engagements"`
	Clicks      Quantity `json:"clicks"`
	Conversions Quantity `json:"conversions"`
	// Rating is the team's 1–5 verdict on the collaboration.
	Rating Quantity `json:"rating"`
	Notes  string   `json:"notes,omitempty"`
}

// CPE is cost per engagement (spend ÷ engagements), when both are known and engagements
// are positive.
func (p Participation) CPE() (float64, bool) {
	if !p.Spend.Known || !p.Engagements.Known || p.Engagements.Value <= 0 {
		return 0, false
	}
	return p.Spend.Value / p.Engagements.Value, true
}

// CampaignRecord is a campaign as one influencer's card shows it.
type CampaignRecord struct {
	Campaign      Campaign      `json:"campaign"`
	Participation Participation `json:"participation"`
}

// ClaimedCheckpoint is a campaign checkpoint a dispatcher claimed from the store's queue.
type ClaimedCheckpoint struct {
	// Key is the checkpoint's key (see launch.Checkpoint.Key).
	Key string
	// Due is the time the checkpoint was scheduled for; a re-claim keeps the original.
	Due time.Time
	// Attempt counts claims since the checkpoint was scheduled: 1 for the first, more when
	// an earlier claimer let its visibility lapse (it died, or is still stuck).
	Attempt int
}

// AuditEntry is one change recorded against a campaign or a relationship: who did what,
// when. Subjects are "campaign:<id>" and "influencer:<id>".
type AuditEntry struct {
	At      time.Time `json:"at"`
	By      string    `json:"by"`
	Subject string    `json:"subject"`
	// Action is a short verb phrase: "edited", "cancelled", "reassigned", "paused"…
	Action string `json:"action"`
	// Detail says what changed, in plain text (no mrkdwn): "launch moved from … to …".
	Detail string `json:"detail,omitempty"`
}

// CampaignSubject and InfluencerSubject name audit subjects.
func CampaignSubject(id string) string   { return "campaign:" + id }
func InfluencerSubject(id string) string { return "influencer:" + id }
