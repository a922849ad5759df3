package app

import (
	"fmt"
	"time"

	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/config"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// cadenceDefaults turns the cadence settings into the planner's defaults: the shipped ones,
// with any configured entry replacing its counterpart.
func cadenceDefaults(s config.Settings) cadence.Defaults {
	d := cadence.DefaultDefaults()
	for k, v := range s.Cadence.ByStatus {
		d.ByStatus[rapport.Status(k)] = time.Duration(v)
	}
	if len(s.Cadence.ByTier) > 0 {
		d.ByTier = map[string]time.Duration{}
		for k, v := range s.Cadence.ByTier {
			d.ByTier[k] = time.Duration(v)
		}
	}
	return d
}

// nudgePolicy turns the nudge settings into the planner's policy.
func nudgePolicy(s config.Settings) (cadence.Policy, error) {
	n := s.Nudges
	quiet, err := cadence.ParseQuietHours(*n.QuietHours)
	if err != nil {
		return cadence.Policy{}, fmt.Errorf("nudges.quiet_hours: %w", err)
	}
	p := cadence.Policy{
		Repeat: time.Duration(n.Repeat), QuietHours: quiet, Weekends: n.Weekends,
		BudgetPerWeek: n.BudgetPerWeek, EscalateAfter: n.EscalateAfter, EscalateTeamAfter: n.EscalateTeamAfter,
	}
	if err := p.Validate(); err != nil {
		return cadence.Policy{}, fmt.Errorf("nudges: %w", err)
	}
	return p, nil
}
