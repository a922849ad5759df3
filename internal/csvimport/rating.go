package csvimport

import (
	"fmt"
	"strings"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// ParseRating reads the team's 1–5 verdict on a collaboration: "4", "4.5", "4,5", "4/5",
// "4 out of 5" or stars ("★★★★☆"). Blank is unknown. Anything outside 1–5 is an error
// rather than being scaled, because "8" may be out of 10 or a typo for 3.
func ParseRating(s string) (rapport.Quantity, error) {
	t := strings.TrimSpace(s)
	if strings.ContainsAny(t, "★⭐☆") && strings.Trim(t, "★⭐☆ ") == "" {
		t = fmt.Sprint(strings.Count(t, "★") + strings.Count(t, "⭐"))
	}
	scaled := false
	for _, suffix := range []string{"/5", "/ 5", "out of 5"} {
		if rest, ok := strings.CutSuffix(t, suffix); ok {
			t, scaled = strings.TrimSpace(rest), true
			break
		}
	}
	q, err := ParseCount(t)
	if err != nil || q.Known && (q.Value < 1 || q.Value > 5) || scaled && !q.Known {
		return rapport.Unknown, fmt.Errorf("%q is not a rating from 1 to 5 (decimals such as 4.5 are fine)", s)
	}
	return q, nil
}
