package engagement

import "time"

// SeriesMonths is how many calendar months a sparkline series covers, ending with the month
// of now.
const SeriesMonths = 36

// Point is one calendar month of an account's history.
type Point struct {
	// Month is the first instant of the calendar month, in now's location.
	Month time.Time
	// AsOf is the latest period end inside the month; zero when the month has no snapshot.
	AsOf time.Time
	// ER is the median rate of the month's periods with a computable rate (the one period,
	// for monthly data); set only when OK.
	ER float64
	OK bool
	// Followers is the latest known follower count inside the month.
	Followers   float64
	FollowersOK bool
}

// Series is one account's monthly history for one formula, oldest month first, one point per
// calendar month whether or not it has data, so gaps stay visible.
type Series []Point

// ERSparkline draws the rates, with a gap for months without a rate.
func (s Series) ERSparkline() string {
	return sparkline(len(s), func(i int) (float64, bool) { return s[i].ER, s[i].OK })
}

// FollowersSparkline draws the follower counts, with a gap for months without one.
func (s Series) FollowersSparkline() string {
	return sparkline(len(s), func(i int) (float64, bool) { return s[i].Followers, s[i].FollowersOK })
}

// monthIndex numbers calendar months continuously, reading t in its own location: an as_of
// date stored as midnight UTC stays in its month whatever now's zone is.
func monthIndex(t time.Time) int {
	return t.Year()*12 + int(t.Month()) - 1
}

// fillSeries writes the monthly points for the months starting at month index first (whose
// first instants are months) from one account's periods, sorted by period end. scratch must
// hold len(ps) values.
func fillSeries(out Series, ps []period, f Formula, first int, months *[SeriesMonths]time.Time, scratch []float64) {
	for i := range out {
		out[i] = Point{Month: months[i]}
	}
	for i := 0; i < len(ps); {
		idx := ps[i].month - first
		j := i + 1
		for j < len(ps) && ps[j].month-first == idx {
			j++
		}
		if idx >= 0 && idx < len(out) {
			pt := &out[idx]
			rates := scratch[:0]
			for k := i; k < j; k++ {
				p := &ps[k]
				pt.AsOf = p.asOf
				if p.rateOK[f] {
					rates = append(rates, p.rate[f])
				}
				if p.followersOK {
					pt.Followers, pt.FollowersOK = p.followers, true
				}
			}
			if len(rates) > 0 {
				pt.ER, pt.OK = median(rates), true
			}
		}
		i = j
	}
}
