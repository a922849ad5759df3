package discover

import (
	"math"
	"strconv"
	"time"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// why explains a row in a few short, plain-text phrases: its engagement on the row's
// platform, and the trend when it is notable or asked for. Each phrase is built in one
// stack buffer and copied out once: a broad search explains thousands of rows.
func (m *matcher) why(r *row) []string {
	var buf [160]byte
	out := make([]string, 0, 2)
	out = append(out, string(m.appendERReason(buf[:0], r)))
	if b := m.appendTrendReason(buf[:0], r); len(b) > 0 {
		out = append(out, string(b))
	}
	return out
}

// whyUnderrated explains an underrated row criterion by criterion, in the order of
// UnderratedScore: each criterion is either a reason (why) or a miss. The phrases are
// written into one buffer and cut from one string: an underrated search explains every
// creator strong enough to be scored.
func (m *matcher) whyUnderrated(r *row, median float64, medianOK bool, now time.Time) (why, misses []string) {
	e := r.e
	var buf [512]byte
	var ends [5]int
	var miss [5]bool
	n := 0
	b := buf[:0]
	done := func(isMiss bool) {
		ends[n], miss[n] = len(b), isMiss
		n++
	}

	b = m.appendBandPosition(b, r)
	done(false)

	switch t := r.trend(); {
	case !t.OK:
		b = append(b, "no year-on-year trend yet"...)
		done(true)
	default:
		b = append(append(b, t.Direction...), " ×"...)
		b = append(strconv.AppendFloat(b, t.Ratio, 'f', 2, 64), " year on year"...)
		done(t.Direction == engagement.Declining)
	}

	if followers, ok := e.followers, e.bits&recFollowersOK != 0; medianOK && ok {
		below := followers < median
		b = append(appendCount(b, followers), " followers"...)
		if primary := m.primaryPlatform(r); primary != m.platform(r) {
			b = append(append(b, " on "...), primary.Title()...)
		}
		if below {
			b = append(b, ", below the roster median of "...)
		} else {
			b = append(b, ", not below the roster median of "...)
		}
		b = appendCount(b, median)
		done(!below)
	}

	last := lastContact(e)
	switch days := daysSince(last, now); {
	case last.IsZero():
		b = append(b, "never contacted"...)
		done(false)
	case last.After(now.AddDate(0, 0, -RecentContactDays)):
		b = append(appendDaysAgo(append(b, "contacted "...), days), " (under "...)
		b = append(strconv.AppendInt(b, RecentContactDays, 10), ')')
		done(true)
	default:
		b = appendDaysAgo(append(b, "last contact "...), days)
		done(false)
	}

	switch k := int(e.campaigns); {
	case k == 0:
		b = append(b, "no campaigns with the brand yet"...)
		done(false)
	case k <= FewCampaigns:
		b = append(append(strconv.AppendInt(b, int64(k), 10), ' '), wording.ForCount(k, "campaign", "campaigns")...)
		b = append(b, " with the brand"...)
		done(false)
	default:
		b = strconv.AppendInt(append(b, "already in "...), int64(k), 10)
		b = append(b, " campaigns with the brand"...)
		done(true)
	}

	text := string(b)
	nMiss := 0
	for _, v := range miss[:n] {
		if v {
			nMiss++
		}
	}
	why = make([]string, 0, n-nMiss)
	if nMiss > 0 {
		misses = make([]string, 0, nMiss)
	}
	from := 0
	for i, end := range ends[:n] {
		if miss[i] {
			misses = append(misses, text[from:end])
		} else {
			why = append(why, text[from:end])
		}
		from = end
	}
	return why, misses
}

// appendBandPosition: "ER 9.4% on TikTok — top of the micro band (4–12%)". An underrated
// row always has an ER and a benchmark at or above its typical rate.
func (m *matcher) appendBandPosition(b []byte, r *row) []byte {
	bm := m.benchmark(r)
	b = appendPercent(append(b, "ER "...), r.er)
	b = append(append(append(b, " on "...), m.platform(r).Title()...), " — "...)
	switch pos := (r.er - bm.Low) / (bm.High - bm.Low); {
	case r.bandName() == engagement.BandHigh:
		b = append(b, "above "...)
	case pos >= 2.0/3:
		b = append(b, "top of "...)
	default:
		b = append(b, "upper half of "...)
	}
	b = append(b, "the "...)
	if t := m.tier(r); t != "" && bm.Tier != "" {
		b = append(append(b, t...), ' ')
	}
	b = append(b, "band ("...)
	b = append(appendMark(b, bm.Low), "–"...)
	return append(appendMark(b, bm.High), "%)"...)
}

// appendMark writes a benchmark mark (a fraction) as a percentage without trailing zeros:
// 4, 0.8, 0.03.
func appendMark(b []byte, v float64) []byte {
	return trimZero(strconv.AppendFloat(b, v*100, 'f', 2, 64), len(b))
}

// appendDaysAgo: "today", "1 day ago", "35 days ago".
func appendDaysAgo(b []byte, days int) []byte {
	if days == 0 {
		return append(b, "today"...)
	}
	b = strconv.AppendInt(b, int64(days), 10)
	return append(append(b, ' '), wording.ForCount(days, "day ago", "days ago")...)
}

// appendERReason: "high ER for micro on TikTok (6.2%)".
func (m *matcher) appendERReason(b []byte, r *row) []byte {
	p := m.platform(r)
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
	if t := m.tier(r); t != "" {
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
		if asked && m.platform(r) != "" {
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

// primaryPlatform is the row's influencer's primary platform; empty when none.
func (m *matcher) primaryPlatform(r *row) rapport.Platform {
	if r.e.primary < 0 {
		return ""
	}
	return rapport.Platform(m.r.raw(r.c.platforms(r.e)[r.e.primary].platform))
}
