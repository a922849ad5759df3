package rapport

import (
	"fmt"
	"slices"
	"strings"
)

// marketAliases are codes people type for a market that ISO 3166 spells differently. It is
// the only such table: imports, search filters and the holiday calendars all read it
// through NormalizeMarket.
var marketAliases = map[string]string{"UK": "GB"}

// NormalizeMarket writes a market code the way Rapport stores it: trimmed, upper case, with
// aliases resolved ("uk" → "GB"). It does not check the code; see IsCountryCode.
func NormalizeMarket(code string) string {
	c := strings.ToUpper(strings.TrimSpace(code))
	if alias, ok := marketAliases[c]; ok {
		return alias
	}
	return c
}

// IsCountryCode reports whether code is an assigned ISO 3166-1 alpha-2 code (or XK), as
// NormalizeMarket writes it: "GB" is one, "gb", "UK" and "EN" are not.
func IsCountryCode(code string) bool {
	return countrySet[code]
}

// ParseMarkets reads a list of markets separated by ';' (or ',' inside a quoted cell) as
// upper-case ISO 3166-1 alpha-2 country codes, without repeats, in the order given. "UK" is
// accepted as GB. Codes are checked against the assigned list so a typo such as "EN" for
// England is caught when it is typed rather than silently matching no calendar or feed
// later.
func ParseMarkets(s string) ([]string, error) {
	var out, bad []string
	for part := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ';' || r == ',' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		switch code := NormalizeMarket(part); {
		case !IsCountryCode(code):
			bad = append(bad, part)
		case !slices.Contains(out, code):
			out = append(out, code)
		}
	}
	switch len(bad) {
	case 0:
		return out, nil
	case 1:
		return nil, fmt.Errorf("%q is not an ISO 3166 country code (use two letters such as US, GB or FR)", bad[0])
	}
	quoted := make([]string, len(bad))
	for i, b := range bad {
		quoted[i] = fmt.Sprintf("%q", b)
	}
	return nil, fmt.Errorf("%s are not ISO 3166 country codes (use two letters such as US, GB or FR)", strings.Join(quoted, ", "))
}

// countrySet is countryCodes as a set; read-only after start.
var countrySet = func() map[string]bool {
	m := make(map[string]bool)
	for c := range strings.FieldsSeq(countryCodes) {
		m[c] = true
	}
	return m
}()

// countryCodes are the officially assigned ISO 3166-1 alpha-2 codes, plus XK (Kosovo),
// which the EU, the IMF and the platforms use.
const countryCodes = "" +
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
	"BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
	"DE DJ DK DM DO DZ " +
	"EC EE EG EH ER ES ET " +
	"FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
	"HK HM HN HR HT HU " +
	"ID IE IL IM IN IO IQ IR IS IT " +
	"JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ " +
	"LA LB LC LI LK LR LS LT LU LV LY " +
	"MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
	"NA NC NE NF NG NI NL NO NP NR NU NZ " +
	"OM " +
	"PA PE PF PG PH PK PL PM PN PR PS PT PW PY " +
	"QA " +
	"RE RO RS RU RW " +
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
	"TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
	"UA UG UM US UY UZ " +
	"VA VC VE VG VI VN VU " +
	"WF WS " +
	"XK " +
	"YE YT " +
	"ZA ZM ZW"
