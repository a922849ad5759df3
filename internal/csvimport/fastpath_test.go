package csvimport

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// TestPlainCountAgreesWithParseNumber: the allocation-free path gives bit for bit what the
// general one gives, for the forms it takes, and leaves every other form to it.
func TestPlainCountAgreesWithParseNumber(t *testing.T) {
	inputs := []string{"0", "7", "007", "12345", "1234.5", "0.1", "3.25", "1.2K", "12.5k", "3.4M", "3.4m",
		"1.1B", "0.1K", "1.2345K", "999999999999999", "999999999999", "1000000000000", "1000000000001",
		"1.000000000001K", "123456789012345B", "9.999999999999M", "0.000000000000001", "2.675", "0.3"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		n := r.Uint64N(1e15)
		s := strconv.FormatUint(n, 10)
		if cut := r.IntN(len(s) + 1); cut > 0 && cut < len(s) {
			s = s[:cut] + "." + s[cut:]
		}
		inputs = append(inputs, s+[]string{"", "k", "K", "m", "M", "b", "B"}[r.IntN(7)])
	}
	for _, s := range inputs {
		want, werr := parseNumber(s)
		got, ok := plainCount(s)
		if ok && (werr != nil || got != want) {
			t.Errorf("plainCount(%q) = %v; parseNumber = %v, %v", s, got, want, werr)
		}
		if !ok && werr == nil && len(s) <= 16 {
			t.Logf("plainCount(%q) left %v to parseNumber", s, want)
		}
	}
	for _, s := range []string{"", " 1", "1 ", ".5", "5.", "1,234", "1.2.3", "1.2 K", "2bn", "1.5mn", "1e3", "-5", "+5", "12%", "1KK", "1000000000001"} {
		if v, ok := plainCount(s); ok {
			t.Errorf("plainCount(%q) = %v, want it left to parseNumber", s, v)
		}
	}
}

// TestISODayAgreesWithParsePeriodEnd: the fast path takes every real YYYY-MM-DD date from
// 2000 on, and only those, each as ParsePeriodEnd's general path reads it; other forms are
// left to that path.
func TestISODayAgreesWithParsePeriodEnd(t *testing.T) {
	for _, s := range []string{"2024-01-31", "2024-02-29", "2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
		"2024-01-00", "1999-12-31", "2000-01-01", "9999-12-31", "2024-1-31", "2024/01/31", "20a4-01-31", "2024-01-3x"} {
		got, ok := isoDay(s)
		d, isDay := parseDay(s)
		want := isDay && d.Year() >= earliestYear
		canonical := len(s) == 10 && s[4] == '-' && s[7] == '-'
		if ok && (!want || !got.Equal(d)) || canonical && ok != want {
			t.Errorf("isoDay(%q) = %v, %v; the general path gives %v, %v", s, got, ok, d, want)
		}
		if ok && got.Location() != time.UTC {
			t.Errorf("isoDay(%q) is in %v, want UTC", s, got.Location())
		}
	}
}
