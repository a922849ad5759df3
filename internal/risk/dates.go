package risk

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/wording"
)

// dateGroup is one date as it falls for one or more markets.
type dateGroup struct {
	hit     DateHit
	offset  int // days from the local launch date: -1 the day before
	markets []string
}

// dates adds a reason per date and relation to launch day, naming every market it falls in.
func (a *assessor) dates() {
	var groups []*dateGroup
	byKey := make(map[string]*dateGroup)
	for _, h := range a.in.Dates {
		if !a.inMarket(h.Market) {
			continue
		}
		market := strings.ToUpper(strings.TrimSpace(h.Market))
		offset := civilDays(h.Date) - civilDays(a.in.Launch.In(a.zone(market)))
		if offset < -NearbyDays || offset > NearbyDays {
			continue
		}
		k := strings.Join([]string{string(h.Kind), h.Name, h.Date.Format(time.DateOnly), strconv.Itoa(offset), strconv.Itoa(int(h.Severity))}, "\x00")
		g := byKey[k]
		if g == nil {
			g = &dateGroup{hit: h, offset: offset}
			byKey[k] = g
			groups = append(groups, g)
		}
		if !slices.Contains(g.markets, market) {
			g.markets = append(g.markets, market)
		}
	}
	for _, g := range groups {
		a.add(g.reason(a.in.Launch))
	}
}

// zone is where a market reads its launch date.
func (a *assessor) zone(market string) *time.Location {
	if z := a.in.Zones[market]; z != nil {
		return z
	}
	for m, z := range a.in.Zones {
		if z != nil && strings.EqualFold(m, market) {
			return z
		}
	}
	return a.in.Launch.Location()
}

// civilDays numbers t's calendar date (as written, whatever its location).
func civilDays(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / int64(day/time.Second))
}

func (g *dateGroup) level() Level {
	lvl := Amber
	if g.hit.Kind != PublicHoliday && g.hit.Severity == SeverityHigh {
		lvl = Red
	}
	if g.offset != 0 {
		lvl--
	}
	return lvl
}

// reason says, for example: "Launch day is a public holiday in US: Thanksgiving Day (Thu 26
// Nov)" or "Sensitive date in GB the day before launch: Remembrance Sunday (Sun 8 Nov)".
func (g *dateGroup) reason(launch time.Time) Reason {
	h := g.hit
	var what string
	var rule Rule
	switch h.Kind {
	case PublicHoliday:
		what, rule = "public holiday", RulePublicHoliday
	case SensitiveDate:
		what, rule = "sensitive date", RuleSensitiveDate
	default:
		what, rule = "calendar event", RuleCalendarEvent
	}
	var where string // none for a date that applies everywhere
	if !slices.Contains(g.markets, "") {
		ms := slices.Sorted(slices.Values(g.markets))
		where = " in " + strings.Join(ms, ", ")
	}
	var text string
	switch {
	case g.offset != 0:
		text = strings.ToUpper(what[:1]) + what[1:] + where + " " + relative(g.offset)
	case h.Kind == PublicHoliday || h.Kind == SensitiveDate:
		text = "Launch day is a " + what + where
	default:
		text = "Launch day has a " + what + where
	}
	name := strings.TrimSpace(h.Name)
	if name == "" {
		name = "unnamed"
	}
	date := h.Date.Format("Mon 2 Jan")
	if h.Date.Year() != launch.Year() {
		date = h.Date.Format("Mon 2 Jan 2006")
	}
	if h.Severity == SeverityHigh && h.Kind != PublicHoliday {
		date += ", high severity"
	}
	r := Reason{Level: g.level(), Rule: rule, Text: text + ": " + name + " (" + date + ")"}
	if h.URL != "" {
		r.Evidence = []Evidence{{Title: name, URL: h.URL}}
	}
	return r
}

// relative names a day near launch: "the day after launch", "2 days before launch".
func relative(offset int) string {
	switch {
	case offset == -1:
		return "the day before launch"
	case offset == 1:
		return "the day after launch"
	case offset < 0:
		return wording.Plural(-offset, "day", "days") + " before launch"
	}
	return wording.Plural(offset, "day", "days") + " after launch"
}
