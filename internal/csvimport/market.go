package csvimport

import (
	"fmt"
	"strings"
)

// marketAliases are codes people use that ISO 3166 spells differently.
var marketAliases = map[string]string{"UK": "GB"}

// ParseMarkets reads a list of markets separated by ';' (or ',' inside a quoted cell) as
// upper-case ISO 3166-1 alpha-2 country codes, without repeats, in the order given. "UK" is
// accepted as GB. Codes are checked against the assigned list so a typo such as "EN" for
// England is caught at import rather than silently matching no calendar or feed later.
func ParseMarkets(s string) ([]string, error) {
	var out, bad []string
	for _, part := range splitList(s) {
		code := strings.ToUpper(part)
		if alias, ok := marketAliases[code]; ok {
			code = alias
		}
		switch {
		case !isCountryCode(code):
			bad = append(bad, part)
		case !containsFold(out, code):
			out = append(out, code)
		}
	}
	switch len(bad) {
	case 0:
		return out, nil
	case 1:
		return nil, fmt.Errorf("%q is not an ISO 3166 country code (use two letters such as US, GB or FR)", bad[0])
	}
	return nil, fmt.Errorf("%s are not ISO 3166 country codes (use two letters such as US, GB or FR)", quoteAll(bad))
}

// splitList splits a cell holding a list on ';' and ',', trimming and dropping empty items.
func splitList(s string) []string {
	var out []string
	for part := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ';' || r == ',' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

func isCountryCode(code string) bool {
	return countrySet[code]
}

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
