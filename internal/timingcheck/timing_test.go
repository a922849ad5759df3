package timingcheck

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/calendar"
	"github.com/rapport-bot/rapport/internal/feeds"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/risk"
)

var now = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// feedServer serves n feeds of items items each; the first items of feeds 0 and 1 report
// the same crisis: one event, two independent sources.
func feedServer(t testing.TB, n, items int) []feeds.Feed {
	t.Helper()
	bodies := make([]string, n)
	for f := range n {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ` + fmt.Sprint(f) + `</title>`)
		for i := range items {
			title := fmt.Sprintf("Retail update %d-%d on beauty sales", f, i)
			switch {
			case f == 0 && i == 0:
				title = "Explosion at Lyon chemical plant, residents evacuated"
			case f == 1 && i == 0:
				title = "Lyon plant explosion: several injured"
			}
			fmt.Fprintf(&b, `<item><title>%s</title><link>https://news.example/%d/%d</link><pubDate>%s</pubDate></item>`,
				title, f, i, now.Add(-time.Duration(i)*time.Hour).Format(time.RFC1123Z))
		}
		b.WriteString(`</channel></rss>`)
		bodies[f] = b.String()
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var f int
		_, _ = fmt.Sscanf(r.URL.Path, "/feed/%d.xml", &f)
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = w.Write([]byte(bodies[f]))
	}))
	t.Cleanup(srv.Close)
	out := make([]feeds.Feed, n)
	for f := range n {
		out[f] = feeds.Feed{URL: fmt.Sprintf("%s/feed/%d.xml", srv.URL, f), Markets: []string{"FR"}}
	}
	return out
}

type readiness []risk.ReadinessItem

func (r readiness) Readiness(context.Context, []string, time.Time) ([]risk.ReadinessItem, error) {
	return r, nil
}

func newChecker(t testing.TB, fs []feeds.Feed) *Checker {
	t.Helper()
	sensitive, err := calendar.ShippedSensitiveDates()
	if err != nil {
		t.Fatal(err)
	}
	var ready readiness
	for i := range 10 {
		ready = append(ready, risk.ReadinessItem{Handle: fmt.Sprintf("creator%d", i), LastContact: now.Add(-time.Duration(i) * 48 * time.Hour)})
	}
	f := feeds.NewFetcher(&http.Client{Timeout: 5 * time.Second})
	f.Now = func() time.Time { return now }
	return &Checker{Feeds: fs, Reader: f, Lexicon: feeds.DefaultLexicon(), Calendar: calendar.Sources{Sensitive: sensitive}, Readiness: ready}
}

var campaign = rapport.Campaign{ID: "spring", Name: "Spring", LaunchAt: now.Add(30 * time.Hour), TimeZone: "Europe/Paris",
	Markets: []string{"FR", "GB", "DE", "US", "JP"}, Keywords: []string{"serum"}, SensitiveTopics: []string{"chemical"},
	Influencers: []string{"creator0", "creator1"}}

func TestCrisisInALaunchMarketTurnsTheCheckRed(t *testing.T) {
	c := newChecker(t, feedServer(t, 2, 5))
	a := c.Check(context.Background(), campaign, now)
	if a.Level != risk.Red {
		t.Fatalf("level = %v, want red: %+v", a.Level, a.Reasons)
	}
	found := false
	for _, r := range a.Reasons {
		for _, e := range r.Evidence {
			if e.URL == "https://news.example/0/0" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("the crisis article is not among the evidence: %+v", a.Reasons)
	}
	if br := c.Breaking(context.Background(), campaign, now); len(br) != 2 || br[0].Link != "https://news.example/0/0" {
		t.Errorf("breaking = %+v", br)
	}
}

func TestUnreachableFeedDegradesTheCheck(t *testing.T) {
	c := newChecker(t, []feeds.Feed{{URL: "http://127.0.0.1:1/feed.xml"}})
	a := c.Check(context.Background(), campaign, now)
	if a.Level == risk.Green {
		t.Fatalf("a check that could not read the news is green: %+v", a)
	}
	text := ""
	for _, r := range a.Reasons {
		text += r.Text + "\n"
	}
	if !strings.Contains(strings.ToLower(text), "news") {
		t.Errorf("no reason mentions the news source: %s", text)
	}
}

// BenchmarkCheck is one timing check: 5 markets, 20 feeds × 200 items served locally (fetched
// and parsed every time: the cache is off), the shipped sensitive dates, 10 influencers.
func BenchmarkCheck(b *testing.B) {
	fs := feedServer(b, 20, 200)
	c := newChecker(b, fs)
	c.Reader.(*feeds.Fetcher).TTL = time.Nanosecond
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if a := c.Check(ctx, campaign, now); a.Level != risk.Red {
			b.Fatalf("level = %v", a.Level)
		}
	}
}

func TestGDELTArticlesJoinTheCheck(t *testing.T) {
	var query string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.Query().Get("query")
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"articles":[{"url":"https://news.example/g1","title":"Serum recall announced after contamination","seendate":"%s","domain":"news.example","language":"English","sourcecountry":"France"}]}`,
			now.Add(-2*time.Hour).Format("20060102T150405Z"))
	}))
	defer srv.Close()
	c := newChecker(t, nil)
	c.GDELT = &feeds.GDELT{Client: srv.Client(), BaseURL: srv.URL, MinInterval: time.Millisecond, Now: func() time.Time { return now }}
	a := c.Check(context.Background(), campaign, now)
	if !strings.Contains(query, `"serum"`) || !strings.Contains(query, `"chemical"`) {
		t.Errorf("GDELT query = %q, want the campaign's words", query)
	}
	found := false
	for _, r := range a.Reasons {
		for _, e := range r.Evidence {
			found = found || e.URL == "https://news.example/g1"
		}
	}
	if !found {
		t.Errorf("GDELT article missing from the assessment: %+v", a.Reasons)
	}
}
