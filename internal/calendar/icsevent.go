package calendar

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// feed is what scanFeed finds in a calendar: its events and time-zone definitions, as
// written.
type feed struct {
	events []*rawEvent
	zones  []*rawZone
}

// rawEvent is a VEVENT's properties as read, before they are understood.
type rawEvent struct {
	line      int
	depth     int // the component stack's length inside this VEVENT
	props     map[string]property
	lists     map[string][]property // EXDATE and RDATE may repeat
	problem   string
	cancelled bool
}

// scanFeed walks the components: VEVENTs and VTIMEZONEs directly inside the VCALENDAR.
// A VEVENT cut short by another END is kept with its problem, to be reported.
func scanFeed(lines []logicalLine) feed {
	var (
		f     feed
		stack []string
		ev    *rawEvent
		zone  *rawZone
		obs   *rawObservance
	)
	for _, cl := range lines {
		if cl.text == "" {
			continue
		}
		p, err := parseContentLine(cl.text)
		if err != nil {
			if ev != nil && ev.problem == "" {
				ev.problem = fmt.Sprintf("line %d: %v", cl.line, err)
			}
			continue
		}
		p.line = cl.line
		switch p.name {
		case "BEGIN":
			comp := strings.ToUpper(p.value)
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			switch {
			case comp == "VEVENT" && parent == "VCALENDAR" && ev == nil && zone == nil:
				ev = &rawEvent{line: cl.line, depth: len(stack) + 1}
			case comp == "VTIMEZONE" && parent == "VCALENDAR" && ev == nil && zone == nil:
				zone = &rawZone{line: cl.line, depth: len(stack) + 1}
			case (comp == "STANDARD" || comp == "DAYLIGHT") && zone != nil && obs == nil && len(stack) == zone.depth:
				obs = &rawObservance{daylight: comp == "DAYLIGHT", depth: len(stack) + 1}
			}
			stack = append(stack, comp)
		case "END":
			comp := strings.ToUpper(p.value)
			i := lastIndex(stack, comp)
			if i < 0 {
				continue // a stray END closes nothing
			}
			if ev != nil && i < ev.depth {
				if (i != ev.depth-1 || comp != "VEVENT") && ev.problem == "" {
					ev.problem = fmt.Sprintf("END:%s on line %d before END:VEVENT", comp, cl.line)
				}
				f.events = append(f.events, ev)
				ev = nil
			}
			if obs != nil && i < obs.depth {
				if i == obs.depth-1 {
					zone.observances = append(zone.observances, obs)
				}
				obs = nil
			}
			if zone != nil && i < zone.depth {
				f.zones = append(f.zones, zone)
				zone = nil
			}
			stack = stack[:i]
		default:
			switch {
			case ev != nil && len(stack) == ev.depth:
				ev.set(p)
			case obs != nil && len(stack) == obs.depth:
				obs.set(p)
			case zone != nil && len(stack) == zone.depth:
				zone.set(p)
			}
		}
	}
	if ev != nil {
		if ev.problem == "" {
			ev.problem = "the feed ends before END:VEVENT"
		}
		f.events = append(f.events, ev)
	}
	return f
}

func lastIndex(stack []string, comp string) int {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i] == comp {
			return i
		}
	}
	return -1
}

func (b *rawEvent) set(p property) {
	switch p.name {
	case "DTSTART", "DTEND", "DURATION", "SUMMARY", "UID", "RRULE", "RECURRENCE-ID":
		if b.props == nil {
			b.props = map[string]property{}
		}
		if _, dup := b.props[p.name]; dup && b.problem == "" {
			b.problem = fmt.Sprintf("line %d: %s appears twice", p.line, p.name)
		}
		b.props[p.name] = p
	case "EXDATE", "RDATE":
		if b.lists == nil {
			b.lists = map[string][]property{}
		}
		b.lists[p.name] = append(b.lists[p.name], p)
	case "STATUS":
		b.cancelled = strings.EqualFold(strings.TrimSpace(p.value), "CANCELLED")
	}
}

func (b *rawEvent) describe() string {
	if s, ok := b.props["SUMMARY"]; ok && s.value != "" {
		return fmt.Sprintf("event %q on line %d", truncate(unescapeText(s.value)), b.line)
	}
	return fmt.Sprintf("event on line %d", b.line)
}

// parsedEvent is an Event with what ParseICS still needs to place it: whether it was
// cancelled, and which instance of its series it overrides, if any.
type parsedEvent struct {
	Event
	cancelled    bool
	recurrenceID *icsTime
	length       icsDuration
}

// addOverride replaces the instance id of p's series with ov, or removes it if cancelled.
func (p *parsedEvent) addOverride(id icsTime, ov Event, cancelled bool) {
	if p.rec == nil {
		p.rec = newRecurrence(p.Event, p.length)
	}
	p.rec.addOverride(id, ov, cancelled)
}

// build turns the collected properties into an event, or says what is wrong with them.
func (b *rawEvent) build(zones *zoneResolver) (parsedEvent, string) {
	if b.problem != "" {
		return parsedEvent{}, b.problem
	}
	ev := Event{
		UID:     strings.TrimSpace(b.props["UID"].value),
		Summary: strings.TrimSpace(unescapeText(b.props["SUMMARY"].value)),
		RRule:   strings.TrimSpace(b.props["RRULE"].value),
		Line:    b.line,
	}
	dtstart, ok := b.props["DTSTART"]
	if !ok {
		return parsedEvent{}, "no DTSTART"
	}
	start, err := parseICSTime(dtstart, zones)
	if err != nil {
		return parsedEvent{}, "DTSTART: " + err.Error()
	}
	ev.Start, ev.AllDay, ev.Floating = start.t, start.date, start.floating

	var length icsDuration
	switch dtend, hasEnd := b.props["DTEND"]; {
	case hasEnd:
		end, err := parseICSTime(dtend, zones)
		if err != nil {
			return parsedEvent{}, "DTEND: " + err.Error()
		}
		if end.date != start.date {
			return parsedEvent{}, "DTSTART and DTEND must both be dates or both be date-times"
		}
		if end.floating != start.floating {
			return parsedEvent{}, "DTSTART and DTEND mix a floating time with a zoned one"
		}
		ev.End = end.t
		if start.date {
			length.days = DateOf(start.t).DaysUntil(DateOf(end.t))
		} else {
			length.clock = end.t.Sub(start.t) // an exact duration, the same for every instance
		}
	case b.props["DURATION"].value != "":
		length, err = parseICSDuration(b.props["DURATION"].value)
		if err != nil {
			return parsedEvent{}, "DURATION: " + err.Error()
		}
		if start.date && length.clock != 0 {
			return parsedEvent{}, "DURATION of an all-day event must be whole days or weeks"
		}
		ev.End = length.addTo(ev.Start)
	case start.date:
		length.days = 1 // an all-day event without an end lasts its day
		ev.End = length.addTo(ev.Start)
	default:
		ev.End = ev.Start
	}
	if ev.End.Before(ev.Start) {
		return parsedEvent{}, fmt.Sprintf("it ends (%s) before it starts (%s)", b.props["DTEND"].value, dtstart.value)
	}
	out := parsedEvent{Event: ev, cancelled: b.cancelled, length: length}

	if rid, ok := b.props["RECURRENCE-ID"]; ok {
		id, err := parseICSTime(rid, zones)
		if err != nil {
			return parsedEvent{}, "RECURRENCE-ID: " + err.Error()
		}
		out.recurrenceID = &id
		out.RRule = "" // an override is one instance; the series' rule is on its event
		return out, ""
	}
	if ev.RRule == "" && len(b.lists) == 0 {
		return out, ""
	}
	rec := newRecurrence(ev, length)
	if ev.RRule != "" {
		if rec.rule, rec.untilExact, err = parseRule(ev.RRule, start); err != nil {
			return parsedEvent{}, fmt.Sprintf("RRULE on line %d: %v", b.props["RRULE"].line, err)
		}
	}
	for _, p := range b.lists["EXDATE"] {
		values, err := parseTimeList(p, zones)
		if err != nil {
			return parsedEvent{}, fmt.Sprintf("EXDATE on line %d: %v", p.line, err)
		}
		for _, v := range values {
			if rec.exdates.len() == MaxInstances {
				return parsedEvent{}, fmt.Sprintf("EXDATE on line %d: more than %d excluded dates", p.line, MaxInstances)
			}
			rec.exdates.add(v.start, ev.AllDay, ev.Floating)
		}
	}
	for _, p := range b.lists["RDATE"] {
		values, err := parseTimeList(p, zones)
		if err != nil {
			return parsedEvent{}, fmt.Sprintf("RDATE on line %d: %v", p.line, err)
		}
		if len(rec.rdates)+len(values) > MaxInstances {
			return parsedEvent{}, fmt.Sprintf("RDATE on line %d: more than %d added dates", p.line, MaxInstances)
		}
		rec.rdates = append(rec.rdates, values...)
	}
	out.rec = rec
	return out, ""
}

// icsTime is a DATE or DATE-TIME value. A DATE is midnight UTC of its day; a floating
// DATE-TIME is its wall-clock time as if it were UTC.
type icsTime struct {
	t        time.Time
	date     bool
	floating bool
}

// parseICSTime reads a DATE (20261126) or DATE-TIME (20261126T090000, with Z for UTC or a
// TZID parameter, else floating).
func parseICSTime(p property, zones *zoneResolver) (icsTime, error) {
	tzid, zoned := p.params["TZID"]
	return parseICSValue(strings.TrimSpace(p.value), strings.ToUpper(p.params["VALUE"]), tzid, zoned, zones)
}

func parseICSValue(v, valueType, tzid string, zoned bool, zones *zoneResolver) (icsTime, error) {
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
	loc := time.UTC
	if zoned {
		var err error
		if loc, err = zones.location(tzid); err != nil {
			return icsTime{}, err
		}
	}
	t, err := time.ParseInLocation(layout, v, loc)
	if err != nil {
		return icsTime{}, fmt.Errorf("%q is not a date-time like 20261126T090000", v)
	}
	return icsTime{t: t, floating: !zoned}, nil
}

// rdate is one value of an RDATE or EXDATE: a time, or for an RDATE PERIOD a time and
// its own end.
type rdate struct {
	start icsTime
	end   time.Time // zero: the event's length applies
}

// parseTimeList reads the comma-separated values of an EXDATE or RDATE: dates, date-times
// or (RDATE only) periods, start/end or start/duration.
func parseTimeList(p property, zones *zoneResolver) ([]rdate, error) {
	tzid, zoned := p.params["TZID"]
	valueType := strings.ToUpper(p.params["VALUE"])
	var out []rdate
	for _, v := range strings.Split(p.value, ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if len(out) == MaxInstances {
			return nil, fmt.Errorf("more than %d values", MaxInstances)
		}
		if valueType != "PERIOD" {
			t, err := parseICSValue(v, valueType, tzid, zoned, zones)
			if err != nil {
				return nil, err
			}
			out = append(out, rdate{start: t})
			continue
		}
		from, to, ok := strings.Cut(v, "/")
		if !ok || p.name != "RDATE" {
			return nil, fmt.Errorf("%q is not a period like 20261126T090000Z/PT1H", v)
		}
		start, err := parseICSValue(from, "DATE-TIME", tzid, zoned, zones)
		if err != nil {
			return nil, err
		}
		r := rdate{start: start}
		if strings.HasPrefix(to, "P") || strings.HasPrefix(to, "+P") {
			d, err := parseICSDuration(to)
			if err != nil {
				return nil, err
			}
			r.end = d.addTo(start.t)
		} else {
			end, err := parseICSValue(to, "DATE-TIME", tzid, zoned, zones)
			if err != nil {
				return nil, err
			}
			r.end = end.t
		}
		if r.end.Before(r.start.t) {
			return nil, fmt.Errorf("period %q ends before it starts", v)
		}
		out = append(out, r)
	}
	return out, nil
}

// icsDuration is an RFC 5545 duration: nominal days (a day is a calendar day, 23 or 25
// hours across a DST change) and an exact clock part.
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
