package csvimport

import (
	"errors"
	"fmt"
)

// RowError is one problem in one row of an import file, pointing at the line a person sees
// in their editor so they can fix the file and import it again.
type RowError struct {
	// Line is the physical line in the file (the header is line 1 when it comes first).
	Line int
	// Column is the header as written in the file; "" when the whole row is at fault.
	Column string
	// Reason says what is wrong and, where it can, what to write instead.
	Reason string
}

func (e RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Column, e.Reason)
}

// Result is what one file yields. Bad rows do not stop the import: they land in Errors and
// the good rows still come back, so the caller can import those or, with --strict, none.
type Result[T any] struct {
	// Rows are the good rows, at most one per key (the file's last row for a key wins),
	// in the order of the lines they came from.
	Rows []T
	// Lines[i] is the line in the file that Rows[i] came from.
	Lines []int
	// Errors lists the rejected rows' problems in line order; a row can have several.
	Errors []RowError
	// Warnings are things the import did without being asked (ignored columns, repeated
	// rows, reinterpreted values) that a person should still hear about.
	Warnings []string
}

// Err joins the row errors into one error, or returns nil when every row was good. Each
// joined error is a RowError, so errors.As finds the first.
func (r Result[T]) Err() error {
	errs := make([]error, len(r.Errors))
	for i, e := range r.Errors {
		errs[i] = e
	}
	return errors.Join(errs...)
}
