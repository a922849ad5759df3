package calendar

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Event is one VEVENT of an ICS feed.
type Event struct {
	UID     string
	Summary string
	// Start and End bound the event; End is exclusive. For an all-day event they are
	// midnight UTC of its first day and of the day after its last. For a floating time
	// (neither TZID nor Z) they hold the wall-clock time as if it were UTC, and Floating is
	// set: the event happens at that wall-clock time wherever it is observed.
	Start, End time.Time
	AllDay     bool
	Floating   bool
	// RRule is the event's recurrence rule, kept as written. Recurrences are not expanded:
	// only the first occurrence is matched. Holiday feeds list each year's dates anyway.
	RRule string
	// Line is where the event's BEGIN:VEVENT is in the feed.
	Line int
}

// Span is the first and last local day the event touches in loc. All-day and floating
// events keep their calendar days wherever they are observed.
func (e Event) Span(loc *time.Location) (first, last Date) {
	start, end := e.Start, e.End
	if !e.AllDay && !e.Floating {
		start, end = start.In(loc), end.In(loc)
	}
	first = DateOf(start)
	if !end.After(start) {
		return first, first
	}
	return first, DateOf(end.Add(-time.Nanosecond))
}

// SkippedEventsError reports the malformed events ParseICS left out. The events it did
// return are sound, so a caller can use them and mention the skipped count.
type SkippedEventsError struct {
	Skipped int
	// Reasons holds the first few problems, each with its line.
	Reasons []string
}

const maxSkipReasons = 10

func (e *SkippedEventsError) Error() string {
	s := fmt.Sprintf("ics: skipped %d malformed event", e.Skipped)
	if e.Skipped != 1 {
		s += "s"
	}
	if len(e.Reasons) > 0 {
		s += ": " + strings.Join(e.Reasons, "; ")
	}
	if more := e.Skipped - len(e.Reasons); more > 0 {
		s += fmt.Sprintf("; and %d more", more)
	}
	return s
}

// maxICSLine bounds one unfolded content line.
const maxICSLine = 1 << 20

// ParseICS reads the VEVENTs of an iCalendar stream (RFC 5545): folded lines, DTSTART and
// DTEND as DATE or DATE-TIME (UTC with Z, zoned with TZID, or floating), DURATION, SUMMARY
// and UID. Cancelled events are dropped. Properties of nested components (VALARM) are
// ignored; VTIMEZONE definitions are not read: a TZID must name an IANA zone (or a common
// Windows zone name), else the event is skipped.
//
// A malformed event is skipped, not fatal: the sound events are returned together with a
// *SkippedEventsError that counts the rest. Any other error means the input is not a
// usable calendar at all (an HTML error page, say) and no events are returned.
func ParseICS(r io.Reader) ([]Event, error) {
	lines, err := unfold(r)
	if err != nil {
		return nil, err
	}
	if err := checkCalendarStart(lines); err != nil {
		return nil, err
	}

	var (
		events  []Event
		skipped SkippedEventsError
		stack   []string
		cur     *eventBuilder
	)
	skip := func(b *eventBuilder, reason string) {
		skipped.Skipped++
		if len(skipped.Reasons) < maxSkipReasons {
			skipped.Reasons = append(skipped.Reasons, b.describe()+": "+reason)
		}
	}
	for _, cl := range lines {
		if cl.text == "" {
			continue
		}
		p, err := parseContentLine(cl.text)
		if err != nil {
			if cur != nil && cur.problem == "" {
				cur.problem = fmt.Sprintf("line %d: %v", cl.line, err)
			}
			continue
		}
		switch p.name {
		case "BEGIN":
			comp := strings.ToUpper(p.value)
			if comp == "VEVENT" && len(stack) > 0 && stack[len(stack)-1] == "VCALENDAR" {
				cur = &eventBuilder{line: cl.line, depth: len(stack) + 1}
			}
			stack = append(stack, comp)
		case "END":
			comp := strings.ToUpper(p.value)
			i := lastIndex(stack, comp)
			if i < 0 {
				continue // a stray END closes nothing
			}
			if cur != nil && i < cur.depth {
				if i == cur.depth-1 && comp == "VEVENT" {
					if ev, reason := cur.build(); reason != "" {
						skip(cur, reason)
					} else if !cur.cancelled {
						events = append(events, ev)
					}
				} else {
					skip(cur, fmt.Sprintf("END:%s on line %d before END:VEVENT", comp, cl.line))
				}
				cur = nil
			}
			stack = stack[:i]
		default:
			if cur != nil && len(stack) == cur.depth {
				cur.set(p, cl.line)
			}
		}
	}
	if cur != nil {
		skip(cur, "the feed ends before END:VEVENT")
	}
	if skipped.Skipped > 0 {
		return events, &skipped
	}
	return events, nil
}

func lastIndex(stack []string, comp string) int {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i] == comp {
			return i
		}
	}
	return -1
}

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

type eventBuilder struct {
	line      int
	depth     int // len(stack) while inside this VEVENT
	props     map[string]property
	problem   string
	cancelled bool
}

func (b *eventBuilder) set(p property, line int) {
	switch p.name {
	case "DTSTART", "DTEND", "DURATION", "SUMMARY", "UID", "RRULE":
		if b.props == nil {
			b.props = map[string]property{}
		}
		if _, dup := b.props[p.name]; dup && b.problem == "" {
			b.problem = fmt.Sprintf("line %d: %s appears twice", line, p.name)
		}
		b.props[p.name] = p
	case "STATUS":
		b.cancelled = strings.EqualFold(strings.TrimSpace(p.value), "CANCELLED")
	}
}

func (b *eventBuilder) describe() string {
	if s, ok := b.props["SUMMARY"]; ok && s.value != "" {
		return fmt.Sprintf("event %q on line %d", truncate(unescapeText(s.value)), b.line)
	}
	return fmt.Sprintf("event on line %d", b.line)
}

// build turns the collected properties into an Event, or says what is wrong with them.
func (b *eventBuilder) build() (Event, string) {
	if b.problem != "" {
		return Event{}, b.problem
	}
	ev := Event{
		UID:     strings.TrimSpace(b.props["UID"].value),
		Summary: strings.TrimSpace(unescapeText(b.props["SUMMARY"].value)),
		RRule:   strings.TrimSpace(b.props["RRULE"].value),
		Line:    b.line,
	}
	dtstart, ok := b.props["DTSTART"]
	if !ok {
		return Event{}, "no DTSTART"
	}
	start, err := parseICSTime(dtstart)
	if err != nil {
		return Event{}, "DTSTART: " + err.Error()
	}
	ev.Start, ev.AllDay, ev.Floating = start.t, start.date, start.floating

	switch dtend, hasEnd := b.props["DTEND"]; {
	case hasEnd:
		end, err := parseICSTime(dtend)
		if err != nil {
			return Event{}, "DTEND: " + err.Error()
		}
		if end.date != start.date {
			return Event{}, "DTSTART and DTEND must both be dates or both be date-times"
		}
		if end.floating != start.floating {
			return Event{}, "DTSTART and DTEND mix a floating time with a zoned one"
		}
		ev.End = end.t
	case b.props["DURATION"].value != "":
		d, err := parseICSDuration(b.props["DURATION"].value)
		if err != nil {
			return Event{}, "DURATION: " + err.Error()
		}
		if start.date && d.clock != 0 {
			return Event{}, "DURATION of an all-day event must be whole days or weeks"
		}
		ev.End = d.addTo(ev.Start)
	case start.date:
		ev.End = ev.Start.AddDate(0, 0, 1) // an all-day event without an end lasts its day
	default:
		ev.End = ev.Start
	}
	if ev.End.Before(ev.Start) {
		return Event{}, fmt.Sprintf("it ends (%s) before it starts (%s)", b.props["DTEND"].value, dtstart.value)
	}
	return ev, ""
}

type icsTime struct {
	t        time.Time
	date     bool
	floating bool
}

// parseICSTime reads a DATE (20261126) or DATE-TIME (20261126T090000, with Z for UTC or a
// TZID parameter, else floating).
func parseICSTime(p property) (icsTime, error) {
	v := strings.TrimSpace(p.value)
	valueType := strings.ToUpper(p.params["VALUE"])
	if valueType == "DATE" || (valueType == "" && len(v) == 8) {
		t, err := time.Parse("20060102", v)
		if err != nil {
			return icsTime{}, fmt.Errorf("%q is not a date like 20261126", v)
		}
		return icsTime{t: t, date: true}, nil
	}
	if valueType != "" && valueType != "DATE-TIME" {
		return icsTime{}, fmt.Errorf("VALUE=%s is not a date or a date-time", valueType)
	}
	const layout = "20060102T150405"
	if utc, ok := strings.CutSuffix(v, "Z"); ok {
		t, err := time.Parse(layout, utc)
		if err != nil {
			return icsTime{}, fmt.Errorf("%q is not a date-time like 20261126T090000Z", v)
		}
		return icsTime{t: t}, nil
	}
	tzid, zoned := p.params["TZID"]
	loc := time.UTC
	if zoned {
		var err error
		if loc, err = resolveTZID(tzid); err != nil {
			return icsTime{}, err
		}
	}
	t, err := time.ParseInLocation(layout, v, loc)
	if err != nil {
		return icsTime{}, fmt.Errorf("%q is not a date-time like 20261126T090000", v)
	}
	return icsTime{t: t, floating: !zoned}, nil
}

// windowsZones maps the zone names Outlook and Exchange write as TZID to IANA zones.
var windowsZones = map[string]string{
	"UTC":                            "UTC",
	"GMT Standard Time":              "Europe/London",
	"W. Europe Standard Time":        "Europe/Berlin",
	"Romance Standard Time":          "Europe/Paris",
	"Central Europe Standard Time":   "Europe/Budapest",
	"Central European Standard Time": "Europe/Warsaw",
	"Eastern Standard Time":          "America/New_York",
	"Central Standard Time":          "America/Chicago",
	"Mountain Standard Time":         "America/Denver",
	"Pacific Standard Time":          "America/Los_Angeles",
	"Central Standard Time (Mexico)": "America/Mexico_City",
	"E. South America Standard Time": "America/Sao_Paulo",
	"AUS Eastern Standard Time":      "Australia/Sydney",
	"Tokyo Standard Time":            "Asia/Tokyo",
	"India Standard Time":            "Asia/Kolkata",
}

// resolveTZID finds the zone a TZID names: an IANA name, a globally unique one such as
// /freeassociation.sourceforge.net/Europe/London whose tail is an IANA name, or a common
// Windows zone name.
func resolveTZID(tzid string) (*time.Location, error) {
	name := strings.TrimSpace(tzid)
	if iana, ok := windowsZones[name]; ok {
		name = iana
	}
	if name != "" && !strings.EqualFold(name, "local") {
		if loc, err := loadZone(name); err == nil {
			return loc, nil
		}
		parts := strings.Split(strings.Trim(name, "/"), "/")
		for n := min(3, len(parts)); n >= 2; n-- {
			if loc, err := loadZone(strings.Join(parts[len(parts)-n:], "/")); err == nil {
				return loc, nil
			}
		}
	}
	return nil, fmt.Errorf("unknown time zone TZID=%q; use an IANA zone such as Europe/Paris", tzid)
}

type icsDuration struct {
	neg   bool
	days  int // weeks are 7 days; days are calendar days, not 24 hours
	clock time.Duration
}

func (d icsDuration) addTo(t time.Time) time.Time {
	if d.neg {
		return t.AddDate(0, 0, -d.days).Add(-d.clock)
	}
	return t.AddDate(0, 0, d.days).Add(d.clock)
}

// parseICSDuration reads an RFC 5545 duration: P1W, P2D, PT1H30M, P1DT12H, -PT15M.
func parseICSDuration(s string) (icsDuration, error) {
	bad := fmt.Errorf("%q is not a duration like P1D or PT1H30M", s)
	var d icsDuration
	v := strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(v, "-"); ok {
		d.neg, v = true, rest
	} else {
		v = strings.TrimPrefix(v, "+")
	}
	v, ok := strings.CutPrefix(v, "P")
	if !ok || v == "" {
		return d, bad
	}
	inTime, seen, seenTime := false, false, false
	for v != "" {
		if v[0] == 'T' {
			if inTime {
				return d, bad
			}
			inTime, v = true, v[1:]
			continue
		}
		seenTime = inTime
		i := 0
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
		}
		if i == 0 || i == len(v) {
			return d, bad
		}
		n, err := strconv.Atoi(v[:i])
		if err != nil {
			return d, bad
		}
		switch unit := v[i]; {
		case unit == 'W' && !inTime:
			d.days += 7 * n
		case unit == 'D' && !inTime:
			d.days += n
		case unit == 'H' && inTime:
			d.clock += time.Duration(n) * time.Hour
		case unit == 'M' && inTime:
			d.clock += time.Duration(n) * time.Minute
		case unit == 'S' && inTime:
			d.clock += time.Duration(n) * time.Second
		default:
			return d, bad
		}
		seen, v = true, v[i+1:]
	}
	if !seen || inTime && !seenTime {
		return d, bad
	}
	return d, nil
}
