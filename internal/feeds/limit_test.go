package feeds

import (
	"bytes"
	"fmt"
	"net/http"
	"runtime"
	"testing"
	"time"
)

// manyItemsFeed is an RSS document of n short items, newest first: 62 000 of them make 5 MiB.
func manyItemsFeed(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>` + "\n")
	at := fetchedAt.Add(-time.Minute)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>Item %d</title><link>https://x.example/%d</link><pubDate>%s</pubDate></item>\n",
			i, i, at.Add(-time.Duration(i)*time.Second).Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>")
	return b.Bytes()
}

// BenchmarkFetchHugeFeed reads a 5 MiB feed of 62 000 items; MB/fetch is the memory
// allocated by one fetch, peak-MB the largest heap seen.
func BenchmarkFetchHugeFeed(b *testing.B) {
	body := manyItemsFeed(62000)
	b.Logf("feed: %d bytes", len(body))
	srv := serveFunc(b, func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	c := newClock(fetchedAt)
	f := testFetcher(srv, c)
	f.MaxBytes = 8 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		c.Advance(2 * DefaultTTL)
		items, err := f.Fetch(b.Context(), Feed{URL: srv.URL + "/huge"})
		if err != nil {
			b.Fatal(err)
		}
		n = len(items)
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "MB/fetch")
	b.ReportMetric(float64(n), "items")
}
