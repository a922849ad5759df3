package calendar

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

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

// zoneResolver finds the zone of a TZID within one feed: a name resolveTZID knows, else the
// feed's own VTIMEZONE of that TZID. The tz database wins over a VTIMEZONE with a known
// name, as feeds often ship truncated definitions.
type zoneResolver struct {
	defs  map[string]*rawZone
	built map[string]zoneResult
}

type zoneResult struct {
	loc *time.Location
	err error
}

func newZoneResolver(zones []*rawZone) *zoneResolver {
	r := &zoneResolver{defs: map[string]*rawZone{}, built: map[string]zoneResult{}}
	for _, z := range zones {
		id := strings.TrimSpace(z.props["TZID"].value)
		if _, dup := r.defs[id]; id != "" && !dup {
			r.defs[id] = z
		}
	}
	return r
}

func (r *zoneResolver) location(tzid string) (*time.Location, error) {
	if res, ok := r.built[tzid]; ok {
		return res.loc, res.err
	}
	loc, err := resolveTZID(tzid)
	if err != nil {
		if def, ok := r.defs[strings.TrimSpace(tzid)]; ok {
			loc, err = def.location()
		}
	}
	r.built[tzid] = zoneResult{loc, err}
	return loc, err
}

// rawZone is a VTIMEZONE as read.
type rawZone struct {
	line        int
	depth       int
	props       map[string]property
	observances []*rawObservance
}

func (z *rawZone) set(p property) {
	if z.props == nil {
		z.props = map[string]property{}
	}
	if _, dup := z.props[p.name]; !dup {
		z.props[p.name] = p
	}
}

// rawObservance is a STANDARD or DAYLIGHT block of a VTIMEZONE.
type rawObservance struct {
	daylight bool
	depth    int
	props    map[string]property
	rdates   []property
}

func (o *rawObservance) set(p property) {
	if p.name == "RDATE" {
		o.rdates = append(o.rdates, p)
		return
	}
	if o.props == nil {
		o.props = map[string]property{}
	}
	if _, dup := o.props[p.name]; !dup {
		o.props[p.name] = p
	}
}

// Transitions of a VTIMEZONE are computed over these years; before, the zone keeps its
// first offset, after, its last.
const (
	zoneFirstYear = 1970
	zoneLastYear  = 2100
)

// location builds the zone a VTIMEZONE defines: an IANA zone its X-LIC-LOCATION names, or
// the offsets its observances switch between.
func (z *rawZone) location() (*time.Location, error) {
	tzid := strings.TrimSpace(z.props["TZID"].value)
	fail := func(err error) (*time.Location, error) {
		return nil, fmt.Errorf("VTIMEZONE %q on line %d: %w", tzid, z.line, err)
	}
	if lic, ok := z.props["X-LIC-LOCATION"]; ok {
		if loc, err := resolveTZID(lic.value); err == nil {
			return loc, nil
		}
	}
	if len(z.observances) == 0 {
		return fail(errors.New("no STANDARD or DAYLIGHT block"))
	}
	var trans []zoneTransition
	for _, o := range z.observances {
		t, err := o.transitions()
		if err != nil {
			return fail(err)
		}
		trans = append(trans, t...)
	}
	slices.SortStableFunc(trans, func(a, b zoneTransition) int { return a.at.Compare(b.at) })
	first := trans[0]
	initial := zoneType{offset: first.fromOffset, name: formatOffset(first.fromOffset)}
	if len(trans) == 1 || allSameOffset(trans) {
		return time.FixedZone(tzid, first.to.offset), nil
	}
	loc, err := time.LoadLocationFromTZData(tzid, tzif(initial, trans))
	if err != nil {
		return fail(err)
	}
	return loc, nil
}

func allSameOffset(trans []zoneTransition) bool {
	for _, t := range trans {
		if t.to.offset != trans[0].to.offset || t.fromOffset != trans[0].to.offset {
			return false
		}
	}
	return true
}

type zoneType struct {
	offset int // seconds east of UTC
	dst    bool
	name   string
}

type zoneTransition struct {
	at         time.Time
	fromOffset int
	to         zoneType
}

// transitions lists the onsets of an observance: its DTSTART, its RRULE's instances within
// zoneFirstYear..zoneLastYear, and its RDATEs. Onsets are local times in TZOFFSETFROM.
func (o *rawObservance) transitions() ([]zoneTransition, error) {
	kind := "STANDARD"
	if o.daylight {
		kind = "DAYLIGHT"
	}
	from, err := parseUTCOffset(o.props["TZOFFSETFROM"].value)
	if err != nil {
		return nil, fmt.Errorf("%s TZOFFSETFROM: %w", kind, err)
	}
	to, err := parseUTCOffset(o.props["TZOFFSETTO"].value)
	if err != nil {
		return nil, fmt.Errorf("%s TZOFFSETTO: %w", kind, err)
	}
	dtstart, ok := o.props["DTSTART"]
	if !ok {
		return nil, fmt.Errorf("%s has no DTSTART", kind)
	}
	start, err := parseICSValue(strings.TrimSpace(dtstart.value), "DATE-TIME", "", false, nil)
	if err != nil {
		return nil, fmt.Errorf("%s DTSTART: %w", kind, err)
	}
	typ := zoneType{offset: to, dst: o.daylight, name: strings.TrimSpace(o.props["TZNAME"].value)}
	if typ.name == "" {
		typ.name = formatOffset(to)
	}
	onsets := []time.Time{start.t}
	if rr, ok := o.props["RRULE"]; ok {
		// Onsets are local times in TZOFFSETFROM; UNTIL is in UTC (RFC 5545 3.3.10).
		local := start.t
		local = time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), 0, time.FixedZone("", from))
		rule, until, err := parseRule(rr.value, icsTime{t: local})
		if err != nil {
			return nil, fmt.Errorf("%s RRULE: %w", kind, err)
		}
		lo := time.Date(zoneFirstYear, 1, 1, 0, 0, 0, 0, time.UTC)
		hi := time.Date(zoneLastYear, 1, 1, 0, 0, 0, 0, time.UTC)
		for _, t := range rule.startsBetween(lo, hi, MaxInstances) {
			if until.IsZero() || !t.Add(-time.Duration(from)*time.Second).After(until) {
				onsets = append(onsets, t)
			}
		}
	}
	for _, p := range o.rdates {
		values, err := parseTimeList(p, nil)
		if err != nil {
			return nil, fmt.Errorf("%s RDATE: %w", kind, err)
		}
		for _, v := range values {
			onsets = append(onsets, v.start.t)
		}
	}
	out := make([]zoneTransition, 0, len(onsets))
	for _, t := range onsets {
		out = append(out, zoneTransition{at: t.Add(-time.Duration(from) * time.Second), fromOffset: from, to: typ})
	}
	return out, nil
}

// parseUTCOffset reads ±HHMM or ±HHMMSS as seconds east of UTC.
func parseUTCOffset(s string) (int, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("%q is not a UTC offset like +0100", s)
	if (len(s) != 5 && len(s) != 7) || (s[0] != '+' && s[0] != '-') {
		return 0, bad
	}
	n := 0
	for i, unit := range []int{3600, 60, 1} {
		if 1+2*i >= len(s) {
			break
		}
		v, err := strconv.Atoi(s[1+2*i : 3+2*i])
		if err != nil || v < 0 || v > 59 {
			return 0, bad
		}
		n += v * unit
	}
	if n > 18*3600 {
		return 0, bad
	}
	if s[0] == '-' {
		n = -n
	}
	return n, nil
}

func formatOffset(seconds int) string {
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	return fmt.Sprintf("%c%02d%02d", sign, seconds/3600, seconds/60%60)
}

// tzif encodes transitions as TZif version 2 data (RFC 8536) for
// time.LoadLocationFromTZData: an empty version 1 block, then the 64-bit block. The first
// type is the zone before the first transition.
func tzif(initial zoneType, trans []zoneTransition) []byte {
	const maxTypes, maxName = 16, 15 // keeps every name's index within a byte
	types := []zoneType{initial}
	index := func(t zoneType) (byte, bool) {
		if len(t.name) > maxName {
			t.name = t.name[:maxName]
		}
		i := slices.Index(types, t)
		if i < 0 {
			if len(types) == maxTypes {
				return 0, false
			}
			i = len(types)
			types = append(types, t)
		}
		return byte(i), true
	}
	var times []int64
	var idx []byte
	for _, t := range trans {
		i, ok := index(t.to)
		if !ok {
			continue
		}
		if n := len(times); n > 0 && times[n-1] == t.at.Unix() {
			idx[n-1] = i // two onsets at one instant: the later definition wins
			continue
		}
		times = append(times, t.at.Unix())
		idx = append(idx, i)
	}
	var names []byte
	nameAt := map[string]int{}
	for _, t := range types {
		if _, ok := nameAt[t.name]; !ok {
			nameAt[t.name] = len(names)
			names = append(append(names, t.name...), 0)
		}
	}
	header := func(b []byte, timecnt, typecnt, charcnt int) []byte {
		b = append(b, "TZif2"...)
		b = append(b, make([]byte, 15)...)
		for _, n := range []int{0, 0, 0, timecnt, typecnt, charcnt} {
			b = binary.BigEndian.AppendUint32(b, uint32(n))
		}
		return b
	}
	b := header(nil, 0, 0, 0)
	b = header(b, len(times), len(types), len(names))
	for _, t := range times {
		b = binary.BigEndian.AppendUint64(b, uint64(t))
	}
	b = append(b, idx...)
	for _, t := range types {
		b = binary.BigEndian.AppendUint32(b, uint32(int32(t.offset)))
		dst := byte(0)
		if t.dst {
			dst = 1
		}
		b = append(b, dst, byte(nameAt[t.name]))
	}
	b = append(b, names...)
	return append(b, '\n', '\n')
}
