package rapport

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Status is where a relationship stands. It decides the default contact cadence and whether
// the relationship can ever be due.
type Status string

// The relationship statuses of DESIGN.md §3.
const (
	StatusProspect     Status = "prospect"
	StatusActive       Status = "active"
	StatusPaused       Status = "paused"
	StatusAlumni       Status = "alumni"
	StatusDoNotContact Status = "do-not-contact"
)

// Statuses lists every valid status in the order users see them.
var Statuses = []Status{StatusProspect, StatusActive, StatusPaused, StatusAlumni, StatusDoNotContact}

// ParseStatus accepts a status case-insensitively; blank means prospect.
func ParseStatus(s string) (Status, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	v = strings.ReplaceAll(v, "_", "-")
	v = strings.ReplaceAll(v, " ", "-")
	if v == "" {
		return StatusProspect, nil
	}
	if v == "dnc" {
		return StatusDoNotContact, nil
	}
	for _, st := range Statuses {
		if string(st) == v {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown status %q (want one of prospect, active, paused, alumni, do-not-contact)", s)
}

// Contact is the person on the influencer's side (talent manager, agent) the brand talks to.
type Contact struct {
	Name  string `json:"name,omitempty"`
	Role  string `json:"role,omitempty"`
	Email string `json:"email,omitempty"`
}

// IsZero reports whether no contact is recorded.
func (c Contact) IsZero() bool { return c == Contact{} }

// Influencer is one creator on the brand's roster and the brand's relationship with them.
type Influencer struct {
	// Handle is the creator's handle as the team writes it, without a leading "@".
	Handle  string   `json:"handle"`
	Name    string   `json:"name,omitempty"`
	Markets []string `json:"markets,omitempty"`
	Tags    []string `json:"tags,omitempty"`
	// Owner and Backup are Slack user IDs on the brand's side.
	Owner  string `json:"owner,omitempty"`
	Backup string `json:"backup,omitempty"`
	Status Status `json:"status"`
	// Cadence overrides the configured contact cadence; zero means "use the defaults".
	Cadence time.Duration `json:"cadence,omitempty"`
	Contact Contact       `json:"contact,omitzero"`
	// UpdatedAt is when the record last changed.
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// ID is the influencer's key: the normalised handle.
func (in Influencer) ID() string { return NormalizeHandle(in.Handle) }

// NormalizeHandle turns "@Ava.Moreau " into "ava.moreau": handles compare case-insensitively
// and the "@" is decoration.
func NormalizeHandle(h string) string {
	h = strings.TrimSpace(h)
	h = strings.TrimPrefix(h, "@")
	return strings.ToLower(h)
}

// ValidateHandle says why a handle cannot be used, or nil. Handles are what creators use on
// their platforms: letters, digits, dots, underscores and hyphens, at most 64 characters.
func ValidateHandle(h string) error {
	id := NormalizeHandle(h)
	switch {
	case id == "":
		return fmt.Errorf("handle is empty")
	case len(id) > 64:
		return fmt.Errorf("handle %q is longer than 64 characters", h)
	}
	for _, r := range id {
		if r != '.' && r != '_' && r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return fmt.Errorf("handle %q has %q; use letters, digits, '.', '_' or '-'", h, r)
		}
	}
	return nil
}
