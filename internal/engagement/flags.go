package engagement

import (
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// FlagKind names what a flag is about.
type FlagKind string

// The flags of DESIGN.md §4. Each is a prompt for a human look, not a verdict.
const (
	// FlagDeclining: engagement now is below 0.7 × a year ago.
	FlagDeclining FlagKind = "declining"
	// FlagRising: engagement now is above 1.3 × a year ago.
	FlagRising FlagKind = "rising"
	// FlagDivergence: followers grew 25% or more in a year while ER/followers did not rise.
	FlagDivergence FlagKind = "divergence"
	// FlagSpike: one period's follower change is far outside the account's usual growth.
	FlagSpike FlagKind = "spike"
	// FlagInactive: no posts in the latest 30 days of data.
	FlagInactive FlagKind = "inactive"
)

// DivergenceGrowth is the year-on-year follower growth (0.25 = +25%, inclusive) that, with an
// ER/followers ratio of at most 1.0, raises a divergence flag.
const DivergenceGrowth = 0.25

// InactiveDays is how far back from the latest period end an account must have published
// nothing to be flagged inactive.
const InactiveDays = 30

// Flag is something on an account worth a human look before booking.
type Flag struct {
	Kind     FlagKind
	Platform rapport.Platform
	// Period is the period the flag is about: the end of the spiking period, or the end of
	// the last period with posts for an inactive account (zero when none had posts). Zero
	// for trend flags.
	Period time.Time
	// Message is one line for the card, worded as a prompt.
	Message string
	// Evidence gives the numbers behind it and the rule that fired.
	Evidence string
}

// title is the platform as a sentence starts with it.
func title(p rapport.Platform) string {
	if t := p.Title(); t != "" {
		return t
	}
	return "Account"
}

// The flag builders below write each sentence into buf and copy it out with String before
// starting the next one, since every sentence reuses buf.

// trendFlag raises declining or rising for one formula's trend.
func trendFlag(p rapport.Platform, fa *FormulaAnalysis, buf []byte) (Flag, bool) {
	t := fa.Trend
	if !t.OK || t.Direction == Steady {
		return Flag{}, false
	}
	now, ago := &fa.Windows[WindowNow], &fa.Windows[Window1y]
	f := Flag{Platform: p}
	msg := newLine(buf).str(title(p))
	switch t.Direction {
	case Declining:
		f.Kind = FlagDeclining
		msg = msg.str(" engagement down ").whole(1 - t.Ratio)
	case Rising:
		f.Kind = FlagRising
		msg = msg.str(" engagement up ").whole(t.Ratio - 1)
	default:
		return Flag{}, false
	}
	msg = msg.str(" year on year (").str(fa.Formula.Label()).str(" ").pct(ago.Median).str(" → ").pct(now.Median)
	if t.Direction == Declining {
		msg = msg.str(") — worth a look before booking")
	} else {
		msg = msg.str(") — worth a look at what is working")
	}
	f.Message = msg.String()

	ev := newLine(buf).str(fa.Formula.Label()).str(": median ").pct(now.Median).
		str(" over the ").int(now.N).str(" periods in the ").int(WindowDays).str(" days to ").date(now.To).
		str(", against ").pct(ago.Median).str(" over ").int(ago.N).str(" periods a year earlier; ratio ").dec(t.Ratio, 2)
	if t.Direction == Declining {
		ev = ev.str(" (flagged below ").dec(DecliningBelow, 2).str(").")
	} else {
		ev = ev.str(" (flagged above ").dec(RisingAbove, 2).str(").")
	}
	f.Evidence = ev.String()
	return f, true
}

// divergenceFlag raises divergence from the ER/followers analysis: the audience grew by a
// quarter or more (median followers now against the same window a year earlier) while the
// rate per follower did not rise. The rate per follower is the measure of whether engagement
// kept pace with the audience, so the per-view rate plays no part.
func divergenceFlag(p rapport.Platform, fa *FormulaAnalysis, buf []byte) (Flag, bool) {
	if fa.Formula != PerFollower || !fa.Trend.OK || fa.Trend.Ratio > 1+tolerance {
		return Flag{}, false
	}
	now, ago := &fa.Windows[WindowNow], &fa.Windows[Window1y]
	if !now.FollowersOK || !ago.FollowersOK || ago.Followers <= 0 {
		return Flag{}, false
	}
	g := now.Followers/ago.Followers - 1
	if !finite(g) || g < DivergenceGrowth-tolerance {
		return Flag{}, false
	}
	msg := newLine(buf).str(title(p)).str(" followers up ").whole(g).
		str(" in a year while engagement did not keep pace (").str(fa.Formula.Label()).str(" ").
		pct(ago.Median).str(" → ").pct(now.Median).
		str(") — worth checking where the new followers come from").String()
	ev := newLine(buf).str("Median followers ").count(now.Followers).str(" in the ").int(WindowDays).
		str(" days to ").date(now.To).str(" against ").count(ago.Followers).str(" a year earlier (").change(g).
		str("); ").str(fa.Formula.Label()).str(" ratio ").dec(fa.Trend.Ratio, 2).
		str(". Flagged when followers grow ").whole(DivergenceGrowth).str(" or more while the ratio is ").
		dec(1, 2).str(" or below.").String()
	return Flag{Kind: FlagDivergence, Platform: p, Message: msg, Evidence: ev}, true
}

// spikeFlag words a detected follower spike.
func spikeFlag(p rapport.Platform, s spike, buf []byte) Flag {
	verb := " followers jumped "
	if s.growth < 0 {
		verb = " followers fell "
	}
	ev := newLine(buf).str("Followers ").count(s.from).str(" → ").count(s.to).
		str(" from ").date(s.prevAt).str(" to ").date(s.at).
		str("; robust z-score ").dec(s.z, 1).str(" against a median month-on-month change of ").change(s.median).
		str(" (MAD ").points(s.mad)
	if s.madFloored {
		ev = ev.str(", raised to the ").points(SpikeMADFloor).str(" floor")
	}
	ev = ev.str(") over ").int(s.changes).str(" changes; flagged beyond ").dec(SpikeZ, 1).str(".")
	switch s.other {
	case 0:
	case 1:
		ev = ev.str(" 1 other period also stands out.")
	default:
		ev = ev.str(" ").int(s.other).str(" other periods also stand out.")
	}
	evidence := ev.String() // before buf is reused for the message
	return Flag{
		Kind:     FlagSpike,
		Platform: p,
		Period:   s.at,
		Message: newLine(buf).str(title(p)).str(verb).change(s.growth).str(" in ").month(s.at).
			str(" against a typical month of ").change(s.median).str(" — worth a look at what happened").String(),
		Evidence: evidence,
	}
}

// inactiveFlag raises inactive when every period ending in the InactiveDays up to the latest
// period end has a known post count of zero. An unknown count is not zero: one period without
// a count in that span means no flag.
func inactiveFlag(p rapport.Platform, ps []period, buf []byte) (Flag, bool) {
	if len(ps) == 0 {
		return Flag{}, false
	}
	latest := ps[len(ps)-1].asOf
	cut := latest.AddDate(0, 0, -InactiveDays)
	n, i := 0, len(ps)-1
	for ; i >= 0 && ps[i].asOf.After(cut); i-- {
		if !ps[i].postsOK || ps[i].posts != 0 {
			return Flag{}, false
		}
		n++
	}
	f := Flag{
		Kind:     FlagInactive,
		Platform: p,
		Message: newLine(buf).str("No ").str(title(p)).str(" posts in the latest ").int(InactiveDays).
			str(" days of data (to ").date(latest).str(") — worth checking the account is still active before booking").String(),
	}
	ev := newLine(buf)
	if n == 1 {
		ev = ev.str("0 posts in the period ending ").date(latest)
	} else {
		ev = ev.str("0 posts in each of the ").int(n).str(" periods ending ").date(ps[i+1].asOf).str(" to ").date(latest)
	}
	for ; i >= 0; i-- {
		if ps[i].postsOK && ps[i].posts > 0 {
			f.Period = ps[i].asOf
			f.Evidence = ev.str("; the last period with posts ended ").date(ps[i].asOf).
				str(" (").count(ps[i].posts).str(" posts).").String()
			return f, true
		}
	}
	f.Evidence = ev.str("; no earlier period on record has posts.").String()
	return f, true
}
