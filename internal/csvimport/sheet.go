package csvimport

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/rapport-bot/rapport/internal/wording"
)

// ErrHeader marks a file that cannot be imported at all: empty, not UTF-8 text, or with a
// header that lacks a required column or names one twice. Row problems never wrap it; they
// are RowErrors in the Result.
var ErrHeader = errors.New("unusable header")

// sheet reads one CSV file row by row, after its header has been mapped onto a format.
type sheet struct {
	// kind names the file in messages ("metrics").
	kind string
	csv  *csv.Reader
	// header holds the header cells as written, for messages.
	header []string
	// field maps a canonical column name to its index in a record.
	field map[string]int
	// warnings gathered while reading the header.
	warnings []string
}

// sniffLen is how much of the file is examined for a byte-order mark and the delimiter.
const sniffLen = 64 << 10

// openSheet reads the header of a CSV file and maps its columns onto f. It accepts what
// spreadsheet programs write: a UTF-8 byte-order mark, CRLF line ends and, from European
// locales, ';' or tab instead of ',' between fields.
func openSheet(r io.Reader, f format) (*sheet, error) {
	br := bufio.NewReaderSize(r, sniffLen)
	head, err := br.Peek(sniffLen)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("reading %s file: %w", f.name, err)
	}
	switch {
	case bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")):
		if _, err := br.Discard(3); err != nil {
			return nil, fmt.Errorf("reading %s file: %w", f.name, err)
		}
		head = head[3:]
	case bytes.HasPrefix(head, []byte("\xFF\xFE")), bytes.HasPrefix(head, []byte("\xFE\xFF")):
		return nil, fmt.Errorf("%s file is UTF-16 text; save it as \"CSV UTF-8\": %w", f.name, ErrHeader)
	}

	cr := csv.NewReader(br)
	cr.Comma = sniffDelimiter(head)
	cr.FieldsPerRecord = -1 // ragged rows are row errors, reported by next
	cr.TrimLeadingSpace = true
	// Each record's slice is reused; its strings are not, so values may outlive the row.
	cr.ReuseRecord = true

	var header []string
	for {
		header, err = cr.Read()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s file is empty; the first line must name the columns (%s): %w",
				f.name, strings.Join(f.names(), ","), ErrHeader)
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s file header: %w: %w", f.name, err, ErrHeader)
			}
			return nil, fmt.Errorf("reading %s file: %w", f.name, err)
		}
		if !blankRecord(header) {
			break
		}
	}
	sh := &sheet{kind: f.name, csv: cr, header: slices.Clone(header), field: make(map[string]int)}
	if err := sh.mapHeader(f); err != nil {
		return nil, err
	}
	return sh, nil
}

// sniffDelimiter picks the field separator from the header line: ',' unless the line has
// none and has ';' or tabs instead, as Excel writes CSV where ',' is the decimal mark.
func sniffDelimiter(head []byte) rune {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	var commas, semis, tabs int
	quoted := false
	for _, c := range line {
		switch c {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				commas++
			}
		case ';':
			if !quoted {
				semis++
			}
		case '\t':
			if !quoted {
				tabs++
			}
		}
	}
	switch {
	case commas > 0:
		return ','
	case semis > 0:
		return ';'
	case tabs > 0:
		return '\t'
	}
	return ','
}

func (sh *sheet) mapHeader(f format) error {
	if !utf8.ValidString(strings.Join(sh.header, "")) {
		return fmt.Errorf("%s file is not UTF-8 text; save it as \"CSV UTF-8\": %w", f.name, ErrHeader)
	}
	known := f.canonical()
	var unknown []string
	for i, h := range sh.header {
		norm := normalizeHeader(h)
		if norm == "" {
			continue // spreadsheets add unnamed trailing columns; they carry nothing
		}
		name, ok := known[norm]
		if !ok {
			unknown = append(unknown, strings.TrimSpace(h))
			continue
		}
		if j, dup := sh.field[name]; dup {
			return fmt.Errorf("%s file has two columns for %s: %q (column %d) and %q (column %d); remove one: %w",
				f.name, name, strings.TrimSpace(sh.header[j]), j+1, strings.TrimSpace(h), i+1, ErrHeader)
		}
		sh.field[name] = i
	}
	for _, name := range f.required {
		if _, ok := sh.field[name]; !ok {
			return fmt.Errorf("%s file has no %q column (its header is %q; the columns are %s): %w",
				f.name, name, strings.Join(sh.header, ","), strings.Join(f.names(), ","), ErrHeader)
		}
	}
	if len(f.anyOf) > 0 && !slices.ContainsFunc(f.anyOf, sh.has) {
		return fmt.Errorf("%s file has none of the columns %s, so there is nothing to import: %w",
			f.name, strings.Join(f.anyOf, ", "), ErrHeader)
	}
	if len(unknown) > 0 {
		sh.warnings = append(sh.warnings, fmt.Sprintf("ignoring unknown %s %s (the %s columns are %s)",
			wording.ForCount(len(unknown), "column", "columns"), quoteAll(unknown), f.name, strings.Join(f.names(), ", ")))
	}
	return nil
}

func (sh *sheet) has(name string) bool {
	_, ok := sh.field[name]
	return ok
}

// row is one record of the file with the line it starts on.
type row struct {
	line   int
	fields []string
	sheet  *sheet
}

// value is the trimmed cell of a canonical column, "" when the file has no such column.
func (r row) value(name string) string {
	i, ok := r.sheet.field[name]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// index is where a canonical column sits in a record, -1 when the file has no such column:
// looked up once per file, it spares a row's cells a map lookup each.
func (sh *sheet) index(name string) int {
	if i, ok := sh.field[name]; ok {
		return i
	}
	return -1
}

// cell is the trimmed cell at index i (from sheet.index), "" for -1.
func (r row) cell(i int) string {
	if i < 0 || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// column is the header of a canonical column as the file writes it, for messages.
func (r row) column(name string) string {
	if i, ok := r.sheet.field[name]; ok {
		return strings.TrimSpace(r.sheet.header[i])
	}
	return name
}

// next returns the next non-blank row. A row that cannot be read as a whole (bad quoting,
// wrong number of fields, not UTF-8) comes back as a RowError; the read goes on after it.
// At the end of the file the error is io.EOF. The row's fields are valid until the next
// call.
func (sh *sheet) next() (row, *RowError, error) {
	for {
		fields, err := sh.csv.Read()
		if errors.Is(err, io.EOF) {
			return row{}, nil, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return row{}, nil, fmt.Errorf("reading file: %w", err)
			}
			return row{}, sh.quoteError(pe, fields), nil
		}
		if blankRecord(fields) {
			continue
		}
		line, _ := sh.csv.FieldPos(0)
		if len(fields) != len(sh.header) {
			return row{}, &RowError{Line: line, Reason: fmt.Sprintf(
				"has %s but the header has %d; a value containing %q needs double quotes around it",
				wording.Plural(len(fields), "field", "fields"), len(sh.header), string(sh.csv.Comma))}, nil
		}
		for i, v := range fields {
			if !utf8.ValidString(v) {
				return row{}, &RowError{Line: line, Column: strings.TrimSpace(sh.header[i]),
					Reason: "is not UTF-8 text; save the file as \"CSV UTF-8\""}, nil
			}
		}
		return row{line: line, fields: fields, sheet: sh}, nil, nil
	}
}

// quoteError turns encoding/csv's quoting errors into advice. partial holds the fields read
// before the fault, so its length is the index of the faulty field.
func (sh *sheet) quoteError(pe *csv.ParseError, partial []string) *RowError {
	re := &RowError{Line: pe.StartLine}
	if i := len(partial); i < len(sh.header) {
		re.Column = strings.TrimSpace(sh.header[i])
	}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		re.Reason = `has a " inside a value without quotes around it; put double quotes around the value and double the " inside it ("5"" tall")`
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line > pe.StartLine:
		re.Reason = fmt.Sprintf(`has a quoted value that runs on to line %d without closing properly; check its quotes (a " inside quotes must be doubled)`,
			pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote):
		re.Reason = `has text after a closing quote; a " inside a quoted value must be doubled ("")`
	default:
		re.Reason = pe.Err.Error()
	}
	return re
}

func blankRecord(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
