package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestImportMetricsKeepsCadenceByTierInStep: a metrics import reindexes each influencer it
// writes, while it goes on, from the snapshots as they end up — also one whose rows come
// back, batches later, after it was first reindexed (the last row for a period wins, and
// with it the tier) — and leaves the rest of the roster alone.
func TestImportMetricsKeepsCadenceByTierInStep(t *testing.T) {
	h := newHarness(t)
	h.config("cadence:\n  by_status: {active: 30d}\n  by_tier: {mega: 7d}\n")
	const creators, months = 200, 25 // 5,000 rows: more than one batch between ava's rows
	var roster strings.Builder
	roster.WriteString("handle,status\nava.moreau,active\nzoe.quiet,active\n")
	for i := range creators {
		fmt.Fprintf(&roster, "creator%05d,active\n", i)
	}
	h.importFile("influencers", h.writeFile("roster.csv", roster.String()))

	y, m, _ := h.clock.Now().UTC().Date()
	monthEnd := func(back int) string {
		return time.Date(y, m-time.Month(back), 0, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
	var rows strings.Builder
	rows.WriteString("handle,platform,as_of,followers,posts\n")
	for back := range 4 { // ava first reads as a nano creator…
		fmt.Fprintf(&rows, "ava.moreau,instagram,%s,5000,10\n", monthEnd(back))
	}
	for i := range creators {
		for back := range months {
			fmt.Fprintf(&rows, "creator%05d,tiktok,%s,%d,4\n", i, monthEnd(back), 2_000_000*(i%2))
		}
	}
	for back := range 4 { // …and in the end as a mega one: the file's last rows win
		fmt.Fprintf(&rows, "ava.moreau,instagram,%s,2.5M,10\n", monthEnd(back))
	}
	out := h.importFile("metrics", h.writeFile("metrics.csv", rows.String()))
	contains(t, "metrics import", out, fmt.Sprintf("metrics: %d snapshots saved, 0 rejected", creators*months+4))

	ids := []string{"ava.moreau", "zoe.quiet", "creator00000", "creator00001", "creator00199"}
	states, err := h.importedStore().RelStates(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	const day = 24 * time.Hour
	for id, want := range map[string]time.Duration{
		"ava.moreau":   7 * day,  // mega by its last rows
		"zoe.quiet":    30 * day, // no metrics: as the roster import left it
		"creator00000": 30 * day, // tiktok followers 0
		"creator00001": 7 * day,  // 2M
		"creator00199": 7 * day,  // the last, written in the last batch
	} {
		if got := states[id].Cadence; got != want {
			t.Errorf("%s: cadence %v, want %v", id, got, want)
		}
	}
}
