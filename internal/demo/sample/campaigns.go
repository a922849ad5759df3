package sample

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/rapport-bot/rapport/internal/csvimport"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// Brand is the demo workspace's brand; every sample campaign is its.
const Brand = "Lumière Skincare"

// Sample campaigns with a deliberate shape, for docs, demos and tests to refer to.
const (
	// CampaignUpcoming launches UpcomingIn after now in FR, GB and DE (zone Europe/Paris)
	// and is coordinated in ChannelLaunch: close enough for the 72-hour timing check and the
	// go/no-go poll to be live in the demo. HandleDeclining is on it.
	CampaignUpcoming = "Radiance Serum Launch"
	// CampaignLater launches six weeks after now in the US and Canada.
	CampaignLater = "Hydra Mist Pop-Up"
	// CampaignNicheWin is HandleNiche's only campaign: a tiny fee and the lowest cost per
	// engagement on record.
	CampaignNicheWin = "Clean Beauty Week"
	// AmbassadorSeries names HandleSteady's monthly activations as the brand's long-term
	// ambassador, followed by the month: "Glow Edit Mar 2025".
	AmbassadorSeries = "Glow Edit"
	// AmbassadorMonths is how many monthly activations HandleSteady has done, the last one
	// last month: more than three years, so a profile card must summarise them.
	AmbassadorMonths = 42
)

// When the two planned campaigns launch. UpcomingIn places CampaignUpcoming so that, with
// the default checkpoints (T-72h, T-24h, T-2h with the poll, closing at T-30m), the demo's
// walkthrough tells the same story whenever it starts: the T-72h check is due at once,
// `:advance 2d` brings T-24h, `:advance 18h` T-2h and the poll, and `:advance 2h` the
// poll's close, each with at least a quarter of an hour to spare. It is rounded down to
// the quarter hour, as people plan launches.
const (
	UpcomingIn  = 67*time.Hour + 45*time.Minute
	LaterInDays = 42
)

// Campaigns returns the brand's sample campaign history and plans, one row per campaign
// and influencer, ordered by launch: about a dozen campaigns over the last three years,
// HandleSteady's monthly ambassador activations, and CampaignUpcoming and CampaignLater.
// Past campaigns depend only on now's month; CampaignUpcoming is placed from now's instant
// and CampaignLater from now's date in its launch zone. Every row is what csvimport.ParseCampaigns would read from the
// same data written as CSV. The slices are new on every call and the caller may change them.
func Campaigns(now time.Time) []csvimport.CampaignRow {
	var groups [][]csvimport.CampaignRow
	for _, pc := range pastCampaigns {
		groups = append(groups, pc.rows(now))
	}
	groups = append(groups, ambassadorActivations(now)...)
	groups = append(groups, plannedCampaigns(now)...)
	slices.SortStableFunc(groups, func(a, b []csvimport.CampaignRow) int {
		return a[0].Campaign.When().Compare(b[0].Campaign.When())
	})
	var out []csvimport.CampaignRow
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// unknown marks a result nobody reported.
const unknown = -1

// result is one influencer's part in a sample campaign; unknown marks a missing number.
type result struct {
	handle                                         string
	spend, reach, engagements, clicks, conversions float64
	rating                                         float64
	notes                                          string
}

// pastCampaign is a finished campaign, placed monthsAgo months before now's month.
type pastCampaign struct {
	name       string
	monthsAgo  int
	day, days  int // start day of the month and length in days
	launchHour int // local time in zone on the start day
	zone       string
	markets    []string
	results    []result
}

// pastCampaigns tell the stories the demo points at: HandleDeclining's results sliding
// campaign after campaign, HandleNiche's one small, outstanding campaign, HandleSpike's
// bought audience showing in its numbers. Fees follow the creator's tier (nano €300–1K,
// micro €1–5K, mid €5–15K, macro €15–40K, mega €40K and up).
var pastCampaigns = []pastCampaign{
	{name: "Glow Getter Launch", monthsAgo: 34, day: 8, days: 21, launchHour: 10, zone: "America/New_York",
		markets: list("US", "CA"), results: []result{
			{"nightowl.nails", 650, 3_900, 820, 95, 7, 4, "Nail-art flat lay; the skincare tie-in felt forced"},
			{"trailrunnertess", 2_400, 18_500, 2_900, 410, 22, 4, "Trail-run SPF story; strong saves"},
			{"mealprepmaya", 3_100, 38_000, 3_400, 380, 19, 3, "Good reel, but posted a day late"},
		}},
	{name: "Maison Lumière Paris", monthsAgo: 33, day: 12, days: 28, launchHour: 19, zone: "Europe/Paris",
		markets: list("FR", "BE", "GB"), results: []result{
			{HandleDeclining, 45_000, 612_000, 96_000, 8_900, 410, 5, "Launch-event reel & stories; best post of the quarter"},
			{"thriftwithtilly", 1_800, 24_000, 2_600, 230, 14, 4, ""},
			{"mumofthreemel", 1_200, 9_800, 1_300, 120, 9, 3, "Family angle didn't fit a Paris launch"},
		}},
	{name: "SPF Everyday", monthsAgo: 30, day: 4, days: 28, launchHour: 8, zone: "Europe/London",
		markets: list("GB", "IE"), results: []result{
			{"basslinebex", 22_000, 310_000, 41_000, 3_100, 150, 4, "Festival \"reapply\" sketch; comments full of <3"},
			{"mumofthreemel", 1_300, 10_500, 1_650, 160, 12, 4, "School-run SPF routine"},
			{"thriftwithtilly", 1_900, 26_500, 3_100, 260, 17, 5, ""},
		}},
	{name: "Barrier Balm Winter", monthsAgo: 27, day: 6, days: 21, launchHour: 18, zone: "Europe/Berlin",
		markets: list("DE", "AT"), results: []result{
			{HandleDivergent, 9_500, 88_000, 11_200, 690, 31, 3, "Post-workout dry-skin angle; comments asked about price"},
			{"wanderlust.wiebke", 4_200, 41_000, 4_800, 340, 18, 4, "Van-life winter skin; lovely visuals"},
		}},
	{name: CampaignNicheWin, monthsAgo: 24, day: 15, days: 7, launchHour: 9, zone: "Europe/Paris",
		markets: list("FR", "BE", "CH"), results: []result{
			{HandleDeclining, 46_000, 590_000, 91_000, 8_100, 380, 5, ""},
			{HandleNiche, 450, 5_100, 2_900, 610, 58, 5, "Refill & zero-waste routine; tiny audience, huge saves & DMs"},
			{"thriftwithtilly", 2_000, 27_000, 2_900, 240, 15, 4, ""},
		}},
	{name: "Brilho Tropical", monthsAgo: 21, day: 10, days: 21, launchHour: 12, zone: "America/Sao_Paulo",
		markets: list("BR", "PT"), results: []result{
			{"camila.makes", 52_000, 1_150_000, 138_000, 9_800, 520, 5, "Carnival glow tutorial; highlighter sold out in PT"},
			{"cozinhadabia", 3_600, 34_000, 3_900, 280, 16, 3, "Self-care Sunday; audience is food-first"},
			{"rafa.treinos", 17_500, 198_000, 16_000, 880, 29, 3, ""},
		}},
	{name: "Monsoon Skin Rescue", monthsAgo: 18, day: 3, days: 28, launchHour: 11, zone: "Asia/Kolkata",
		markets: list("IN", "AE"), results: []result{
			{"ananya.styles", 41_000, 520_000, 61_000, 5_200, 240, 4, "Wedding-season prep reel; strongest in AE"},
			{HandleSpike, 3_800, 9_800, 610, 40, 1, 2, "Reach far below follower count & flat comments: check for bought followers before rebooking"},
		}},
	{name: "Holiday Gift Edit", monthsAgo: 15, day: 18, days: 21, launchHour: 10, zone: "America/New_York",
		markets: list("US", "GB", "FR"), results: []result{
			{HandleDeclining, 48_000, 540_000, 78_000, 6_900, 300, 4, "Gift-set unboxing; fewer comments than last time"},
			{"nightowl.nails", 700, 4_300, 950, 110, 9, 4, ""},
			{"mealprepmaya", 3_300, 44_000, 4_100, 420, 24, 4, "Stocking-stuffer & gift-guide carousel"},
			{"thriftwithtilly", 2_200, 31_000, 3_600, 300, 21, 5, ""},
		}},
	{name: "Tokyo Dewy Skin", monthsAgo: 12, day: 9, days: 14, launchHour: 20, zone: "Asia/Tokyo",
		markets: list("JP"), results: []result{
			{"yuki.travels", 12_000, 150_000, 14_500, unknown, unknown, 4, "Onsen-trip skincare diary; agency doesn't report link clicks"},
			{"trailrunnertess", 2_600, 19_000, 3_100, 330, 18, 4, ""},
		}},
	{name: "Glow Tour México", monthsAgo: 9, day: 20, days: 21, launchHour: 13, zone: "America/Mexico_City",
		markets: list("MX", "US"), results: []result{
			{HandleRising, 44_000, 820_000, 112_000, 7_600, 350, 5, "Street-food & sunscreen skit went viral; rebook"},
			{"sofi.viaja", 8_000, 96_000, 9_400, 720, 33, 4, ""},
			{"mamamoderna.mx", 2_100, 24_000, 2_600, 210, 14, 3, "Caption missed the #ad label; fixed after 2h"},
		}},
	{name: "Retinol Night Shift", monthsAgo: 6, day: 7, days: 21, launchHour: 21, zone: "Europe/Paris",
		markets: list("FR", "BE", "CH", "GB"), results: []result{
			{HandleDeclining, 48_000, 410_000, 52_000, 4_100, 160, 3, "Engagement down ~40% on last year; agency slow to send drafts"},
			{"basslinebex", 24_000, 340_000, 46_000, 3_400, 170, 4, ""},
			{"thriftwithtilly", 2_300, 36_000, 4_200, 340, 24, 5, "Consistently strong; worth a retainer"},
		}},
	{name: "Reset Routine", monthsAgo: 3, day: 11, days: 14, launchHour: 9, zone: "Europe/Paris",
		markets: list("FR", "DE", "GB"), results: []result{
			{HandleDeclining, 48_000, 350_000, 39_000, 2_900, 110, 2, "Second weak result in a row & off-topic comments; review before rebooking"},
			{HandleDivergent, 10_500, 112_000, 7_800, 480, 19, 3, "Followers up sharply but engagement didn't follow"},
			{"mumofthreemel", 1_400, 11_000, 1_500, 150, 11, 3, ""},
		}},
}

func (pc pastCampaign) rows(now time.Time) []csvimport.CampaignRow {
	y, m, _ := now.UTC().Date()
	start := time.Date(y, m-time.Month(pc.monthsAgo), pc.day, 0, 0, 0, 0, time.UTC)
	c := rapport.Campaign{
		Name:     pc.name,
		Brand:    Brand,
		Start:    start,
		End:      start.AddDate(0, 0, pc.days),
		LaunchAt: localTime(start, pc.launchHour, pc.zone),
		TimeZone: pc.zone,
		Markets:  pc.markets,
	}
	return campaignRows(c, pc.results)
}

// campaignRows gives every result its own copy of the campaign.
func campaignRows(c rapport.Campaign, results []result) []csvimport.CampaignRow {
	c.ID = rapport.CampaignID(c.Name)
	rows := make([]csvimport.CampaignRow, len(results))
	for i, r := range results {
		rc := c
		rc.Markets = slices.Clone(c.Markets)
		rows[i] = csvimport.CampaignRow{Campaign: rc, Participation: rapport.Participation{
			CampaignID:  c.ID,
			Handle:      r.handle,
			Spend:       quantity(r.spend),
			Reach:       quantity(r.reach),
			Engagements: quantity(r.engagements),
			Clicks:      quantity(r.clicks),
			Conversions: quantity(r.conversions),
			Rating:      quantity(r.rating),
			Notes:       r.notes,
		}}
	}
	return rows
}

func quantity(v float64) rapport.Quantity {
	if v == unknown {
		return rapport.Unknown
	}
	return rapport.Known(v)
}

// ambassadorActivations are HandleSteady's monthly activations, AmbassadorMonths of them
// ending last month. The fee is renegotiated up each year; reach and engagement wander
// month to month and peak with the holiday gift sets; the team's rating follows the cost
// per engagement. The numbers come from a fixed stream, so only the dates move with now.
func ambassadorActivations(now time.Time) [][]csvimport.CampaignRow {
	rng := rand.New(rand.NewPCG(seed, 0x414d_4241_5353_4144)) // "AMBASSAD"
	y, m, _ := now.UTC().Date()
	groups := make([][]csvimport.CampaignRow, 0, AmbassadorMonths)
	for i := range AmbassadorMonths {
		start := time.Date(y, m-time.Month(AmbassadorMonths-i), 5, 0, 0, 0, 0, time.UTC)
		year := float64(i / 12)
		spend := 40_000 + 2_500*year
		season := 1.0
		switch start.Month() {
		case time.November, time.December:
			season = 1.25
		case time.January, time.February:
			season = 0.9
		}
		reach := roundTo(900_000*(1+0.04*year)*season*(0.9+0.2*rng.Float64()), 1_000)
		engagements := roundTo(reach*(0.085+0.02*rng.Float64()), 100)
		clicks := roundTo(reach*(0.008+0.004*rng.Float64()), 10)
		conversions := roundTo(clicks*(0.03+0.02*rng.Float64()), 1)
		c := rapport.Campaign{
			Name:     fmt.Sprintf("%s %s %d", AmbassadorSeries, start.Month().String()[:3], start.Year()),
			Brand:    Brand,
			Start:    start,
			End:      start.AddDate(0, 0, 20),
			LaunchAt: localTime(start, 11, "America/New_York"),
			TimeZone: "America/New_York",
			Markets:  list("US", "CA"),
		}
		groups = append(groups, campaignRows(c, []result{{
			handle: HandleSteady, spend: spend, reach: reach, engagements: engagements, clicks: clicks,
			conversions: conversions, rating: ambassadorRating(spend / engagements),
			notes: ambassadorNotes(start.Month(), rng),
		}}))
	}
	return groups
}

// ambassadorRating is the team's verdict, which mostly tracks what an engagement cost.
func ambassadorRating(cpe float64) float64 {
	switch {
	case cpe < 0.45:
		return 5
	case cpe < 0.5:
		return 4.5
	case cpe < 0.58:
		return 4
	}
	return 3.5
}

func ambassadorNotes(month time.Month, rng *rand.Rand) string {
	switch month {
	case time.November, time.December:
		return "Holiday gift-set takeover & giveaway; comments full of <3"
	case time.June, time.July:
		return "SPF reminder stories + beach-bag reel"
	case time.January:
		return "New-year reset routine"
	}
	routine := []string{
		"Monthly reel + 3 stories",
		"Shelfie & routine carousel",
		"Live Q&A with our chemist",
		"",
		"Monthly reel + 3 stories; posted <24h after brief approval",
	}
	return routine[rng.IntN(len(routine))]
}

// plannedCampaigns are the two campaigns ahead: fees agreed, nothing measured yet.
func plannedCampaigns(now time.Time) [][]csvimport.CampaignRow {
	launch := now.Add(UpcomingIn).Truncate(15 * time.Minute).UTC()
	upcoming := dateOf(launch, "Europe/Paris")
	later := daysAhead(now, LaterInDays, "America/New_York")
	return [][]csvimport.CampaignRow{
		campaignRows(rapport.Campaign{
			Name: CampaignUpcoming, Brand: Brand,
			Start: upcoming, End: upcoming.AddDate(0, 0, 21),
			LaunchAt: launch, TimeZone: "Europe/Paris",
			Markets: list("FR", "GB", "DE"), Channel: ChannelLaunch,
		}, []result{
			plannedResult(HandleDeclining, 48_000, "1 reel + 3 stories; embargo until 09:00 Paris"),
			plannedResult("thriftwithtilly", 2_400, "Reel & TikTok; UK copy approved"),
			plannedResult(HandleDivergent, 11_000, "German captions <150 chars & #anzeige"),
		}),
		campaignRows(rapport.Campaign{
			Name: CampaignLater, Brand: Brand,
			Start: later, End: later.AddDate(0, 0, 28),
			LaunchAt: localTime(later, 10, "America/New_York"), TimeZone: "America/New_York",
			Markets: list("US", "CA"),
		}, []result{
			plannedResult(HandleSteady, 55_000, "Pop-up opening live & recap reel"),
			plannedResult("nightowl.nails", 800, ""),
			plannedResult("mealprepmaya", 3_400, "Gym-bag mist reel"),
		}),
	}
}

func plannedResult(handle string, spend float64, notes string) result {
	return result{handle: handle, spend: spend, reach: unknown, engagements: unknown, clicks: unknown,
		conversions: unknown, rating: unknown, notes: notes}
}

// daysAhead is the date n days after now's date in zone, as a UTC midnight (the form of
// Campaign.Start).
func daysAhead(now time.Time, n int, zone string) time.Time {
	return dateOf(now, zone).AddDate(0, 0, n)
}

// dateOf is t's date in zone, as a UTC midnight.
func dateOf(t time.Time, zone string) time.Time {
	y, m, d := t.In(zones[zone]).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// localTime is hour o'clock on day's date in zone, in UTC as Campaign.LaunchAt holds it.
func localTime(day time.Time, hour int, zone string) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), hour, 0, 0, 0, zones[zone]).UTC()
}

func roundTo(v, unit float64) float64 { return math.Round(v/unit) * unit }

// zones are the launch zones of the sample campaigns, read as an imported file's timezone
// column is (rapport.ParseTimeZone, which embeds tzdata), so they load on any machine; a
// misspelt name fails every test at start.
var zones = func() map[string]*time.Location {
	m := make(map[string]*time.Location)
	for _, name := range []string{"Europe/Paris", "Europe/London", "Europe/Berlin", "America/New_York",
		"America/Sao_Paulo", "America/Mexico_City", "Asia/Kolkata", "Asia/Tokyo"} {
		loc, err := rapport.ParseTimeZone(name)
		if err != nil {
			panic(fmt.Sprintf("sample campaigns: %v", err))
		}
		m[name] = loc
	}
	return m
}()
