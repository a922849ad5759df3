package feeds

import (
	"bytes"
	"context"
	"iter"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
)

// spacer lets calls through no closer together than an interval, in the order they asked.
// Each caller reserves the next free slot and sleeps until it; a caller whose context ends
// while waiting returns its error, and its slot simply passes unused.
type spacer struct {
	mu   sync.Mutex
	next time.Time
}

func (s *spacer) wait(ctx context.Context, interval time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	now := time.Now()
	at := s.next
	if at.Before(now) {
		at = now
	}
	s.next = at.Add(interval)
	s.mu.Unlock()

	d := time.Until(at)
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// Caps on what one feed may cost, whatever its size on the wire.
const (
	// DefaultMaxItems is the most items kept from one feed: the newest. A news feed carries
	// tens; a feed of tens of thousands (an archive, a hostile server) would otherwise cost
	// hundreds of megabytes to parse.
	DefaultMaxItems = 500
	// maxRawText bounds an item's title, summary and content as the feed wrote them, markup
	// included, before they are reduced to plain text (maxTitle and maxSummary bytes).
	maxRawText = 16 << 10
	// maxRawLink bounds an item's link and GUID; a longer one is dropped, not cut, since a
	// cut address leads nowhere.
	maxRawLink = 2 << 10
)

// itemSpan is where one item (RSS <item>, Atom <entry>) lies in a document: [start, end).
type itemSpan struct{ start, end int }

// itemSpans yields the outermost item and entry elements of an RSS or Atom document, in
// order, without parsing it: a scan for tags that skips comments, CDATA sections,
// processing instructions and quoted attribute values. An item left open at the end is
// not yielded. The scan never reads doc before the end of the span it last yielded, so the
// loop body may rewrite doc up to there.
func itemSpans(doc []byte) iter.Seq[itemSpan] {
	return func(yield func(itemSpan) bool) {
		depth, start := 0, 0
		for i := 0; ; {
			j := bytes.IndexByte(doc[i:], '<')
			if j < 0 {
				return
			}
			i += j
			rest := doc[i:]
			if skip := markupLen(rest); skip != 0 {
				if skip < 0 {
					return
				}
				i += skip
				continue
			}
			end := tagLen(rest)
			if end < 0 {
				return
			}
			closing := len(rest) > 1 && rest[1] == '/'
			if isItemTag(rest[:end], closing) {
				switch {
				case closing:
					if depth > 0 {
						if depth--; depth == 0 && !yield(itemSpan{start, i + end}) {
							return
						}
					}
				case rest[end-2] == '/': // <item/>
					if depth == 0 && !yield(itemSpan{i, i + end}) {
						return
					}
				default:
					if depth == 0 {
						start = i
					}
					depth++
				}
			}
			i += end
		}
	}
}

// markupLen is the length of the comment, CDATA section, processing instruction or
// declaration rest starts with, 0 when it starts none, and -1 when it never ends.
func markupLen(rest []byte) int {
	for _, m := range [...]struct{ open, close string }{{"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}, {"<!", ">"}} {
		if bytes.HasPrefix(rest, []byte(m.open)) {
			k := bytes.Index(rest[len(m.open):], []byte(m.close))
			if k < 0 {
				return -1
			}
			return len(m.open) + k + len(m.close)
		}
	}
	return 0
}

// tagLen is the length of the tag rest starts with, through its '>', quoted attribute
// values skipped; -1 when it never ends.
func tagLen(rest []byte) int {
	var quote byte
	for k := 1; k < len(rest); k++ {
		switch c := rest[k]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return k + 1
		}
	}
	return -1
}

// isItemTag reports whether tag ("<item>", "</atom:entry>", "<item rdf:about='…'>") opens
// or closes an item: its local name is item or entry.
func isItemTag(tag []byte, closing bool) bool {
	name := tag[1:]
	if closing {
		name = name[1:]
	}
	if k := bytes.IndexAny(name, " \t\r\n/>"); k >= 0 {
		name = name[:k]
	}
	if k := bytes.IndexByte(name, ':'); k >= 0 {
		name = name[k+1:]
	}
	return string(name) == "item" || string(name) == "entry"
}

// keepItems removes from doc, in place, every item but the lo-th to the hi-th (excluded),
// and returns the shortened document. Everything outside the items (the feed's own title,
// date, links) stays. Writes stay behind the scan: out never outgrows what was read.
func keepItems(doc []byte, lo, hi int) []byte {
	out := doc[:0]
	prev, k := 0, 0
	for s := range itemSpans(doc) {
		if k < lo || k >= hi {
			out = append(out, doc[prev:s.start]...)
			prev = s.end
		}
		k++
	}
	return append(out, doc[prev:]...)
}

// clip cuts s to at most n bytes, at a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// newestItems trims doc, in place, to its max newest items. Feeds list items newest first,
// a few oldest first: the dates of the first and the last item tell which end to keep, and
// without both dates the first items are kept. Only those two items are parsed here, so a
// feed of sixty thousand items costs two small parses and a scan, not sixty thousand
// parsed items.
func newestItems(doc []byte, max int) []byte {
	var n int
	var first, last itemSpan
	for s := range itemSpans(doc) {
		if n == 0 {
			first = s
		}
		last = s
		n++
	}
	if n <= max {
		return doc
	}
	head, tail := doc[:first.start], doc[last.end:]
	firstAt, lastAt := itemDate(head, doc[first.start:first.end], tail), itemDate(head, doc[last.start:last.end], tail)
	if !firstAt.IsZero() && !lastAt.IsZero() && lastAt.After(firstAt) {
		return keepItems(doc, n-max, n)
	}
	return keepItems(doc, 0, max)
}

// itemDate is the publication (else update) date of item, parsed alone between the
// document's head and tail; zero when it has none that can be read.
func itemDate(head, item, tail []byte) time.Time {
	one := make([]byte, 0, len(head)+len(item)+len(tail))
	one = append(append(append(one, head...), item...), tail...)
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(one))
	if err != nil || len(feed.Items) != 1 || feed.Items[0] == nil {
		return time.Time{}
	}
	return itemTime(feed.Items[0])
}

func itemTime(it *gofeed.Item) time.Time {
	switch {
	case it.PublishedParsed != nil:
		return *it.PublishedParsed
	case it.UpdatedParsed != nil:
		return *it.UpdatedParsed
	}
	return time.Time{}
}

// boundItems applies the per-item caps to a parsed feed: at most max items, the newest,
// should the scan have missed some; title, description and content cut to maxRawText; a
// link or GUID over maxRawLink dropped.
func boundItems(feed *gofeed.Feed, max int) {
	feed.Items = slices.DeleteFunc(feed.Items, func(it *gofeed.Item) bool { return it == nil })
	if len(feed.Items) > max {
		slices.SortStableFunc(feed.Items, func(a, b *gofeed.Item) int { return itemTime(b).Compare(itemTime(a)) })
		feed.Items = feed.Items[:max]
	}
	for _, it := range feed.Items {
		it.Title = clip(it.Title, maxRawText)
		it.Description = clip(it.Description, maxRawText)
		it.Content = clip(it.Content, maxRawText)
		if len(it.Link) > maxRawLink {
			it.Link = ""
		}
		it.Links = slices.DeleteFunc(it.Links, func(l string) bool { return len(l) > maxRawLink })
		if len(it.GUID) > maxRawLink {
			it.GUID = ""
		}
	}
}
