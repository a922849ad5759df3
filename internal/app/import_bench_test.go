package app

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/redistest"
)

// benchCreatorsVar sets how many creators BenchmarkImportMetrics imports, 36 monthly rows
// each: 100000 gives the 3.6 million rows of a large agency's history.
const benchCreatorsVar = "RAPPORT_BENCH_IMPORT_CREATORS"

// benchByMonthVar, set to 1, orders BenchmarkImportMetrics's file month by month, as monthly
// exports put end to end would be, rather than creator by creator.
const benchByMonthVar = "RAPPORT_BENCH_IMPORT_BY_MONTH"

// writeMonthlyMetricsFile writes a metrics file of creators (creator00000 onwards) × months
// month-end rows on one platform, the month ends counting back from the one before now, in
// the number forms vendor exports use: each creator's months together, or with byMonth each
// month's creators together. It returns how many rows it wrote.
func writeMonthlyMetricsFile(tb testing.TB, path string, creators, months int, byMonth bool, now time.Time) int {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	_, _ = w.WriteString("handle,platform,as_of,followers,posts,avg_likes,avg_comments,avg_shares,avg_views\n")
	y, m, _ := now.UTC().Date()
	ends := make([]string, months)
	for i := range ends {
		ends[i] = time.Date(y, m-time.Month(i), 0, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
	var line []byte
	rows := 0
	for k := range creators * months {
		c, i := k/months, k%months
		if byMonth {
			c, i = k%creators, k/creators
		}
		n := c*months + i
		line = fmt.Appendf(line[:0], "creator%05d,tiktok,%s,%d,%d,%d.%d,%d,%d,%d.%dK\n",
			c, ends[i], 20000+n%90001, 1+n%31, 800+n%4000, n%10, n%500, n%90, 10+n%300, n%10)
		if _, err := w.Write(line); err != nil {
			tb.Fatal(err)
		}
		rows++
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return rows
}

// BenchmarkImportMetrics runs `rapport import metrics` on 10,000 creators × 36 months (360,000
// rows; RAPPORT_BENCH_IMPORT_CREATORS sets the creators) into a private redis-server on the
// same machine, and reports metric rows imported per second: the whole command, the
// contact schedule's reindex included, the roster's import and the file's writing not.
// rows/s-with-csv adds the time to write the file, as a first import from an export would.
//
//	go test -run '^$' -bench ImportMetrics -benchtime 1x ./internal/app/
func BenchmarkImportMetrics(b *testing.B) {
	creators := 10000
	if v := os.Getenv(benchCreatorsVar); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			b.Fatalf("%s=%q: want a number of creators from 1 to 100000", benchCreatorsVar, v)
		}
		creators = n
	}
	const months = 36
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	redis := redistest.Start(b)
	vars := map[string]string{"REDIS_URL": redis.URL(), "RAPPORT_LOG_LEVEL": "error"}
	dir := b.TempDir()
	run := func(args ...string) string {
		b.Helper()
		var out syncBuffer
		env := Env{Getenv: func(k string) string { return vars[k] }, Stdout: &out, Stderr: &out, Now: func() time.Time { return now }}
		if err := Run(context.Background(), args, env); err != nil {
			b.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, tail(out.String(), 2000))
		}
		return out.String()
	}

	var roster strings.Builder
	roster.WriteString("handle,name,status\n")
	for i := range creators {
		fmt.Fprintf(&roster, "creator%05d,Creator %d,active\n", i, i)
	}
	rosterPath := filepath.Join(dir, "roster.csv")
	if err := os.WriteFile(rosterPath, []byte(roster.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	run("import", "influencers", rosterPath)

	path := filepath.Join(dir, "metrics.csv")
	start := time.Now()
	rows := writeMonthlyMetricsFile(b, path, creators, months, os.Getenv(benchByMonthVar) == "1", now)
	writing := time.Since(start)

	var importing, goCPU, redisCPU time.Duration
	redisPID := serverPID(b, redis.Addr())
	b.ResetTimer()
	for b.Loop() {
		start, goStart, redisStart := time.Now(), processCPU(b, "self"), processCPU(b, redisPID)
		out := run("import", "metrics", path)
		importing += time.Since(start)
		goCPU += processCPU(b, "self") - goStart
		redisCPU += processCPU(b, redisPID) - redisStart
		if want := fmt.Sprintf("metrics: %d snapshots saved, 0 rejected", rows); !strings.Contains(out, want) {
			b.Fatalf("import said:\n%s\nwant %q", tail(out, 2000), want)
		}
	}
	perImport := importing / time.Duration(b.N)
	b.ReportMetric(float64(rows)/perImport.Seconds(), "rows/s")
	b.ReportMetric(float64(rows)/(perImport+writing).Seconds(), "rows/s-with-csv")
	// CPU time a row, of this process and of Redis, holds still when other work on the
	// machine slows the clock time down.
	b.ReportMetric(float64(goCPU.Nanoseconds())/float64(rows*b.N), "go-cpu-ns/row")
	b.ReportMetric(float64(redisCPU.Nanoseconds())/float64(rows*b.N), "redis-cpu-ns/row")
	b.Logf("%d rows: file written in %v, imported in %v", rows, writing.Round(time.Millisecond), perImport.Round(time.Millisecond))
}

// serverPID finds the redis-server listening on socket, for its CPU time.
func serverPID(tb testing.TB, socket string) string {
	tb.Helper()
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		cmd, err := os.ReadFile(p)
		if err == nil && strings.HasPrefix(string(cmd), "redis-server") && strings.Contains(string(cmd), socket) {
			return filepath.Base(filepath.Dir(p))
		}
	}
	tb.Skipf("no redis-server process for %s in /proc (CPU times are read on Linux)", socket)
	return ""
}

// processCPU is the user and system CPU time process pid ("self" for this one) has used.
func processCPU(tb testing.TB, pid string) time.Duration {
	tb.Helper()
	stat, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		tb.Fatal(err)
	}
	// The fields after the command's closing parenthesis; utime and stime are the 12th and
	// 13th of them, in clock ticks (100 a second on Linux).
	_, rest, _ := strings.Cut(string(stat), ") ")
	f := strings.Fields(rest)
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
