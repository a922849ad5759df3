package calendar

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// AllMarkets is the market of a sensitive date that applies everywhere.
const AllMarkets = "*"

// MaxSpanDays caps a sensitive date's span; longer periods belong in an ICS feed.
const MaxSpanDays = 31

// SensitiveDate is one row of the sensitive-dates file: a day (or a few) when launches in a
// market deserve a second look, with the source that says so.
type SensitiveDate struct {
	Name string
	// Market is an ISO country code, or AllMarkets.
	Market string
	// Year is zero for a date that recurs every year (MM-DD in the file); otherwise the row
	// is for one year only (YYYY-MM-DD). A yearly 02-29 applies in leap years only.
	Year  int
	Month time.Month
	Day   int
	// Days is how many consecutive days the row covers, starting at its date; at least 1.
	Days     int
	Severity Severity
	Note     string
	Source   string
	// Origin and Line say where the row was read, for messages.
	Origin string
	Line   int
}

// When formats the row's date as it is written in the file.
func (s SensitiveDate) When() string {
	if s.Year == 0 {
		return fmt.Sprintf("%02d-%02d", int(s.Month), s.Day)
	}
	return Date{s.Year, s.Month, s.Day}.String()
}

// Covers reports whether the row's span includes day d.
func (s SensitiveDate) Covers(d Date) bool {
	years := []int{s.Year}
	if s.Year == 0 {
		// A span that starts late in December reaches into the next year.
		years = []int{d.Year - 1, d.Year}
	}
	for _, y := range years {
		start := Date{y, s.Month, s.Day}
		if !start.valid() { // 02-29 outside a leap year
			continue
		}
		if n := start.DaysUntil(d); n >= 0 && n < max(s.Days, 1) {
			return true
		}
	}
	return false
}

// AppliesTo reports whether the row concerns the market.
func (s SensitiveDate) AppliesTo(market string) bool {
	return s.Market == AllMarkets || strings.EqualFold(s.Market, market)
}

func (s SensitiveDate) key() string {
	return strings.ToLower(strings.TrimSpace(s.Name)) + "\x00" + s.Market
}

//go:embed sensitive_dates.yaml
var shippedYAML []byte

var shipped = sync.OnceValues(func() ([]SensitiveDate, error) {
	return ParseSensitiveDates(bytes.NewReader(shippedYAML), "shipped sensitive_dates.yaml")
})

// ShippedSensitiveDates is the curated list built into the binary.
func ShippedSensitiveDates() ([]SensitiveDate, error) {
	rows, err := shipped()
	return slices.Clone(rows), err
}

// shippedSensitiveDatesYAML is the shipped file itself, a starting point for a team's own.
func shippedSensitiveDatesYAML() []byte { return bytes.Clone(shippedYAML) }

// LoadSensitiveDates is the shipped list with the file at path merged over it (see
// MergeSensitiveDates). An empty path means the shipped list alone.
func LoadSensitiveDates(path string) ([]SensitiveDate, error) {
	base, err := ShippedSensitiveDates()
	if err != nil || path == "" {
		return base, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sensitive dates: %w", err)
	}
	defer f.Close()
	overrides, err := ParseSensitiveDates(f, path)
	if err != nil {
		return nil, err
	}
	return MergeSensitiveDates(base, overrides), nil
}

// MergeSensitiveDates lays a team's rows over the shipped ones. A row with the same name
// and market as a shipped row replaces it (so a severity can be raised or lowered, and
// severity none switches the date off); other rows are added.
func MergeSensitiveDates(base, overrides []SensitiveDate) []SensitiveDate {
	at := make(map[string]int, len(base))
	out := slices.Clone(base)
	for i, row := range out {
		at[row.key()] = i
	}
	for _, row := range overrides {
		if i, ok := at[row.key()]; ok {
			out[i] = row
			continue
		}
		at[row.key()] = len(out)
		out = append(out, row)
	}
	return slices.DeleteFunc(out, func(r SensitiveDate) bool { return r.Severity == SeverityNone })
}

var sensitiveKeys = []string{"name", "market", "date", "days", "severity", "note", "source"}

type sensitiveRow struct {
	Name     string `yaml:"name"`
	Market   string `yaml:"market"`
	Date     string `yaml:"date"`
	Days     int    `yaml:"days"`
	Severity string `yaml:"severity"`
	Note     string `yaml:"note"`
	Source   string `yaml:"source"`
}

// ParseSensitiveDates reads a sensitive-dates file:
//
//	dates:
//	  - name: Remembrance Day
//	    market: GB          # ISO code, or "*" for every market
//	    date: "11-11"       # every year; or "2026-11-08" for one year only
//	    days: 1             # optional span, 1 to 31 days
//	    severity: high      # low, medium, high; none switches a shipped row off
//	    note: Two-minute silence at 11:00.
//	    source: https://www.britishlegion.org.uk/
//
// Unknown keys, bad dates, unknown markets, missing names or sources and duplicate rows
// are all refused, every problem reported at once with its line. origin names the file in
// messages. An empty file has no rows.
func ParseSensitiveDates(r io.Reader, origin string) ([]SensitiveDate, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(r).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, fmt.Errorf("%s: not valid YAML: %w", origin, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s line %d: want a mapping with a dates: list", origin, root.Line)
	}
	var seq *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "dates" {
			return nil, fmt.Errorf("%s line %d: unknown key %q; the file has one key, dates", origin, k.Line, k.Value)
		}
		if seq != nil {
			return nil, fmt.Errorf("%s line %d: a second dates: key; put every row in one list", origin, k.Line)
		}
		seq = v
	}
	if seq == nil || (seq.Kind == yaml.ScalarNode && seq.Tag == "!!null") {
		return nil, nil
	}
	if seq.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s line %d: dates must be a list of rows", origin, seq.Line)
	}

	var rows []SensitiveDate
	var errs []error
	firstLine := map[string]int{}
	for i, item := range seq.Content {
		row, err := parseSensitiveRow(item, origin)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s line %d (row %d): %w", origin, item.Line, i+1, err))
			continue
		}
		if prev, dup := firstLine[row.key()]; dup {
			errs = append(errs, fmt.Errorf("%s line %d (row %d): %q for market %s is already on line %d; give each row a distinct name",
				origin, item.Line, i+1, row.Name, row.Market, prev))
			continue
		}
		firstLine[row.key()] = item.Line
		rows = append(rows, row)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return rows, nil
}

func parseSensitiveRow(item *yaml.Node, origin string) (SensitiveDate, error) {
	if item.Kind != yaml.MappingNode {
		return SensitiveDate{}, errors.New("a row must be a mapping of name, market, date, severity, note and source")
	}
	seen := map[string]bool{}
	for i := 0; i < len(item.Content); i += 2 {
		k := item.Content[i]
		if !slices.Contains(sensitiveKeys, k.Value) {
			return SensitiveDate{}, fmt.Errorf("unknown key %q on line %d; allowed keys are %s", k.Value, k.Line, strings.Join(sensitiveKeys, ", "))
		}
		if seen[k.Value] {
			return SensitiveDate{}, fmt.Errorf("%s appears twice (line %d)", k.Value, k.Line)
		}
		seen[k.Value] = true
	}
	var raw sensitiveRow
	if err := item.Decode(&raw); err != nil {
		return SensitiveDate{}, err
	}
	row := SensitiveDate{
		Name:   strings.TrimSpace(raw.Name),
		Note:   strings.TrimSpace(raw.Note),
		Source: strings.TrimSpace(raw.Source),
		Days:   raw.Days,
		Origin: origin,
		Line:   item.Line,
	}
	if row.Name == "" {
		return row, errors.New("name is missing")
	}
	switch m := strings.TrimSpace(raw.Market); m {
	case "":
		return row, fmt.Errorf("%q: market is missing; use an ISO country code or \"*\" for every market", row.Name)
	case AllMarkets:
		row.Market = AllMarkets
	default:
		mk, err := LookupMarket(m)
		if err != nil {
			return row, fmt.Errorf("%q: %w", row.Name, err)
		}
		row.Market = mk.Code
	}
	var err error
	if row.Year, row.Month, row.Day, err = parseRowDate(strings.TrimSpace(raw.Date)); err != nil {
		return row, fmt.Errorf("%q: %w", row.Name, err)
	}
	switch {
	case row.Days == 0:
		row.Days = 1
	case row.Days < 0 || row.Days > MaxSpanDays:
		return row, fmt.Errorf("%q: days %d is not between 1 and %d", row.Name, row.Days, MaxSpanDays)
	}
	if strings.TrimSpace(raw.Severity) == "" {
		return row, fmt.Errorf("%q: severity is missing; use low, medium or high", row.Name)
	}
	if row.Severity, err = ParseSeverity(raw.Severity); err != nil {
		return row, fmt.Errorf("%q: %w", row.Name, err)
	}
	if row.Source == "" {
		return row, fmt.Errorf("%q: source is missing; cite where the date comes from (a URL or a publication)", row.Name)
	}
	return row, nil
}

var (
	yearlyDate = regexp.MustCompile(`^(\d{2})-(\d{2})$`)
	oneOffDate = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
)

// leapYear is any leap year: validating a yearly MM-DD against it accepts 02-29.
const leapYear = 2024

// parseRowDate reads MM-DD (every year) or YYYY-MM-DD (one year).
func parseRowDate(s string) (year int, month time.Month, day int, err error) {
	bad := fmt.Errorf("date %q is not MM-DD (every year) or YYYY-MM-DD (one year only)", s)
	if s == "" {
		return 0, 0, 0, errors.New(`date is missing; write "MM-DD" or "YYYY-MM-DD"`)
	}
	var d Date
	if m := yearlyDate.FindStringSubmatch(s); m != nil {
		d = Date{leapYear, time.Month(atoi(m[1])), atoi(m[2])}
	} else if m := oneOffDate.FindStringSubmatch(s); m != nil {
		d = Date{atoi(m[1]), time.Month(atoi(m[2])), atoi(m[3])}
		year = d.Year
	} else {
		return 0, 0, 0, bad
	}
	if !d.valid() {
		return 0, 0, 0, fmt.Errorf("date %q is not a day of the calendar", s)
	}
	return year, d.Month, d.Day, nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
