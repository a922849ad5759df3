package timingcheck

import (
	"context"
	"net/http"
	"time"

	"github.com/rapport-bot/rapport/internal/calendar"
	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/netguard"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/risk"
)

// ICSFeed is one ICS calendar to read at each check.
type ICSFeed struct {
	Name, URL, Market string
	Severity          calendar.Severity
}

// calendars fetches the ICS feeds; a feed that fails is reported as a source error.
func (c *Checker) calendars(ctx context.Context) ([]calendar.Calendar, []risk.Source) {
	var cals []calendar.Calendar
	var srcs []risk.Source
	client := c.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	for _, f := range c.ICS {
		events, err := calendar.FetchICS(ctx, client, f.URL)
		if len(events) > 0 {
			if err != nil { // some events skipped: the calendar still counts
				c.log().Debug("calendar read with problems", "calendar", netguard.RedactURL(f.URL), "err", netguard.Scrub(err.Error(), f.URL))
			}
			err = nil
			market := f.Market
			if market == "" {
				market = calendar.AllMarkets
			}
			// Source is the evidence link of the calendar's dates: never a secret address.
			cals = append(cals, calendar.Calendar{Name: f.Name, Market: market, Severity: f.Severity, Source: link(f.URL), Events: events})
		}
		srcs = append(srcs, c.source(f.Name, f.URL, risk.CalendarSource, err))
	}
	return cals, srcs
}

// ProfileReader reads profiles by influencer id.
type ProfileReader interface {
	ProfilesByID(ctx context.Context, ids []string) ([]rapport.Profile, error)
}

// RosterReadiness reports readiness from the roster: each influencer's last contact and the
// engagement flags on their accounts.
type RosterReadiness struct {
	Store ProfileReader
}

// Readiness implements Readiness.
func (r RosterReadiness) Readiness(ctx context.Context, ids []string, now time.Time) ([]risk.ReadinessItem, error) {
	profiles, err := r.Store.ProfilesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]risk.ReadinessItem, 0, len(profiles))
	for _, p := range profiles {
		it := risk.ReadinessItem{Handle: p.Influencer.Handle}
		if p.LastTouchpoint != nil {
			it.LastContact = p.LastTouchpoint.At
		}
		seen := map[string]bool{}
		for _, f := range engagement.Analyze(p.Snapshots, now, engagement.Benchmarks{}).Flags() {
			if k := string(f.Kind); !seen[k] {
				seen[k] = true
				it.Flags = append(it.Flags, k)
			}
		}
		out = append(out, it)
	}
	return out, nil
}
