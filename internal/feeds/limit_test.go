package feeds

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// manyItemsFeed is an RSS document of n short dated items, newest first: 62 000 of them
// make 5 MiB, the size limit.
func manyItemsFeed(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>` + "\n")
	at := fetchedAt.Add(-time.Minute)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>%05d</title><pubDate>%s</pubDate></item>\n",
			i, at.Add(-time.Duration(i)*time.Second).Format(time.RFC1123Z))
	}
	b.WriteString("</channel></rss>")
	return b.Bytes()
}

// BenchmarkFetchHugeFeed reads a 5 MiB feed of 62 000 items, sent without a length. B/op
// is what one fetch allocates: 784 MB when every item was parsed, about 24 MB (the body,
// read into a growing buffer, and 500 parsed items) since only the newest are.
func BenchmarkFetchHugeFeed(b *testing.B) {
	body := manyItemsFeed(62000)
	if len(body) > DefaultMaxBytes {
		b.Fatalf("the feed is %d bytes, over the limit", len(body))
	}
	srv := serveFunc(b, func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	c := newClock(fetchedAt)
	f := testFetcher(srv, c)
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
	b.ReportMetric(float64(n), "items")
}

// TestFetchOfAHugeFeedParsesOnlyTheKeptItems counts allocations, not time: parsing every
// item of the 62 000 took 4.7 million; parsing the 500 kept takes about 40 000.
func TestFetchOfAHugeFeedParsesOnlyTheKeptItems(t *testing.T) {
	body := manyItemsFeed(62000)
	srv := serveFunc(t, func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	c := newClock(fetchedAt)
	f := testFetcher(srv, c)
	var items []Item
	allocs := testing.AllocsPerRun(1, func() {
		c.Advance(2 * DefaultTTL)
		var err error
		if items, err = f.Fetch(t.Context(), Feed{URL: srv.URL}); err != nil {
			t.Fatal(err)
		}
	})
	if len(items) != DefaultMaxItems || items[0].Title != "00000" || items[len(items)-1].Title != "00499" {
		t.Fatalf("%d items from %q to %q, want the %d newest", len(items), items[0].Title, items[len(items)-1].Title, DefaultMaxItems)
	}
	if allocs > 250_000 {
		t.Errorf("one fetch made %.0f allocations, want under 250 000: are all items parsed again?", allocs)
	}
}

func TestFetchKeepsTheNewestItems(t *testing.T) {
	rssItem := func(i int, dated bool) string {
		date := ""
		if dated {
			date = "<pubDate>" + fetchedAt.Add(-time.Duration(i)*time.Hour).Format(time.RFC1123Z) + "</pubDate>"
		}
		return fmt.Sprintf("<item><title>n%d</title><link>https://x.example/%d</link>%s</item>\n", i, i, date)
	}
	rss := func(order []int, dated bool) string {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>`)
		for _, i := range order {
			b.WriteString(rssItem(i, dated))
		}
		b.WriteString("</channel></rss>")
		return b.String()
	}
	seq := func(from, to int) []int { // from..to inclusive, either way
		var out []int
		for i := from; ; {
			out = append(out, i)
			if i == to {
				return out
			}
			if from < to {
				i++
			} else {
				i--
			}
		}
	}
	tests := []struct {
		name     string
		doc      string
		max      int
		want     []string // titles in feed order
		wantFeed string   // the feed's own title
	}{
		{name: "newest first", doc: rss(seq(0, 11), true), max: 4, want: []string{"n0", "n1", "n2", "n3"}, wantFeed: "Wire"},
		{name: "oldest first", doc: rss(seq(11, 0), true), max: 4, want: []string{"n3", "n2", "n1", "n0"}, wantFeed: "Wire"},
		{name: "undated: the first ones", doc: rss(seq(11, 0), false), max: 3, want: []string{"n11", "n10", "n9"}, wantFeed: "Wire"},
		{name: "under the cap: all", doc: rss(seq(0, 2), true), max: 4, want: []string{"n0", "n1", "n2"}, wantFeed: "Wire"},
		{
			name: "Atom entries, oldest first",
			doc: `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Tech</title>` +
				`<entry><title>old</title><updated>2025-06-08T10:00:00Z</updated></entry>` +
				`<entry><title>mid</title><updated>2025-06-09T10:00:00Z</updated></entry>` +
				`<entry><title>new</title><updated>2025-06-10T10:00:00Z</updated></entry></feed>`,
			max: 2, want: []string{"mid", "new"}, wantFeed: "Tech",
		},
		{
			name: "RSS 1.0, items beside the channel",
			doc: `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">` +
				`<channel rdf:about="https://x.example/"><title>RDF</title><items><rdf:Seq><rdf:li rdf:resource="https://x.example/1"/></rdf:Seq></items></channel>` +
				`<item rdf:about="https://x.example/1"><title>one</title></item><item rdf:about="https://x.example/2"><title>two</title></item>` +
				`<item rdf:about="https://x.example/3"><title>three</title></item></rdf:RDF>`,
			max: 2, want: []string{"one", "two"}, wantFeed: "RDF",
		},
		{
			name: "items in CDATA, comments and attributes are not items",
			doc: `<?xml version="1.0"?><rss version="2.0"><channel><title>Tricky</title>` +
				`<!-- <item><title>commented</title></item> -->` +
				`<item note="a > b"><title>first</title><description><![CDATA[<item>fake</item></entry>]]></description></item>` +
				`<item><title>second</title></item><item><title>third</title></item></channel></rss>`,
			max: 2, want: []string{"first", "second"}, wantFeed: "Tricky",
		},
		{
			name: "what follows the items stays",
			doc: `<?xml version="1.0"?><rss version="2.0"><channel>` + rssItem(0, true) + rssItem(1, true) + rssItem(2, true) +
				`<title>Late title</title></channel></rss>`,
			max: 1, want: []string{"n0"}, wantFeed: "Late title",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, "application/xml", []byte(tt.doc))
			f := testFetcher(srv, newClock(fetchedAt))
			f.MaxItems = tt.max
			items, err := f.Fetch(t.Context(), Feed{URL: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			if got := titles(items); !slices.Equal(got, tt.want) {
				t.Errorf("titles = %q, want %q", got, tt.want)
			}
			for _, it := range items {
				if it.SourceName != tt.wantFeed {
					t.Errorf("%q comes from %q, want %q", it.Title, it.SourceName, tt.wantFeed)
				}
			}
		})
	}
}

func TestFetchBoundsEachItem(t *testing.T) {
	long := strings.Repeat("word ", 200_000) // 1 MB
	link := "https://x.example/" + strings.Repeat("a", 3000)
	doc := `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>` +
		`<item><title>` + long + `</title><description>` + long + `</description><link>` + link + `</link><guid>` + link + `</guid></item>` +
		`<item><title>Normal</title><link>https://x.example/ok</link><guid>ok-1</guid></item></channel></rss>`
	srv := serve(t, "application/rss+xml", []byte(doc))
	items, err := testFetcher(srv, newClock(fetchedAt)).Fetch(t.Context(), Feed{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 {
		t.Fatalf("%d items, want 2", len(items))
	}
	big, normal := items[0], items[1]
	if n := len(big.Title); n > maxTitle+len("…") {
		t.Errorf("title is %d bytes, want at most %d", n, maxTitle)
	}
	if n := len(big.Summary); n > maxSummary+len("…") {
		t.Errorf("summary is %d bytes, want at most %d", n, maxSummary)
	}
	if big.Link != "" || big.GUID != "" {
		t.Errorf("a %d-byte link and GUID were kept: %d, %d bytes", len(link), len(big.Link), len(big.GUID))
	}
	if normal.Link != "https://x.example/ok" || normal.GUID != "ok-1" {
		t.Errorf("the normal item lost its link or GUID: %+v", normal)
	}
}
