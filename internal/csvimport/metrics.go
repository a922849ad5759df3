package csvimport

import (
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// ParseMetrics reads a metrics file (DESIGN.md §3), one row per account per period:
//
//	handle,platform,as_of,followers,posts,avg_likes,avg_comments,avg_shares,avg_views
//
// handle, platform and as_of are required; numbers follow ParseCount and dates
// ParsePeriodEnd. A blank number is unknown, never zero. followers and posts must be whole.
// Snapshot.Handle is the normalised handle (rapport.NormalizeHandle), the influencer's ID.
// A period ending after today is refused because its numbers are not final; "today" is
// taken generously (now's UTC date plus one day) so nobody east of Greenwich is refused
// their own today.
//
// Two readings go beyond the literal cell, both because a zero there is not a measurement:
// in a period with zero posts the per-post averages are unknown, and Instagram's 0 likes is
// unknown because Instagram reports 0 when the creator hides like counts. The second is
// reported as a warning. A period with zero posts is still a measurement of its own: the
// posts count stays 0, and the engagement maths counts the month as ER/followers 0
// (engagement.PeriodRate), so a creator going quiet shows as a decline. Averages other than
// 0 beside 0 posts contradict each other; they are dropped with a warning, since a vendor
// writing 0 for "posts not tracked" would otherwise make an active month look silent.
//
// The error is non-nil only when the file as a whole cannot be read (see ErrHeader); bad
// rows are in Result.Errors and the good ones in Result.Rows.
func ParseMetrics(r io.Reader, now time.Time) (Result[rapport.Snapshot], error) {
	rd, err := newMetricsReader(r, now, 0)
	if err != nil {
		return Result[rapport.Snapshot]{}, err
	}
	return collect(rd)
}

// NewMetricsReader reads a metrics file row by row, as ParseMetrics reads it whole, for
// files of any size. The header is read here: its error is one of ParseMetrics's.
func NewMetricsReader(r io.Reader, now time.Time) (*Reader[rapport.Snapshot], error) {
	return newMetricsReader(r, now, TrackedKeys)
}

func newMetricsReader(r io.Reader, now time.Time, limit int) (*Reader[rapport.Snapshot], error) {
	y, m, d := now.UTC().Date()
	return newReader[rapport.Snapshot](r, metricsFormat, &metricsRows{latest: time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)}, limit)
}

// metricsRows reads the rows of one metrics file.
type metricsRows struct {
	// latest is the last period end a file may give: "today", generously.
	latest time.Time
	// hiddenLikes and strayAverages are the lines whose cells were read beyond the literal.
	hiddenLikes, strayAverages lineSample
	// cols are where the file has the cells of a metrics row (handleCell and on, -1 for a
	// column it lacks), found at the first row.
	cols []int
	// handleCell and platformCell are the last good row's cells, handle and platform what
	// they were read as: an export lists an account's periods together, so most rows
	// repeat them and are spared the checking.
	handleCell, platformCell string
	handle                   string
	platform                 rapport.Platform
}

// The cells of a metrics row, in metricsRows.cols.
const (
	handleCell = iota
	platformCell
	asOfCell
	firstMetricCell // metricColumns follow in their order
)

func (mr *metricsRows) read(r row, _ *warnings, key []byte) (rapport.Snapshot, []byte, []RowError) {
	if mr.cols == nil {
		mr.cols = []int{r.sheet.index("handle"), r.sheet.index("platform"), r.sheet.index("as_of")}
		for _, col := range metricColumns {
			mr.cols = append(mr.cols, r.sheet.index(col.name))
		}
	}
	s, stray, errs := mr.parse(r)
	if len(errs) > 0 {
		return s, key, errs
	}
	if stray {
		mr.strayAverages.add(r.line)
	}
	if s.Platform == rapport.Instagram && s.AvgLikes.Known && s.AvgLikes.Value == 0 {
		s.AvgLikes = rapport.Unknown
		mr.hiddenLikes.add(r.line)
	}
	// Handles and platforms hold no '|' (they are checked), so the key reads one way.
	key = append(key, s.Handle...)
	key = append(key, '|')
	key = append(key, s.Platform...)
	key = append(key, '|')
	return s, binary.LittleEndian.AppendUint64(key, uint64(s.AsOf.Unix())), nil
}

func (mr *metricsRows) label(s rapport.Snapshot) string {
	return fmt.Sprintf("%s on %s for %s", s.Handle, s.Platform, s.AsOf.Format(time.DateOnly))
}

func (mr *metricsRows) finish() []string {
	var w warnings
	if n := mr.hiddenLikes.n; n > 0 {
		w.add("Instagram shows 0 likes when a creator hides like counts, so avg_likes 0 was imported as unknown on %s %s",
			wording.ForCount(n, "line", "lines"), mr.hiddenLikes)
	}
	if n := mr.strayAverages.n; n > 0 {
		w.add("%s %s give%s 0 posts beside averages other than 0: imported as a month without posts (engagement 0), averages dropped; if the post count is missing rather than 0, leave posts blank",
			wording.ForCount(n, "line", "lines"), mr.strayAverages, wording.ForCount(n, "s", ""))
	}
	return w
}

// metricColumns are the numeric columns and, for the whole ones, what they count.
var metricColumns = []struct {
	name  string
	whole string // "" when fractions are fine (averages)
	field func(*rapport.Snapshot) *rapport.Quantity
}{
	{"followers", "followers", func(s *rapport.Snapshot) *rapport.Quantity { return &s.Followers }},
	{"posts", "posts", func(s *rapport.Snapshot) *rapport.Quantity { return &s.Posts }},
	{"avg_likes", "", func(s *rapport.Snapshot) *rapport.Quantity { return &s.AvgLikes }},
	{"avg_comments", "", func(s *rapport.Snapshot) *rapport.Quantity { return &s.AvgComments }},
	{"avg_shares", "", func(s *rapport.Snapshot) *rapport.Quantity { return &s.AvgShares }},
	{"avg_views", "", func(s *rapport.Snapshot) *rapport.Quantity { return &s.AvgViews }},
}

// parse reads one row; stray reports a 0 post count beside averages other than 0.
func (mr *metricsRows) parse(r row) (s rapport.Snapshot, stray bool, errs []RowError) {
	rc := rowCheck{r: r}
	var err error
	handle := r.cell(mr.cols[handleCell])
	if handle != mr.handleCell || handle == "" {
		if err := rapport.ValidateHandle(handle); err != nil {
			rc.fail("handle", err)
		}
		s.Handle = rapport.NormalizeHandle(handle)
	} else {
		s.Handle = mr.handle
	}
	platform := r.cell(mr.cols[platformCell])
	if platform != mr.platformCell || platform == "" {
		if s.Platform, err = rapport.ParsePlatform(platform); err != nil {
			rc.fail("platform", err)
		}
	} else {
		s.Platform = mr.platform
	}
	raw := r.cell(mr.cols[asOfCell])
	if s.AsOf, err = ParsePeriodEnd(raw); err != nil {
		rc.fail("as_of", err)
	} else if s.AsOf.After(mr.latest) {
		rc.fail("as_of", futureError(raw, s.AsOf, mr.latest))
	}

	for i, col := range metricColumns {
		raw := r.cell(mr.cols[firstMetricCell+i])
		q, err := ParseCount(raw)
		if err == nil && col.whole != "" {
			err = wholeCount(q, raw, col.whole)
		}
		if err != nil {
			rc.fail(col.name, err)
			continue
		}
		*col.field(&s) = q
	}
	if s.Posts.Known && s.Posts.Value == 0 {
		// An average over no posts is undefined; exports write 0 there. The month itself
		// counts as engagement 0 through its post count, not through these cells.
		for _, q := range []rapport.Quantity{s.AvgLikes, s.AvgComments, s.AvgShares, s.AvgViews} {
			stray = stray || (q.Known && q.Value != 0)
		}
		s.AvgLikes, s.AvgComments, s.AvgShares, s.AvgViews = rapport.Unknown, rapport.Unknown, rapport.Unknown, rapport.Unknown
	}
	if rc.ok() {
		mr.handleCell, mr.handle = handle, s.Handle
		mr.platformCell, mr.platform = platform, s.Platform
	}
	return s, stray, rc.errs
}

func futureError(raw string, asOf, latest time.Time) error {
	today := latest.AddDate(0, 0, -1).Format(time.DateOnly)
	date := asOf.Format(time.DateOnly)
	if strings.TrimSpace(raw) != date {
		return fmt.Errorf("%q ends on %s, which is after today (%s); import a period once it is over", raw, date, today)
	}
	return fmt.Errorf("%q is after today (%s); import a period once it is over", raw, today)
}
