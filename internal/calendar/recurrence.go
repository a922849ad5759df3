package calendar

import (
	"slices"
	"time"
)

// recurrence is how an event repeats: its RRULE, RDATEs, EXDATEs and the instances that
// RECURRENCE-ID events move, change or cancel.
type recurrence struct {
	rule *rule // nil: no RRULE
	// untilExact is a zoned rule's UNTIL as an instant; zero otherwise.
	untilExact time.Time
	// zone is where the rule's wall-clock times are; nil for all-day and floating events,
	// whose times are wall-clock times already.
	zone             *time.Location
	allDay, floating bool        // the event's DTSTART
	length           icsDuration // of each instance
	rdates           []rdate
	exdates          instantSet
	overrides        []override
	replaced         instantSet // the original start of each override
}

type override struct {
	Event
	cancelled bool
}

func newRecurrence(ev Event, length icsDuration) *recurrence {
	rec := &recurrence{length: length, allDay: ev.AllDay, floating: ev.Floating}
	if !ev.AllDay && !ev.Floating {
		rec.zone = ev.Start.Location()
	}
	return rec
}

// addOverride replaces the instance that started at id with ev, or removes it.
func (rec *recurrence) addOverride(id icsTime, ev Event, cancelled bool) {
	rec.replaced.add(id, rec.allDay, rec.floating)
	rec.overrides = append(rec.overrides, override{Event: ev, cancelled: cancelled})
}

// instantSet matches instance starts the way EXDATE and RECURRENCE-ID name them: a DATE
// names a local day (and, for an all-day event, any value names its day), a floating time
// names a wall-clock time, and a zoned or UTC time names an instant.
type instantSet struct {
	days     map[Date]struct{}
	walls    map[int64]struct{} // wall-clock times, read as UTC, in Unix seconds
	instants map[int64]struct{}
}

// add records x for an event that is all-day or floating, or neither.
func (s *instantSet) add(x icsTime, allDay, floating bool) {
	switch {
	case x.date || allDay:
		if s.days == nil {
			s.days = map[Date]struct{}{}
		}
		s.days[DateOf(x.t)] = struct{}{}
	case x.floating || floating:
		if s.walls == nil {
			s.walls = map[int64]struct{}{}
		}
		s.walls[wallClock(x.t).Unix()] = struct{}{}
	default:
		if s.instants == nil {
			s.instants = map[int64]struct{}{}
		}
		s.instants[x.t.Unix()] = struct{}{}
	}
}

func (s *instantSet) len() int { return len(s.days) + len(s.walls) + len(s.instants) }

// has reports whether an instance starting at start, in the event's zone or as a
// wall-clock time, is in the set.
func (s *instantSet) has(start time.Time) bool {
	if _, ok := s.days[DateOf(start)]; ok {
		return true
	}
	if _, ok := s.walls[wallClock(start).Unix()]; ok {
		return true
	}
	_, ok := s.instants[start.Unix()]
	return ok
}

// occurrences lists e's instances that overlap [from, to), in order of start. A single
// event is its own instance. All-day and floating instances are compared by their
// wall-clock times read as UTC, so a caller leaves a day of slack either side.
func (e Event) occurrences(from, to time.Time) []Event {
	rec := e.rec
	if rec == nil {
		if overlaps(e, from, to) {
			return []Event{e}
		}
		return nil
	}
	naive := rec.zone == nil
	var out []Event
	add := func(start, end time.Time, allDay, floating bool) {
		if rec.exdates.has(start) || rec.replaced.has(start) {
			return
		}
		inst := e
		inst.rec, inst.RRule = nil, ""
		inst.Start, inst.End, inst.AllDay, inst.Floating = start, end, allDay, floating
		if overlaps(inst, from, to) {
			out = append(out, inst)
		}
	}
	add(e.Start, e.End, e.AllDay, e.Floating) // DTSTART is always the first instance
	if r := rec.rule; r != nil {
		lo, hi := from, to
		if !naive {
			lo, hi = wallClock(from.In(rec.zone)), wallClock(to.In(rec.zone))
		}
		lo = lo.AddDate(0, 0, -rec.length.days-1).Add(-rec.length.clock)
		hi = hi.AddDate(0, 0, 1)
		for _, t := range r.startsBetween(lo, hi, MaxInstances) {
			start := t
			if !naive {
				start = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, rec.zone)
				if !rec.untilExact.IsZero() && start.After(rec.untilExact) {
					continue
				}
			}
			if !start.Equal(e.Start) {
				add(start, rec.length.addTo(start), e.AllDay, e.Floating)
			}
		}
	}
	for _, r := range rec.rdates {
		end := r.end
		if end.IsZero() {
			if r.start.date && !e.AllDay {
				end = r.start.t.AddDate(0, 0, 1)
			} else {
				end = rec.length.addTo(r.start.t)
			}
		}
		add(r.start.t, end, r.start.date, r.start.floating)
	}
	for _, o := range rec.overrides {
		if !o.cancelled && overlaps(o.Event, from, to) {
			out = append(out, o.Event)
		}
	}
	slices.SortStableFunc(out, func(a, b Event) int { return a.Start.Compare(b.Start) })
	return slices.CompactFunc(out, func(a, b Event) bool {
		return a.Start.Equal(b.Start) && a.End.Equal(b.End) && a.Summary == b.Summary
	})
}

// overlaps reports whether e overlaps [from, to); an instant event counts at its start.
func overlaps(e Event, from, to time.Time) bool {
	end := e.End
	if !end.After(e.Start) {
		end = e.Start.Add(time.Nanosecond)
	}
	return e.Start.Before(to) && end.After(from)
}
