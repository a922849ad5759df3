package csvimport

import (
	"fmt"
	"net/mail"
	"strings"
)

// parseEmail checks an address loosely: one "@", something before it, a dotted domain after
// it, no spaces. Mail servers are the real judge; import only catches cells that cannot be
// an address at all ("ask Priya", "hannah at agency.com"). "Name <addr>" and "mailto:"
// forms are reduced to the address.
func parseEmail(s string) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", nil
	}
	t = strings.TrimSpace(strings.TrimPrefix(t, "mailto:"))
	if strings.Contains(t, "<") {
		if a, err := mail.ParseAddress(t); err == nil {
			t = a.Address
		}
	}
	local, domain, ok := strings.Cut(t, "@")
	switch {
	case !ok, local == "", strings.Contains(domain, "@"), len(t) > 254,
		strings.ContainsFunc(t, func(r rune) bool { return r <= ' ' || r == '<' || r == '>' || r == ',' || r == ';' }),
		!strings.Contains(domain, "."), strings.HasPrefix(domain, "."), strings.HasSuffix(domain, "."),
		strings.Contains(domain, ".."):
		return "", fmt.Errorf("%q is not an email address", s)
	}
	return t, nil
}
