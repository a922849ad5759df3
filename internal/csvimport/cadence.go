package csvimport

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// maxCadence bounds a contact cadence; anything longer is a typo, and the bound keeps the
// arithmetic far from overflowing.
const maxCadence = 10 * 365 * 24 * time.Hour

const day = 24 * time.Hour

// cadenceUnits are the units a cadence may be written in, Go's and people's.
var cadenceUnits = map[string]time.Duration{
	"ns": time.Nanosecond, "us": time.Microsecond, "µs": time.Microsecond, "ms": time.Millisecond,
	"s": time.Second, "sec": time.Second, "secs": time.Second, "second": time.Second, "seconds": time.Second,
	"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"d": day, "day": day, "days": day,
	"w": 7 * day, "wk": 7 * day, "wks": 7 * day, "week": 7 * day, "weeks": 7 * day,
}

// ParseCadence reads a contact cadence: Go duration syntax plus days and weeks ("14d",
// "2w", "36h", "1w3d", "90s"), and spelled-out units ("2 weeks"). Blank is 0, meaning the
// configured default applies. Months are refused because their length varies; the
// message suggests days instead.
func ParseCadence(s string) (time.Duration, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return 0, nil
	}
	if strings.HasPrefix(t, "-") {
		return 0, fmt.Errorf("%q is negative; a cadence is how long between contacts", s)
	}
	var total float64
	rest := strings.TrimPrefix(t, "+")
	for rest != "" {
		rest = strings.TrimLeft(rest, " ")
		n := strings.IndexFunc(rest, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
		if n == 0 || n == -1 {
			if n == -1 && rest == "0" && total == 0 {
				return 0, nil
			}
			return 0, cadenceFormError(s, n == -1)
		}
		num, err := strconv.ParseFloat(rest[:n], 64)
		if err != nil {
			return 0, cadenceFormError(s, false)
		}
		rest = strings.TrimLeft(rest[n:], " ")
		u := strings.IndexFunc(rest, func(r rune) bool { return r >= '0' && r <= '9' || r == '.' || r == ' ' })
		if u == -1 {
			u = len(rest)
		}
		unit := strings.TrimSuffix(rest[:u], ",") // "1 week, 3 days"
		rest = rest[u:]
		if strings.HasPrefix(unit, "mo") {
			return 0, fmt.Errorf("%q: months vary in length; write days or weeks (30d, 4w)", s)
		}
		d, ok := cadenceUnits[unit]
		if !ok {
			return 0, cadenceFormError(s, false)
		}
		total += num * float64(d)
		if total > float64(maxCadence) {
			return 0, fmt.Errorf("%q is longer than ten years", s)
		}
	}
	return time.Duration(math.Round(total)), nil
}

func cadenceFormError(s string, missingUnit bool) error {
	if missingUnit {
		return fmt.Errorf("%q has no unit; write 14d, 2w or 36h", s)
	}
	return fmt.Errorf("%q is not a duration (write 14d, 2w, 36h or 90s)", s)
}
