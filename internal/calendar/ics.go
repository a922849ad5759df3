package calendar

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Limits for ParseICS and for expanding recurrences, so that a hostile or broken feed costs
// bounded time and memory. Events past a limit are skipped and reported in the
// *SkippedEventsError.
const (
	// MaxEvents is the most VEVENTs ParseICS reads from one feed, overrides included.
	MaxEvents = 20000
	// MaxRecurringEvents is the most events with an RRULE ParseICS keeps from one feed.
	MaxRecurringEvents = 1000
	// MaxInstances caps the instances of one event generated for one check, the RDATE and
	// EXDATE values of one event, and a COUNT (a larger COUNT is read as no COUNT).
	MaxInstances = 10000
)

// Event is one VEVENT of an ICS feed: a single event, or the first instance of a
// recurring one.
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
	// RRule is the event's recurrence rule, kept as written. Check expands it, with the
	// event's RDATE, EXDATE and RECURRENCE-ID overrides, around the launch; Start and End
	// are the first instance.
	RRule string
	// Line is where the event's BEGIN:VEVENT is in the feed.
	Line int

	// rec is how the event recurs; nil for a single event. Shared by copies, never
	// modified after ParseICS.
	rec *recurrence
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

func (e *SkippedEventsError) add(reason string) {
	e.Skipped++
	if len(e.Reasons) < maxSkipReasons {
		e.Reasons = append(e.Reasons, reason)
	}
}

// ParseICS reads the VEVENTs of an iCalendar stream (RFC 5545): folded lines, DTSTART and
// DTEND as DATE or DATE-TIME (UTC with Z, zoned with TZID, or floating), DURATION, SUMMARY,
// UID, and recurrence: RRULE (daily to yearly; see github.com/teambition/rrule-go), RDATE,
// EXDATE and RECURRENCE-ID overrides, which are attached to their event rather than
// returned on their own. Cancelled events and instances are dropped. Properties of nested
// components (VALARM) are ignored. A TZID names an IANA zone, a common Windows zone name,
// or a VTIMEZONE of the feed; else the event is skipped.
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
	feed := scanFeed(lines)
	zones := newZoneResolver(feed.zones)

	var (
		skipped   SkippedEventsError
		parsed    []parsedEvent
		recurring int
	)
	for i, raw := range feed.events {
		if i == MaxEvents {
			skipped.add(fmt.Sprintf("%s: the feed has more than %d events; the rest are not read", raw.describe(), MaxEvents))
			skipped.Skipped += len(feed.events) - MaxEvents - 1
			break
		}
		ev, reason := raw.build(zones)
		if reason != "" {
			skipped.add(raw.describe() + ": " + reason)
			continue
		}
		if ev.rec != nil && ev.rec.rule != nil {
			if recurring == MaxRecurringEvents {
				skipped.add(fmt.Sprintf("%s: the feed has more than %d recurring events", raw.describe(), MaxRecurringEvents))
				continue
			}
			recurring++
		}
		parsed = append(parsed, ev)
	}
	events := attachOverrides(parsed)
	if skipped.Skipped > 0 {
		return events, &skipped
	}
	return events, nil
}

// attachOverrides gives each event its RECURRENCE-ID overrides (same UID) and drops
// cancelled events. An override whose event is not in the feed stands on its own; the
// overrides of a cancelled event go with it. UIDs are unique to a series (RFC 5545), so
// when a feed repeats one, overrides go to the first event that has it.
func attachOverrides(parsed []parsedEvent) []Event {
	master := map[string]int{}
	cancelled := map[string]bool{}
	for i, p := range parsed {
		switch _, seen := master[p.UID]; {
		case p.recurrenceID != nil || p.UID == "":
		case p.cancelled:
			cancelled[p.UID] = true
		case !seen:
			master[p.UID] = i
		}
	}
	for _, p := range parsed {
		if i, ok := master[p.UID]; ok && p.recurrenceID != nil && p.UID != "" {
			parsed[i].addOverride(*p.recurrenceID, p.Event, p.cancelled)
		}
	}
	var events []Event
	for _, p := range parsed {
		_, hasMaster := master[p.UID]
		switch {
		case p.cancelled:
		case p.recurrenceID == nil:
			events = append(events, p.Event)
		case p.UID == "" || !hasMaster && !cancelled[p.UID]:
			events = append(events, p.Event) // an instance whose series is not in the feed
		}
	}
	return events
}
