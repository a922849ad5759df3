package csvimport

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// maxCount bounds any count or average. Nothing on a social platform comes near a trillion,
// so a larger number is a unit or pasting mistake, not data.
const maxCount = 1e12

// unknownMarks are the cells that mean "not measured". They become rapport.Unknown, never 0.
var unknownMarks = map[string]bool{
	"": true, "-": true, "–": true, "—": true, "?": true,
	"n/a": true, "na": true, "n.a.": true, "null": true, "nil": true,
}

// suffixes scale a number the way dashboards abbreviate: 1.2K, 3.4M, 1.1B, 2bn.
var suffixes = []struct {
	text string
	exp  int
}{
	{"bn", 9}, {"mn", 6}, {"k", 3}, {"m", 6}, {"b", 9},
}

// ParseCount reads a count or a per-post average as people and dashboard exports write it:
// "12345", "12,345", "12 345", "12.5k", "1.2K", "3.4M", "1.1B", "1,00,000" (Indian
// grouping), "1.234,5" (decimal comma) and plain decimals. A blank cell, "-" or "n/a" is
// rapport.Unknown: a number nobody measured is not zero. Negative numbers and percentages
// are errors, because a count cannot be either.
func ParseCount(s string) (rapport.Quantity, error) {
	if v, ok := plainCount(s); ok {
		return rapport.Known(v), nil
	}
	t := strings.TrimSpace(s)
	if unknownMarks[strings.ToLower(t)] {
		return rapport.Unknown, nil
	}
	v, err := parseNumber(t)
	if err != nil {
		return rapport.Unknown, err
	}
	return rapport.Known(v), nil
}

// plainCount reads the forms nearly every export writes — "12345", "1234.5", "1.2K" — without
// allocating, and gives exactly what parseNumber gives for them: up to 15 digits are an exact
// integer m, and m × 10^e (or m / 10^-e) with |e| ≤ 22 is correctly rounded, as
// strconv.ParseFloat's own exact path computes it. Anything else, including a number over
// maxCount, is left to parseNumber and its messages.
func plainCount(s string) (float64, bool) {
	var m uint64
	digits, frac, i := 0, -1, 0
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
			continue
		case c == '.' && frac < 0 && digits > 0:
			frac = 0
			continue
		}
		break
	}
	if digits == 0 || digits > 15 || frac == 0 {
		return 0, false
	}
	exp := 0
	switch s[i:] {
	case "":
	case "k", "K":
		exp = 3
	case "m", "M":
		exp = 6
	case "b", "B":
		exp = 9
	default:
		return 0, false
	}
	e := exp - max(frac, 0)
	v := float64(m)
	if e >= 0 {
		v *= float64pow10[e]
	} else {
		v /= float64pow10[-e]
	}
	if v > maxCount {
		return 0, false
	}
	return v, true
}

// float64pow10 are the powers of ten a float64 holds exactly.
var float64pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

func notANumber(s string) error {
	return fmt.Errorf("%q is not a number (use 12345, 12,345, 1.2K or 3.4M)", s)
}

func parseNumber(s string) (float64, error) {
	body := s
	if strings.HasPrefix(body, "-") || strings.HasPrefix(body, "−") {
		if _, err := parseNumber(strings.TrimLeft(body, "-−")); err == nil {
			return 0, fmt.Errorf("%q is negative; a count cannot be below zero", s)
		}
		return 0, notANumber(s)
	}
	body = strings.TrimPrefix(body, "+")
	if strings.HasSuffix(body, "%") {
		return 0, fmt.Errorf("%q is a percentage; give the count itself", s)
	}
	exp := 0
	lower := strings.ToLower(body)
	for _, suf := range suffixes {
		if strings.HasSuffix(lower, suf.text) {
			exp = suf.exp
			body = strings.TrimRightFunc(body[:len(body)-len(suf.text)], unicode.IsSpace)
			break
		}
	}
	mantissa, ok := canonicalDecimal(body)
	switch {
	case ok:
		// Scaling in decimal before converting keeps "1.2K" exactly 1200.
		mantissa += "e" + strconv.Itoa(exp)
	case exp == 0 && isScientific(body):
		// Spreadsheets write very large numbers in scientific notation (1.2E+06).
		mantissa = body
	default:
		return 0, notANumber(s)
	}
	v, err := strconv.ParseFloat(mantissa, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || v > maxCount {
		return 0, fmt.Errorf("%q is too large to be a count", s)
	}
	return v, nil
}

// isScientific accepts digits with an optional fraction and an exponent, nothing else
// (strconv.ParseFloat would also take "Inf", hex floats and underscores).
func isScientific(s string) bool {
	mant, exp, ok := strings.Cut(strings.ToLower(s), "e")
	if !ok {
		return false
	}
	exp = strings.TrimLeft(exp, "+-")
	intPart, frac, _ := strings.Cut(mant, ".")
	return allDigits(intPart) && intPart != "" && (frac == "" || allDigits(frac)) && allDigits(exp) && exp != ""
}

// canonicalDecimal rewrites a number written with thousands separators and a decimal mark
// in any common convention as plain "1234.5". Where a mark could be either a separator or a
// decimal point it is read as people most likely meant it: "1,234" is 1234 (a comma
// followed by exactly three digits groups thousands), "1,5" is 1.5, "1.234" is 1.234 and
// "1.234.567" is 1234567. When both '.' and ',' appear, the last one is the decimal mark.
func canonicalDecimal(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	// Spaces and apostrophes only ever group digits (French "12 345", Swiss "12'345").
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r == '.', r == ',':
			b.WriteRune(r)
		case unicode.IsSpace(r), r == '\'', r == '’':
			b.WriteByte(' ')
		default:
			return "", false
		}
	}
	t := b.String()
	dots, commas := strings.Count(t, "."), strings.Count(t, ",")
	decimal := byte(0)
	switch {
	case dots > 0 && commas > 0:
		decimal = t[max(strings.LastIndex(t, "."), strings.LastIndex(t, ","))]
		if strings.Count(t, string(decimal)) > 1 {
			return "", false
		}
	case dots == 1:
		decimal = '.'
	case commas == 1 && len(t)-strings.IndexByte(t, ',')-1 != 3:
		decimal = ','
	}
	intPart, frac := t, ""
	if decimal != 0 {
		i := strings.LastIndexByte(t, decimal)
		intPart, frac = t[:i], t[i+1:]
		if !allDigits(frac) || frac == "" {
			return "", false
		}
	}
	digits, ok := ungroup(intPart)
	if !ok {
		return "", false
	}
	if digits == "" {
		digits = "0" // ".5"
	}
	if frac != "" {
		return digits + "." + frac, true
	}
	return digits, true
}

// ungroup removes thousands separators from the integer part, checking they sit where a
// person would put them: groups of three ("1,234,567") or the Indian lakh and crore grouping
// ("12,34,567"). One kind of separator per number.
func ungroup(s string) (string, bool) {
	if allDigits(s) {
		return s, true
	}
	sep := rune(0)
	for _, r := range s {
		if r < '0' || r > '9' {
			if sep != 0 && r != sep {
				return "", false
			}
			sep = r
		}
	}
	groups := strings.Split(s, string(sep))
	for _, g := range groups {
		if g == "" || !allDigits(g) {
			return "", false
		}
	}
	if !groupedBy(groups, 3) && !indianGrouping(groups) {
		return "", false
	}
	return strings.Join(groups, ""), true
}

func groupedBy(groups []string, n int) bool {
	if len(groups[0]) > n {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != n {
			return false
		}
	}
	return true
}

// indianGrouping: the last group has three digits, those before it two (1,00,00,000).
func indianGrouping(groups []string) bool {
	last := len(groups) - 1
	return len(groups[last]) == 3 && groupedBy(groups[:last], 2)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// wholeCount rejects fractions where only whole numbers make sense (followers, posts).
// "1.2K" followers is 1200 and fine; "1.2345K" is 1234.5 and is not.
func wholeCount(q rapport.Quantity, raw, what string) error {
	if q.Known && q.Value != math.Trunc(q.Value) {
		return fmt.Errorf("%q is %s, not a whole number of %s", raw, strconv.FormatFloat(q.Value, 'f', -1, 64), what)
	}
	return nil
}
