package feeds

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// maxTitle bounds an item's title; a real headline is far shorter.
const maxTitle = 300

// maxFutureSkew is how far past the fetch time a date may lie and still be believed: feeds
// get time zones wrong by hours, but a date days ahead is a broken date.
const maxFutureSkew = 24 * time.Hour

// itemsFromFeed turns a parsed feed from src into items, Source left for the caller. An item keeps its own publication (or
// update) date when the feed gives a believable one; otherwise it gets the feed's date, or
// failing that the fetch time, marked DateGuessed. Items with neither title, summary nor
// link are dropped.
func itemsFromFeed(src *url.URL, feed *gofeed.Feed, fetched time.Time) []Item {
	fallback, ok := believable(feed.UpdatedParsed, fetched)
	if !ok {
		if fallback, ok = believable(feed.PublishedParsed, fetched); !ok {
			fallback = fetched
		}
	}
	name := plainText(feed.Title, maxTitle)
	items := make([]Item, 0, len(feed.Items))
	for _, in := range feed.Items {
		if in == nil {
			continue
		}
		it := Item{
			Title:      plainText(in.Title, maxTitle),
			Summary:    plainText(firstNonEmpty(in.Description, in.Content), maxSummary),
			Link:       itemLink(src, in),
			GUID:       strings.TrimSpace(in.GUID),
			SourceName: name,
		}
		if it.Title == "" && it.Summary == "" && it.Link == "" {
			continue
		}
		it.Places = Places(it.Title + "\n" + it.Summary)
		if it.Published, ok = believable(in.PublishedParsed, fetched); !ok {
			if it.Published, ok = believable(in.UpdatedParsed, fetched); !ok {
				it.Published, it.DateGuessed = fallback, true
			}
		}
		items = append(items, it)
	}
	return items
}

func believable(t *time.Time, fetched time.Time) (time.Time, bool) {
	if t == nil || t.IsZero() || t.After(fetched.Add(maxFutureSkew)) {
		return time.Time{}, false
	}
	return *t, true
}

// itemLink is the item's link made absolute against the feed's address (some feeds give
// paths), or "" when it has none that parses.
func itemLink(src *url.URL, in *gofeed.Item) string {
	link := strings.TrimSpace(in.Link)
	if link == "" && len(in.Links) > 0 {
		link = strings.TrimSpace(in.Links[0])
	}
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	return src.ResolveReference(u).String()
}

// withMarkets returns copies of items carrying the feed's markets.
func withMarkets(items []Item, markets []string) []Item {
	out := slices.Clone(items)
	if len(markets) == 0 {
		return out
	}
	markets = slices.Clone(markets)
	for i := range out {
		out[i].Markets = markets
	}
	return out
}

// mergeFeeds returns feeds with each URL once, in first-seen order, its markets the union of
// every listing's (every market if any listing covers every market).
func mergeFeeds(feeds []Feed) []Feed {
	out := make([]Feed, 0, len(feeds))
	at := map[string]int{}
	for _, f := range feeds {
		if i, dup := at[f.URL]; dup {
			out[i].Markets = unionMarkets(out[i].Markets, f.Markets)
			continue
		}
		at[f.URL] = len(out)
		out = append(out, Feed{URL: f.URL, Markets: slices.Clone(f.Markets)})
	}
	return out
}

// unionMarkets merges two market lists where empty means every market.
func unionMarkets(a, b []string) []string {
	if len(a) == 0 || len(b) == 0 {
		return nil
	}
	out := slices.Clone(a)
	for _, m := range b {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}
