package csvimport

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// seedFixtures adds every testdata file with the prefix to the fuzz corpus.
func seedFixtures(f *testing.F, prefix string) {
	names, err := filepath.Glob(filepath.Join("testdata", prefix+"*.csv"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
}

func FuzzParseMetrics(f *testing.F) {
	seedFixtures(f, "metrics_")
	f.Add("handle,platform,as_of,followers\n\"a\",\"ig\n")
	f.Add("handle;platform;as_of;followers\na;ig;2024-01;1,5K\n")
	f.Fuzz(func(t *testing.T, in string) {
		res, err := ParseMetrics(strings.NewReader(in), testNow)
		if err != nil {
			if len(res.Rows) != 0 || len(res.Errors) != 0 {
				t.Fatalf("fatal error %v came with rows or row errors", err)
			}
			return
		}
		if len(res.Rows) != len(res.Lines) {
			t.Fatalf("%d rows but %d lines", len(res.Rows), len(res.Lines))
		}
		seen := make(map[string]bool)
		for i, s := range res.Rows {
			if res.Lines[i] < 2 || (i > 0 && res.Lines[i] <= res.Lines[i-1]) {
				t.Fatalf("lines %v are not increasing from 2", res.Lines)
			}
			if rapport.ValidateHandle(s.Handle) != nil || s.Platform == "" || s.AsOf.IsZero() || s.AsOf.After(testNow.AddDate(0, 0, 1)) {
				t.Fatalf("row %d is not valid: %+v", i, s)
			}
			key := s.Handle + "|" + s.Key()
			if seen[key] {
				t.Fatalf("key %s kept twice", key)
			}
			seen[key] = true
			for _, q := range []rapport.Quantity{s.Followers, s.Posts, s.AvgLikes, s.AvgComments, s.AvgShares, s.AvgViews} {
				if q.Known && (q.Value < 0 || math.IsNaN(q.Value) || q.Value > maxCount) {
					t.Fatalf("row %d has %v", i, q)
				}
			}
			if s.Followers.Known && s.Followers.Value != math.Trunc(s.Followers.Value) {
				t.Fatalf("row %d has fractional followers %v", i, s.Followers.Value)
			}
		}
		for _, e := range res.Errors {
			if e.Line < 1 || e.Reason == "" {
				t.Fatalf("row error without a line or reason: %#v", e)
			}
		}
	})
}

func FuzzParseInfluencers(f *testing.F) {
	seedFixtures(f, "influencers_")
	f.Fuzz(func(t *testing.T, in string) {
		res, err := ParseInfluencers(strings.NewReader(in))
		if err != nil {
			return
		}
		if len(res.Rows) != len(res.Lines) {
			t.Fatalf("%d rows but %d lines", len(res.Rows), len(res.Lines))
		}
		for i, in := range res.Rows {
			if rapport.ValidateHandle(in.Handle) != nil {
				t.Fatalf("row %d has an invalid handle %q", i, in.Handle)
			}
			for _, m := range in.Markets {
				if !rapport.IsCountryCode(m) {
					t.Fatalf("row %d has market %q", i, m)
				}
			}
			if in.Cadence < 0 {
				t.Fatalf("row %d has cadence %v", i, in.Cadence)
			}
		}
	})
}
