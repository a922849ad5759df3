package discover

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/engagement"
)

// why explains a row in a few short, plain-text phrases: its engagement on the row's
// platform, the trend when it is notable or asked for, and for underrated the following and
// contact that made it so.
func (m *matcher) why(r *row, c *Candidate, median float64, now time.Time) []string {
	out := make([]string, 0, 4)
	out = append(out, erReason(r))
	if s := m.trendReason(r); s != "" {
		out = append(out, s)
	}
	if m.q.Underrated {
		s := &c.Analysis.Summary
		f := count(s.Followers) + " followers"
		if s.Primary != r.platform {
			f += " on " + s.Primary.Title()
		}
		out = append(out, f+", below the roster median of "+count(median))
		if c.LastContact.IsZero() {
			out = append(out, "never contacted")
		} else {
			days := int(now.Sub(c.LastContact).Hours() / 24)
			out = append(out, "last contact "+strconv.Itoa(days)+" days ago")
		}
	}
	return out
}

// erReason: "high ER for micro on TikTok (6.2%)".
func erReason(r *row) string {
	switch {
	case r.platform == "":
		return "no engagement data yet"
	case !r.erOK:
		return "not enough recent data on " + r.platform.Title()
	case r.band == "":
		return "ER " + percent(r.er) + " on " + r.platform.Title()
	}
	var b strings.Builder
	b.WriteString(string(r.band))
	b.WriteString(" ER")
	if r.tier != "" {
		b.WriteString(" for ")
		b.WriteString(string(r.tier))
	}
	b.WriteString(" on ")
	b.WriteString(r.platform.Title())
	b.WriteString(" (")
	b.WriteString(percent(r.er))
	b.WriteString(")")
	return b.String()
}

// trendReason: "rising year on year (+45%)", when the trend is rising or declining, or the
// query filters or sorts by trend.
func (m *matcher) trendReason(r *row) string {
	asked := m.q.Trend != "" || m.q.Sort == SortTrend
	switch {
	case !r.trend.OK:
		if asked && r.platform != "" {
			return "no year-on-year trend yet"
		}
		return ""
	case r.trend.Direction == engagement.Steady && !asked:
		return ""
	}
	change := math.Round((r.trend.Ratio - 1) * 100)
	sign := "+"
	if change < 0 {
		sign = "-"
		change = -change
	}
	return string(r.trend.Direction) + " year on year (" + sign + strconv.FormatFloat(change, 'f', 0, 64) + "%)"
}

// percent writes a rate (a fraction) as a percentage: two decimals below 1%, one above.
func percent(r float64) string {
	v := r * 100
	prec := 1
	if math.Abs(v) < 1 {
		prec = 2
	}
	return strconv.FormatFloat(v, 'f', prec, 64) + "%"
}

// count writes an audience size as the profile card does: 950, 1.25K, 12.3K, 1.2M.
func count(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return trimZero(strconv.FormatFloat(v/1e9, 'f', 2, 64)) + "B"
	case a >= 1e6:
		return trimZero(strconv.FormatFloat(v/1e6, 'f', 2, 64)) + "M"
	case a >= 1e4:
		return trimZero(strconv.FormatFloat(v/1e3, 'f', 1, 64)) + "K"
	case a >= 1e3:
		return trimZero(strconv.FormatFloat(v/1e3, 'f', 2, 64)) + "K"
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

func trimZero(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
