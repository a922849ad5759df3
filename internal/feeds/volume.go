package feeds

import "time"

// VolumeSignal compares how many items mention a term lately with how many usually do.
type VolumeSignal struct {
	// Recent counts matching items published in the window ending now.
	Recent int
	// Baseline is the trailing daily average of matching items before the window, scaled
	// to the window's length so that it compares directly with Recent (for a 24h window it
	// is the daily average itself). It is 0 when there is no history to average.
	Baseline float64
	// BaselineSpan is how much history Baseline averages: baselineDays, or less when the
	// items do not go back that far (a feed carries only its latest items). 0 means there
	// was no history before the window, so Baseline says nothing.
	BaselineSpan time.Duration
}

// Volume counts the items whose title or summary contain term (whole words, ignoring case
// and accents) in the window (now-window, now] and in the baselineDays days before it.
// Items whose date was guessed (DateGuessed) are left out: they would all land at fetch
// time and fake a spike. The baseline averages over the history the items actually cover —
// from the oldest dated item, of any topic, up to the window — rather than over the full
// baselineDays, since feeds that keep two days of items would otherwise make every term
// look like a spike.
func Volume(items []Item, term string, now time.Time, window time.Duration, baselineDays int) VolumeSignal {
	var sig VolumeSignal
	if window <= 0 {
		return sig
	}
	m := NewMatcher([]string{term}, nil, Lexicon{})
	windowStart := now.Add(-window)
	baselineStart := windowStart.Add(-time.Duration(max(baselineDays, 0)) * 24 * time.Hour)
	oldest := windowStart
	var before int
	for _, it := range items {
		if it.DateGuessed || it.Published.After(now) || it.Published.Before(baselineStart) {
			continue
		}
		if it.Published.Before(oldest) {
			oldest = it.Published
		}
		if !m.Matches(it) {
			continue
		}
		if it.Published.After(windowStart) {
			sig.Recent++
		} else {
			before++
		}
	}
	sig.BaselineSpan = windowStart.Sub(oldest)
	if sig.BaselineSpan > 0 {
		sig.Baseline = float64(before) * float64(window) / float64(sig.BaselineSpan)
	}
	return sig
}
