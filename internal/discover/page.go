package discover

// DefaultPageSize is how many results a page shows when the caller does not say.
const DefaultPageSize = 10

// Page returns page number page (from 1) of results, size rows to a page, and whether more
// pages follow. A page below 1 is the first; a size of 0 or less means DefaultPageSize; a
// page past the end is empty. The items share results' backing array but cannot grow into
// the next page.
func Page(results []Result, page, size int) (items []Result, hasMore bool) {
	if size <= 0 {
		size = DefaultPageSize
	}
	if page < 1 {
		page = 1
	}
	// Compare before multiplying, so a huge page number cannot overflow.
	if page-1 > len(results)/size {
		return nil, false
	}
	start := (page - 1) * size
	if start >= len(results) {
		return nil, false
	}
	end := start + min(size, len(results)-start)
	return results[start:end:end], end < len(results)
}
