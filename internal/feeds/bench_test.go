package feeds

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
)

// benchItems is feeds × perFeed items with headline-like titles and summaries: mostly
// everyday words, with a keyword or a crisis term in about one item in ten.
func benchItems(feeds, perFeed int) []Item {
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields(`the a of in on for with after over new city council plans report
		shares market season fans record festival launch growth budget school award warm summer
		players coach minister talks deal company chief says week year lumière café années
		weather rain music film star brand store opens price rises falls local region`)
	spice := []string{"earthquake", "recall", "data breach", "passed away", "Acme", "outage", "war", "death toll"}
	sentence := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(' ')
			}
			if r.IntN(60) == 0 {
				b.WriteString(spice[r.IntN(len(spice))])
			} else {
				b.WriteString(words[r.IntN(len(words))])
			}
		}
		return b.String()
	}
	items := make([]Item, 0, feeds*perFeed)
	for f := range feeds {
		for i := range perFeed {
			items = append(items, Item{
				Title:   sentence(8 + r.IntN(8)),
				Summary: sentence(25 + r.IntN(30)),
				Link:    fmt.Sprintf("https://feed%d.example/%d", f, i),
			})
		}
	}
	return items
}

// benchTerms is 30 campaign terms: 20 keywords and 10 sensitive topics, some of them phrases.
func benchTerms() (keywords, sensitive []string) {
	for i := range 18 {
		keywords = append(keywords, fmt.Sprintf("brand%d", i))
	}
	keywords = append(keywords, "Acme", "Acme Sport")
	sensitive = []string{"gun violence", "immigration", "election", "religion", "alcohol", "gambling",
		"climate protest", "strike action", "child safety", "mental health"}
	return keywords, sensitive
}

// BenchmarkMatch matches what a timing check reads: 20 feeds × 200 items against 30
// campaign terms and the shipped lexicon.
func BenchmarkMatch(b *testing.B) {
	items := benchItems(20, 200)
	keywords, sensitive := benchTerms()
	m := NewMatcher(keywords, sensitive, DefaultLexicon())
	b.ReportAllocs()
	var matched int
	for b.Loop() {
		matched = 0
		for _, it := range items {
			if len(m.Match(it)) > 0 {
				matched++
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(items)), "ns/item")
	if matched == 0 {
		b.Fatal("nothing matched")
	}
}

// BenchmarkFetchAll reads 20 local feeds of 200 items each, parsing every time (each round
// is past the cache's TTL and the server sends no validators).
func BenchmarkFetchAll(b *testing.B) {
	var rss bytes.Buffer
	rss.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>`)
	for _, it := range benchItems(1, 200) {
		fmt.Fprintf(&rss, "<item><title>%s</title><link>%s</link><description>%s</description><pubDate>Tue, 10 Jun 2025 11:30:00 GMT</pubDate></item>\n",
			it.Title, it.Link, it.Summary)
	}
	rss.WriteString("</channel></rss>")
	body := rss.Bytes()
	srv := serveFunc(b, func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	var feeds []Feed
	for i := range 20 {
		feeds = append(feeds, Feed{URL: fmt.Sprintf("%s/feed/%d", srv.URL, i)})
	}
	c := newClock(fetchedAt)
	f := testFetcher(srv, c)
	b.ReportAllocs()
	for b.Loop() {
		c.Advance(2 * DefaultTTL)
		items, errs := f.FetchAll(b.Context(), feeds)
		if len(errs) > 0 || len(items) != 200 {
			b.Fatalf("%d items, errors %v", len(items), errs)
		}
	}
}
