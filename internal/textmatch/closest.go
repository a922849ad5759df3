package textmatch

// Closest is the candidate fewest typos from query, at most maxDist, for a "did you mean"
// answer; the first listed wins a tie. A candidate equal to query is not a suggestion, and
// ok is false when none is near enough. Text is compared as given: fold both sides first
// to ignore case and accents.
func Closest(query string, candidates []string, maxDist int) (best string, ok bool) {
	bestD := maxDist + 1
	for _, c := range candidates {
		if d := DistanceAtMost(query, c, maxDist); d > 0 && d < bestD {
			best, bestD, ok = c, d, true
		}
	}
	return best, ok
}
