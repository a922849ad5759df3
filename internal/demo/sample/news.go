package sample

import (
	"fmt"
	"html"
	"strings"
	"time"
)

// headline is one sample news item, published ago before now.
type headline struct {
	title, summary, slug string
	ago                  time.Duration
}

var headlines = []headline{
	{"Storm brings flooding to northern France; roads closed", "Heavy rain and flooding across Normandy and Hauts-de-France.", "storm-flooding", 3 * time.Hour},
	{"Skincare brands bet on serums for the winter season", "Retailers expect serum sales to grow.", "serums-winter", 20 * time.Hour},
	{"Paris fashion week dates announced", "The spring shows run from late February.", "fashion-week", 30 * time.Hour},
	{"Consumer watchdog reviews sunscreen labelling", "A review of SPF claims on beauty products.", "sunscreen-review", 50 * time.Hour},
	{"Berlin retail footfall steady before the holidays", "Shopping centres report stable numbers.", "berlin-retail", 70 * time.Hour},
}

// NewsFeed is the demo's local RSS feed for timing checks: a few realistic headlines about
// the launch markets, one of them a crisis (flooding in France) that turns a check red.
func NewsFeed(now time.Time) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Demo Wire (FR, GB, DE)</title><link>https://news.example/</link><description>Sample news for the Rapport demo</description>`)
	for _, h := range headlines {
		fmt.Fprintf(&b, `<item><title>%s</title><link>https://news.example/%s</link><description>%s</description><pubDate>%s</pubDate></item>`,
			html.EscapeString(h.title), h.slug, html.EscapeString(h.summary), now.Add(-h.ago).UTC().Format(time.RFC1123Z))
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}
