package engagement

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// monthEnd is the last day of a month at midnight UTC, the way imported as_of dates arrive.
func monthEnd(y int, m time.Month) time.Time {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
}

// date is a calendar day at midnight UTC.
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// rated is a snapshot whose ER/followers is interactions ÷ followers: all interactions are
// likes, and posts are known.
func rated(p rapport.Platform, asOf time.Time, followers, interactions float64) rapport.Snapshot {
	return rapport.Snapshot{
		Platform:    p,
		AsOf:        asOf,
		Followers:   rapport.Known(followers),
		Posts:       rapport.Known(4),
		AvgLikes:    rapport.Known(interactions),
		AvgComments: rapport.Known(0),
	}
}

// monthly builds one snapshot per month end for the months [from, from+n), asking fn for each
// month's followers and interactions.
func monthly(p rapport.Platform, y int, m time.Month, n int, fn func(i int) (followers, interactions float64)) []rapport.Snapshot {
	out := make([]rapport.Snapshot, 0, n)
	for i := range n {
		f, x := fn(i)
		out = append(out, rated(p, monthEnd(y, m+time.Month(i)), f, x))
	}
	return out
}

// loadSnapshots reads a testdata CSV in the metrics import layout
// (platform,as_of,followers,posts,avg_likes,avg_comments,avg_shares,avg_views); a blank cell
// is unknown.
func loadSnapshots(t testing.TB, name string) []rapport.Snapshot {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	q := func(s string) rapport.Quantity {
		s = strings.TrimSpace(s)
		if s == "" {
			return rapport.Unknown
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%s: %q: %v", name, s, err)
		}
		return rapport.Known(v)
	}
	var out []rapport.Snapshot
	for i, row := range rows {
		if i == 0 {
			continue // header
		}
		asOf, err := time.Parse(time.DateOnly, row[1])
		if err != nil {
			t.Fatalf("%s line %d: %v", name, i+1, err)
		}
		out = append(out, rapport.Snapshot{
			Platform: rapport.Platform(row[0]), AsOf: asOf,
			Followers: q(row[2]), Posts: q(row[3]), AvgLikes: q(row[4]), AvgComments: q(row[5]),
			AvgShares: q(row[6]), AvgViews: q(row[7]),
		})
	}
	return out
}

// near compares rates computed by different routes.
func near(a, b float64) bool {
	d := a - b
	return d < 1e-12 && d > -1e-12
}

// platformOf finds one platform's analysis.
func platformOf(t testing.TB, a Analysis, p rapport.Platform) PlatformAnalysis {
	t.Helper()
	for _, pa := range a.Platforms {
		if pa.Platform == p {
			return pa
		}
	}
	t.Fatalf("no analysis for %s", p)
	return PlatformAnalysis{}
}

// kinds lists the flag kinds in order.
func kinds(fs []Flag) []FlagKind {
	out := []FlagKind{}
	for _, f := range fs {
		out = append(out, f.Kind)
	}
	return out
}

func timeMonth(i int) time.Month { return time.Month(i) }
