package app

import (
	"testing"
	"time"
)

// TestReimportKeepsThePlan: keywords and sensitive topics from a campaigns file reach the
// campaign the timing checks read, and a later results sheet without those columns keeps
// them, with the launch, zone and channel.
func TestReimportKeepsThePlan(t *testing.T) {
	h := newHarness(t)
	h.importFixtures()
	at := h.localTime(72*time.Hour, "Europe/Paris").Format("2006-01-02 15:04")
	h.importFile("campaigns", h.writeFile("plan.csv",
		"campaign,handle,launch_at,timezone,markets,channel,keywords,sensitive_topics\n"+
			"Spring Launch,ava.moreau,"+at+",Europe/Paris,FR,C0PARTNER,\"serum; Lumière\",sunburn\n"))
	h.importFile("campaigns", h.writeFile("results.csv", "campaign,handle,spend\nSpring Launch,ava.moreau,500\n"))
	h.serve()
	_, card := h.slash("U0PRIYA", "/campaign", "spring launch")
	contains(t, "campaign card", card.PlainText(), "launches in 3 days", "Watching for", "serum, Lumière, sunburn", "<#C0PARTNER>")
}
