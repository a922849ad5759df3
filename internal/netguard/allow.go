package netguard

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
)

// AllowList is the internal hosts a client may reach although they are not public: host
// names, whose every address is allowed when the connection is made to that name, and
// addresses or ranges, allowed whatever name led to them. A redirect from an allowed name
// to an internal address that is not itself allowed is refused.
type AllowList struct {
	names map[string]bool
	nets  []netip.Prefix
}

// ParseAllowList reads allow-list entries: a host name ("rss.intranet.example"), an
// address ("10.1.2.3", "fd00::5") or a CIDR range ("10.0.0.0/8"). Names match whole and
// ignore case and a trailing dot; there are no wildcards.
func ParseAllowList(entries []string) (AllowList, error) {
	l := AllowList{names: map[string]bool{}}
	var errs []error
	for i, e := range entries {
		name, prefix, err := parseAllowEntry(e)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("[%d]: %w", i, err))
		case name != "":
			l.names[name] = true
		default:
			l.nets = append(l.nets, prefix)
		}
	}
	return l, errors.Join(errs...)
}

// CheckAllowEntry reports whether entry is a host name, an address or a CIDR range, and
// says what is wrong when it is none of them.
func CheckAllowEntry(entry string) error {
	_, _, err := parseAllowEntry(entry)
	return err
}

func parseAllowEntry(entry string) (name string, prefix netip.Prefix, err error) {
	e := strings.TrimSpace(entry)
	if strings.Contains(e, "/") {
		p, err := netip.ParsePrefix(e)
		if err != nil {
			return "", netip.Prefix{}, fmt.Errorf("%q is not a CIDR range such as 10.0.0.0/8 (give a host name without scheme or path)", entry)
		}
		if p.Addr().Is4In6() {
			p = netip.PrefixFrom(p.Addr().Unmap(), max(p.Bits()-96, 0))
		}
		return "", p.Masked(), nil
	}
	if a, err := netip.ParseAddr(strings.Trim(e, "[]")); err == nil {
		if a.Zone() != "" {
			return "", netip.Prefix{}, fmt.Errorf("%q: leave out the zone", entry)
		}
		a = a.Unmap()
		return "", netip.PrefixFrom(a, a.BitLen()), nil
	}
	name = normalizeHost(e)
	if !validHostName(name) {
		return "", netip.Prefix{}, fmt.Errorf("%q is neither a host name (rss.intranet.example), an address (10.1.2.3) nor a CIDR range (10.0.0.0/8); no scheme, port or wildcard", entry)
	}
	return name, netip.Prefix{}, nil
}

// allowsName reports whether host, as a URL names it, is allowed by name.
func (l AllowList) allowsName(host string) bool { return l.names[normalizeHost(host)] }

// allowsAddr reports whether a lies in an allowed address or range.
func (l AllowList) allowsAddr(a netip.Addr) bool {
	return in(l.nets, a.WithZone("").Unmap())
}

func normalizeHost(h string) string { return strings.TrimSuffix(strings.ToLower(h), ".") }

// validHostName accepts DNS names: dot-separated labels of letters, digits, hyphens and
// underscores, none empty or longer than 63, at most 253 in all.
func validHostName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	if last := s[strings.LastIndexByte(s, '.')+1:]; strings.Trim(last, "0123456789") == "" {
		return false // 10.0.0.999 is a mistyped address, not a name
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}
