package relationships

import (
	"context"
	"fmt"
	"time"

	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// DueStore is what keeping the due index needs.
type DueStore interface {
	RelStates(ctx context.Context, ids []string) (map[string]rapport.RelState, error)
	SetDues(ctx context.Context, dues map[string]rapport.DueEntry) error
}

// Cadence is the relationship's contact cadence as of now, or false when it is never due.
// The tier comes from the largest audience, for cadence by tier.
func Cadence(p rapport.Profile, d cadence.Defaults, now time.Time) (time.Duration, bool) {
	return cadence.CadenceFor(p.Influencer, TierOf(p, now), d)
}

// TierOf is the tier of the influencer's largest audience, "" when unknown.
func TierOf(p rapport.Profile, now time.Time) string {
	if a := engagement.Analyze(p.Snapshots, now, engagement.Benchmarks{}); a.Summary.FollowersOK {
		return string(a.Summary.Tier)
	}
	return ""
}

// DueFor is when the relationship next needs contact, and by which cadence; a zero entry
// when never.
func DueFor(p rapport.Profile, st rapport.RelState, d cadence.Defaults, now time.Time) rapport.DueEntry {
	cad, ok := Cadence(p, d, now)
	if !ok {
		return rapport.DueEntry{}
	}
	return rapport.DueEntry{Due: cadence.Due(st.LastContact, cad, st.Since), Cadence: cad}
}

// batch bounds one round trip of Reindex.
const batch = 500

// Reindex recomputes the due time of each profile and writes the due index, batch by batch.
// Imports, status and owner changes, and configuration changes all go through it, so the
// index always matches the roster and the cadence settings.
func Reindex(ctx context.Context, s DueStore, profiles []rapport.Profile, d cadence.Defaults, now time.Time) error {
	for start := 0; start < len(profiles); start += batch {
		part := profiles[start:min(start+batch, len(profiles))]
		ids := make([]string, len(part))
		for i, p := range part {
			ids[i] = p.Influencer.ID()
		}
		states, err := s.RelStates(ctx, ids)
		if err != nil {
			return fmt.Errorf("reindex due times: %w", err)
		}
		dues := make(map[string]rapport.DueEntry, len(part))
		for i, p := range part {
			dues[ids[i]] = DueFor(p, states[ids[i]], d, now)
		}
		if err := s.SetDues(ctx, dues); err != nil {
			return fmt.Errorf("reindex due times: %w", err)
		}
	}
	return nil
}
