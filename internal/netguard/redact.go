package netguard

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hidden stands in for what RedactURL and Scrub leave out.
const Hidden = "…"

// unreadable is what RedactURL shows of an address it cannot parse.
const unreadable = "(an address that cannot be read)"

// secretPrefixes start path segments that are credentials whatever their length:
// Google Calendar's "secret address" ends in /private-<token>/basic.ics.
var secretPrefixes = []string{"private-", "secret-", "token-"}

// minSecretLen is the length from which a path segment mixing letters and digits is taken
// for a token ("a1b2…", a UUID, a hex key) rather than a word.
const minSecretLen = 20

// RedactURL returns what of an address may be shown to people: its scheme, host (with
// port) and path, without user info, query or fragment, and with every secret-looking path
// segment replaced by Hidden. A segment looks secret when it starts with private-,
// secret- or token- (any case), or when it is at least 20 characters long and mixes
// letters and digits. An address that cannot be parsed is not shown at all.
func RedactURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return unreadable
	}
	var b strings.Builder
	if u.Scheme != "" {
		b.WriteString(u.Scheme + ":")
	}
	if u.Opaque != "" {
		b.WriteString(Hidden)
		return b.String()
	}
	if u.Host != "" || u.Scheme != "" {
		b.WriteString("//" + u.Host)
	}
	segs := strings.Split(u.EscapedPath(), "/")
	for i, s := range segs {
		if secretSegment(s) {
			segs[i] = Hidden
		}
	}
	b.WriteString(strings.Join(segs, "/"))
	return b.String()
}

// secretSegment reports whether an escaped path segment looks like a credential.
func secretSegment(escaped string) bool {
	s, err := url.PathUnescape(escaped)
	if err != nil {
		s = escaped
	}
	lower := strings.ToLower(s)
	for _, p := range secretPrefixes {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	if utf8.RuneCountInString(s) < minSecretLen {
		return false
	}
	letter := strings.ContainsFunc(s, unicode.IsLetter)
	digit := strings.ContainsFunc(s, unicode.IsDigit)
	return letter && digit
}

// minScrubLen is the shortest secret Scrub replaces on its own: shorter pieces ("1",
// "en") would mangle the text around them, and the whole address is replaced anyway.
const minScrubLen = 4

// Scrub returns text with the secrets of each of the addresses raws replaced by Hidden:
// every address as written becomes its RedactURL form, and its user name, password, query
// (whole, and each value), fragment and secret-looking path segments, raw or escaped, are
// replaced wherever they appear, such as in an error message that quotes the address in
// another form.
func Scrub(text string, raws ...string) string {
	var secrets []string
	for _, raw := range raws {
		if raw = strings.TrimSpace(raw); raw == "" {
			continue
		}
		if red := RedactURL(raw); red != raw {
			text = strings.ReplaceAll(text, raw, red)
		}
		secrets = append(secrets, secretsOf(raw)...)
	}
	// Longest first, so that a query is replaced whole before its values.
	slices.SortFunc(secrets, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	for _, s := range secrets {
		if len(s) >= minScrubLen {
			text = strings.ReplaceAll(text, s, Hidden)
		}
	}
	return text
}

// secretsOf lists the parts of an address that RedactURL leaves out, in the forms they
// may appear in: as written, decoded and escaped.
func secretsOf(raw string) []string {
	u, err := url.Parse(raw)
	if err != nil {
		return []string{raw}
	}
	var out []string
	add := func(ss ...string) {
		for _, s := range ss {
			out = append(out, s, url.QueryEscape(s), url.PathEscape(s))
		}
	}
	if u.User != nil {
		add(u.User.Username(), u.User.String())
		if p, ok := u.User.Password(); ok {
			add(p)
		}
	}
	add(u.RawQuery, u.Fragment, u.EscapedFragment(), u.Opaque)
	for _, vs := range u.Query() {
		add(vs...)
	}
	for _, s := range strings.Split(u.EscapedPath(), "/") {
		if secretSegment(s) {
			dec, _ := url.PathUnescape(s)
			add(s, dec)
			for _, p := range secretPrefixes {
				if len(dec) > len(p) && strings.EqualFold(dec[:len(p)], p) {
					add(dec[len(p):]) // the token without its label
				}
			}
		}
	}
	return out
}
