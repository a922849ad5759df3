package netguard

import "net/netip"

// Why an address is refused, as RefusedError.Reason says it.
const (
	reasonInvalid     = "an invalid address"
	reasonUnspecified = "an unspecified address"
	reasonLoopback    = "a loopback address"
	reasonPrivate     = "a private address"
	reasonLinkLocal   = "a link-local address"
	reasonMulticast   = "a multicast address"
	reasonShared      = "a carrier-grade NAT address"
	reasonReserved    = "a reserved address"
)

var (
	// reservedV4 are IPv4 ranges that are not public internet beyond what netip's
	// predicates cover: "this network", IETF assignments, documentation, benchmarking,
	// the old 6to4 relay, and 240/4 with the broadcast address.
	reservedV4 = prefixes("0.0.0.0/8", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24",
		"198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4")
	// sharedV4 is RFC 6598's carrier-grade NAT range.
	sharedV4 = netip.MustParsePrefix("100.64.0.0/10")
	// globalV6 is where public IPv6 unicast lives; everything outside it (the IPv4-
	// compatible ::/96, discard, site-local …) is refused.
	globalV6 = netip.MustParsePrefix("2000::/3")
	// reservedV6 are the non-public ranges inside 2000::/3: IETF protocol assignments
	// (Teredo among them), documentation, and SRv6 segment identifiers.
	reservedV6 = prefixes("2001::/23", "2001:db8::/32", "3fff::/20", "5f00::/16")
	// nat64 embeds an IPv4 address in its last 32 bits; the IPv4 address is judged.
	nat64      = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour  = netip.MustParsePrefix("2002::/16")
	localNAT64 = netip.MustParsePrefix("64:ff9b:1::/48")
)

func prefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

// refusal says why a is not a public internet address, or "" when it is one. IPv4-mapped
// IPv6 addresses (::ffff:127.0.0.1) are judged as the IPv4 address they carry, and so are
// NAT64 and 6to4 addresses.
func refusal(a netip.Addr) string {
	a = a.WithZone("").Unmap()
	switch {
	case !a.IsValid():
		return reasonInvalid
	case a.IsUnspecified():
		return reasonUnspecified
	case a.IsLoopback():
		return reasonLoopback
	case a.IsPrivate():
		return reasonPrivate
	case a.IsMulticast():
		return reasonMulticast
	case a.IsLinkLocalUnicast():
		return reasonLinkLocal
	}
	if a.Is4() {
		if sharedV4.Contains(a) {
			return reasonShared
		}
		if in(reservedV4, a) || !a.IsGlobalUnicast() {
			return reasonReserved
		}
		return ""
	}
	b := a.As16()
	switch {
	case nat64.Contains(a):
		return refusal(netip.AddrFrom4([4]byte(b[12:16])))
	case sixToFour.Contains(a):
		return refusal(netip.AddrFrom4([4]byte(b[2:6])))
	case localNAT64.Contains(a), !globalV6.Contains(a), in(reservedV6, a):
		return reasonReserved
	}
	return ""
}

func in(ps []netip.Prefix, a netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
