package csvimport

import (
	"errors"
	"fmt"
	"io"
)

// Row is one row of an import file as read: a good value, or the problems that rejected
// it. A rejected row counts once however many problems it has.
type Row[T any] struct {
	// Line is the line in the file the row starts on.
	Line int
	// Value is the row's value; set only when Errors is empty.
	Value T
	// Errors are a rejected row's problems, in column order; empty for a good row.
	Errors []RowError
	// Replaces is the line of an earlier good row with the same key (the same influencer,
	// account and period, campaign and influencer, or touchpoint), which this row replaces
	// because the file's last row for a key wins; 0 when there is none, or when the Reader
	// has stopped looking (see TrackedKeys).
	Replaces int
}

// OK reports whether the row is good.
func (r Row[T]) OK() bool { return len(r.Errors) == 0 }

// TrackedKeys is how many distinct rows a Reader remembers to tell repeats, in about 30 MB.
// A file with more rows is still read to the end; the repeats past that point are not
// reported, and a caller that writes rows in file order still ends with the last row for
// each key, as a re-imported row replaces the stored one.
const TrackedKeys = 1 << 20

// Reader reads an import file one row at a time, so a file of any size is read in memory
// bounded by one row, the keys of the rows so far (up to TrackedKeys) and what its format
// must know about earlier rows (the campaigns of a campaigns file). It reads with
// encoding/csv's ReuseRecord: nothing of one row is kept after the next is read, except
// the strings in the values, which the caller owns.
type Reader[T any] struct {
	sh     *sheet
	format rowFormat[T]
	seen   *keySet
	notes  warnings
	ended  bool
	// key is the buffer each row's key is written into, reused.
	key []byte
}

// rowFormat is what a file kind adds to the reading of rows: how one row becomes a value and
// its key, and the warnings about the file as a whole.
type rowFormat[T any] interface {
	// read parses one row. It appends to key what the row is about, so a later row with the
	// same key replaces it, and returns the buffer; the key is ignored when errs is non-empty.
	read(r row, w *warnings, key []byte) (v T, _ []byte, errs []RowError)
	// label names the key of v, the good row just read, for people: in the warning about a
	// repeat.
	label(v T) string
	// finish returns the warnings about the whole file, once it has been read.
	finish() []string
}

// warnings gathers what the import did without being asked, as sentences.
type warnings []string

func (w *warnings) add(format string, args ...any) { *w = append(*w, fmt.Sprintf(format, args...)) }

func newReader[T any](r io.Reader, f format, rf rowFormat[T], limit int) (*Reader[T], error) {
	sh, err := openSheet(r, f)
	if err != nil {
		return nil, err
	}
	return &Reader[T]{sh: sh, format: rf, seen: newKeySet(limit), notes: sh.warnings}, nil
}

// Next returns the next row with something in it, good or rejected. At the end of the file
// it returns io.EOF; any other error means the file could not be read on (an I/O error), and
// is not a RowError.
func (rd *Reader[T]) Next() (Row[T], error) {
	r, rowErr, err := rd.sh.next()
	if errors.Is(err, io.EOF) {
		if !rd.ended {
			rd.ended = true
			rd.notes = append(rd.notes, rd.format.finish()...)
		}
		return Row[T]{}, io.EOF
	}
	if err != nil {
		return Row[T]{}, fmt.Errorf("%s file: %w", rd.sh.kind, err)
	}
	if rowErr != nil {
		return Row[T]{Line: rowErr.Line, Errors: []RowError{*rowErr}}, nil
	}
	v, key, errs := rd.format.read(r, &rd.notes, rd.key[:0])
	rd.key = key
	if len(errs) > 0 {
		return Row[T]{Line: r.line, Errors: errs}, nil
	}
	out := Row[T]{Line: r.line, Value: v}
	prev, nowFull := rd.seen.add(key, r.line)
	switch {
	case prev > 0:
		out.Replaces = prev
		rd.notes.add("line %d repeats %s from line %d; using line %d", r.line, rd.format.label(v), prev, r.line)
	case nowFull:
		rd.notes.add("the file has more than %d distinct rows, so from line %d on a row repeating an earlier one is not reported; it still replaces it, as the file's last row for each key wins",
			rd.seen.limit, r.line)
	}
	return out, nil
}

// Warnings returns the warnings gathered since the last call and forgets them: those about
// the header first, then those about rows as they are read, and, once Next has returned
// io.EOF, those about the file as a whole.
func (rd *Reader[T]) Warnings() []string {
	w := rd.notes
	rd.notes = nil
	return w
}
