package calendar

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // market zones resolve the same on a minimal container as on a laptop

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/at"
	"github.com/rickar/cal/v2/au"
	"github.com/rickar/cal/v2/be"
	"github.com/rickar/cal/v2/br"
	"github.com/rickar/cal/v2/ca"
	"github.com/rickar/cal/v2/ch"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/es"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/ie"
	"github.com/rickar/cal/v2/it"
	"github.com/rickar/cal/v2/jp"
	"github.com/rickar/cal/v2/nl"
	"github.com/rickar/cal/v2/us"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// Errors that callers wrap or test with errors.Is.
var (
	// ErrUnknownMarket: the code is not a market Rapport knows (see Markets). Use an ISO
	// 3166-1 alpha-2 country code such as GB or JP.
	ErrUnknownMarket = errors.New("unknown market")
	// ErrNoHolidayData: the market is known, but no public-holiday data exists for it, so
	// its holidays must be checked by hand. It never means "no holidays".
	ErrNoHolidayData = errors.New("no public-holiday data")
)

// Market is a country an audience lives in, with the zone its launch day is judged in.
type Market struct {
	// Code is the ISO 3166-1 alpha-2 code, upper case.
	Code string
	Name string
	// Zone is the IANA zone whose date counts as the market's launch day. Countries that
	// span several zones use the zone of the capital or, where it differs, the most
	// populous region: US → New York, CA → Toronto, AU → Sydney, BR → São Paulo,
	// MX → Mexico City.
	Zone string
	// HolidayRegion says whose public holidays are used when they differ within the
	// country; empty means the national list.
	HolidayRegion string

	holidays      []*cal.Holiday
	holidaySource string
}

// HasHolidays reports whether public-holiday data exists for the market.
func (m Market) HasHolidays() bool { return m.holidays != nil }

// Location loads the market's zone.
func (m Market) Location() (*time.Location, error) {
	loc, err := loadZone(m.Zone)
	if err != nil {
		return nil, fmt.Errorf("market %s: time zone %s: %w", m.Code, m.Zone, err)
	}
	return loc, nil
}

const calModule = "github.com/rickar/cal/v2/"

// markets is the table behind Markets. Holiday lists are the library's national ones except
// where the country has none or where most holidays are regional: AU uses New South Wales
// (Sydney) and CH uses Zurich, matching the zone chosen for the market; DE and CA use the
// federal lists, so state- and province-only days (Fronleichnam, Family Day) are absent.
var markets = []Market{
	{Code: "US", Name: "United States", Zone: "America/New_York", holidays: us.Holidays, holidaySource: calModule + "us"},
	{Code: "GB", Name: "United Kingdom", Zone: "Europe/London", HolidayRegion: "England and Wales", holidays: gb.Holidays, holidaySource: calModule + "gb"},
	{Code: "FR", Name: "France", Zone: "Europe/Paris", holidays: fr.Holidays, holidaySource: calModule + "fr"},
	{Code: "DE", Name: "Germany", Zone: "Europe/Berlin", holidays: de.Holidays, holidaySource: calModule + "de"},
	{Code: "ES", Name: "Spain", Zone: "Europe/Madrid", holidays: es.Holidays, holidaySource: calModule + "es"},
	{Code: "IT", Name: "Italy", Zone: "Europe/Rome", holidays: it.Holidays, holidaySource: calModule + "it"},
	{Code: "NL", Name: "Netherlands", Zone: "Europe/Amsterdam", holidays: nl.Holidays, holidaySource: calModule + "nl"},
	{Code: "BE", Name: "Belgium", Zone: "Europe/Brussels", holidays: be.Holidays, holidaySource: calModule + "be"},
	{Code: "CH", Name: "Switzerland", Zone: "Europe/Zurich", HolidayRegion: "Zurich", holidays: ch.HolidaysZH, holidaySource: calModule + "ch"},
	{Code: "AT", Name: "Austria", Zone: "Europe/Vienna", holidays: at.Holidays, holidaySource: calModule + "at"},
	{Code: "IE", Name: "Ireland", Zone: "Europe/Dublin", holidays: ie.Holidays, holidaySource: calModule + "ie"},
	{Code: "CA", Name: "Canada", Zone: "America/Toronto", holidays: ca.Holidays, holidaySource: calModule + "ca"},
	{Code: "AU", Name: "Australia", Zone: "Australia/Sydney", HolidayRegion: "New South Wales", holidays: au.HolidaysNSW, holidaySource: calModule + "au"},
	{Code: "BR", Name: "Brazil", Zone: "America/Sao_Paulo", holidays: br.Holidays, holidaySource: calModule + "br"},
	{Code: "MX", Name: "Mexico", Zone: "America/Mexico_City"},
	{Code: "JP", Name: "Japan", Zone: "Asia/Tokyo", holidays: jp.Holidays, holidaySource: calModule + "jp"},
	{Code: "IN", Name: "India", Zone: "Asia/Kolkata"},
}

// Markets lists the markets Rapport knows, in a stable order.
func Markets() []Market { return slices.Clone(markets) }

// LookupMarket finds a market by its ISO code, in any case; aliases are read as
// rapport.NormalizeMarket reads them ("UK" is GB).
func LookupMarket(code string) (Market, error) {
	c := rapport.NormalizeMarket(code)
	for _, m := range markets {
		if m.Code == c {
			return m, nil
		}
	}
	return Market{}, fmt.Errorf("%w %q: use an ISO country code, one of %s", ErrUnknownMarket, code, strings.Join(marketCodes(), ", "))
}

func marketCodes() []string {
	codes := make([]string, len(markets))
	for i, m := range markets {
		codes[i] = m.Code
	}
	return codes
}

var zones sync.Map // zone name → *time.Location

func loadZone(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}
