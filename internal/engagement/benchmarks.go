package engagement

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/rapport-bot/rapport/internal/rapport"
)

//go:embed benchmarks.yaml
var benchmarksYAML []byte

// DefaultPlatform names the benchmark rows used for a platform that has none of its own.
const DefaultPlatform rapport.Platform = "default"

// Band is where a rate sits among accounts of the same platform and tier.
type Band string

// The bands. A rate equal to a row's low or high mark is average.
const (
	BandLow     Band = "low"
	BandAverage Band = "average"
	BandHigh    Band = "high"
)

// Benchmark is one row of the benchmarks file for one formula: below Low a rate is low for
// the tier, above High it is high.
type Benchmark struct {
	// Platform is the row's platform, or DefaultPlatform.
	Platform rapport.Platform
	// Tier is the row's tier; empty for a row that covers every tier ("any" in the file).
	Tier    Tier
	Formula Formula
	// Low and High are rates (fractions: 0.02 is 2%).
	Low, High float64
	// Source names the report and year the figures come from.
	Source string
	// Line is the row's line in the file, so a reader can find it to edit.
	Line int
}

// Benchmarks is a validated benchmarks file. The zero value has no rows, so every lookup
// fails. It is immutable and safe to share between goroutines.
type Benchmarks struct {
	rows  []Benchmark
	index map[benchmarkKey]int
}

type benchmarkKey struct {
	platform rapport.Platform
	tier     Tier
	formula  Formula
}

var defaultBenchmarks = sync.OnceValue(func() Benchmarks {
	b, err := ParseBenchmarks(benchmarksYAML)
	if err != nil {
		// The file is compiled into the binary and a test parses it, so this cannot happen
		// in a build that passed its tests.
		panic("engagement: embedded benchmarks.yaml is invalid: " + err.Error())
	}
	return b
})

// DefaultBenchmarks returns the benchmarks shipped in the binary.
func DefaultBenchmarks() Benchmarks { return defaultBenchmarks() }

// defaultBenchmarksYAML returns the shipped benchmarks file, as a starting point for a team's
// own.
func defaultBenchmarksYAML() []byte { return bytes.Clone(benchmarksYAML) }

// Rows returns every row, in file order, one per formula a file row gives.
func (b Benchmarks) Rows() []Benchmark { return slices.Clone(b.rows) }

// Lookup finds the row for a platform, tier and formula: the platform's row for the tier,
// then the platform's any-tier row, then the default row for the tier, then the default
// any-tier row. The per-view formula has no row for a platform without views.
func (b Benchmarks) Lookup(p rapport.Platform, t Tier, f Formula) (Benchmark, bool) {
	if f == PerView && !p.IsVideo() {
		return Benchmark{}, false
	}
	for _, k := range [...]benchmarkKey{{p, t, f}, {p, "", f}, {DefaultPlatform, t, f}, {DefaultPlatform, "", f}} {
		if i, ok := b.index[k]; ok {
			return b.rows[i], true
		}
	}
	return Benchmark{}, false
}

// Band places a rate against its benchmark row and returns the row used, or false when no
// row applies or the rate is not a number.
func (b Benchmarks) Band(p rapport.Platform, t Tier, f Formula, er float64) (Band, Benchmark, bool) {
	if !finite(er) {
		return "", Benchmark{}, false
	}
	row, ok := b.Lookup(p, t, f)
	if !ok {
		return "", Benchmark{}, false
	}
	// Marks are written as decimal percentages; the tolerance keeps a rate that equals a mark
	// to the reader from falling outside it by a rounding error.
	switch {
	case er < row.Low*(1-tolerance):
		return BandLow, row, true
	case er > row.High*(1+tolerance):
		return BandHigh, row, true
	}
	return BandAverage, row, true
}

type benchmarksFile struct {
	Benchmarks []benchmarkRow `yaml:"benchmarks"`
}

type benchmarkRow struct {
	Platform    string     `yaml:"platform"`
	Tier        string     `yaml:"tier"`
	ERFollowers *rateRange `yaml:"er_followers"`
	ERViews     *rateRange `yaml:"er_views"`
	Source      string     `yaml:"source"`
}

type rateRange struct {
	Low  *float64 `yaml:"low"`
	High *float64 `yaml:"high"`
}

// ParseBenchmarks reads and validates a benchmarks file (the format of the shipped
// benchmarks.yaml). Unknown keys, unknown tiers, a missing source, a low mark not below the
// high mark, per-view marks for a platform without views and duplicate rows are errors; every
// problem is reported with its line.
func ParseBenchmarks(raw []byte) (Benchmarks, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return Benchmarks{}, fmt.Errorf("benchmarks: %w", err)
	}
	var file benchmarksFile
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&file); err != nil {
		if errors.Is(err, io.EOF) {
			return Benchmarks{}, errors.New("benchmarks: the file is empty; it needs a `benchmarks:` list")
		}
		return Benchmarks{}, fmt.Errorf("benchmarks: %w", err)
	}
	if len(file.Benchmarks) == 0 {
		return Benchmarks{}, errors.New("benchmarks: no rows under `benchmarks:`")
	}
	lines := rowLines(&doc, len(file.Benchmarks))

	b := Benchmarks{index: make(map[benchmarkKey]int, 2*len(file.Benchmarks))}
	type rowKey struct {
		platform rapport.Platform
		tier     Tier
	}
	seen := make(map[rowKey]int, len(file.Benchmarks))
	var errs []error
	for i, r := range file.Benchmarks {
		line := lines[i]
		fail := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("benchmarks line %d (%s, %s): %s", line,
				orDash(r.Platform), orDash(r.Tier), fmt.Sprintf(format, args...)))
		}
		var platform rapport.Platform
		switch p := strings.TrimSpace(r.Platform); {
		case p == "":
			fail("platform is missing")
			continue
		case strings.EqualFold(p, string(DefaultPlatform)):
			platform = DefaultPlatform
		default:
			var err error
			if platform, err = rapport.ParsePlatform(p); err != nil {
				fail("%v", err)
				continue
			}
		}
		var tier Tier
		switch t := strings.ToLower(strings.TrimSpace(r.Tier)); t {
		case "":
			fail("tier is missing (nano, micro, mid, macro, mega or any)")
			continue
		case "any":
		default:
			var ok bool
			if tier, ok = ParseTier(t); !ok {
				fail("unknown tier %q (want nano, micro, mid, macro, mega or any)", r.Tier)
				continue
			}
		}
		if prev, dup := seen[rowKey{platform, tier}]; dup {
			fail("duplicates the row on line %d", prev)
			continue
		}
		seen[rowKey{platform, tier}] = line
		source := strings.TrimSpace(r.Source)
		if source == "" {
			fail("source is missing: name the report and year the figures come from")
		}
		if r.ERFollowers == nil && r.ERViews == nil {
			fail("no marks: give er_followers, er_views or both")
		}
		if r.ERViews != nil && platform != DefaultPlatform && !platform.IsVideo() {
			fail("er_views applies to video platforms only; %s has no view counts", platform)
		}
		lowF, highF := checkRange(r.ERFollowers, "er_followers", fail)
		lowV, highV := checkRange(r.ERViews, "er_views", fail)
		if len(errs) > 0 {
			// The file is rejected; keep checking rows only to report every problem.
			continue
		}
		add := func(f Formula, low, high float64) {
			b.index[benchmarkKey{platform, tier, f}] = len(b.rows)
			b.rows = append(b.rows, Benchmark{Platform: platform, Tier: tier, Formula: f,
				Low: low / 100, High: high / 100, Source: source, Line: line})
		}
		if r.ERFollowers != nil {
			add(PerFollower, lowF, highF)
		}
		if r.ERViews != nil {
			add(PerView, lowV, highV)
		}
	}
	if len(errs) > 0 {
		return Benchmarks{}, errors.Join(errs...)
	}
	return b, nil
}

// checkRange validates one formula's marks (percentages) and returns them.
func checkRange(r *rateRange, key string, fail func(string, ...any)) (low, high float64) {
	if r == nil {
		return 0, 0
	}
	if r.Low == nil || r.High == nil {
		fail("%s needs both low and high", key)
		return 0, 0
	}
	low, high = *r.Low, *r.High
	switch {
	case !finite(low) || !finite(high):
		fail("%s marks must be numbers", key)
	case low < 0 || high > 100:
		fail("%s marks are percentages between 0 and 100 (got low %g, high %g)", key, low, high)
	case low >= high:
		fail("%s low %g must be below high %g", key, low, high)
	}
	return low, high
}

// rowLines finds the line of each row of the `benchmarks` list, for messages.
func rowLines(doc *yaml.Node, n int) []int {
	lines := make([]int, n)
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return lines
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return lines
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != "benchmarks" || m.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for j, row := range m.Content[i+1].Content {
			if j < n {
				lines[j] = row.Line
			}
		}
	}
	return lines
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return strings.TrimSpace(s)
}
