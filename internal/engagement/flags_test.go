package engagement

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// growing is a monthly Instagram account from January 2025 starting at 10,000 followers and
// changing by the given month-on-month growth rates, at a 2% rate throughout.
func growing(growth ...float64) []rapport.Snapshot {
	f := 10000.0
	out := []rapport.Snapshot{rated(rapport.Instagram, monthEnd(2025, 1), f, 0.02*f)}
	for i, g := range growth {
		f *= 1 + g
		out = append(out, rated(rapport.Instagram, monthEnd(2025, timeMonth(2+i)), f, 0.02*f))
	}
	return out
}

func TestSpike(t *testing.T) {
	now := date(2026, 1, 15)
	tests := []struct {
		name      string
		snaps     []rapport.Snapshot
		wantFlag  bool
		wantMonth time.Month // of 2025
		wantZ     float64
	}{
		// Changes sorted: -1 0 1 2 2 3 3 4 5 6 40 (%): median 3%; deviations sorted
		// 0 0 1 1 1 2 2 3 3 4 37 (points): MAD 2 points; z(40%) = 0.6745 × 37 ÷ 2 = 12.478.
		{"a clear outlier", growing(0, 0.04, 0.02, 0.06, -0.01, 0.03, 0.40, 0.05, 0.01, 0.02, 0.03), true, time.August, 12.478},
		// The same account with 12% instead: deviations' median is still 2 points;
		// z = 0.6745 × 9 ÷ 2 = 3.035, inside the 3.5 limit.
		{"a large but ordinary month", growing(0, 0.04, 0.02, 0.06, -0.01, 0.03, 0.12, 0.05, 0.01, 0.02, 0.03), false, 0, 0},
		// Flat followers: every change is 0, so the MAD is 0 and the floor of 1 point is used;
		// +3% scores 0.6745 × 3 ÷ 1 = 2.02.
		{"MAD 0: a small change is no spike", growing(0, 0, 0, 0, 0, 0.03, 0, 0, 0, 0, 0), false, 0, 0},
		{"MAD 0: a tiny wobble is no spike", growing(0, 0, 0, 0, 0, 0.001, 0, 0, 0, 0, 0), false, 0, 0},
		// +30% on a flat account scores 0.6745 × 30 ÷ 1 = 20.235.
		{"MAD 0: a wild jump is a spike", growing(0, 0, 0, 0, 0, 0.30, 0, 0, 0, 0, 0), true, time.July, 20.235},
		// Steady +1% months: median +1%, MAD 0, floor 1 point; -30% scores
		// 0.6745 × (-31) ÷ 1 = -20.910.
		{"a sudden fall is a spike too", growing(0.01, 0.01, 0.01, 0.01, 0.01, -0.30, 0.01, 0.01, 0.01, 0.01, 0.01), true, time.July, -20.910},
		{"five changes are too few to know what is usual", growing(0, 0, 0, 0, 1.0), false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pa := platformOf(t, Analyze(tt.snaps, now, Benchmarks{}), rapport.Instagram)
			var got []Flag
			for _, f := range pa.Flags {
				if f.Kind == FlagSpike {
					got = append(got, f)
				}
			}
			if !tt.wantFlag {
				if len(got) != 0 {
					t.Errorf("unexpected spike: %+v", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("spike flags = %+v; want one", got)
			}
			if !got[0].Period.Equal(monthEnd(2025, tt.wantMonth)) {
				t.Errorf("period = %v; want end of %v 2025", got[0].Period, tt.wantMonth)
			}
			ps := periodsOf(tt.snaps)
			s, _ := findSpike(ps, monthIndex(now)-SeriesMonths+1, make([]float64, 2*len(ps)))
			if math.Abs(s.z-tt.wantZ) > 0.001 {
				t.Errorf("z = %.4f; want %.3f", s.z, tt.wantZ)
			}
		})
	}
}

func TestSpikeWording(t *testing.T) {
	snaps := growing(0, 0, 0, 0, 0, 0.30, 0, 0, 0, 0, 0)
	pa := platformOf(t, Analyze(snaps, date(2026, 1, 15), Benchmarks{}), rapport.Instagram)
	f := pa.Flags[0]
	wantMsg := "Instagram followers jumped +30.0% in Jul 2025 against a typical month of +0.0% — worth a look at what happened"
	wantEv := "Followers 10,000 → 13,000 from 30 Jun 2025 to 31 Jul 2025; robust z-score 20.2 against a median month-on-month change of +0.0% (MAD 0.0 points, raised to the 1.0 points floor) over 11 changes; flagged beyond 3.5."
	if f.Kind != FlagSpike || f.Message != wantMsg || f.Evidence != wantEv {
		t.Errorf("spike flag:\n got %q\n     %q\nwant %q\n     %q", f.Message, f.Evidence, wantMsg, wantEv)
	}
}

func TestSpikeSkipsChangesAcrossGaps(t *testing.T) {
	// Eight flat months, three months missing, then 50% more followers: the change spans four
	// months, so it is not a month-on-month change and nothing is flagged.
	snaps := growing(0, 0, 0, 0, 0, 0, 0)
	snaps = append(snaps,
		rated(rapport.Instagram, monthEnd(2025, 12), 15000, 300),
		rated(rapport.Instagram, monthEnd(2026, 1), 15000, 300))
	pa := platformOf(t, Analyze(snaps, date(2026, 2, 15), Benchmarks{}), rapport.Instagram)
	if got := kinds(pa.Flags); slices.Contains(got, FlagSpike) {
		t.Errorf("flags = %v; a change across a gap is not a spike", got)
	}
}

func TestSpikeReportsOtherOutliers(t *testing.T) {
	snaps := growing(0, 0, 0.30, 0, 0, 0, 0.50, 0, 0, 0, 0)
	pa := platformOf(t, Analyze(snaps, date(2026, 1, 15), Benchmarks{}), rapport.Instagram)
	f := pa.Flags[0]
	if f.Kind != FlagSpike || !f.Period.Equal(monthEnd(2025, time.August)) || !strings.HasSuffix(f.Evidence, " 1 other period also stands out.") {
		t.Errorf("flag = %+v; want the +50%% of Aug 2025 and one other", f)
	}
}

func TestInactive(t *testing.T) {
	ig := rapport.Instagram
	withPosts := func(s rapport.Snapshot, posts rapport.Quantity) rapport.Snapshot {
		s.Posts = posts
		return s
	}
	k, u := rapport.Known, rapport.Unknown
	tests := []struct {
		name       string
		snaps      []rapport.Snapshot
		wantFlag   bool
		wantPeriod time.Time
		wantEv     string
	}{
		{"no posts in the latest month", []rapport.Snapshot{
			withPosts(rated(ig, monthEnd(2026, 1), 10000, 200), k(6)),
			withPosts(rated(ig, monthEnd(2026, 2), 10000, 200), k(2)),
			withPosts(rated(ig, monthEnd(2026, 3), 10000, 0), k(0)),
		}, true, monthEnd(2026, 2), "0 posts in the period ending 31 Mar 2026; the last period with posts ended 28 Feb 2026 (2 posts)."},
		{"unknown posts are not inactivity", []rapport.Snapshot{
			withPosts(rated(ig, monthEnd(2026, 2), 10000, 200), k(2)),
			withPosts(rated(ig, monthEnd(2026, 3), 10000, 0), u),
		}, false, time.Time{}, ""},
		{"posts in the latest month", []rapport.Snapshot{
			withPosts(rated(ig, monthEnd(2026, 2), 10000, 200), k(0)),
			withPosts(rated(ig, monthEnd(2026, 3), 10000, 200), k(1)),
		}, false, time.Time{}, ""},
		// The latest 30 days of data are (6 Mar, 5 Apr]: five weeks.
		{"weekly data, five weeks without posts", []rapport.Snapshot{
			withPosts(rated(ig, date(2026, 3, 1), 10000, 200), k(3)),
			withPosts(rated(ig, date(2026, 3, 8), 10000, 0), k(0)),
			withPosts(rated(ig, date(2026, 3, 15), 10000, 0), k(0)),
			withPosts(rated(ig, date(2026, 3, 22), 10000, 0), k(0)),
			withPosts(rated(ig, date(2026, 3, 29), 10000, 0), k(0)),
			withPosts(rated(ig, date(2026, 4, 5), 10000, 0), k(0)),
		}, true, date(2026, 3, 1), "0 posts in each of the 5 periods ending 8 Mar 2026 to 5 Apr 2026; the last period with posts ended 1 Mar 2026 (3 posts)."},
		// The latest 30 days of data are (27 Feb, 29 Mar] in the next two.
		{"weekly data, one week in the latest 30 days unknown", []rapport.Snapshot{
			withPosts(rated(ig, date(2026, 3, 8), 10000, 0), u),
			withPosts(rated(ig, date(2026, 3, 15), 10000, 0), k(0)),
			withPosts(rated(ig, date(2026, 3, 22), 10000, 0), k(0)),
			withPosts(rated(ig, date(2026, 3, 29), 10000, 0), k(0)),
		}, false, time.Time{}, ""},
		{"weekly data, posts 21 days before the latest period", []rapport.Snapshot{
			withPosts(rated(ig, date(2026, 3, 8), 10000, 200), k(1)),
			withPosts(rated(ig, date(2026, 3, 15), 10000, 0), k(0)),
			withPosts(rated(ig, date(2026, 3, 22), 10000, 0), k(0)),
			withPosts(rated(ig, date(2026, 3, 29), 10000, 0), k(0)),
		}, false, time.Time{}, ""},
		{"never any posts", []rapport.Snapshot{
			withPosts(rated(ig, monthEnd(2026, 2), 10000, 0), u),
			withPosts(rated(ig, monthEnd(2026, 3), 10000, 0), k(0)),
		}, true, time.Time{}, "0 posts in the period ending 31 Mar 2026; no earlier period on record has posts."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pa := platformOf(t, Analyze(tt.snaps, date(2026, 4, 15), Benchmarks{}), ig)
			var got []Flag
			for _, f := range pa.Flags {
				if f.Kind == FlagInactive {
					got = append(got, f)
				}
			}
			if !tt.wantFlag {
				if len(got) != 0 {
					t.Errorf("unexpected flag %+v", got)
				}
				return
			}
			if len(got) != 1 || !got[0].Period.Equal(tt.wantPeriod) || got[0].Evidence != tt.wantEv {
				t.Fatalf("flags = %+v; want period %v, evidence %q", got, tt.wantPeriod, tt.wantEv)
			}
			if !strings.HasPrefix(got[0].Message, "No Instagram posts in the latest 30 days of data") {
				t.Errorf("message %q", got[0].Message)
			}
		})
	}
}

// periodsOf prepares one platform's snapshots the way Analyze does.
func periodsOf(snaps []rapport.Snapshot) []period {
	ps := make([]period, 0, len(snaps))
	for i := range snaps {
		p := newPeriod(&snaps[i])
		p.seq = i
		ps = append(ps, p)
	}
	slices.SortFunc(ps, comparePeriods)
	return dedupePeriods(ps)
}
