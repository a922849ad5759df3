package chart

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// labelled lists the labelled ticks as "value=label".
func labelled(ticks []plot.Tick) []string {
	var out []string
	for _, t := range ticks {
		if !t.IsMinor() {
			out = append(out, fmt.Sprintf("%g=%s", t.Value, t.Label))
		}
	}
	return out
}

func TestMonthTicks(t *testing.T) {
	feb2023 := time.Date(2023, time.February, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		first  time.Time
		months int
		every  int
		want   []string
	}{
		{"quarterly from February", feb2023, 36, 3, []string{
			"2=Apr 2023", "5=Jul 2023", "8=Oct 2023", "11=Jan 2024", "14=Apr 2024", "17=Jul 2024",
			"20=Oct 2024", "23=Jan 2025", "26=Apr 2025", "29=Jul 2025", "32=Oct 2025", "35=Jan 2026",
		}},
		{"half-yearly from February", feb2023, 36, 6, []string{
			"5=Jul 2023", "11=Jan 2024", "17=Jul 2024", "23=Jan 2025", "29=Jul 2025", "35=Jan 2026",
		}},
		{"yearly from February", feb2023, 36, 12, []string{"11=Jan 2024", "23=Jan 2025", "35=Jan 2026"}},
		{"a window opening in January labels its first month", time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC), 36, 6, []string{
			"0=Jan 2024", "6=Jul 2024", "12=Jan 2025", "18=Jul 2025", "24=Jan 2026", "30=Jul 2026",
		}},
		{"months follow the first month's zone", time.Date(2023, time.November, 1, 0, 0, 0, 0, time.FixedZone("NZDT", 13*3600)), 4, 3, []string{
			"2=Jan 2024",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ticks := monthTicks(tc.first, tc.months, tc.every)
			if len(ticks) != tc.months {
				t.Fatalf("%d ticks, want one per month (%d)", len(ticks), tc.months)
			}
			for i, tk := range ticks {
				if tk.Value != float64(i) {
					t.Fatalf("tick %d at %g, want month positions 0, 1, 2, …", i, tk.Value)
				}
			}
			if got := labelled(ticks); !slices.Equal(got, tc.want) {
				t.Errorf("labels\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestUnlabelledKeepsMajorTicksForTheGrid(t *testing.T) {
	in := []plot.Tick{{Value: 0}, {Value: 1, Label: "Jan 2024"}, {Value: 2}}
	got := unlabelled(in)
	want := []plot.Tick{{Value: 0}, {Value: 1, Label: " "}, {Value: 2}}
	if !slices.Equal(got, want) {
		t.Errorf("unlabelled = %v, want %v", got, want)
	}
}

func TestMonthLabelEvery(t *testing.T) {
	tests := []struct {
		avail, label vg.Length
		want         int
	}{
		{avail: 720, label: 40, want: 3},  // 60 pt a quarter, 60 needed
		{avail: 700, label: 40, want: 6},  // 58 pt a quarter is short of 60
		{avail: 360, label: 40, want: 6},  // 60 pt a half year
		{avail: 300, label: 40, want: 12}, // 50 pt a half year is short
	}
	for _, tc := range tests {
		if got := monthLabelEvery(tc.avail, tc.label, 36); got != tc.want {
			t.Errorf("monthLabelEvery(%v, %v, 36) = %d, want %d", tc.avail, tc.label, got, tc.want)
		}
	}
}

func TestNiceLinear(t *testing.T) {
	tests := []struct {
		name             string
		lo, hi           float64
		target           int
		minStep          float64
		min, max, step   float64
		decimals         int
		labels           []string
		labelledByFormat func(float64, int) string
	}{
		{"rates from zero", 0, 8.7, 4, 0, 0, 10, 2.5, 1, []string{"0", "2.5", "5.0", "7.5", "10.0"}, percentTickLabel},
		{"whole percents", 0, 3.8, 4, 0, 0, 4, 1, 0, []string{"0", "1", "2", "3", "4"}, percentTickLabel},
		{"tiny rates", 0, 0.00004, 4, 0, 0, 0.00004, 0.00001, 5, []string{"0", "0.00001", "0.00002", "0.00003", "0.00004"}, percentTickLabel},
		{"no rate at all", 0, 0, 4, 0, 0, 1, 0.25, 2, []string{"0", "0.25", "0.50", "0.75", "1.00"}, percentTickLabel},
		{"followers off zero", 45000, 48540, 4, 1, 45000, 49000, 1000, 0, []string{"45K", "46K", "47K", "48K", "49K"}, followersTickLabel},
		{"one follower count", 200000, 200000, 4, 1, 180000, 220000, 10000, 0, []string{"180K", "190K", "200K", "210K", "220K"}, followersTickLabel},
		{"followers never step below one", 3, 5, 4, 1, 3, 5, 1, 0, []string{"3", "4", "5"}, followersTickLabel},
		{"values far below the smallest step", 0.2, 0.2, 4, 1, 0, 1, 1, 0, []string{"0", "1"}, followersTickLabel},
		{"steps of 25 need no decimals", 0, 90, 4, 0, 0, 100, 25, 0, []string{"0", "25", "50", "75", "100"}, percentTickLabel},
		{"billions", 1.2e9, 3.1e9, 4, 1, 1e9, 3.5e9, 5e8, 0, []string{"1B", "1.5B", "2B", "2.5B", "3B", "3.5B"}, followersTickLabel},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := niceLinear(tc.lo, tc.hi, tc.target, tc.minStep)
			if !near(s.min, tc.min) || !near(s.max, tc.max) || !near(s.step, tc.step) || s.decimals != tc.decimals {
				t.Fatalf("niceLinear(%g, %g) = [%g, %g] step %g with %d decimals, want [%g, %g] step %g with %d",
					tc.lo, tc.hi, s.min, s.max, s.step, s.decimals, tc.min, tc.max, tc.step, tc.decimals)
			}
			var got []string
			for _, tk := range s.ticks(tc.labelledByFormat) {
				got = append(got, tk.Label)
			}
			if !slices.Equal(got, tc.labels) {
				t.Errorf("labels %q, want %q", got, tc.labels)
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(b)) }

func TestPercentTickLabel(t *testing.T) {
	tests := []struct {
		v        float64
		decimals int
		want     string
	}{
		{0, 1, "0"},
		{1e-15, 1, "0"},
		{0.30000000000000004, 1, "0.3"},
		{12.5, 1, "12.5"},
		{350, 0, "350"},
		{2.5e7, 0, "2.5e+07"},
		{3e-9, 9, "3e-09"},
	}
	for _, tc := range tests {
		if got := percentTickLabel(tc.v, tc.decimals); got != tc.want {
			t.Errorf("percentTickLabel(%g, %d) = %q, want %q", tc.v, tc.decimals, got, tc.want)
		}
	}
}

func TestFollowersTickLabel(t *testing.T) {
	tests := map[float64]string{
		0:        "0",
		7:        "7",
		950:      "950",
		1000:     "1K",
		12500:    "12.5K",
		180000:   "180K",
		1.25e6:   "1.25M",
		2e9:      "2B",
		1.5e12:   "1500B",
		4.0001e6: "4M",
	}
	for v, want := range tests {
		if got := followersTickLabel(v, 0); got != want {
			t.Errorf("followersTickLabel(%g) = %q, want %q", v, got, want)
		}
	}
}

func TestUseLogScale(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   bool
	}{
		{10000, 500000, false}, // exactly 50×
		{10000, 500001, true},
		{8000, 1.25e6, true},
		{0, 1.25e6, false}, // a zero count has no place on a log axis
		{120000, 185000, false},
	}
	for _, tc := range tests {
		if got := useLogScale(tc.lo, tc.hi); got != tc.want {
			t.Errorf("useLogScale(%g, %g) = %v, want %v", tc.lo, tc.hi, got, tc.want)
		}
	}
}

func TestNiceLog(t *testing.T) {
	tests := []struct {
		name     string
		lo, hi   float64
		minGap   float64
		min, max float64
		labels   []string
	}{
		// 5K to 2M spans 2.6 decades: 1-2-5 neighbours stand 0.301 ÷ 2.6 = 0.116 apart.
		{"1-2-5 when there is room", 8000, 1.25e6, 0.1, 5000, 2e6, []string{
			"5000=5K", "10000=10K", "20000=20K", "50000=50K", "100000=100K", "200000=200K",
			"500000=500K", "1e+06=1M", "2e+06=2M",
		}},
		// 1-3 neighbours stand 0.477 ÷ 2.6 = 0.183 apart.
		{"1-3 when 1-2-5 is crowded", 8000, 1.25e6, 0.15, 5000, 2e6, []string{
			"10000=10K", "30000=30K", "100000=100K", "300000=300K", "1e+06=1M",
		}},
		{"powers of ten when 1-3 is crowded", 8000, 1.25e6, 0.3, 5000, 2e6, []string{
			"10000=10K", "100000=100K", "1e+06=1M",
		}},
		{"bounds on marks stay put", 200, 1e5, 0.1, 200, 1e5, []string{
			"200=200", "500=500", "1000=1K", "2000=2K", "5000=5K", "10000=10K", "20000=20K", "50000=50K", "100000=100K",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := niceLog(tc.lo, tc.hi, tc.minGap)
			if !near(s.min, tc.min) || !near(s.max, tc.max) {
				t.Fatalf("range [%g, %g], want [%g, %g]", s.min, s.max, tc.min, tc.max)
			}
			if got := labelled(s.ticks); !slices.Equal(got, tc.labels) {
				t.Errorf("labels\n got %q\nwant %q", got, tc.labels)
			}
			for i, tk := range s.ticks {
				if tk.Value < s.min*(1-1e-9) || tk.Value > s.max*(1+1e-9) {
					t.Errorf("tick %g outside [%g, %g]", tk.Value, s.min, s.max)
				}
				if i > 0 && tk.Value <= s.ticks[i-1].Value {
					t.Errorf("ticks out of order at %g", tk.Value)
				}
			}
		})
	}
	// Every whole multiple of a power of ten from 5K to 2M gets a tick: 5K…9K, 10K…90K,
	// 100K…900K, 1M and 2M.
	if n := len(niceLog(8000, 1.25e6, 0.1).ticks); n != 5+9+9+2 {
		t.Errorf("%d ticks from 5K to 2M, want 25", n)
	}
}
