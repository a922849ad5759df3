// Package timingcheck runs a campaign's pre-launch timing check: it reads the news feeds, the
// calendars and the roster, turns them into the explainable inputs of package risk, and
// returns the assessment. Sources that fail degrade the check instead of failing it. It
// never imports Slack or Redis packages.
package timingcheck

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/calendar"
	"github.com/rapport-bot/rapport/internal/feeds"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/risk"
)

// FeedReader fetches news items.
type FeedReader interface {
	FetchAll(ctx context.Context, fs []feeds.Feed) ([]feeds.Item, []feeds.SourceError)
}

// Readiness reports each influencer's side of the launch.
type Readiness interface {
	Readiness(ctx context.Context, ids []string, now time.Time) ([]risk.ReadinessItem, error)
}

// Checker assesses a campaign's timing. What it tells of a source that failed reaches
// Slack, so it names sources without credentials and says why they failed in a few fixed
// words (see source); the details go to Log.
type Checker struct {
	Feeds    []feeds.Feed
	Reader   FeedReader
	Lexicon  feeds.Lexicon
	Calendar calendar.Sources
	// GDELT, when set, adds GDELT DOC 2.0 articles matching the campaign's keywords and
	// sensitive topics (last 3 days) to the feeds.
	GDELT *feeds.GDELT
	// ICS calendars are fetched at each check; HTTP is their client (nil: the default).
	ICS       []ICSFeed
	HTTP      *http.Client
	Readiness Readiness
	// VolumeWindow is the recent window for news-volume spikes (default 24 h), compared
	// with the trailing BaselineDays (default 7).
	VolumeWindow time.Duration
	BaselineDays int
	// Log hears why each source failed, in full but without credentials; nil discards.
	Log *slog.Logger
}

// Check reads every source and assesses the campaign at now.
func (c *Checker) Check(ctx context.Context, camp rapport.Campaign, now time.Time) risk.Assessment {
	return risk.Assess(c.Input(ctx, camp, now))
}

// Breaking returns the recent articles that would make the campaign red: what the
// breaking-news watch alerts about.
func (c *Checker) Breaking(ctx context.Context, camp rapport.Campaign, now time.Time) []risk.Match {
	return risk.RedMatches(c.Input(ctx, camp, now))
}

// Input reads every source into the risk rules' input.
func (c *Checker) Input(ctx context.Context, camp rapport.Campaign, now time.Time) risk.Input {
	in := risk.Input{Now: now, Launch: camp.LaunchAt, Markets: camp.Markets, Zones: map[string]*time.Location{}}
	for _, m := range camp.Markets {
		if mk, err := calendar.LookupMarket(m); err == nil {
			if loc, err := mk.Location(); err == nil {
				in.Zones[m] = loc
			}
		}
	}
	items, failed := c.Reader.FetchAll(ctx, c.Feeds)
	bad := map[string]error{}
	for _, f := range failed {
		bad[f.URL] = f.Err
	}
	for _, f := range c.Feeds {
		in.Sources = append(in.Sources, c.source("", f.URL, risk.NewsSource, bad[f.URL]))
	}
	if c.GDELT != nil {
		items = append(items, c.gdelt(ctx, camp, &in)...)
	}
	m := feeds.NewMatcher(camp.Keywords, camp.SensitiveTopics, c.Lexicon)
	for _, it := range items {
		market := ""
		if len(it.Markets) == 1 {
			market = it.Markets[0]
		}
		for _, mt := range m.Match(it) {
			in.Matches = append(in.Matches, risk.Match{Title: it.Title, Link: it.Link, Source: it.SourceName,
				Published: it.Published, Term: mt.Term, Kind: matchKind(mt.Kind), Market: market,
				Severity: crisisSeverity(mt.Severity), InTitle: mt.InTitle, Places: it.Places, Hazards: mt.Hazards})
		}
	}
	window := c.VolumeWindow
	if window <= 0 {
		window = 24 * time.Hour
	}
	days := c.BaselineDays
	if days <= 0 {
		days = 7
	}
	// Crisis terms that matched get a volume signal too: a clear rise over the feeds'
	// baseline corroborates an event that only one source has reported yet.
	var crisisTerms []string
	for _, mt := range in.Matches {
		if mt.Kind == risk.CrisisTerm && !slices.Contains(crisisTerms, mt.Term) {
			crisisTerms = append(crisisTerms, mt.Term)
		}
	}
	for _, terms := range []struct {
		list []string
		kind risk.MatchKind
	}{{camp.Keywords, risk.KeywordMatch}, {camp.SensitiveTopics, risk.SensitiveTopic}, {crisisTerms, risk.CrisisTerm}} {
		for _, t := range terms.list {
			v := feeds.Volume(items, t, now, window, days)
			in.Volume = append(in.Volume, risk.VolumeSignal{Term: t, Kind: terms.kind, Recent: v.Recent, Baseline: v.Baseline, Window: window})
		}
	}
	sources := c.Calendar
	cals, calSrcs := c.calendars(ctx)
	sources.Calendars = append(append([]calendar.Calendar{}, sources.Calendars...), cals...)
	in.Sources = append(in.Sources, calSrcs...)
	for _, h := range calendar.Check(camp.LaunchAt, camp.Markets, sources) {
		if h.Kind == calendar.KindNotChecked {
			in.Sources = append(in.Sources, risk.Source{Name: "holidays for " + h.Market, Kind: risk.CalendarSource, Err: h.Name})
			continue
		}
		in.Dates = append(in.Dates, risk.DateHit{Market: h.Market, Date: time.Date(h.Date.Year, h.Date.Month, h.Date.Day, 0, 0, 0, 0, time.UTC),
			Name: h.Name, Kind: dateKind(h.Kind), Severity: severity(h.Severity), URL: h.Source})
	}
	if c.Readiness != nil && len(camp.Influencers) > 0 {
		items, err := c.Readiness.Readiness(ctx, camp.Influencers, now)
		if err != nil {
			in.Sources = append(in.Sources, c.source("roster", "", "", err))
		}
		in.Readiness = items
	}
	return in
}

// crisisSeverity carries a lexicon term's severity over to the risk rules.
func crisisSeverity(s feeds.Severity) risk.Severity {
	switch s {
	case feeds.SeverityHigh:
		return risk.SeverityHigh
	case feeds.SeverityMedium:
		return risk.SeverityMedium
	case feeds.SeverityLow:
		return risk.SeverityLow
	}
	return 0
}

func matchKind(k feeds.Kind) risk.MatchKind {
	switch k {
	case feeds.SensitiveTopic:
		return risk.SensitiveTopic
	case feeds.Crisis:
		return risk.CrisisTerm
	case feeds.Harm:
		return risk.HarmTerm
	}
	return risk.KeywordMatch
}

func dateKind(k calendar.Kind) risk.DateKind {
	switch k {
	case calendar.KindPublicHoliday:
		return risk.PublicHoliday
	case calendar.KindICSEvent:
		return risk.ICSEvent
	}
	return risk.SensitiveDate
}

func severity(s calendar.Severity) risk.Severity {
	switch s {
	case calendar.SeverityHigh:
		return risk.SeverityHigh
	case calendar.SeverityMedium:
		return risk.SeverityMedium
	case calendar.SeverityLow:
		return risk.SeverityLow
	}
	return 0
}

// gdelt asks GDELT for recent articles on the campaign's words; a failure degrades the check.
func (c *Checker) gdelt(ctx context.Context, camp rapport.Campaign, in *risk.Input) []feeds.Item {
	terms := append(append([]string{}, camp.Keywords...), camp.SensitiveTopics...)
	if len(terms) == 0 {
		return nil
	}
	base := c.GDELT.BaseURL
	if base == "" {
		base = feeds.DefaultGDELTURL
	}
	var quoted []string
	for _, t := range terms {
		quoted = append(quoted, `"`+strings.ReplaceAll(t, `"`, "")+`"`)
	}
	query := "(" + strings.Join(quoted, " OR ") + ")"
	items, err := c.GDELT.ArtList(ctx, query, 72*time.Hour)
	src := c.source("GDELT", base, risk.NewsSource, err)
	src.URL = link(origin(base))
	in.Sources = append(in.Sources, src)
	return items
}
