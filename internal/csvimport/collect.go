package csvimport

import (
	"fmt"
	"strings"
)

// collector builds a Result, keeping one row per key: the file's last row for a key wins,
// as when the same sheet is appended to and re-exported, and the person hears which line
// replaced which.
type collector[T any] struct {
	res   Result[T]
	live  []bool
	byKey map[string]int
}

func newCollector[T any](warnings []string) *collector[T] {
	return &collector[T]{res: Result[T]{Warnings: warnings}, byKey: make(map[string]int)}
}

// keep adds a good row. label names the key for people ("ava.moreau on instagram for
// 2024-01-31").
func (c *collector[T]) keep(key, label string, line int, v T) {
	if i, dup := c.byKey[key]; dup {
		c.live[i] = false
		c.res.Warnings = append(c.res.Warnings, fmt.Sprintf("line %d repeats %s from line %d; using line %d",
			line, label, c.res.Lines[i], line))
	}
	c.byKey[key] = len(c.res.Rows)
	c.res.Rows = append(c.res.Rows, v)
	c.res.Lines = append(c.res.Lines, line)
	c.live = append(c.live, true)
}

func (c *collector[T]) reject(errs ...RowError) { c.res.Errors = append(c.res.Errors, errs...) }

func (c *collector[T]) warn(format string, args ...any) {
	c.res.Warnings = append(c.res.Warnings, fmt.Sprintf(format, args...))
}

// result drops the rows later lines replaced.
func (c *collector[T]) result() Result[T] {
	res := c.res
	rows, lines := res.Rows[:0:0], res.Lines[:0:0]
	for i, ok := range c.live {
		if ok {
			rows = append(rows, res.Rows[i])
			lines = append(lines, res.Lines[i])
		}
	}
	res.Rows, res.Lines = rows, lines
	return res
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
