package netguard

import (
	"errors"
	"net/netip"
	"strconv"
)

// ErrRefused is matched (errors.Is) by every *RefusedError.
var ErrRefused = errors.New("refused by the network guard")

// RefusalKind says what a RefusedError refused.
type RefusalKind int

// The things a client refuses.
const (
	// RefusedAddress: an address that is not public internet and not allowed.
	RefusedAddress RefusalKind = iota + 1
	// RefusedScheme: a scheme other than http and https.
	RefusedScheme
	// RefusedRedirect: a redirect to another scheme (other than http to https).
	RefusedRedirect
)

// RefusedError is a connection the client would not make.
type RefusedError struct {
	// Host is the host as asked for: a name or an address.
	Host string
	// Addr is the address refused, when Kind is RefusedAddress.
	Addr   netip.Addr
	Kind   RefusalKind
	Reason string // "a loopback address", "the scheme \"ftp\""
}

func (e *RefusedError) Error() string {
	switch e.Kind {
	case RefusedAddress:
		what := e.Host
		if e.Addr.IsValid() && e.Addr.String() != e.Host {
			what += " (" + e.Addr.String() + ")"
		}
		return "refused to connect to " + what + ": " + e.Reason + "; list it in network.allow_hosts if Rapport should reach it"
	case RefusedRedirect:
		return "refused " + e.Reason
	}
	return "refused " + e.Reason + ": only http and https are fetched"
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// StatusError is a server's answer other than success, wrapped by fetchers' errors.
type StatusError struct {
	Code   int
	Status string // "404 Not Found"
}

func (e *StatusError) Error() string {
	s := e.Status
	if s == "" {
		s = strconv.Itoa(e.Code)
	}
	return "answered " + s
}
