package calendar

import (
	"fmt"
	"slices"
	"strings"
)

// Holidays lists the public holidays that fall on day d in the market, by their actual date
// and, when a weekend moves the day off, by their observed date too ("Christmas Day
// (observed)"). It returns ErrUnknownMarket for a code it does not know and ErrNoHolidayData
// for a market without holiday data (MX, IN): absence of data is never reported as absence
// of holidays.
func Holidays(market string, d Date) ([]Hit, error) {
	m, err := LookupMarket(market)
	if err != nil {
		return nil, err
	}
	if !m.HasHolidays() {
		return nil, fmt.Errorf("%s (%s): %w; check its holidays by hand", m.Name, m.Code, ErrNoHolidayData)
	}
	return holidaysOn(m, d), nil
}

func holidaysOn(m Market, d Date) []Hit {
	var hits []Hit
	seen := map[string]bool{}
	add := func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		hits = append(hits, Hit{
			Market:   m.Code,
			Date:     d,
			Name:     name,
			Kind:     KindPublicHoliday,
			Severity: SeverityMedium,
			Source:   m.holidaySource,
			Note:     holidayNote(m),
		})
	}
	// A holiday near New Year can be observed in the neighbouring year (1 January on a
	// Saturday is observed on 31 December in the US), so look at both neighbours.
	for year := d.Year - 1; year <= d.Year+1; year++ {
		for _, h := range m.holidays {
			actual, observed := h.Calc(year)
			if actual.IsZero() {
				continue
			}
			if DateOf(actual) == d {
				add(h.Name)
			}
			if DateOf(observed) != DateOf(actual) && DateOf(observed) == d {
				add(h.Name + " (observed)")
			}
		}
	}
	slices.SortFunc(hits, func(a, b Hit) int { return strings.Compare(a.Name, b.Name) })
	return hits
}

func holidayNote(m Market) string {
	if m.HolidayRegion == "" {
		return "public holiday in " + m.Name
	}
	return fmt.Sprintf("public holiday in %s (%s)", m.Name, m.HolidayRegion)
}
