package engagement

import (
	"encoding/binary"
	"math"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// FuzzAnalyze feeds Analyze arbitrary numbers — NaN, infinities, negatives, huge and tiny
// values, any dates — and checks that it neither panics nor lets a broken number through.
func FuzzAnalyze(f *testing.F) {
	floats := func(xs ...float64) []byte {
		var b []byte
		for _, x := range xs {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
		return b
	}
	nan, inf := math.NaN(), math.Inf(1)
	f.Add(floats(0, -30, 10000, 4, 300, 20, 5, 9000, 1, -60, 12000, 0, 250, 10, 0, 8000), int64(1767225600))
	f.Add(floats(1, -1, nan, nan, nan, nan, nan, nan, 2, -2, inf, -inf, inf, inf, -1, inf), int64(0))
	f.Add(floats(2, -400, -5, -1, -3, -2, -1, -7, 2, -30, math.MaxFloat64, 1, math.MaxFloat64, math.MaxFloat64, math.MaxFloat64, math.SmallestNonzeroFloat64), int64(-62135596800))
	f.Add(floats(3, 1e18, 1e-300, 1, 1, 0, 0, 0), int64(math.MaxInt64/2))
	f.Fuzz(func(t *testing.T, data []byte, nowUnix int64) {
		now := time.Unix(nowUnix%(1<<40), 0).UTC()
		platforms := []rapport.Platform{rapport.Instagram, rapport.TikTok, rapport.YouTube, rapport.X, "", "mastodon"}
		var snaps []rapport.Snapshot
		for len(data) >= 64 {
			var v [8]float64
			for i := range v {
				v[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
			}
			data = data[64:]
			q := func(x float64) rapport.Quantity {
				if math.Signbit(x) && x == 0 {
					return rapport.Unknown // -0 stands for a blank cell
				}
				return rapport.Known(x)
			}
			s := rapport.Snapshot{
				Platform:  platforms[math.Float64bits(v[0])%uint64(len(platforms))],
				AsOf:      now.Add(time.Duration(math.Mod(v[1], 5000)*24) * time.Hour),
				Followers: q(v[2]), Posts: q(v[3]), AvgLikes: q(v[4]),
				AvgComments: q(v[5]), AvgShares: q(v[6]), AvgViews: q(v[7]),
			}
			if math.IsNaN(v[1]) || math.IsInf(v[1], 0) {
				s.AsOf = now
			}
			snaps = append(snaps, s)
		}
		a := Analyze(snaps, now, DefaultBenchmarks())
		for _, pa := range a.Platforms {
			if pa.FollowersOK && (!finite(pa.LatestFollowers) || pa.LatestFollowers < 0) {
				t.Fatalf("%s followers %v", pa.Platform, pa.LatestFollowers)
			}
			for _, fa := range pa.Rates {
				if fa.Formula == PerView && !pa.Platform.IsVideo() {
					t.Fatalf("%s has a per-view analysis", pa.Platform)
				}
				for _, w := range fa.Windows {
					if w.OK && (!finite(w.Median) || w.Median < 0 || w.N < MinWindowPeriods) {
						t.Fatalf("%s window %+v", pa.Platform, w)
					}
					if !w.OK && w.Median != 0 {
						t.Fatalf("%s window without enough data shows %v", pa.Platform, w.Median)
					}
				}
				if fa.Trend.OK && (!finite(fa.Trend.Ratio) || fa.Trend.Ratio < 0 || fa.Trend.Direction == "") {
					t.Fatalf("%s trend %+v", pa.Platform, fa.Trend)
				}
				if len(fa.Series) != SeriesMonths {
					t.Fatalf("%s series of %d months", pa.Platform, len(fa.Series))
				}
				for _, pt := range fa.Series {
					if pt.OK && !finite(pt.ER) {
						t.Fatalf("%s point %+v", pa.Platform, pt)
					}
				}
				if n := utf8.RuneCountInString(fa.Series.ERSparkline()); n != SeriesMonths {
					t.Fatalf("sparkline of %d runes", n)
				}
				_ = fa.Series.FollowersSparkline()
			}
			for _, fl := range pa.Flags {
				if fl.Message == "" || fl.Evidence == "" {
					t.Fatalf("flag without words: %+v", fl)
				}
			}
		}
	})
}
