package calendar

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxICSLine bounds one unfolded content line.
const maxICSLine = 1 << 20

type logicalLine struct {
	text string
	line int // first physical line
}

// unfold joins folded lines (a line starting with a space or a tab continues the previous
// one) and accepts CRLF or bare LF endings.
func unfold(r io.Reader) ([]logicalLine, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxICSLine)
	var out []logicalLine
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if n == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if (strings.HasPrefix(text, " ") || strings.HasPrefix(text, "\t")) && len(out) > 0 {
			last := &out[len(out)-1]
			if len(last.text)+len(text) > maxICSLine {
				return nil, fmt.Errorf("ics: line %d: content line longer than %d bytes", last.line, maxICSLine)
			}
			last.text += text[1:]
			continue
		}
		out = append(out, logicalLine{text: text, line: n})
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("ics: line %d is longer than %d bytes", n+1, maxICSLine)
		}
		return nil, fmt.Errorf("ics: %w", err)
	}
	return out, nil
}

func checkCalendarStart(lines []logicalLine) error {
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if t == "" {
			continue
		}
		if strings.EqualFold(t, "BEGIN:VCALENDAR") {
			return nil
		}
		if strings.HasPrefix(t, "<") {
			return errors.New("ics: this is an HTML page, not an iCalendar feed; check the URL (a login or error page?)")
		}
		if len(t) > 40 {
			t = t[:40] + "…"
		}
		return fmt.Errorf("ics: not an iCalendar feed: it starts with %q, not BEGIN:VCALENDAR", t)
	}
	return errors.New("ics: the feed is empty")
}

type property struct {
	name   string
	params map[string]string
	value  string
	line   int
}

// parseContentLine splits NAME;PARAM=VALUE;PARAM="QUOTED":VALUE.
func parseContentLine(s string) (property, error) {
	i := strings.IndexAny(s, ";:")
	if i <= 0 {
		return property{}, fmt.Errorf("%q is not a NAME:VALUE content line", truncate(s))
	}
	p := property{name: strings.ToUpper(s[:i])}
	for s[i] == ';' {
		j := i + 1
		eq := strings.IndexByte(s[j:], '=')
		if eq < 0 {
			return property{}, fmt.Errorf("%s: parameter without a value", p.name)
		}
		key := strings.ToUpper(s[j : j+eq])
		j += eq + 1
		var val strings.Builder
		for j < len(s) && s[j] != ';' && s[j] != ':' {
			if s[j] == '"' {
				end := strings.IndexByte(s[j+1:], '"')
				if end < 0 {
					return property{}, fmt.Errorf("%s: unterminated quoted parameter", p.name)
				}
				val.WriteString(s[j+1 : j+1+end])
				j += end + 2
				continue
			}
			val.WriteByte(s[j])
			j++
		}
		if p.params == nil {
			p.params = map[string]string{}
		}
		p.params[key] = val.String()
		if j >= len(s) {
			return property{}, fmt.Errorf("%s: no ':' before the value", p.name)
		}
		i = j
	}
	p.value = s[i+1:]
	return p, nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// unescapeText undoes TEXT escaping: \\ \; \, \n \N.
func unescapeText(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
