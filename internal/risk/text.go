package risk

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

const day = 24 * time.Hour

// marketList is "GB, US, global": codes in order, then "global" for global sources.
func marketList(markets []string) string {
	codes := slices.Clone(markets)
	slices.Sort(codes)
	global := len(codes) > 0 && codes[0] == ""
	if global {
		codes = codes[1:]
	}
	if global {
		codes = append(codes, "global")
	}
	return strings.Join(codes, ", ")
}

// listed joins items, naming at most limit and counting the rest: "a, b and 3 more".
func listed(items []string, limit int) string {
	if len(items) <= limit {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:limit], ", ") + " and " + strconv.Itoa(len(items)-limit) + " more"
}

// handle writes an influencer's handle with its "@".
func handle(h string) string {
	h = strings.TrimSpace(h)
	if strings.HasPrefix(h, "@") {
		return h
	}
	return "@" + h
}
