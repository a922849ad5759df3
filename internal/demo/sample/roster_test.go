package sample

import (
	"math"
	"reflect"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

var testNow = time.Date(2025, 3, 14, 15, 4, 5, 0, time.UTC)

// accountKey names one platform presence of one creator.
type accountKey struct {
	handle   string
	platform rapport.Platform
}

// byAccount groups snapshots per account, oldest first, remembering each creator's
// primary (first listed) account.
func byAccount(snaps []rapport.Snapshot) (map[accountKey][]rapport.Snapshot, map[string]accountKey) {
	series := make(map[accountKey][]rapport.Snapshot)
	primary := make(map[string]accountKey)
	for _, s := range snaps {
		k := accountKey{s.Handle, s.Platform}
		if _, ok := primary[s.Handle]; !ok {
			primary[s.Handle] = k
		}
		series[k] = append(series[k], s)
	}
	for _, ss := range series {
		sort.Slice(ss, func(i, j int) bool { return ss[i].AsOf.Before(ss[j].AsOf) })
	}
	return series, primary
}

// er is the engagement rate per follower, or NaN when a part is unknown.
func er(s rapport.Snapshot) float64 {
	if !s.Followers.Known || !s.AvgLikes.Known || !s.AvgComments.Known || !s.AvgShares.Known || s.Followers.Value == 0 {
		return math.NaN()
	}
	return (s.AvgLikes.Value + s.AvgComments.Value + s.AvgShares.Value) / s.Followers.Value
}

// meanER averages the known rates of the periods monthsAgo from..to before the latest.
func meanER(ss []rapport.Snapshot, from, to int) float64 {
	var sum float64
	var n int
	for m := from; m <= to; m++ {
		if v := er(ss[len(ss)-1-m]); !math.IsNaN(v) {
			sum += v
			n++
		}
	}
	return sum / float64(n)
}

// yearRatio compares the last three months' engagement with the same months a year earlier,
// which cancels seasonality.
func yearRatio(ss []rapport.Snapshot) float64 { return meanER(ss, 0, 2) / meanER(ss, 12, 14) }

// followerGrowth is the latest following over the following a year earlier.
func followerGrowth(ss []rapport.Snapshot) float64 {
	return ss[len(ss)-1].Followers.Value / ss[len(ss)-13].Followers.Value
}

// monthlyGrowth lists period-over-period follower growth rates.
func monthlyGrowth(ss []rapport.Snapshot) []float64 {
	g := make([]float64, 0, len(ss)-1)
	for i := 1; i < len(ss); i++ {
		g = append(g, ss[i].Followers.Value/ss[i-1].Followers.Value-1)
	}
	return g
}

// maxRobustZ is the largest robust z-score (median and MAD) among the values.
func maxRobustZ(values []float64) float64 {
	median := func(v []float64) float64 {
		s := slices.Sorted(slices.Values(v))
		return (s[(len(s)-1)/2] + s[len(s)/2]) / 2
	}
	m := median(values)
	dev := make([]float64, len(values))
	for i, v := range values {
		dev[i] = math.Abs(v - m)
	}
	mad := 1.4826 * median(dev)
	return slices.Max(dev) / mad
}

func tierOf(followers float64) string {
	switch {
	case followers < 10_000:
		return "nano"
	case followers < 100_000:
		return "micro"
	case followers < 500_000:
		return "mid"
	case followers < 1_000_000:
		return "macro"
	}
	return "mega"
}

func TestRosterShape(t *testing.T) {
	ins, snaps := Roster(testNow)
	if len(ins) < 32 {
		t.Errorf("%d influencers, want at least 32", len(ins))
	}
	series, _ := byAccount(snaps)
	wantLast := time.Date(2025, 2, 28, 0, 0, 0, 0, time.UTC)
	if got := lastPeriodEnd(testNow); !got.Equal(wantLast) {
		t.Fatalf("lastPeriodEnd = %v, want %v", got, wantLast)
	}
	accounts := make(map[string]int)
	for k, ss := range series {
		accounts[k.handle]++
		if len(ss) != Months {
			t.Errorf("%v has %d snapshots, want %d", k, len(ss), Months)
			continue
		}
		if !ss[len(ss)-1].AsOf.Equal(wantLast) {
			t.Errorf("%v ends at %v, want %v", k, ss[len(ss)-1].AsOf, wantLast)
		}
		for i, s := range ss {
			d := s.AsOf
			if d.Location() != time.UTC || d.Hour() != 0 || d.AddDate(0, 0, 1).Day() != 1 {
				t.Errorf("%v period %d ends %v, want a month's last day at UTC midnight", k, i, d)
			}
			if i > 0 && d.AddDate(0, 0, 1) != ss[i-1].AsOf.AddDate(0, 0, 1).AddDate(0, 1, 0) {
				t.Errorf("%v: %v does not follow %v by a month", k, d, ss[i-1].AsOf)
			}
			checkSnapshotSane(t, s)
		}
	}
	for _, in := range ins {
		if accounts[in.Handle] < 2 {
			t.Errorf("%s has %d accounts, want several", in.Handle, accounts[in.Handle])
		}
	}
}

func checkSnapshotSane(t *testing.T, s rapport.Snapshot) {
	t.Helper()
	for _, q := range []rapport.Quantity{s.Followers, s.Posts, s.AvgLikes, s.AvgComments, s.AvgShares, s.AvgViews} {
		if q.Known && (q.Value < 0 || math.IsNaN(q.Value) || math.IsInf(q.Value, 0)) {
			t.Errorf("%s %s %v: impossible value %v", s.Handle, s.Platform, s.AsOf, q.Value)
		}
	}
	if !s.Followers.Known || s.Followers.Value != math.Trunc(s.Followers.Value) || !s.Posts.Known {
		t.Errorf("%s %s %v: followers %v posts %v", s.Handle, s.Platform, s.AsOf, s.Followers, s.Posts)
	}
	if s.Posts.Value == 0 && (s.AvgLikes.Known || s.AvgViews.Known) {
		t.Errorf("%s %s %v: averages over zero posts", s.Handle, s.Platform, s.AsOf)
	}
	if s.AvgViews.Known != (s.Platform.IsVideo() && s.Posts.Value > 0) {
		t.Errorf("%s %s %v: views %v on a platform with IsVideo %v", s.Handle, s.Platform, s.AsOf, s.AvgViews, s.Platform.IsVideo())
	}
}

func TestRosterCoverage(t *testing.T) {
	ins, snaps := Roster(testNow)
	series, _ := byAccount(snaps)

	tiers := make(map[string]int)
	for _, ss := range series {
		tiers[tierOf(ss[len(ss)-1].Followers.Value)]++
	}
	markets, tags, statuses := make(map[string]bool), make(map[string]bool), make(map[rapport.Status]int)
	platforms := make(map[rapport.Platform]bool)
	for k := range series {
		platforms[k.platform] = true
	}
	users := make(map[string]bool)
	for _, u := range Users {
		users[u.ID] = true
	}
	handles := make(map[string]bool)
	contacts := 0
	for _, in := range ins {
		if err := rapport.ValidateHandle(in.Handle); err != nil || in.ID() != in.Handle {
			t.Errorf("handle %q: %v (want valid and already normalised)", in.Handle, err)
		}
		if handles[in.Handle] {
			t.Errorf("handle %q twice", in.Handle)
		}
		handles[in.Handle] = true
		if (in.Owner != "" && !users[in.Owner]) || (in.Backup != "" && !users[in.Backup]) || (in.Backup != "" && in.Backup == in.Owner) {
			t.Errorf("%s: owner %q backup %q, want distinct demo users", in.Handle, in.Owner, in.Backup)
		}
		for _, m := range in.Markets {
			markets[m] = true
		}
		for _, tag := range in.Tags {
			tags[tag] = true
		}
		statuses[in.Status]++
		if !in.Contact.IsZero() {
			contacts++
		}
	}
	for _, tier := range []string{"nano", "micro", "mid", "macro", "mega"} {
		if tiers[tier] < 2 {
			t.Errorf("%d accounts in tier %s, want at least 2", tiers[tier], tier)
		}
	}
	for _, m := range []string{"US", "GB", "FR", "DE", "BR", "JP", "IN", "MX"} {
		if !markets[m] {
			t.Errorf("no creator in market %s", m)
		}
	}
	for _, niche := range []string{"beauty", "gaming", "fitness", "food", "travel", "tech", "fashion", "music", "parenting", "sustainability"} {
		if !tags[niche] {
			t.Errorf("no creator tagged %s", niche)
		}
	}
	for _, p := range []rapport.Platform{rapport.Instagram, rapport.TikTok, rapport.YouTube, rapport.Twitch, rapport.X} {
		if !platforms[p] {
			t.Errorf("no account on %s", p)
		}
	}
	for _, st := range []rapport.Status{rapport.StatusActive, rapport.StatusProspect, rapport.StatusPaused, rapport.StatusAlumni} {
		if statuses[st] < 2 {
			t.Errorf("%d creators %s, want several", statuses[st], st)
		}
	}
	if contacts < 5 {
		t.Errorf("%d creators with a contact on their side, want several", contacts)
	}
	for _, h := range []string{HandleSteady, HandleDeclining, HandleRising, HandleDivergent, HandleNiche, HandleInactive, HandleSpike, HandleVideo} {
		if !handles[h] {
			t.Errorf("sample handle %q is not in the roster", h)
		}
	}
}

func TestRosterIsDeterministic(t *testing.T) {
	ins1, snaps1 := Roster(testNow)
	ins2, snaps2 := Roster(testNow)
	if !reflect.DeepEqual(ins1, ins2) || !reflect.DeepEqual(snaps1, snaps2) {
		t.Fatal("two calls with the same now differ")
	}
	// Only now's month matters, not the time of day or the caller's zone.
	tokyo := time.FixedZone("JST", 9*3600)
	for _, now := range []time.Time{
		time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 3, 31, 23, 59, 59, 0, time.UTC),
		testNow.In(tokyo),
	} {
		ins3, snaps3 := Roster(now)
		if !reflect.DeepEqual(ins1, ins3) || !reflect.DeepEqual(snaps1, snaps3) {
			t.Errorf("Roster(%v) differs from Roster(%v)", now, testNow)
		}
	}
	// Callers own what they get.
	ins1[0].Tags[0] = "changed"
	if ins3, _ := Roster(testNow); ins3[0].Tags[0] == "changed" {
		t.Error("changing a returned influencer changed the roster")
	}
}

func TestRosterSpecialCases(t *testing.T) {
	_, snaps := Roster(testNow)
	series, primary := byAccount(snaps)
	main := func(h string) []rapport.Snapshot { return series[primary[h]] }

	t.Run("declining", func(t *testing.T) {
		if r := yearRatio(main(HandleDeclining)); r < 0.5 || r >= 0.7 {
			t.Errorf("engagement ratio year on year = %.2f, want about 0.6", r)
		}
	})
	t.Run("rising", func(t *testing.T) {
		ss := main(HandleRising)
		if r := yearRatio(ss); r <= 1.3 {
			t.Errorf("engagement ratio year on year = %.2f, want above 1.3", r)
		}
		if g := followerGrowth(ss); g < 1.25 {
			t.Errorf("followers grew %.2fx in a year, want strong growth", g)
		}
	})
	t.Run("divergent", func(t *testing.T) {
		ss := main(HandleDivergent)
		if g := followerGrowth(ss); g < 1.25 {
			t.Errorf("followers grew %.2fx in a year, want at least 1.25x", g)
		}
		if r := yearRatio(ss); r > 1.0 || r < 0.7 {
			t.Errorf("engagement ratio year on year = %.2f, want sagging (0.7–1.0) but not a collapse", r)
		}
	})
	t.Run("niche", func(t *testing.T) {
		ss := main(HandleNiche)
		latest := ss[len(ss)-1]
		if tier := tierOf(latest.Followers.Value); tier != "nano" && tier != "micro" {
			t.Errorf("niche creator is %s", tier)
		}
		if r := meanER(ss, 0, 2); r < 0.06 {
			t.Errorf("niche creator's engagement rate %.1f%%, want excellent (6%% or more)", 100*r)
		}
	})
	t.Run("inactive", func(t *testing.T) {
		for k, ss := range series {
			if k.handle != HandleInactive {
				continue
			}
			n := len(ss)
			for _, s := range ss[n-2:] {
				if s.Posts != rapport.Known(0) || s.AvgLikes.Known || s.AvgComments.Known || s.AvgShares.Known || s.AvgViews.Known {
					t.Errorf("%v at %v: posts %v, averages known; want a silent month", k, s.AsOf, s.Posts)
				}
			}
			if ss[n-3].Posts.Value == 0 {
				t.Errorf("%v stopped posting earlier than two months ago", k)
			}
		}
	})
	t.Run("spike", func(t *testing.T) {
		g := monthlyGrowth(main(HandleSpike))
		at := len(g) - 1 - SpikeMonthsAgo
		if g[at] < 0.3 {
			t.Errorf("growth in the spike month = %.0f%%, want a burst", 100*g[at])
		}
		if z := maxRobustZ(g); z <= 3.5 {
			t.Errorf("spike's robust z-score = %.1f, want above 3.5", z)
		}
		ss := main(HandleSpike)
		before, after := ss[len(ss)-2-SpikeMonthsAgo], ss[len(ss)-1-SpikeMonthsAgo]
		if after.AvgLikes.Value > 1.2*before.AvgLikes.Value {
			t.Errorf("likes rose from %v to %v with the bought followers; want them flat", before.AvgLikes, after.AvgLikes)
		}
	})
	t.Run("video", func(t *testing.T) {
		k := primary[HandleVideo]
		if k.platform != rapport.YouTube {
			t.Fatalf("video creator's main platform is %s", k.platform)
		}
		for _, s := range series[k] {
			if !s.AvgViews.Known || s.AvgViews.Value < s.AvgLikes.Value {
				t.Fatalf("%v: views %v likes %v", s.AsOf, s.AvgViews, s.AvgLikes)
			}
		}
	})
}

// The flags of DESIGN.md §4 should light up where the roster means them to, and nowhere else.
func TestRosterHasNoAccidentalFlags(t *testing.T) {
	_, snaps := Roster(testNow)
	series, primary := byAccount(snaps)
	special := make(map[string]bool)
	for _, c := range creators {
		special[c.handle] = c.shape != steady
	}
	for k, ss := range series {
		if k.handle != HandleSpike || primary[k.handle] != k {
			if z := maxRobustZ(monthlyGrowth(ss)); z > 3.5 {
				t.Errorf("%v: follower growth robust z-score %.1f looks like a spike", k, z)
			}
		}
		if special[k.handle] {
			continue
		}
		r := yearRatio(ss)
		if r < 0.7 || r > 1.3 {
			t.Errorf("%v: engagement ratio %.2f would flag a steady creator", k, r)
		}
		if g := followerGrowth(ss); g >= 1.25 && r <= 1.0 {
			t.Errorf("%v: followers %.2fx with ratio %.2f would flag divergence", k, g, r)
		}
	}
}

func BenchmarkRoster(b *testing.B) {
	for b.Loop() {
		Roster(testNow)
	}
}

// TestEveryWindowHasAFigureOnAnyDay checks the profile card's headline on the sample data:
// engagement now and one, two and three years ago is a number for every account that
// posted, whatever day of the year the demo runs.
func TestEveryWindowHasAFigureOnAnyDay(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(2026, 12, 6, 4, 53, 0, 0, time.UTC),
		time.Date(2028, 2, 29, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC),
		time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2027, 7, 31, 18, 0, 0, 0, time.UTC),
	} {
		_, snaps := Roster(now)
		series, _ := byAccount(snaps)
		for k, ss := range series {
			a := engagement.Analyze(ss, now, engagement.DefaultBenchmarks())
			if len(a.Platforms) != 1 || len(a.Platforms[0].Rates) == 0 {
				t.Fatalf("%s %v: analysis has no rates", now.Format(time.DateOnly), k)
			}
			for _, w := range a.Platforms[0].Rates[0].Windows[1:] {
				if !w.OK {
					t.Errorf("%s %v: %dy ago has %d periods, not a figure", now.Format(time.DateOnly), k, w.YearsBack, w.N)
				}
			}
		}
	}
}
