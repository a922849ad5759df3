package app

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/redistest"
)

// writeMetricsFile writes a metrics file of about size bytes to path, one row at a time:
// a row per creator (creator00000 onwards) and day, day by day back from the day before now.
// It returns how many rows it wrote.
func writeMetricsFile(t testing.TB, path string, size int64, creators int, now time.Time) int {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	written, _ := w.WriteString("handle,platform,as_of,followers,posts,avg_likes,avg_comments,avg_shares,avg_views\n")
	total := int64(written)
	var line []byte
	rows := 0
	for ; total < size; rows++ {
		creator, day := rows%creators, rows/creators+1
		line = fmt.Appendf(line[:0], "creator%05d,tiktok,%s,%d,%d,1.2K,%d,33,45000\n",
			creator, now.AddDate(0, 0, -day).Format(time.DateOnly), 10000+rows%977, 1+rows%30, rows%300)
		n, err := w.Write(line)
		if err != nil {
			t.Fatal(err)
		}
		total += int64(n)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// liveHeapPeak samples the live heap (as the last garbage collection measured it) until
// stop is called, and returns its peak.
func liveHeapPeak() (stop func() uint64) {
	ctx, cancel := context.WithCancel(context.Background())
	var peak uint64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		cancel()
		wg.Wait()
		return peak
	}
}

// TestImportLargeFileInBoundedHeap imports a 50 MB metrics file (about 700,000 rows) into a
// real redis-server and checks that the live heap grows by no more than a bound far below
// the file's size: rows are read as a stream and written in batches. Read whole, the file
// took about twelve times its size.
func TestImportLargeFileInBoundedHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 50 MB")
	}
	const size = 50 << 20
	// The reader remembers each row's key (under 30 bytes a row) to tell repeats: 25 MB
	// here. The rest is one batch of rows and the Redis client's buffers.
	const bound = 64 << 20
	h := newHarness(t)
	h.env["RAPPORT_LOG_LEVEL"] = "error"
	const creators = 1000
	h.importFile("influencers", h.rosterFile(creators))
	path := filepath.Join(t.TempDir(), "metrics.csv")
	rows := writeMetricsFile(t, path, size, creators, h.clock.Now())

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := liveHeapPeak()
	var out syncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	err := Run(ctx, []string{"import", "metrics", path}, h.runEnv(h.getenv, &out))
	peak := stop()
	if err != nil {
		t.Fatalf("import: %v\n%s", err, tail(out.String(), 2000))
	}
	contains(t, "summary", out.String(), fmt.Sprintf("metrics: %d snapshots saved, 0 rejected", rows))
	grew := int64(peak) - int64(before.HeapAlloc)
	t.Logf("%d rows, %d MiB: live heap %.1f MiB before, peak %.1f MiB (grew %.1f MiB)",
		rows, size>>20, mib(before.HeapAlloc), mib(peak), float64(grew)/(1<<20))
	if grew > bound {
		t.Errorf("the live heap grew by %.1f MiB importing %d MiB, want under %d MiB", float64(grew)/(1<<20), size>>20, bound>>20)
	}
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

func tail(s string, n int) string { return s[max(0, len(s)-n):] }

// bigImportVar turns on TestImportPeakRSS with a file size: 1GiB for the figure in the
// README, or less (200MB) for a quicker look.
const bigImportVar = "RAPPORT_TEST_BIG_IMPORT"

// childImportVar hands TestImportPeakRSSChild the metrics file to import.
const childImportVar = "RAPPORT_TEST_IMPORT_CHILD"

// rssBound is the peak resident set size a metrics import may reach at any file size.
const rssBound = 200 << 20

// TestImportPeakRSS generates a metrics file of the size RAPPORT_TEST_BIG_IMPORT gives
// (1GiB: about 15 million rows), imports it into a real redis-server in a child process,
// and checks the child's peak resident set size (VmHWM) stays under 200 MiB. It takes
// minutes and disk space for the file, so it only runs when asked:
//
//	RAPPORT_TEST_BIG_IMPORT=1GiB go test -run TestImportPeakRSS -v -timeout 30m ./internal/app/
func TestImportPeakRSS(t *testing.T) {
	v := os.Getenv(bigImportVar)
	if v == "" {
		t.Skipf("set %s=1GiB to measure the peak memory of a 1 GiB import", bigImportVar)
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("peak RSS is read from /proc/self/status (Linux)")
	}
	var size byteSize
	if err := size.Set(v); err != nil {
		t.Fatalf("%s: %v", bigImportVar, err)
	}
	redis := redistest.Start(t)
	env := map[string]string{"REDIS_URL": redis.URL(), "RAPPORT_LOG_LEVEL": "error"}
	now := time.Now().UTC()
	// About 1,500 days of one account each: a profile is read with its snapshots when due
	// times are reindexed, so as many creators as it takes, none with decades of days.
	creators := max(100, int(size/(1500*70)))
	var out syncBuffer
	roster := filepath.Join(t.TempDir(), "roster.csv")
	var b strings.Builder
	b.WriteString("handle,status\n")
	for i := range creators {
		fmt.Fprintf(&b, "creator%05d,active\n", i)
	}
	if err := os.WriteFile(roster, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Run(context.Background(), []string{"import", "influencers", roster},
		Env{Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: &out}); err != nil {
		t.Fatalf("roster: %v\n%s", err, out.String())
	}
	path := filepath.Join(t.TempDir(), "metrics.csv")
	start := time.Now()
	rows := writeMetricsFile(t, path, int64(size), creators, now)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d rows, %d creators) in %s", byteSize(st.Size()), rows, creators, time.Since(start).Round(time.Second))

	cmd := exec.Command(os.Args[0], "-test.run=^TestImportPeakRSSChild$", "-test.v")
	cmd.Env = append(os.Environ(), childImportVar+"="+path, "REDIS_URL="+redis.URL(), "RAPPORT_LOG_LEVEL=error")
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stdout
	start = time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("child import: %v\n%s", err, tail(stdout.String(), 4000))
	}
	took := time.Since(start)
	report := stdout.String()
	peak := -1
	for _, l := range strings.Split(report, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "peak-rss-bytes: "); ok {
			peak, _ = strconv.Atoi(rest)
		}
	}
	if peak < 0 {
		t.Fatalf("the child reported no peak RSS:\n%s", tail(report, 4000))
	}
	contains(t, "child's import", report, fmt.Sprintf("metrics: %d snapshots saved, 0 rejected", rows))
	t.Logf("imported %s in %s: peak RSS %s", byteSize(st.Size()), took.Round(time.Second), byteSize(peak))
	for _, l := range strings.Split(report, "\n") {
		if strings.HasPrefix(l, "go-runtime: ") {
			t.Log(l)
		}
	}
	if peak > rssBound {
		t.Errorf("peak RSS %s, want under %s", byteSize(peak), byteSize(rssBound))
	}
}

// TestImportPeakRSSChild is TestImportPeakRSS's child process: it imports the file it is
// given and prints its own peak resident set size. Run alone, it skips.
func TestImportPeakRSSChild(t *testing.T) {
	path := os.Getenv(childImportVar)
	if path == "" {
		t.Skip("the child process of TestImportPeakRSS")
	}
	var out lastLines
	err := Run(context.Background(), []string{"import", "metrics", path},
		Env{Getenv: os.Getenv, Stdout: &out, Stderr: &out})
	fmt.Print(out.String())
	if err != nil {
		t.Fatal(err)
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				t.Fatalf("VmHWM %q: %v", rest, err)
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			fmt.Printf("peak-rss-bytes: %d\n", kb<<10)
			fmt.Printf("go-runtime: Sys %s, HeapSys %s (released %s), peak heap goal %s\n",
				byteSize(ms.Sys), byteSize(ms.HeapSys), byteSize(ms.HeapReleased), byteSize(ms.NextGC))
			return
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
}

// lastLines keeps the last lines written to it, so a child's output stays small whatever
// the import prints.
type lastLines struct {
	lines []string
	part  []byte
}

func (l *lastLines) Write(p []byte) (int, error) {
	l.part = append(l.part, p...)
	for {
		i := bytes.IndexByte(l.part, '\n')
		if i < 0 {
			break
		}
		l.lines = append(l.lines, string(l.part[:i]))
		l.part = l.part[i+1:]
		if len(l.lines) > 50 {
			l.lines = l.lines[len(l.lines)-50:]
		}
	}
	return len(p), nil
}

func (l *lastLines) String() string { return strings.Join(l.lines, "\n") + "\n" + string(l.part) }
