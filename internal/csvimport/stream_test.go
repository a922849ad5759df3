package csvimport

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// readAll reads every row of rd, and the warnings once it is done.
func readAll[T any](t *testing.T, rd *Reader[T]) ([]Row[T], []string) {
	t.Helper()
	var rows []Row[T]
	for {
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return rows, rd.Warnings()
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
}

func TestReaderGivesEachRowOnceWithAllItsProblems(t *testing.T) {
	in := "handle,platform,as_of,followers,posts\n" +
		"ava,instagram,2024-01-31,1000,3\n" +
		"ava,instagram,2099-01-31,lots,-1\n" + // three problems, one row
		"\n" +
		"bo,tiktok,2024-01-31,500,2\n" +
		"AVA,IG,2024-01,1100,4\n" // repeats line 2
	rd, err := NewMetricsReader(strings.NewReader(in), testNow)
	if err != nil {
		t.Fatal(err)
	}
	rows, warns := readAll(t, rd)
	var lines, replaces, problems []int
	for _, r := range rows {
		lines = append(lines, r.Line)
		replaces = append(replaces, r.Replaces)
		problems = append(problems, len(r.Errors))
	}
	if want := []int{2, 3, 5, 6}; !reflect.DeepEqual(lines, want) {
		t.Errorf("lines %v, want %v", lines, want)
	}
	if want := []int{0, 0, 0, 2}; !reflect.DeepEqual(replaces, want) {
		t.Errorf("replaces %v, want %v", replaces, want)
	}
	if want := []int{0, 3, 0, 0}; !reflect.DeepEqual(problems, want) {
		t.Errorf("problems per row %v, want %v", problems, want)
	}
	if rows[1].OK() || !rows[3].OK() {
		t.Errorf("OK: rejected row %v, good row %v", rows[1].OK(), rows[3].OK())
	}
	if got := rows[3].Value.Followers.Value; got != 1100 {
		t.Errorf("the repeat's followers = %v, want the last row's 1100", got)
	}
	checkWarnings(t, warns, "line 6 repeats ava on instagram for 2024-01-31 from line 2; using line 6")
}

// TestReaderValuesOutliveTheirRow: the reader reuses each record's slice, and a value read
// earlier must not change when later rows are read.
func TestReaderValuesOutliveTheirRow(t *testing.T) {
	for _, name := range []string{"metrics_good.csv", "metrics_vendor.csv", "metrics_duplicates.csv"} {
		t.Run(name, func(t *testing.T) {
			want, err := ParseMetrics(open(t, name), testNow)
			if err != nil {
				t.Fatal(err)
			}
			rd, err := NewMetricsReader(open(t, name), testNow)
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := readAll(t, rd)
			got := map[int]rapport.Snapshot{}
			for _, r := range rows {
				if r.OK() {
					got[r.Line] = r.Value
				}
			}
			for i, s := range want.Rows {
				if !reflect.DeepEqual(got[want.Lines[i]], s) {
					t.Errorf("line %d streamed as %+v, read whole as %+v", want.Lines[i], got[want.Lines[i]], s)
				}
			}
		})
	}
}

func TestReaderWarningsComeAsTheyAreFound(t *testing.T) {
	in := "handle,platform,as_of,likes,shares,followers\n" +
		"ava,instagram,2024-01-31,0,1,100\n" +
		"ava,instagram,2024-01-31,0,2,100\n"
	rd, err := NewMetricsReader(strings.NewReader(in), testNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rd.Next(); err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, rd.Warnings()) // no unknown column, nothing repeated yet
	if _, err := rd.Next(); err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, rd.Warnings(), "line 3 repeats")
	if _, err := rd.Next(); !errors.Is(err, io.EOF) {
		t.Fatalf("third Next = %v, want io.EOF", err)
	}
	checkWarnings(t, rd.Warnings(), "avg_likes 0 was imported as unknown on lines 2, 3")
	checkWarnings(t, rd.Warnings())
}

func TestReaderStopsTrackingRepeatsPastItsLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("handle,platform,as_of,followers\n")
	for i := range 5 {
		fmt.Fprintf(&b, "creator%d,tiktok,2024-01-31,100\n", i)
	}
	b.WriteString("creator0,tiktok,2024-01-31,200\n") // tracked: line 2
	b.WriteString("creator4,tiktok,2024-01-31,200\n") // line 6, after the limit
	rd, err := newMetricsReader(strings.NewReader(b.String()), testNow, 4)
	if err != nil {
		t.Fatal(err)
	}
	rows, warns := readAll(t, rd)
	if got := rows[5].Replaces; got != 2 {
		t.Errorf("line 7 replaces line %d, want 2", got)
	}
	if got := rows[6].Replaces; got != 0 {
		t.Errorf("line 8 replaces line %d, want 0: the reader had stopped tracking new rows", got)
	}
	checkWarnings(t, warns, "more than 4 distinct rows, so from line 6 on", "line 7 repeats creator0")
}

func TestCampaignReaderGivesTheCampaignSoFarThenWhole(t *testing.T) {
	in := "campaign,handle,brand,markets\n" +
		"Spring,ava,,FR\n" +
		"Spring,bo,Lumière,\n"
	cr, err := NewCampaignReader(strings.NewReader(in), testNow)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := readAll(t, cr.Reader)
	if got := rows[0].Value.Campaign.Brand; got != "" {
		t.Errorf("first row's brand = %q, want none yet", got)
	}
	if got := rows[1].Value.Campaign; got.Brand != "Lumière" || !reflect.DeepEqual(got.Markets, []string{"FR"}) {
		t.Errorf("second row's campaign = %+v, want brand and markets", got)
	}
	whole := cr.Campaigns()["spring"]
	if whole.Brand != "Lumière" || !reflect.DeepEqual(whole.Markets, []string{"FR"}) {
		t.Errorf("whole campaign = %+v", whole)
	}
}

// metricsFile writes a metrics file of about size bytes, row by row, as it is read.
type metricsFile struct {
	size, written int
	row           int
	buf           []byte
}

func (m *metricsFile) Read(p []byte) (int, error) {
	for len(m.buf) < len(p) && m.written+len(m.buf) < m.size {
		if m.row == 0 {
			m.buf = append(m.buf, "handle,platform,as_of,followers,posts,avg_likes,avg_comments,avg_shares,avg_views\n"...)
		}
		m.row++
		day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, m.row%1500)
		m.buf = fmt.Appendf(m.buf, "creator%05d,tiktok,%s,%d,12,1.2K,%d,33,45000\n",
			m.row/1500, day.Format(time.DateOnly), 10000+m.row%977, m.row%300)
	}
	if len(m.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, m.buf)
	m.buf = m.buf[n:]
	m.written += n
	return n, nil
}

// TestReaderMemoryStaysBoundedOnALargeFile reads a 16 MB metrics file (about 290,000 rows)
// and checks, every 50,000 rows, that the live heap holds no more than the reader's
// bookkeeping: the rows themselves are not kept. Read whole, the file takes hundreds of MB.
func TestReaderMemoryStaysBoundedOnALargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 16 MB")
	}
	const size = 16 << 20
	// The key set holds under 30 bytes a row: 8 MB for this file.
	const bound = 32 << 20
	rd, err := NewMetricsReader(&metricsFile{size: size}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	var ms runtime.MemStats
	rows, peak := 0, uint64(0)
	for {
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !row.OK() {
			t.Fatalf("line %d rejected: %v", row.Line, row.Errors)
		}
		rows++
		if rows%50_000 == 0 {
			rd.Warnings()
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	t.Logf("%d rows; peak heap in use after GC %.1f MiB", rows, float64(peak)/(1<<20))
	if rows < 250_000 {
		t.Fatalf("read %d rows, want the whole file", rows)
	}
	if peak > bound {
		t.Errorf("heap in use reached %.1f MiB, want under %d MiB", float64(peak)/(1<<20), bound>>20)
	}
}

// BenchmarkMetricsReader measures reading a metrics file row by row, in bytes per second.
func BenchmarkMetricsReader(b *testing.B) {
	const size = 16 << 20
	b.SetBytes(size)
	for b.Loop() {
		rd, err := NewMetricsReader(&metricsFile{size: size}, testNow)
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := rd.Next(); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				b.Fatal(err)
			}
			rd.Warnings()
		}
	}
}
