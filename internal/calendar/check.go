package calendar

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Calendar is an ICS feed the team subscribes to, already fetched and parsed.
type Calendar struct {
	Name string
	// Market is the ISO code the feed is about, or AllMarkets.
	Market string
	// Severity is given to every event of the feed; empty means medium. High also flags
	// the days either side of an event.
	Severity Severity
	// Source is the feed's URL, shown as evidence.
	Source string
	Events []Event
}

// Sources are the date lists Check consults besides public holidays.
type Sources struct {
	// Sensitive is usually LoadSensitiveDates's result: the shipped rows and the team's.
	Sensitive []SensitiveDate
	Calendars []Calendar
}

// Check lists what falls on the launch day in each market: public holidays, sensitive
// dates and ICS events. Each market is judged on its own local date of the launch (the
// instant in the market's zone; see Market.Zone). For high-severity sensitive dates and
// events the day before and the day after count too (DaysFromLaunch -1 or +1): a launch
// the morning after a day of mourning still lands in its news cycle. Public holidays count
// on the day only.
//
// A market Check cannot judge fully is reported, not passed over: an unknown code gives a
// medium KindNotChecked hit and nothing else; a market without holiday data gives a low
// KindNotChecked hit, and its sensitive dates and events are still checked. Markets are
// taken in the given order, each once; hits are sorted by market, then launch day first,
// then the most severe.
//
// Recurring events count on every day an instance touches: each event is expanded once,
// over the few days around the launch, within the limits ParseICS documents.
func Check(launch time.Time, markets []string, src Sources) []Hit {
	near := eventsNear(src.Calendars, launch)
	var hits []Hit
	order := map[string]int{}
	for _, code := range markets {
		m, err := LookupMarket(code)
		key := m.Code
		if err != nil {
			key = strings.ToUpper(strings.TrimSpace(code))
		}
		if _, done := order[key]; done {
			continue
		}
		order[key] = len(order)
		if err != nil {
			hits = append(hits, notChecked(key, DateOf(launch.UTC()), SeverityMedium,
				fmt.Sprintf("Unknown market %q: no holidays, sensitive dates or calendars were checked", key),
				"use an ISO country code, one of "+strings.Join(marketCodes(), ", ")))
			continue
		}
		loc, err := m.Location()
		if err != nil {
			hits = append(hits, notChecked(m.Code, DateOf(launch.UTC()), SeverityMedium,
				fmt.Sprintf("%s: its time zone could not be loaded, so its dates were not checked", m.Name), err.Error()))
			continue
		}
		hits = append(hits, checkMarket(m, DateOf(launch.In(loc)), loc, src, near)...)
	}
	slices.SortStableFunc(hits, compareHits(order))
	return hits
}

func checkMarket(m Market, day Date, loc *time.Location, src Sources, near [][]series) []Hit {
	var hits []Hit
	if m.HasHolidays() {
		hits = append(hits, holidaysOn(m, day)...)
	} else {
		hits = append(hits, notChecked(m.Code, day, SeverityLow,
			fmt.Sprintf("Public holidays in %s not checked: no holiday data for this market", m.Name),
			"check local public holidays by hand"))
	}

	for _, row := range src.Sensitive {
		if row.Severity == SeverityNone || !row.AppliesTo(m.Code) {
			continue
		}
		near := nearLaunch(day, row.Severity, row.Covers)
		for _, d := range near {
			hits = append(hits, Hit{
				Market:         m.Code,
				Date:           d,
				DaysFromLaunch: day.DaysUntil(d),
				Name:           row.Name,
				Kind:           KindSensitiveDate,
				Severity:       row.Severity,
				Source:         row.Source,
				Note:           row.Note,
			})
		}
	}

	for ci, c := range src.Calendars {
		if c.Market != AllMarkets && !strings.EqualFold(c.Market, m.Code) {
			continue
		}
		sev := c.Severity
		switch sev {
		case SeverityNone:
			continue
		case "":
			sev = SeverityMedium
		}
		for _, s := range near[ci] {
			for _, d := range nearLaunch(day, sev, s.covers(loc)) {
				name := s.name
				if name == "" {
					name = "(untitled event)"
				}
				hits = append(hits, Hit{
					Market:         m.Code,
					Date:           d,
					DaysFromLaunch: day.DaysUntil(d),
					Name:           name,
					Kind:           KindICSEvent,
					Severity:       sev,
					Source:         c.Source,
					Note:           "from the calendar " + c.Name,
				})
			}
		}
	}
	return hits
}

// checkWindow is how far either side of the launch instant events are expanded: enough
// for the day before and after the launch in every zone, and for all-day and floating
// events, whose times are wall-clock times.
const checkWindow = 72 * time.Hour

// series is the instances of one calendar event near a launch that share a name (an
// override may rename one). Overlapping instances are merged, so a hostile rule cannot
// make it long.
type series struct {
	name      string
	instances []Event
}

// eventsNear expands each calendar's events around the launch, once for all markets.
func eventsNear(cals []Calendar, launch time.Time) [][]series {
	from, to := launch.Add(-checkWindow), launch.Add(checkWindow)
	out := make([][]series, len(cals))
	for i, c := range cals {
		if c.Severity == SeverityNone {
			continue
		}
		for _, ev := range c.Events {
			var group []series
			byName := map[string]int{}
			for _, inst := range ev.occurrences(from, to) {
				j, ok := byName[inst.Summary]
				if !ok {
					j = len(group)
					byName[inst.Summary] = j
					group = append(group, series{name: inst.Summary})
				}
				group[j].add(inst)
			}
			out[i] = append(out[i], group...)
		}
	}
	return out
}

// add appends an instance, or stretches the last one if they overlap. Instances come in
// order of start.
func (s *series) add(inst Event) {
	if n := len(s.instances); n > 0 {
		last := &s.instances[n-1]
		if last.AllDay == inst.AllDay && last.Floating == inst.Floating && !inst.Start.After(last.End) {
			if inst.End.After(last.End) {
				last.End = inst.End
			}
			return
		}
	}
	s.instances = append(s.instances, inst)
}

// covers reports, for loc, whether any instance touches a day.
func (s series) covers(loc *time.Location) func(Date) bool {
	return func(d Date) bool {
		for _, inst := range s.instances {
			if first, last := inst.Span(loc); !d.Before(first) && !d.After(last) {
				return true
			}
		}
		return false
	}
}

// nearLaunch is the days a date list flags around the launch day: the day itself, or for
// a high-severity date not on launch day, the day before and the day after.
func nearLaunch(day Date, sev Severity, covers func(Date) bool) []Date {
	if covers(day) {
		return []Date{day}
	}
	if sev != SeverityHigh {
		return nil
	}
	var out []Date
	for _, d := range []Date{day.AddDays(-1), day.AddDays(1)} {
		if covers(d) {
			out = append(out, d)
		}
	}
	return out
}

func notChecked(market string, day Date, sev Severity, name, note string) Hit {
	return Hit{Market: market, Date: day, Name: name, Kind: KindNotChecked, Severity: sev, Note: note}
}
