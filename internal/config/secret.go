package config

import "log/slog"

// Secret holds a token. It prints and logs as "[redacted]" so a token cannot reach a log by
// accident; Reveal is the one way to read it.
type Secret string

// Reveal returns the token itself, for the Slack client and nothing else.
func (s Secret) Reveal() string { return string(s) }

// String implements fmt.Stringer.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// GoString implements fmt.GoStringer, so %#v stays redacted too.
func (s Secret) GoString() string { return s.String() }

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }
