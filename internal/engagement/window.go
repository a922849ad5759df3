package engagement

import "time"

// WindowDays is the length of every engagement window, in calendar days.
const WindowDays = 90

// MinWindowPeriods is how many periods with a computable rate a window needs before it
// shows a number; with fewer it says "not enough data".
const MinWindowPeriods = 2

// Positions in FormulaAnalysis.Windows.
const (
	WindowNow = iota // the 90 days up to now
	Window1y         // the same days one calendar year earlier
	Window2y
	Window3y
)

// Window is the median engagement rate of the periods ending inside one 90-day window.
// Windows are half-open, (From, To]: a period ending exactly at To counts, one ending
// exactly at From belongs to the window before. Past windows shift To back by whole
// calendar years (time.AddDate), so a December peak is compared with the previous December;
// a window ending on 29 February shifts to 1 March in a common year, as AddDate normalises.
type Window struct {
	// YearsBack is 0 for now, 1 to 3 for the windows a year, two and three years earlier.
	YearsBack int
	From, To  time.Time
	// Median is the median rate of the N periods with a computable rate; it is set only when
	// OK, that is when N ≥ MinWindowPeriods. A window that is not OK shows no number.
	Median float64
	N      int
	OK     bool
	// Followers is the median of the known follower counts in the window (FollowersN of
	// them), for display beside the rate.
	Followers   float64
	FollowersN  int
	FollowersOK bool
}

// Label names the window on a card.
func (w Window) Label() string {
	switch w.YearsBack {
	case 0:
		return "now"
	case 1:
		return "1y ago"
	case 2:
		return "2y ago"
	case 3:
		return "3y ago"
	}
	return ""
}

// WindowBounds returns the window yearsBack calendar years before now: (from, to] with
// to = now shifted back by yearsBack years and from = to − WindowDays calendar days.
func WindowBounds(now time.Time, yearsBack int) (from, to time.Time) {
	to = now.AddDate(-yearsBack, 0, 0)
	return to.AddDate(0, 0, -WindowDays), to
}

// computeWindow summarises the periods of one account (sorted by period end) that fall in
// (from, to]. scratch must hold len(ps) values.
func computeWindow(ps []period, f Formula, yearsBack int, from, to time.Time, scratch []float64) Window {
	w := Window{YearsBack: yearsBack, From: from, To: to}
	rates := scratch[:0]
	for i := range ps {
		p := &ps[i]
		if !p.asOf.After(from) {
			continue
		}
		if p.asOf.After(to) {
			break
		}
		if p.rateOK[f] {
			rates = append(rates, p.rate[f])
		}
	}
	w.N = len(rates)
	if w.N >= MinWindowPeriods {
		w.Median, w.OK = median(rates), true
	}
	followers := scratch[:0]
	for i := range ps {
		p := &ps[i]
		if !p.asOf.After(from) {
			continue
		}
		if p.asOf.After(to) {
			break
		}
		if p.followersOK {
			followers = append(followers, p.followers)
		}
	}
	w.FollowersN = len(followers)
	if w.FollowersN > 0 {
		w.Followers, w.FollowersOK = median(followers), true
	}
	return w
}
