package textmatch

import "unicode/utf8"

// Distance is the number of typos between a and b: the optimal string alignment distance,
// where inserting, deleting or changing a letter, or swapping two neighbours ("moraeu" for
// "moreau"), each count one. Letters are runes, so "café" is one from "cafe". Compare
// folded text to ignore case and accents.
func Distance(a, b string) int {
	return DistanceAtMost(a, b, max(utf8.RuneCountInString(a), utf8.RuneCountInString(b)))
}

// DistanceAtMost is Distance when it is at most limit, and limit+1 otherwise; it gives up
// as soon as the answer must exceed limit, which makes comparing a query with a long list
// cheap. A negative limit counts as 0.
func DistanceAtMost(a, b string, limit int) int {
	limit = max(limit, 0)
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		// A row's smallest cell never falls in later rows (a swap reaches back two rows,
		// but the row between is at most one more), so the answer is past limit already.
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if d := prev[len(rb)]; d <= limit {
		return d
	}
	return limit + 1
}
