package feeds

import "time"

// Feed is one configured RSS or Atom feed.
type Feed struct {
	URL string
	// Markets are the ISO 3166 country codes the feed covers; empty means every market.
	Markets []string
}

// Item is one news article from a feed or from GDELT, reduced to what a timing check reads.
type Item struct {
	// Title and Summary are plain text: HTML tags are removed and entities decoded. Summary
	// is cut to about a thousand characters.
	Title   string
	Summary string
	// Link is the article's address, the evidence a check shows.
	Link string
	// GUID is the feed's own identifier for the item, when it gives one.
	GUID string
	// Published is when the article was published, or last updated when the feed gives only
	// that. When the feed gives neither, or a date that cannot be read or lies more than a
	// day in the future, Published is the feed's own date, else the time of the fetch, and
	// DateGuessed is true.
	Published   time.Time
	DateGuessed bool
	// Source is where the item came from: the feed URL, or "gdelt".
	Source string
	// SourceName is the feed's title, or for GDELT the article's domain.
	SourceName string
	// Markets are the markets of the feed the item came from; empty means every market.
	Markets []string
	// Places are the countries (ISO 3166 alpha-2) the title and summary name, by country,
	// demonym, main city or region, in order of first mention; see Places.
	Places []string
}

// SourceError is a feed that could not be read. It degrades a timing check (the check says
// which source is missing) rather than failing it.
type SourceError struct {
	URL string
	Err error
}

func (e SourceError) Error() string { return e.Err.Error() }

func (e SourceError) Unwrap() error { return e.Err }
