package calendar

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// Bounds on one RRULE beyond RFC 5545's own. rrule-go loops forever or panics on some rules
// the RFC allows (FREQ=HOURLY;INTERVAL=24;BYHOUR=5, BYDAY=6MO in a month), and a hostile
// feed should not cost more than a legitimate one, so ParseICS refuses them.
const (
	maxInterval = 1000
	// maxInstancesPerDay bounds BYHOUR × BYMINUTE × BYSECOND.
	maxInstancesPerDay = 100
	// maxRulePeriods is the most periods (days, weeks, months or years) one look at a
	// rule evaluates; a long event reaching back further is taken from its latest ones.
	maxRulePeriods = 1000
)

// rule is an RRULE bound to its DTSTART, in wall-clock time: every time in it is a local
// time written as if it were UTC, so that "every Monday at 09:00" stays at 09:00 across DST
// changes, as RFC 5545 wants. recurrence turns its instances into real times.
type rule struct {
	// opt holds the rule's parts with the defaults rrule-go would take from DTSTART made
	// explicit, so it can be evaluated from any period start.
	opt   rrule.ROption
	start time.Time // DTSTART
	until time.Time // the last possible instance start, from UNTIL or COUNT; zero: none
}

var ruleParts = []string{
	"FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY",
	"BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST",
}

// parseRule reads an RRULE value for an event starting at start. For a zoned start, exact
// is UNTIL as an instant, to be checked against real instance times; else it is zero.
func parseRule(value string, start icsTime) (r *rule, exact time.Time, err error) {
	var (
		kept         []string
		until, count string
		seen         = map[string]bool{}
	)
	for _, part := range strings.Split(strings.TrimRight(strings.ToUpper(strings.TrimSpace(value)), ";"), ";") {
		key, val, ok := strings.Cut(part, "=")
		switch {
		case !ok || val == "":
			return nil, exact, fmt.Errorf("%q is not a NAME=VALUE rule part", part)
		case !slices.Contains(ruleParts, key):
			return nil, exact, fmt.Errorf("%s is not a rule part of RFC 5545", key)
		case seen[key]:
			return nil, exact, fmt.Errorf("%s appears twice", key)
		}
		seen[key] = true
		switch key {
		case "UNTIL":
			until = val
		case "COUNT":
			count = val
		default:
			kept = append(kept, part)
		}
	}
	parsed, err := rrule.StrToROption(strings.Join(kept, ";"))
	if err != nil {
		return nil, exact, err
	}
	opt := *parsed
	if opt.Freq > rrule.DAILY {
		return nil, exact, fmt.Errorf("FREQ=%s repeats within a day; only DAILY, WEEKLY, MONTHLY and YEARLY rules are read", opt.Freq)
	}
	switch {
	case opt.Interval < 0 || opt.Interval > maxInterval:
		return nil, exact, fmt.Errorf("INTERVAL=%d is not between 1 and %d", opt.Interval, maxInterval)
	case opt.Interval == 0:
		opt.Interval = 1
	}
	inMonth := opt.Freq == rrule.MONTHLY || opt.Freq == rrule.YEARLY && len(opt.Bymonth) > 0
	for _, wd := range opt.Byweekday {
		if inMonth && (wd.N() > 5 || wd.N() < -5) {
			return nil, exact, fmt.Errorf("BYDAY=%s: a month has at most five of each weekday", wd)
		}
	}
	naiveStart := wallClock(start.t)
	opt = explicitDefaults(opt, naiveStart)
	if n := len(opt.Byhour) * len(opt.Byminute) * len(opt.Bysecond); n > maxInstancesPerDay {
		return nil, exact, fmt.Errorf("BYHOUR, BYMINUTE and BYSECOND give %d times a day; at most %d are read", n, maxInstancesPerDay)
	}
	opt.Dtstart = naiveStart
	if _, err := rrule.NewRRule(opt); err != nil {
		return nil, exact, err
	}
	r = &rule{opt: opt, start: naiveStart}
	if until != "" {
		if r.until, exact, err = parseUntil(until, start); err != nil {
			return nil, exact, fmt.Errorf("UNTIL: %w", err)
		}
		if r.until.Before(naiveStart) {
			r.until = naiveStart // the series is DTSTART alone
		}
	}
	if count != "" {
		n, err := strconv.Atoi(count)
		if err != nil || n < 1 {
			return nil, exact, fmt.Errorf("COUNT=%s is not a positive number", count)
		}
		if n <= MaxInstances {
			last, err := r.nth(n)
			if err != nil {
				return nil, exact, err
			}
			if r.until.IsZero() || last.Before(r.until) {
				r.until = last
			}
		}
	}
	return r, exact, nil
}

// explicitDefaults writes down the parts rrule-go otherwise derives from DTSTART (the day
// of a MONTHLY rule, the weekday of a WEEKLY one, the time of day), so that evaluating the
// rule from a later period start keeps them.
func explicitDefaults(opt rrule.ROption, start time.Time) rrule.ROption {
	opt.Bymonth = dedupe(opt.Bymonth)
	opt.Bymonthday = dedupe(opt.Bymonthday)
	opt.Byyearday = dedupe(opt.Byyearday)
	opt.Byweekno = dedupe(opt.Byweekno)
	opt.Byweekday = dedupe(opt.Byweekday)
	opt.Bysetpos = dedupe(opt.Bysetpos)
	opt.Byhour = dedupe(opt.Byhour)
	opt.Byminute = dedupe(opt.Byminute)
	opt.Bysecond = dedupe(opt.Bysecond)
	if len(opt.Byweekno) == 0 && len(opt.Byyearday) == 0 && len(opt.Bymonthday) == 0 && len(opt.Byweekday) == 0 {
		switch opt.Freq {
		case rrule.YEARLY:
			if len(opt.Bymonth) == 0 {
				opt.Bymonth = []int{int(start.Month())}
			}
			opt.Bymonthday = []int{start.Day()}
		case rrule.MONTHLY:
			opt.Bymonthday = []int{start.Day()}
		case rrule.WEEKLY:
			opt.Byweekday = []rrule.Weekday{rruleWeekday(start.Weekday())}
		}
	}
	if len(opt.Byhour) == 0 {
		opt.Byhour = []int{start.Hour()}
	}
	if len(opt.Byminute) == 0 {
		opt.Byminute = []int{start.Minute()}
	}
	if len(opt.Bysecond) == 0 {
		opt.Bysecond = []int{start.Second()}
	}
	return opt
}

func dedupe[T comparable](list []T) []T {
	var out []T
	for _, v := range list {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func rruleWeekday(d time.Weekday) rrule.Weekday {
	return []rrule.Weekday{rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA}[d]
}

// parseUntil reads UNTIL as the last wall-clock time an instance may start: a DATE is
// its whole day for a timed event; a UTC time is read in the event's zone. For a zoned
// event, exact is UNTIL as an instant.
func parseUntil(v string, start icsTime) (naive, exact time.Time, err error) {
	var loc *time.Location
	if !start.date && !start.floating {
		loc = start.t.Location()
	}
	switch {
	case len(v) == 8:
		d, err := time.Parse("20060102", v)
		if err != nil {
			return naive, exact, fmt.Errorf("%q is not a date like 20261126", v)
		}
		if start.date {
			return d, exact, nil
		}
		naive = d.Add(24*time.Hour - time.Second)
	case strings.HasSuffix(v, "Z"):
		u, err := time.Parse("20060102T150405Z", v)
		if err != nil {
			return naive, exact, fmt.Errorf("%q is not a date-time like 20261126T090000Z", v)
		}
		switch {
		case start.date:
			return wallClock(u).Truncate(24 * time.Hour), exact, nil
		case loc != nil:
			return wallClock(u.In(loc)), u, nil
		}
		naive = u
	default:
		l, err := time.Parse("20060102T150405", v)
		if err != nil {
			return naive, exact, fmt.Errorf("%q is not a date-time like 20261126T090000", v)
		}
		if start.date {
			return l.Truncate(24 * time.Hour), exact, nil
		}
		naive = l
	}
	if loc != nil {
		exact = time.Date(naive.Year(), naive.Month(), naive.Day(), naive.Hour(), naive.Minute(), naive.Second(), 0, loc)
	}
	return naive, exact, nil
}

// wallClock is t's wall-clock time in its own location, written as UTC.
func wallClock(t time.Time) time.Time {
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
}

// nth is the start of the rule's nth instance (or its last, if it has fewer), for COUNT.
func (r *rule) nth(n int) (last time.Time, err error) {
	defer recoverRRule(&err)
	// rrule-go gives up at year 9999, having looped through every period until then when
	// no day matches. Shifting the rule by whole 400-year Gregorian cycles, which keep
	// every weekday, month length and week number, bounds that to 800 years.
	shift := gregorianShift(r.start.Year(), 9200)
	opt := r.opt
	opt.Dtstart = r.start.AddDate(shift, 0, 0)
	opt.Count = n
	rr, err := rrule.NewRRule(opt)
	if err != nil {
		return last, err
	}
	next := rr.Iterator()
	last = opt.Dtstart
	for t, ok := next(); ok; t, ok = next() {
		last = t
	}
	return last.AddDate(-shift, 0, 0), nil
}

// gregorianShift is the whole number of 400-year cycles that brings year closest to,
// without passing, target; zero if year is past it already.
func gregorianShift(year, target int) int {
	if year >= target {
		return 0
	}
	return (target - year) / 400 * 400
}

func recoverRRule(err *error) {
	if v := recover(); v != nil {
		*err = fmt.Errorf("rrule-go: %v", v)
	}
}

// startsBetween lists the starts of the rule's instances in [lo, hi], at most limit, in
// order. It evaluates one period (day, week, month or year) of the rule at a time, from the
// period holding lo, so the cost depends on the window, not on how long ago DTSTART was,
// nor on whether the rule ever matches a day.
func (r *rule) startsBetween(lo, hi time.Time, limit int) []time.Time {
	if !r.until.IsZero() && r.until.Before(hi) {
		hi = r.until
	}
	if lo.Before(r.start) {
		lo = r.start
	}
	if hi.Before(lo) {
		return nil
	}
	interval := r.opt.Interval
	first := r.periodStart(r.start)
	kLo := ceilDiv(r.periodsBetween(first, r.periodStart(lo)), interval)
	kHi := r.periodsBetween(first, r.periodStart(hi)) / interval
	kLo = max(kLo, kHi-maxRulePeriods+1)
	shift := gregorianShift(hi.Year(), 9990)
	var out []time.Time
	for k := kLo; k <= kHi && len(out) < limit; k++ {
		from := r.advance(first, k*interval)
		if k == 0 {
			from = r.start // the first period starts at DTSTART, as rrule-go has it
		}
		starts, err := r.periodStarts(from.AddDate(shift, 0, 0))
		if err != nil {
			break
		}
		for _, t := range starts {
			t = t.AddDate(-shift, 0, 0)
			if t.Before(lo) || t.After(hi) {
				continue
			}
			out = append(out, t)
			if len(out) == limit {
				break
			}
		}
	}
	return out
}

// onePeriod is an INTERVAL that takes rrule-go past year 9999, ending its iteration, right
// after the first period.
const onePeriod = 120000

// periodStarts is the instances of the one period that starts at from.
func (r *rule) periodStarts(from time.Time) (starts []time.Time, err error) {
	defer recoverRRule(&err)
	opt := r.opt
	opt.Dtstart = from
	opt.Interval = onePeriod
	rr, err := rrule.NewRRule(opt)
	if err != nil {
		return nil, err
	}
	next := rr.Iterator()
	for t, ok := next(); ok; t, ok = next() {
		starts = append(starts, t)
	}
	return starts, nil
}

// periodStart is the start of the period holding t: its year, month, day, or week from
// WKST.
func (r *rule) periodStart(t time.Time) time.Time {
	y, m, d := t.Date()
	switch r.opt.Freq {
	case rrule.YEARLY:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case rrule.MONTHLY:
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case rrule.WEEKLY:
		wkst := time.Weekday((r.opt.Wkst.Day() + 1) % 7)
		back := (int(t.Weekday()) - int(wkst) + 7) % 7
		return time.Date(y, m, d-back, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// periodsBetween counts whole periods from the period start a to the period start b.
func (r *rule) periodsBetween(a, b time.Time) int {
	switch r.opt.Freq {
	case rrule.YEARLY:
		return b.Year() - a.Year()
	case rrule.MONTHLY:
		return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	case rrule.WEEKLY:
		return (dayNumber(b) - dayNumber(a)) / 7 // both start on WKST: whole weeks apart
	}
	return dayNumber(b) - dayNumber(a)
}

func (r *rule) advance(periodStart time.Time, n int) time.Time {
	switch r.opt.Freq {
	case rrule.YEARLY:
		return periodStart.AddDate(n, 0, 0)
	case rrule.MONTHLY:
		return periodStart.AddDate(0, n, 0)
	case rrule.WEEKLY:
		return periodStart.AddDate(0, 0, 7*n)
	}
	return periodStart.AddDate(0, 0, n)
}

// dayNumber counts days from 1970-01-01 to t's day.
func dayNumber(t time.Time) int {
	return int(floorDiv(t.Unix(), 86400))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func ceilDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) == (b < 0) {
		q++
	}
	return q
}
