package csvimport

import (
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
)

// collect reads every row into a Result, for files small enough to hold whole: the Parse
// functions.
func collect[T any](rd *Reader[T]) (Result[T], error) {
	var res Result[T]
	var live []bool
	index := make(map[int]int) // good row's line → its index in res.Rows
	for {
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Result[T]{}, err
		}
		if !row.OK() {
			res.Errors = append(res.Errors, row.Errors...)
			continue
		}
		if i, ok := index[row.Replaces]; ok && row.Replaces > 0 {
			live[i] = false
		}
		index[row.Line] = len(res.Rows)
		res.Rows = append(res.Rows, row.Value)
		res.Lines = append(res.Lines, row.Line)
		live = append(live, true)
	}
	res.Warnings = rd.Warnings()
	rows, lines := res.Rows[:0:0], res.Lines[:0:0]
	for i, ok := range live {
		if ok {
			rows = append(rows, res.Rows[i])
			lines = append(lines, res.Lines[i])
		}
	}
	res.Rows, res.Lines = rows, lines
	return res, nil
}

// rowCheck gathers every problem of one row, so a person fixes a row in one pass instead of
// one error per import attempt.
type rowCheck struct {
	r    row
	errs []RowError
}

// fail records a problem in column name. The domain's messages start with the field's
// name ("handle is empty"), which the error's column already says, so it is not repeated.
func (rc *rowCheck) fail(name string, err error) {
	reason := strings.TrimPrefix(err.Error(), name+" ")
	rc.errs = append(rc.errs, RowError{Line: rc.r.line, Column: rc.r.column(name), Reason: reason})
}

func (rc *rowCheck) ok() bool { return len(rc.errs) == 0 }

// lineSampleSize is how many lines a warning about many lines names before "and N more".
const lineSampleSize = 10

// lineSample is what a warning about many lines shows: the first few and how many in all,
// so a warning about every line of a large file costs no more than one about ten.
type lineSample struct {
	first []int
	n     int
}

// add records a line; lines come in file order.
func (s *lineSample) add(line int) {
	s.n++
	if len(s.first) < lineSampleSize {
		s.first = append(s.first, line)
	}
}

// merge adds the lines of o, which may come before those of s.
func (s *lineSample) merge(o lineSample) {
	s.n += o.n
	s.first = append(s.first, o.first...)
	slices.Sort(s.first)
	s.first = s.first[:min(len(s.first), lineSampleSize)]
}

// String names the lines compactly: "3, 5, 9", or the first ten "and 12 more".
func (s lineSample) String() string {
	parts := make([]string, 0, len(s.first)+1)
	for _, l := range s.first {
		parts = append(parts, strconv.Itoa(l))
	}
	if s.n > len(s.first) {
		parts = append(parts, "and "+strconv.Itoa(s.n-len(s.first))+" more")
	}
	return strings.Join(parts, ", ")
}
