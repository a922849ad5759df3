// Package suggest finds the roster entries closest to a mistyped handle or name, for the
// "did you mean …" answer. It is pure and allocation-light; it never touches Slack or Redis.
package suggest

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Candidate is one influencer that could be meant.
type Candidate struct {
	Handle string
	Name   string
}

// Closest returns up to n candidates that plausibly match query, best first. A candidate
// qualifies when the query is a prefix or substring of its handle or of a word of its name,
// or is within a small edit distance (about one typo per three letters) of either.
func Closest(query string, cands []Candidate, n int) []Candidate {
	q := normalize(query)
	if q == "" || n <= 0 {
		return nil
	}
	type scored struct {
		c     Candidate
		score int // lower is better
	}
	var hits []scored
	for _, c := range cands {
		if s, ok := score(q, c); ok {
			hits = append(hits, scored{c, s})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score < hits[j].score
		}
		return normalize(hits[i].c.Handle) < normalize(hits[j].c.Handle)
	})
	out := make([]Candidate, 0, min(n, len(hits)))
	for _, h := range hits[:min(n, len(hits))] {
		out = append(out, h.c)
	}
	return out
}

func normalize(s string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "@"))
}

// score ranks a candidate: 0–99 for prefix/substring hits, 100+ for edit-distance hits.
func score(q string, c Candidate) (int, bool) {
	fields := []string{normalize(c.Handle), normalize(c.Name)}
	fields = append(fields, strings.Fields(normalize(c.Name))...)
	best, found := 0, false
	consider := func(s int) {
		if !found || s < best {
			best, found = s, true
		}
	}
	qlen := utf8.RuneCountInString(q)
	allowed := max(1, qlen/3)
	for _, f := range fields {
		if f == "" {
			continue
		}
		switch {
		case strings.HasPrefix(f, q):
			consider(10 + utf8.RuneCountInString(f) - qlen)
		case qlen >= 3 && strings.Contains(f, q):
			consider(50 + utf8.RuneCountInString(f) - qlen)
		default:
			if d := distance(q, f, allowed); d <= allowed {
				consider(100 + d)
			}
		}
	}
	return best, found
}

// distance is the optimal string alignment distance (Levenshtein plus adjacent
// transpositions) between a and b, giving up early once it must exceed limit.
func distance(a, b string, limit int) int {
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
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
