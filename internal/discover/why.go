package discover

import (
	"math"
	"strconv"
	"time"

	"github.com/rapport-bot/rapport/internal/engagement"
)

// why explains a row in a few short, plain-text phrases: its engagement on the row's
// platform, the trend when it is notable or asked for, and for underrated the following and
// contact that made it so. Each phrase is built in one stack buffer and copied out once: a
// broad search explains thousands of rows.
func (m *matcher) why(r *row, c *Candidate, median float64, now time.Time) []string {
	var buf [160]byte
	out := make([]string, 0, 4)
	out = append(out, string(appendERReason(buf[:0], r)))
	if b := m.appendTrendReason(buf[:0], r); len(b) > 0 {
		out = append(out, string(b))
	}
	if m.q.Underrated {
		s := &c.Analysis.Summary
		b := append(appendCount(buf[:0], s.Followers), " followers"...)
		if s.Primary != r.platform() {
			b = append(append(b, " on "...), s.Primary.Title()...)
		}
		b = appendCount(append(b, ", below the roster median of "...), median)
		out = append(out, string(b))
		if c.LastContact.IsZero() {
			out = append(out, "never contacted")
		} else {
			days := int64(now.Sub(c.LastContact).Hours() / 24)
			b = strconv.AppendInt(append(buf[:0], "last contact "...), days, 10)
			out = append(out, string(append(b, " days ago"...)))
		}
	}
	return out
}

// appendERReason: "high ER for micro on TikTok (6.2%)".
func appendERReason(b []byte, r *row) []byte {
	p := r.platform()
	switch {
	case p == "":
		return append(b, "no engagement data yet"...)
	case !r.erOK:
		return append(append(b, "not enough recent data on "...), p.Title()...)
	case r.band == 0:
		b = appendPercent(append(b, "ER "...), r.er)
		return append(append(b, " on "...), p.Title()...)
	}
	b = append(append(b, r.bandName()...), " ER"...)
	if t := r.tier(); t != "" {
		b = append(append(b, " for "...), t...)
	}
	b = append(append(append(b, " on "...), p.Title()...), " ("...)
	return append(appendPercent(b, r.er), ')')
}

// appendTrendReason: "rising year on year (+45%)", when the trend is rising or declining, or
// the query filters or sorts by trend; nothing otherwise.
func (m *matcher) appendTrendReason(b []byte, r *row) []byte {
	asked := m.q.Trend != "" || m.q.Sort == SortTrend
	t := r.trend()
	switch {
	case !t.OK:
		if asked && r.platform() != "" {
			return append(b, "no year-on-year trend yet"...)
		}
		return b
	case t.Direction == engagement.Steady && !asked:
		return b
	}
	change := math.Round((t.Ratio - 1) * 100)
	b = append(append(b, t.Direction...), " year on year ("...)
	if change >= 0 {
		b = append(b, '+')
	}
	return append(strconv.AppendFloat(b, change, 'f', 0, 64), "%)"...)
}

// appendPercent writes a rate (a fraction) as a percentage: two decimals below 1%, one
// above.
func appendPercent(b []byte, r float64) []byte {
	v := r * 100
	prec := 1
	if math.Abs(v) < 1 {
		prec = 2
	}
	return append(strconv.AppendFloat(b, v, 'f', prec, 64), '%')
}

// appendCount writes an audience size as the profile card does: 950, 1.25K, 12.3K, 1.2M.
func appendCount(b []byte, v float64) []byte {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return append(trimZero(strconv.AppendFloat(b, v/1e9, 'f', 2, 64), len(b)), 'B')
	case a >= 1e6:
		return append(trimZero(strconv.AppendFloat(b, v/1e6, 'f', 2, 64), len(b)), 'M')
	case a >= 1e4:
		return append(trimZero(strconv.AppendFloat(b, v/1e3, 'f', 1, 64), len(b)), 'K')
	case a >= 1e3:
		return append(trimZero(strconv.AppendFloat(b, v/1e3, 'f', 2, 64), len(b)), 'K')
	}
	return strconv.AppendFloat(b, v, 'f', 0, 64)
}

// trimZero drops trailing zeros after a decimal point, and the point itself, from the
// number that starts at from: 12.50 → 12.5, 40.0 → 40.
func trimZero(b []byte, from int) []byte {
	hasPoint := false
	for _, c := range b[from:] {
		hasPoint = hasPoint || c == '.'
	}
	if !hasPoint {
		return b
	}
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b
}
