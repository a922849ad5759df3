package chart

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// fixtureNow is the instant the fixtures are charted at: the window runs Feb 2023 – Jan 2026.
var fixtureNow = time.Date(2026, 1, 20, 9, 30, 0, 0, time.UTC)

// monthEnd is the last day of a month at midnight UTC, the way imported as_of dates arrive.
func monthEnd(y int, m time.Month) time.Time {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
}

// snapshot is one month's metrics; a negative figure stands for a blank cell.
func snapshot(p rapport.Platform, asOf time.Time, followers, likes, comments, shares float64) rapport.Snapshot {
	q := func(v float64) rapport.Quantity {
		if v < 0 {
			return rapport.Unknown
		}
		return rapport.Known(v)
	}
	return rapport.Snapshot{
		Handle: "ava.moreau", Platform: p, AsOf: asOf,
		Followers: q(followers), Posts: rapport.Known(8),
		AvgLikes: q(likes), AvgComments: q(comments), AvgShares: q(shares),
	}
}

// avaMoreau is a realistic three years of one creator, made to show every case the chart
// handles:
//   - Instagram: steady growth, engagement sliding from about 3.4 % to 2.1 %, a December
//     bump, three months of hidden likes (mid-2024) and one month not reported (Mar 2025);
//   - TikTok: opened in September 2023 and grown from 8K to 640K (so the follower axis
//     turns logarithmic), two months missing;
//   - YouTube: the largest audience and the lowest rate, with like counts blank for two
//     months;
//   - X: follower counts only.
func avaMoreau() []rapport.Snapshot {
	rnd := rand.New(rand.NewPCG(7, 26))
	noise := func(spread float64) float64 { return 1 + spread*(2*rnd.Float64()-1) }
	var out []rapport.Snapshot
	for i := range 36 {
		y, m := 2023, time.February+time.Month(i)
		end := monthEnd(y, m)
		month := end.Month()
		seasonal := 1.0
		if month == time.December {
			seasonal = 1.25
		}

		// Instagram.
		f := 120000 * math.Pow(185000.0/120000, float64(i)/35) * noise(0.005)
		er := (0.034 - 0.013*float64(i)/35) * seasonal * noise(0.06)
		likes, comments := er*f*0.92, er*f*0.06
		switch {
		case i >= 16 && i <= 18: // likes hidden
			likes = 0
		case i == 25: // not reported
			f, likes, comments = -1, -1, -1
		}
		if f >= 0 {
			out = append(out, snapshot(rapport.Instagram, end, f, likes, comments, er*f*0.02))
		}

		// TikTok from September 2023.
		if i >= 7 && i != 19 && i != 20 {
			f := 8000 * math.Pow(640000.0/8000, float64(i-7)/28) * noise(0.01)
			er := (0.085 - 0.03*float64(i-7)/28) * noise(0.12)
			out = append(out, snapshot(rapport.TikTok, end, f, er*f*0.85, er*f*0.05, er*f*0.1))
		}

		// YouTube.
		f = 1.08e6 * math.Pow(1.25e6/1.08e6, float64(i)/35) * noise(0.003)
		er = 0.0095 * seasonal * noise(0.1)
		likes, comments = er*f*0.9, er*f*0.1
		if i == 10 || i == 11 {
			likes = -1
		}
		out = append(out, snapshot(rapport.YouTube, end, f, likes, comments, -1))

		// X: followers only.
		out = append(out, snapshot(rapport.X, end, 45000+90*float64(i)*noise(0.2), -1, -1, -1))
	}
	return out
}
