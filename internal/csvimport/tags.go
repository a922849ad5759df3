package csvimport

import "strings"

// parseTags reads a ';'-separated list of tags ("Beauty; #skincare; K-Beauty") as
// lower-case words without a leading '#', without repeats, in the order given, so searching
// by tag does not depend on how someone capitalised it.
func parseTags(s string) []string {
	var out []string
	for _, part := range splitList(s) {
		tag := strings.ToLower(strings.Join(strings.Fields(strings.TrimLeft(part, "#")), " "))
		if tag != "" && !containsFold(out, tag) {
			out = append(out, tag)
		}
	}
	return out
}
