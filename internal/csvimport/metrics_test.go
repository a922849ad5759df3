package csvimport

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// testNow is "today" for the metrics fixtures.
var testNow = time.Date(2024, 3, 15, 10, 0, 0, 0, time.UTC)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

var k = rapport.Known

func TestParseMetricsGoodFile(t *testing.T) {
	res, err := ParseMetrics(open(t, "metrics_good.csv"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, nil)
	checkWarnings(t, res.Warnings)
	u := rapport.Unknown
	want := []rapport.Snapshot{
		{Handle: "ava.moreau", Platform: rapport.Instagram, AsOf: date("2024-01-31"),
			Followers: k(1612400), Posts: k(14), AvgLikes: k(21930), AvgComments: k(412), AvgShares: k(1100), AvgViews: u},
		{Handle: "ava.moreau", Platform: rapport.Instagram, AsOf: date("2024-02-29"),
			Followers: k(1630000), Posts: k(12), AvgLikes: k(20500), AvgComments: k(398), AvgShares: k(980), AvgViews: u},
		{Handle: "circuitsandcoffee", Platform: rapport.YouTube, AsOf: date("2024-01-31"),
			Followers: k(781200), Posts: k(5), AvgLikes: k(12345), AvgComments: k(1020), AvgShares: k(88), AvgViews: k(143500)},
		// No posts that month: the exported zeros are averages over nothing.
		{Handle: "circuitsandcoffee", Platform: rapport.YouTube, AsOf: date("2024-02-29"),
			Followers: k(782000), Posts: k(0), AvgLikes: u, AvgComments: u, AvgShares: u, AvgViews: u},
		{Handle: "zerodechet.chloe", Platform: rapport.Instagram, AsOf: date("2024-02-29"),
			Followers: k(7210), Posts: k(9), AvgLikes: u, AvgComments: u, AvgShares: u, AvgViews: u},
	}
	if !reflect.DeepEqual(res.Rows, want) {
		for i := range max(len(res.Rows), len(want)) {
			if i >= len(res.Rows) || i >= len(want) || !reflect.DeepEqual(res.Rows[i], want[i]) {
				t.Errorf("row %d differs", i)
			}
		}
		t.Fatalf("rows:\n got %+v\nwant %+v", res.Rows, want)
	}
	if !slices.Equal(res.Lines, []int{2, 3, 4, 5, 6}) {
		t.Errorf("lines = %v", res.Lines)
	}
}

func TestParseMetricsBadRows(t *testing.T) {
	res, err := ParseMetrics(open(t, "metrics_bad.csv"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, []wantError{
		{3, "as_of", `"2024-02-31" is not a calendar date`},
		{4, "as_of", `"02/01/2024" is ambiguous: 2024-01-02 or 2024-02-01?`},
		{5, "as_of", `"2024-04-30" is after today (2024-03-15)`},
		{6, "followers", `"12x" is not a number (use 12345, 12,345, 1.2K or 3.4M)`},
		{7, "followers", `"-5" is negative`},
		{8, "followers", `"1.2345K" is 1234.5, not a whole number of followers`},
		{9, "posts", `"2.5" is 2.5, not a whole number of posts`},
		{10, "avg_likes", `"12%" is a percentage`},
		{11, "platform", `"my space" has ' '`},
		{12, "handle", "is empty"},
		{13, "platform", "is empty"},
		{14, "as_of", "is empty"},
		{15, "", "has 7 fields but the header has 9"},
	})
	if len(res.Rows) != 2 || res.Rows[1].Platform != rapport.TikTok || res.Rows[1].AvgViews != k(9000) {
		t.Errorf("good rows = %+v", res.Rows)
	}
	if !slices.Equal(res.Lines, []int{2, 16}) {
		t.Errorf("lines = %v, want [2 16]", res.Lines)
	}
}

func TestParseMetricsErrorMessage(t *testing.T) {
	res, err := ParseMetrics(strings.NewReader(
		"handle,platform,as_of,followers\na,instagram,2024-01-31,1\nb,instagram,2024-01-31,1\n"+
			"c,instagram,2024-01-31,1\nd,instagram,2024-01-31,1\ne,instagram,2024-01-31,1\n"+
			"f,instagram,2024-01-31,12x\n"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := `line 7: followers: "12x" is not a number (use 12345, 12,345, 1.2K or 3.4M)`
	if len(res.Errors) != 1 || res.Errors[0].Error() != want {
		t.Errorf("errors = %v\nwant %s", res.Errors, want)
	}
}

func TestParseMetricsFormats(t *testing.T) {
	tests := []struct {
		file         string
		wantRows     int
		wantWarnings []string
		check        func(t *testing.T, rows []rapport.Snapshot)
	}{
		{
			file:         "metrics_vendor.csv",
			wantRows:     2,
			wantWarnings: []string{`ignoring unknown column "Engagement Rate"`},
			check: func(t *testing.T, rows []rapport.Snapshot) {
				tt := rows[1]
				if tt.Handle != "ava.moreau" || tt.Platform != rapport.TikTok || tt.Followers != k(702000) ||
					tt.Posts != k(31) || tt.AvgLikes != k(48000) || tt.AvgShares != k(3200) || tt.AvgViews != k(310000) {
					t.Errorf("tiktok row = %+v", tt)
				}
			},
		},
		{
			file:     "metrics_bom_crlf.csv",
			wantRows: 2,
			check: func(t *testing.T, rows []rapport.Snapshot) {
				if rows[0].Handle != "ava.moreau" || rows[1].Followers != k(420000) || rows[1].AvgLikes != k(9800) ||
					rows[1].Posts != rapport.Unknown {
					t.Errorf("rows = %+v", rows)
				}
			},
		},
		{
			file:     "metrics_semicolon.csv",
			wantRows: 2,
			check: func(t *testing.T, rows []rapport.Snapshot) {
				if rows[0].Followers != k(1612400) || rows[0].AvgComments != k(412.5) ||
					rows[1].Followers != k(420000) || rows[1].AvgLikes != k(9800) ||
					!rows[1].AsOf.Equal(date("2024-01-31")) {
					t.Errorf("rows = %+v", rows)
				}
			},
		},
		{
			file:     "metrics_duplicates.csv",
			wantRows: 3,
			wantWarnings: []string{
				"line 4 repeats ava.moreau on instagram for 2024-01-31 from line 2; using line 4",
			},
			check: func(t *testing.T, rows []rapport.Snapshot) {
				if rows[1].Followers != k(1612400) || rows[0].Platform != rapport.TikTok {
					t.Errorf("rows = %+v; want tiktok, then line 4's instagram, then February", rows)
				}
			},
		},
		{
			file:     "metrics_instagram_hidden_likes.csv",
			wantRows: 2,
			wantWarnings: []string{
				"Instagram shows 0 likes when a creator hides like counts, so avg_likes 0 was imported as unknown on line 2",
			},
			check: func(t *testing.T, rows []rapport.Snapshot) {
				if rows[0].AvgLikes != rapport.Unknown || rows[0].AvgComments != k(412) {
					t.Errorf("instagram row = %+v, want likes unknown and comments kept", rows[0])
				}
				if rows[1].AvgLikes != k(0) {
					t.Errorf("tiktok row = %+v, want its 0 likes kept", rows[1])
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res, err := ParseMetrics(open(t, tt.file), testNow)
			if err != nil {
				t.Fatal(err)
			}
			checkErrors(t, res.Errors, nil)
			checkWarnings(t, res.Warnings, tt.wantWarnings...)
			if len(res.Rows) != tt.wantRows || len(res.Lines) != tt.wantRows {
				t.Fatalf("%d rows and %d lines, want %d: %+v", len(res.Rows), len(res.Lines), tt.wantRows, res.Rows)
			}
			tt.check(t, res.Rows)
		})
	}
}

func TestParseMetricsUnclosedQuote(t *testing.T) {
	res, err := ParseMetrics(open(t, "metrics_unclosed_quote.csv"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, []wantError{{3, "platform", "runs on to line 4 without closing properly"}})
	if len(res.Rows) != 1 {
		t.Errorf("rows = %+v, want line 2's only", res.Rows)
	}
}

func TestParseMetricsFutureIsRelativeToNow(t *testing.T) {
	tests := []struct {
		asOf    string
		wantErr string
	}{
		{"2024-03-15", ""},
		{"2024-03-16", ""}, // already today somewhere east of UTC
		{"2024-03-17", `is after today (2024-03-15)`},
		{"2024-02", ""},
		{"2024-03", `"2024-03" ends on 2024-03-31, which is after today (2024-03-15)`},
		{"Mar 2024", `ends on 2024-03-31`},
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			res, err := ParseMetrics(strings.NewReader("handle,platform,as_of,followers\nava,ig,"+tt.asOf+",10\n"), testNow)
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantErr == "" {
				checkErrors(t, res.Errors, nil)
				return
			}
			checkErrors(t, res.Errors, []wantError{{2, "as_of", tt.wantErr}})
		})
	}
}

func TestParseMetricsUnusableFiles(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "metrics file is empty"},
		{"no platform", "handle,as_of,followers\n", `no "platform" column`},
		{"no metrics", "handle,platform,date,notes\n", "none of the columns followers, posts"},
		{"likes twice", "handle,platform,as_of,likes,avg_likes\n", "two columns for avg_likes"},
		{"bad quote in header", "handle,\"platform\n", "header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMetrics(strings.NewReader(tt.in), testNow)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrHeader) {
				t.Fatalf("err = %v, want ErrHeader mentioning %q", err, tt.want)
			}
		})
	}
}

func TestParseMetricsHeaderOnly(t *testing.T) {
	res, err := ParseMetrics(strings.NewReader("handle,platform,as_of,followers\n"), testNow)
	if err != nil || len(res.Rows) != 0 || len(res.Errors) != 0 {
		t.Errorf("header-only file = %+v, %v; want an empty result", res, err)
	}
}

func TestParseMetricsNotUTF8(t *testing.T) {
	res, err := ParseMetrics(strings.NewReader("handle,platform,as_of,followers\nchlo\xe9,ig,2024-01-31,10\n"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, []wantError{{2, "handle", "is not UTF-8 text"}})
}

// TestParseMetricsInactiveMonths: a month with 0 posts keeps its post count and loses its
// averages, so the engagement maths reads it as ER/followers 0, never as unknown.
func TestParseMetricsInactiveMonths(t *testing.T) {
	res, err := ParseMetrics(open(t, "metrics_inactive.csv"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, nil)
	checkWarnings(t, res.Warnings, "line 5 gives 0 posts beside averages other than 0: imported as a month without posts (engagement 0), averages dropped")
	tests := []struct {
		line           int
		posts          rapport.Quantity
		averagesKnown  bool
		wantER         float64
		wantERKnown    bool
		wantViewsKnown bool
	}{
		{2, k(18), true, (2100.0 + 180 + 70) / 25000, true, true},
		{3, k(0), false, 0, true, false},                                    // the export's zeros are averages over nothing
		{4, k(0), false, 0, true, false},                                    // blank averages
		{5, k(0), false, 0, true, false},                                    // stray averages are dropped, with a warning
		{6, rapport.Unknown, true, (2000.0 + 170 + 60) / 24600, true, true}, // posts unknown: the averages stand
	}
	if len(res.Rows) != len(tests) {
		t.Fatalf("%d rows, want %d", len(res.Rows), len(tests))
	}
	for i, tt := range tests {
		s := res.Rows[i]
		if res.Lines[i] != tt.line {
			t.Fatalf("row %d from line %d, want %d", i, res.Lines[i], tt.line)
		}
		known := s.AvgLikes.Known && s.AvgComments.Known && s.AvgViews.Known
		if s.Posts != tt.posts || known != tt.averagesKnown || (!tt.averagesKnown && (s.AvgLikes.Known || s.AvgComments.Known || s.AvgShares.Known || s.AvgViews.Known)) {
			t.Errorf("line %d: posts %v, averages %+v %+v %+v %+v; want posts %v, averages known %v",
				tt.line, s.Posts, s.AvgLikes, s.AvgComments, s.AvgShares, s.AvgViews, tt.posts, tt.averagesKnown)
		}
		er, ok := engagement.PeriodRate(s, engagement.PerFollower)
		if ok != tt.wantERKnown || math.Abs(er-tt.wantER) > 1e-12 {
			t.Errorf("line %d: ER/followers = %v, %v; want %v, %v", tt.line, er, ok, tt.wantER, tt.wantERKnown)
		}
		if _, ok := engagement.PeriodRate(s, engagement.PerView); ok != tt.wantViewsKnown {
			t.Errorf("line %d: ER/views known = %v, want %v", tt.line, ok, tt.wantViewsKnown)
		}
	}
}
