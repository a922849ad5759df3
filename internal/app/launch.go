package app

import (
	"fmt"
	"time"

	"github.com/rapport-bot/rapport/internal/calendar"
	"github.com/rapport-bot/rapport/internal/config"
	"github.com/rapport-bot/rapport/internal/feeds"
	"github.com/rapport-bot/rapport/internal/launchplan"
	"github.com/rapport-bot/rapport/internal/netguard"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/timingcheck"
)

// launchPolicy turns the launch settings into checkpoint planning.
func launchPolicy(s config.Settings) launchplan.Policy {
	l := s.Launch
	p := launchplan.Policy{PollAt: time.Duration(l.PollAt), PollDeadline: time.Duration(l.PollDeadline),
		WatchFrom: time.Duration(l.WatchFrom), WatchEvery: time.Duration(l.WatchEvery)}
	for _, c := range l.Checks {
		p.Checks = append(p.Checks, time.Duration(c))
	}
	return p
}

// newChecker builds the timing checker from the settings: feeds, the shipped and the team's
// sensitive dates, ICS calendars and the roster's readiness.
// newChecker builds the timing checker; now dates undated articles and ages the feed cache,
// so a simulated clock (the demo's) sees fresh news after it moves.
func newChecker(s config.Settings, store *redisstore.Store, now func() time.Time) (*timingcheck.Checker, error) {
	sensitive, err := calendar.ShippedSensitiveDates()
	if err != nil {
		return nil, fmt.Errorf("shipped sensitive dates: %w", err)
	}
	if s.Calendar.SensitiveDates != "" {
		own, err := calendar.LoadSensitiveDates(s.Calendar.SensitiveDates)
		if err != nil {
			return nil, fmt.Errorf("calendar.sensitive_dates: %w", err)
		}
		sensitive = calendar.MergeSensitiveDates(sensitive, own)
	}
	var fs []feeds.Feed
	for _, f := range s.Feeds {
		fs = append(fs, feeds.Feed{URL: f.URL, Markets: f.Markets})
	}
	var ics []timingcheck.ICSFeed
	for i, c := range s.Calendar.ICS {
		sev, err := calendar.ParseSeverity(c.Severity)
		if err != nil && c.Severity != "" {
			return nil, fmt.Errorf("calendar.ics[%d].severity: %w", i, err)
		}
		ics = append(ics, timingcheck.ICSFeed{Name: c.Name, URL: c.URL, Market: c.Market, Severity: sev})
	}
	// Feeds, calendars and GDELT reach only public addresses and the hosts network.allow_hosts
	// names: a feed address or a redirect must not reach the metadata service or Redis.
	client, err := netguard.NewClient(netguard.Options{Allow: s.Network.AllowHosts, Timeout: 20 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("network.allow_hosts: %w", err)
	}
	var gdelt *feeds.GDELT
	if s.GDELT.Enabled {
		gdelt = &feeds.GDELT{Client: client, BaseURL: s.GDELT.URL, Now: now}
	}
	return &timingcheck.Checker{
		GDELT: gdelt,
		Feeds: fs, Reader: &feeds.Fetcher{Client: client, Now: now}, Lexicon: feeds.DefaultLexicon(),
		Calendar: calendar.Sources{Sensitive: sensitive}, ICS: ics, HTTP: client,
		Readiness: timingcheck.RosterReadiness{Store: store},
	}, nil
}
