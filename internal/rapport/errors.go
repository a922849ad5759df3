package rapport

import "errors"

// Errors that adapters wrap so the Slack edge can answer each kind in plain words.
var (
	// ErrNotFound: the requested record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrUnavailable: a backing service (Redis) could not be reached. Try again shortly.
	ErrUnavailable = errors.New("storage unavailable")
	// ErrConflict: the record already exists (a name taken).
	ErrConflict = errors.New("already exists")
)
