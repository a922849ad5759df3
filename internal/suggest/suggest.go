// Package suggest finds the roster entries closest to a mistyped handle or name, for the
// "did you mean …" answer. It is pure and allocation-light; it never touches Slack or Redis.
package suggest

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/rapport-bot/rapport/internal/textmatch"
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

// normalize is s as it is compared: folded (case and accents ignored, so "chloe" finds
// "Chloé"), without a leading "@".
func normalize(s string) string {
	return textmatch.Fold(strings.TrimPrefix(strings.TrimSpace(s), "@"))
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
			if d := textmatch.DistanceAtMost(q, f, allowed); d <= allowed {
				consider(100 + d)
			}
		}
	}
	return best, found
}
