package risk

import (
	"fmt"
	"time"
)

// Level is how worried a timing check is. Levels are ordered: Green < Amber < Red.
type Level int

// The three levels.
const (
	// Green: nothing found that should hold the launch. A Green reason is a note.
	Green Level = iota
	// Amber: something worth a human look before launching.
	Amber
	// Red: something that should hold the launch until a human decides.
	Red
)

// String is the level's stable name: "green", "amber" or "red".
func (l Level) String() string {
	switch l {
	case Green:
		return "green"
	case Amber:
		return "amber"
	case Red:
		return "red"
	}
	return fmt.Sprintf("level(%d)", int(l))
}

// MarshalText stores a level by name.
func (l Level) MarshalText() ([]byte, error) {
	if l < Green || l > Red {
		return nil, fmt.Errorf("unknown risk level %d", int(l))
	}
	return []byte(l.String()), nil
}

// UnmarshalText reads a level stored by name.
func (l *Level) UnmarshalText(b []byte) error {
	switch string(b) {
	case "green":
		*l = Green
	case "amber":
		*l = Amber
	case "red":
		*l = Red
	default:
		return fmt.Errorf("unknown risk level %q (want green, amber or red)", b)
	}
	return nil
}

// Rule names the rule behind a reason. The values are stable: use them as log fields and
// metric labels.
type Rule string

// The rules, in the order Assess's documentation gives them.
const (
	RuleCrisis          Rule = "crisis"
	RuleSensitiveTopic  Rule = "sensitive_topic"
	RuleKeyword         Rule = "keyword"
	RuleBrandHarm       Rule = "brand_harm"
	RuleVolumeSpike     Rule = "volume_spike"
	RulePublicHoliday   Rule = "public_holiday"
	RuleSensitiveDate   Rule = "sensitive_date"
	RuleCalendarEvent   Rule = "calendar_event"
	RuleContactOverdue  Rule = "contact_overdue"
	RuleEngagementFlag  Rule = "engagement_flag"
	RuleNewsUnchecked   Rule = "news_unchecked"
	RuleCalendarMissing Rule = "calendar_missing"
	RuleSourcesDegraded Rule = "sources_degraded"
	RuleNewsClear       Rule = "news_clear"
)

// Assessment is a timing check's verdict.
type Assessment struct {
	// Level is the highest level among the reasons; Green when there are none.
	Level Level `json:"level"`
	// Reasons are ordered by level, red first, then by text.
	Reasons []Reason `json:"reasons,omitempty"`
}

// Reason is one finding, in one sentence, with the evidence behind it.
type Reason struct {
	Level Level  `json:"level"`
	Rule  Rule   `json:"rule"`
	Text  string `json:"text"`
	// Evidence holds at most MaxEvidence items, newest first.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// Evidence is an article, date or source behind a reason.
type Evidence struct {
	Title string `json:"title"`
	// URL may be empty (a holiday has no link); it comes from a feed, so treat it as
	// untrusted when rendering.
	URL       string    `json:"url,omitempty"`
	Source    string    `json:"source,omitempty"`
	Published time.Time `json:"published,omitzero"`
}
