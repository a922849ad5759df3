package csvimport

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// zoneExample is the zone messages suggest.
const zoneExample = "Europe/Paris"

// ErrNoTimeZone marks a launch time written as a wall clock with no zone to read it in.
var ErrNoTimeZone = errors.New("is a local time with no time zone")

// zonedLayouts carry their own UTC offset.
var zonedLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z0700",
}

// wallLayouts are a clock reading in some zone the file names separately.
var wallLayouts = []string{
	"2006-1-2T15:04",
	"2006-1-2 15:04",
	"2006-1-2T15:04:05",
	"2006-1-2 15:04:05",
	"2006/1/2 15:04",
	"2006/1/2 15:04:05",
	"2006-1-2 3:04 PM",
	"2006-1-2 3:04PM",
	"2006-1-2 3 PM",
	"2006-1-2 3PM",
}

// ParseLaunchAt reads a launch time. A wall-clock time ("2026-12-01T09:00" or
// "2026-12-01 09:00") is read in loc; a time with an offset ("2026-12-01T09:00+01:00",
// "…Z") is that instant whatever loc says. The result is in UTC.
//
// A wall-clock time needs loc; without it the error wraps ErrNoTimeZone. A time that
// daylight saving skips (02:30 on the night clocks go forward) is an error. A time it
// repeats (02:30 on the night they go back) is the first of the two, and warning says so;
// warning also reports an offset other than UTC's that does not match loc at that instant.
func ParseLaunchAt(s string, loc *time.Location) (at time.Time, warning string, err error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if t == "" {
		return time.Time{}, "", nil
	}
	for _, layout := range zonedLayouts {
		v, err := time.Parse(layout, t)
		if err != nil {
			continue
		}
		if v.UTC().Year() < earliestYear {
			return time.Time{}, "", fmt.Errorf("%q is before %d; check the year", s, earliestYear)
		}
		if loc != nil {
			_, given := v.Zone()
			local := v.In(loc)
			// UTC is a deliberate way to name an instant; another offset that is not the
			// zone's is more likely a slip in one of the two.
			if _, want := local.Zone(); given != 0 && want != given {
				warning = fmt.Sprintf("%q has offset %s, but %s is at %s then; using the time as written, %s in %s",
					s, v.Format("-07:00"), loc, local.Format("-07:00"), local.Format("15:04"), loc)
			}
		}
		return v.UTC(), warning, nil
	}
	for _, layout := range wallLayouts {
		v, err := time.Parse(layout, t)
		if err != nil {
			continue
		}
		if loc == nil {
			return time.Time{}, "", fmt.Errorf("%q %w", s, ErrNoTimeZone)
		}
		at, warning, err := resolveWall(v, loc)
		if err == nil && at.Year() < earliestYear {
			return time.Time{}, "", fmt.Errorf("%q is before %d; check the year", s, earliestYear)
		}
		return at, warning, err
	}
	if _, ok := parseDay(t); ok {
		return time.Time{}, "", fmt.Errorf("%q has no time of day; write the launch time too, like 2026-12-01T09:00", s)
	}
	if isoShape.MatchString(t) {
		return time.Time{}, "", fmt.Errorf("%q is not a calendar date", s)
	}
	return time.Time{}, "", fmt.Errorf("%q is not a date and time (use 2026-12-01T09:00 with a timezone, or 2026-12-01T09:00+01:00)", s)
}

// resolveWall finds the instant whose clock in loc reads as wall does (wall's own zone is
// ignored). Daylight saving makes that zero instants (clocks skip the time) or two (they
// repeat it); Go's time.Date picks one silently, so the candidates are worked out here
// from the offsets in force two days either side.
func resolveWall(wall time.Time, loc *time.Location) (time.Time, string, error) {
	naive := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(),
		wall.Nanosecond(), time.UTC)
	var offsets []int
	for _, probe := range []time.Time{naive.Add(-48 * time.Hour), naive, naive.Add(48 * time.Hour)} {
		if _, off := probe.In(loc).Zone(); !slices.Contains(offsets, off) {
			offsets = append(offsets, off)
		}
	}
	var found []time.Time
	for _, off := range offsets {
		at := naive.Add(-time.Duration(off) * time.Second)
		local := at.In(loc)
		reads := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(),
			local.Nanosecond(), time.UTC)
		if reads.Equal(naive) && !slices.ContainsFunc(found, at.Equal) {
			found = append(found, at)
		}
	}
	slices.SortFunc(found, time.Time.Compare)
	clock := naive.Format("2006-01-02 15:04")
	switch len(found) {
	case 0:
		return time.Time{}, "", gapError(clock, naive, offsets[0], loc)
	case 1:
		return found[0].UTC(), "", nil
	}
	first := found[0].In(loc)
	return found[0].UTC(), fmt.Sprintf("%s happens twice in %s (the clocks go back that night); using the first, at %s",
		clock, loc, first.Format("15:04 -07:00")), nil
}

// gapError says which hour the clocks skip, so the person can pick a time either side.
func gapError(clock string, naive time.Time, before int, loc *time.Location) error {
	after := naive.Add(-time.Duration(before) * time.Second).In(loc)
	if start, _ := after.ZoneBounds(); !start.IsZero() {
		from := start.In(time.FixedZone("", before)).Format("15:04")
		to := start.In(loc).Format("15:04")
		return fmt.Errorf("%s does not exist in %s: that night the clocks jump from %s to %s; pick a time outside the gap",
			clock, loc, from, to)
	}
	return fmt.Errorf("%s does not exist in %s because of a clock change; pick another time", clock, loc)
}
