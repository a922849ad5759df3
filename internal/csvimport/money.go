package csvimport

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// currencyCodes are the ISO 4217 codes accepted beside an amount ("5000 EUR", "USD 5,000").
// A list rather than any three letters, so "12abc" stays a mistake instead of 12.
var currencyCodes = func() map[string]bool {
	m := make(map[string]bool)
	for c := range strings.FieldsSeq("AED ARS AUD BGN BRL CAD CHF CLP CNY COP CZK DKK EGP EUR GBP HKD HUF IDR " +
		"ILS INR JPY KES KRW MXN MYR NGN NOK NZD PEN PHP PLN RON SAR SEK SGD THB TRY TWD UAH USD VND ZAR") {
		m[c] = true
	}
	return m
}()

// currencyWords are local marks written after an amount that are neither symbols nor codes.
var currencyWords = []string{"kr", "zł", "kč", "ft", "lei"}

// symbolCodes name the currency of the marks that have only one. "$", "¥" and "kr" are
// left as written: several currencies use each.
var symbolCodes = map[string]string{
	"€": "EUR", "£": "GBP", "₹": "INR", "₩": "KRW", "₺": "TRY", "₱": "PHP", "฿": "THB", "₫": "VND",
	"₪": "ILS", "₦": "NGN", "₴": "UAH", "R$": "BRL", "US$": "USD", "C$": "CAD", "CA$": "CAD",
	"A$": "AUD", "AU$": "AUD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "MX$": "MXN",
	"zł": "PLN", "kč": "CZK", "ft": "HUF", "lei": "RON",
}

// thousandsDot is "1.200": in an amount of money a single dot before exactly three digits
// groups thousands, as in most of Europe; nobody pays €1.2 with three decimals.
var thousandsDot = regexp.MustCompile(`^\d{1,3}\.\d{3}$`)

// ParseSpend reads an amount of money: the numbers of ParseCount, optionally with a
// currency symbol or code before or after it ("$5,000", "5000 EUR", "€1.2K", "R$ 3.000").
// The currency is returned as its ISO code where the mark names one ("€" is EUR) and as
// written otherwise ("$"), so the caller can say it was dropped: amounts are stored as
// numbers and never converted. "1.200" is 1200,
// not 1.2, because money is not written with three decimals.
func ParseSpend(s string) (q rapport.Quantity, currency string, err error) {
	t := strings.TrimSpace(s)
	if unknownMarks[strings.ToLower(t)] {
		return rapport.Unknown, "", nil
	}
	sign := ""
	for _, p := range []string{"-", "−", "+"} {
		if rest, ok := strings.CutPrefix(t, p); ok {
			sign, t = p, strings.TrimSpace(rest)
			break
		}
	}
	amount, currency := cutCurrency(t)
	if code, ok := symbolCodes[strings.ToLower(currency)]; ok {
		currency = code
	} else if code, ok := symbolCodes[currency]; ok {
		currency = code
	}
	if thousandsDot.MatchString(amount) {
		amount = strings.Replace(amount, ".", "", 1)
	}
	q, err = ParseCount(sign + amount)
	if err != nil {
		if strings.Contains(err.Error(), "is not a number") {
			return rapport.Unknown, "", fmt.Errorf("%q is not an amount (use 5000, 5,000, 1.2K, $5,000 or 5000 EUR)", s)
		}
		return rapport.Unknown, "", err
	}
	if !q.Known && currency != "" {
		return rapport.Unknown, "", fmt.Errorf("%q has a currency but no amount", s)
	}
	return q, currency, nil
}

// cutCurrency splits a currency mark off either end of an amount: symbols, possibly after
// letters ("$", "€", "R$", "US$"), or a code or local word ("USD", "EUR", "kr").
func cutCurrency(s string) (amount, currency string) {
	isSymbol := func(r rune) bool { return unicode.Is(unicode.Sc, r) }
	if i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 && i <= 3 {
		letters, rest := s[:i], s[i:]
		symbols := strings.TrimLeftFunc(rest, isSymbol)
		switch {
		case len(symbols) < len(rest):
			return strings.TrimSpace(symbols), letters + rest[:len(rest)-len(symbols)]
		case currencyCodes[strings.ToUpper(letters)]:
			return strings.TrimSpace(rest), strings.ToUpper(letters)
		}
	}
	if rest := strings.TrimRightFunc(s, isSymbol); len(rest) < len(s) {
		return strings.TrimSpace(rest), s[len(rest):]
	}
	letters := s[strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })+1:]
	if len(letters) > 3 {
		letters = letters[len(letters)-3:] // "1.2KEUR"
	}
	rest := strings.TrimSpace(s[:len(s)-len(letters)])
	switch {
	case letters == "":
	case currencyCodes[strings.ToUpper(letters)]:
		return rest, strings.ToUpper(letters)
	case slices.ContainsFunc(currencyWords, func(w string) bool { return strings.EqualFold(w, letters) }):
		return rest, letters
	}
	return s, ""
}
