// Package netguard is how Rapport talks to servers it does not run (news feeds, ICS
// calendars, GDELT): where it may connect, how far it follows redirects, and what of an
// address or a failure may be shown to people.
//
//   - NewClient returns an *http.Client that refuses, at dial time, every address that is
//     not public internet (loopback, private, link-local, CGNAT, unspecified, multicast and
//     reserved ranges, in IPv4, IPv6 and IPv4-mapped forms), unless the configuration
//     allows it by host name or by range. Because the check runs on the address actually
//     dialled, redirects and DNS answers that change between two lookups are covered too.
//     It speaks http and https only, follows at most five redirects, never from https to
//     http, and ignores proxy settings (a proxy would dial on our behalf, unguarded).
//   - RedactURL keeps scheme, host and path of an address, without user info, query,
//     fragment or secret-looking path segments; Scrub removes an address's secrets from a
//     text such as an error message, for logs.
//   - StatusError is a server's non-2xx answer, so callers can say "HTTP 404" without
//     reading messages.
//
// It imports only the standard library.
package netguard
