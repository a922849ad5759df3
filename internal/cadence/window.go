package cadence

import (
	"slices"
	"time"
)

// hold says why nobody in loc may be nudged at now — a weekend or quiet hours — or "" when
// a nudge may go. Both are read on the wall clock in loc, so clock changes need no special
// case: 09:00 is 09:00 on the day the clocks go forward.
func hold(now time.Time, loc *time.Location, p Policy) SkipReason {
	lt := now.In(loc)
	if !p.Weekends {
		if wd := lt.Weekday(); wd == time.Saturday || wd == time.Sunday {
			return SkipWeekend
		}
	}
	if p.QuietHours.Contains(lt) {
		return SkipQuietHours
	}
	return ""
}

// windowHorizon bounds nextWindow's search. A weekend plus quiet hours of nearly a whole
// day still leave a window within three days.
const windowHorizon = 9 * day

// nextWindow is the first instant at or after now at which the owner may be nudged under
// p's quiet hours and weekends, read in the owner's zone: now itself when a nudge may go
// now. It ignores the repeat interval and the weekly budget, which depend on the
// relationship and on what was sent. It is for logs and for "next digest at …".
func nextWindow(now time.Time, owner Owner, p Policy) time.Time {
	loc := owner.Location()
	if hold(now, loc, p) == "" {
		return now
	}
	// The answer lies where the wall clock reaches a quiet-hours end or a midnight (a weekend
	// ending), or where a clock change makes it jump.
	y, m, d := now.In(loc).Date()
	var cands []time.Time
	for i := range int(windowHorizon/day) + 1 {
		if !p.QuietHours.IsZero() {
			cands = append(cands, wallInstants(y, m, d+i, p.QuietHours.end, loc)...)
		}
		if !p.Weekends {
			cands = append(cands, wallInstants(y, m, d+i, 0, loc)...)
		}
	}
	horizon := now.Add(windowHorizon)
	for t := now.In(loc); ; {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.After(horizon) {
			break
		}
		cands = append(cands, end)
		t = end
	}
	slices.SortFunc(cands, time.Time.Compare)
	for _, c := range cands {
		if !c.Before(now) && hold(c, loc, p) == "" {
			return c
		}
	}
	return time.Time{} // unreachable: a valid policy always opens a window within the horizon
}

// wallInstants are the instants at which loc's wall clock first reads minute (after
// midnight) on the local date y-m-d (normalised, so d may overflow the month). Usually one;
// two when the clocks go back across that minute; and when the clocks go forward over it,
// the change itself, the first instant the wall clock is past it.
func wallInstants(y int, m time.Month, d, minute int, loc *time.Location) []time.Time {
	y, m, d = time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Date()
	hh, mm := minute/60, minute%60
	c := time.Date(y, m, d, hh, mm, 0, 0, loc)
	lc := c.In(loc)
	want := wall{y, m, d, hh, mm}
	if got := wallOf(lc); got != want {
		// Skipped by a clock change: the change is when the wall clock passes the minute.
		start, end := lc.ZoneBounds()
		if got.before(want) {
			return []time.Time{end}
		}
		return []time.Time{start}
	}
	out := []time.Time{c}
	_, off := lc.Zone()
	start, end := lc.ZoneBounds()
	if !start.IsZero() {
		if _, prev := start.Add(-time.Nanosecond).In(loc).Zone(); prev > off {
			if alt := c.Add(-time.Duration(prev-off) * time.Second); wallOf(alt.In(loc)) == want {
				out = append([]time.Time{alt}, out...)
			}
		}
	}
	if !end.IsZero() {
		if _, next := end.In(loc).Zone(); next < off {
			if alt := c.Add(time.Duration(off-next) * time.Second); wallOf(alt.In(loc)) == want {
				out = append(out, alt)
			}
		}
	}
	return out
}

// wall is a wall-clock reading to the minute.
type wall struct {
	y      int
	m      time.Month
	d      int
	hh, mm int
}

func wallOf(t time.Time) wall {
	y, m, d := t.Date()
	return wall{y, m, d, t.Hour(), t.Minute()}
}

func (a wall) before(b wall) bool { return a.key() < b.key() }

func (a wall) key() int { return ((a.y*13+int(a.m))*32+a.d)*minutesPerDay + a.hh*60 + a.mm }

// windowDate is the local date of the nudge window lt falls in, which names the window in
// idempotency slots. With quiet hours that cross midnight ("19:00-09:00") or none, it is
// lt's date. With quiet hours inside one day ("09:00-17:00", a night shift), the window runs
// from 17:00 to 09:00 the next morning, and the small hours belong to the evening before, so
// one window never gets two digests.
func windowDate(lt time.Time, q QuietHours) string {
	y, m, d := lt.Date()
	if !q.IsZero() && q.start < q.end {
		h, mi, _ := lt.Clock()
		if h*60+mi < q.start {
			d--
		}
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}
