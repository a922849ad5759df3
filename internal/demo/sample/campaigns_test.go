package sample

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/csvimport"
	"github.com/rapport-bot/rapport/internal/launchplan"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// campaignNows are instants the campaign tests run at: an ordinary day, the evenings
// before Europe's clocks go forward and back (the upcoming launch falls after the change),
// late on New Year's Eve in UTC (already the next day in Paris), and a leap day.
var campaignNows = []time.Time{
	testNow,
	time.Date(2025, 3, 28, 19, 0, 0, 0, time.UTC),
	time.Date(2025, 10, 24, 21, 30, 0, 0, time.UTC),
	time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC),
	time.Date(2028, 2, 29, 6, 0, 0, 0, time.UTC),
}

// byCampaign groups rows by campaign ID, in first-seen order.
func byCampaign(rows []csvimport.CampaignRow) ([]string, map[string][]csvimport.CampaignRow) {
	var ids []string
	groups := make(map[string][]csvimport.CampaignRow)
	for _, r := range rows {
		if _, ok := groups[r.Campaign.ID]; !ok {
			ids = append(ids, r.Campaign.ID)
		}
		groups[r.Campaign.ID] = append(groups[r.Campaign.ID], r)
	}
	return ids, groups
}

// of returns one handle's rows, in order.
func of(rows []csvimport.CampaignRow, handle string) []csvimport.CampaignRow {
	var out []csvimport.CampaignRow
	for _, r := range rows {
		if r.Participation.Handle == handle {
			out = append(out, r)
		}
	}
	return out
}

func campaignNamed(t *testing.T, rows []csvimport.CampaignRow, name string) []csvimport.CampaignRow {
	t.Helper()
	var out []csvimport.CampaignRow
	for _, r := range rows {
		if r.Campaign.Name == name {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no campaign %q", name)
	}
	return out
}

func TestCampaignsAreDeterministic(t *testing.T) {
	a, b := Campaigns(testNow), Campaigns(testNow)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two calls with the same now differ")
	}
	a[0].Campaign.Markets[0] = "XX"
	if Campaigns(testNow)[0].Campaign.Markets[0] == "XX" {
		t.Error("the result shares slices between calls")
	}

	// Past campaigns depend only on the month: later the same month, they are the same.
	past := func(now time.Time) []csvimport.CampaignRow {
		return slices.DeleteFunc(Campaigns(now), func(r csvimport.CampaignRow) bool {
			return r.Campaign.Name == CampaignUpcoming || r.Campaign.Name == CampaignLater
		})
	}
	if !reflect.DeepEqual(past(testNow), past(testNow.AddDate(0, 0, 10))) {
		t.Error("past campaigns changed within a month")
	}
}

func TestCampaignsParseBack(t *testing.T) {
	for _, now := range campaignNows {
		t.Run(now.Format(time.RFC3339), func(t *testing.T) {
			rows := Campaigns(now)
			res, err := csvimport.ParseCampaigns(bytes.NewReader(campaignsCSV(t, rows)), now)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range res.Errors {
				t.Errorf("row error: %v", e)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("warnings: %q", res.Warnings)
			}
			if len(res.Rows) != len(rows) {
				t.Fatalf("parsed %d rows, want %d", len(res.Rows), len(rows))
			}
			for i := range rows {
				if !reflect.DeepEqual(res.Rows[i], rows[i]) {
					t.Errorf("row %d reads back as\n%+v\nwant\n%+v", i, res.Rows[i], rows[i])
				}
			}
		})
	}
}

// campaignsCSV writes rows in the import format of DESIGN.md §3.
func campaignsCSV(t *testing.T, rows []csvimport.CampaignRow) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	records := [][]string{strings.Split(
		"campaign,brand,handle,start,end,launch_at,timezone,markets,channel,spend,reach,engagements,clicks,conversions,rating,notes", ",")}
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	num := func(q rapport.Quantity) string {
		if !q.Known {
			return ""
		}
		return strconv.FormatFloat(q.Value, 'f', -1, 64)
	}
	for _, r := range rows {
		c, p := r.Campaign, r.Participation
		launch := ""
		if !c.LaunchAt.IsZero() {
			loc, err := time.LoadLocation(c.TimeZone)
			if err != nil {
				t.Fatal(err)
			}
			launch = c.LaunchAt.In(loc).Format("2006-01-02T15:04")
		}
		records = append(records, []string{
			c.Name, c.Brand, p.Handle, day(c.Start), day(c.End), launch, c.TimeZone, strings.Join(c.Markets, ";"),
			c.Channel, num(p.Spend), num(p.Reach), num(p.Engagements), num(p.Clicks), num(p.Conversions),
			num(p.Rating), p.Notes,
		})
	}
	if err := w.WriteAll(records); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCampaignsUpcomingLaunch(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	newYork, _ := time.LoadLocation("America/New_York")
	for _, now := range campaignNows {
		t.Run(now.Format(time.RFC3339), func(t *testing.T) {
			rows := Campaigns(now)
			up := campaignNamed(t, rows, CampaignUpcoming)
			c := up[0].Campaign
			ahead := c.LaunchAt.Sub(now)
			if ahead <= UpcomingIn-15*time.Minute || ahead > UpcomingIn || c.LaunchAt.Minute()%15 != 0 || c.LaunchAt.Second() != 0 || c.TimeZone != "Europe/Paris" {
				t.Errorf("%s launches at %v (%s), %v ahead; want a quarter hour at most %v ahead", CampaignUpcoming, c.LaunchAt.In(paris), c.TimeZone, ahead, UpcomingIn)
			}
			y, m, d := c.LaunchAt.In(paris).Date()
			if !c.Upcoming(now) || !slices.Equal(c.Markets, []string{"FR", "GB", "DE"}) || c.Channel != ChannelLaunch {
				t.Errorf("%s = %+v", CampaignUpcoming, c)
			}
			if !c.Start.Equal(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) || !c.End.After(c.Start) {
				t.Errorf("%s runs %v to %v", CampaignUpcoming, c.Start, c.End)
			}
			if len(up) < 2 || len(of(up, HandleDeclining)) != 1 {
				t.Errorf("%s has %d influencers; want several, HandleDeclining among them", CampaignUpcoming, len(up))
			}

			later := campaignNamed(t, rows, CampaignLater)[0].Campaign
			ahead = later.LaunchAt.Sub(now)
			if local := later.LaunchAt.In(newYork); local.Hour() != 10 || ahead < 41*24*time.Hour || ahead > 43*24*time.Hour {
				t.Errorf("%s launches at %v, %v ahead; want 10:00 New York about six weeks out", CampaignLater, local, ahead)
			}

			for _, r := range slices.Concat(up, campaignNamed(t, rows, CampaignLater)) {
				p := r.Participation
				if !p.Spend.Known || p.Reach.Known || p.Engagements.Known || p.Clicks.Known || p.Conversions.Known || p.Rating.Known {
					t.Errorf("planned %s for %s has results: %+v", r.Campaign.Name, p.Handle, p)
				}
			}
			for _, r := range rows {
				if r.Campaign.Upcoming(now) != (r.Campaign.Name == CampaignUpcoming || r.Campaign.Name == CampaignLater) {
					t.Errorf("%s upcoming = %v", r.Campaign.Name, r.Campaign.Upcoming(now))
				}
			}
		})
	}
}

func TestCampaignsAmbassador(t *testing.T) {
	rows := of(Campaigns(testNow), HandleSteady)
	if len(rows) < 40 {
		t.Fatalf("%s has %d campaigns, want at least 40", HandleSteady, len(rows))
	}
	var series []csvimport.CampaignRow
	for _, r := range rows {
		if strings.HasPrefix(r.Campaign.Name, AmbassadorSeries+" ") {
			series = append(series, r)
		}
	}
	if len(series) != AmbassadorMonths {
		t.Fatalf("%d %s activations, want %d", len(series), AmbassadorSeries, AmbassadorMonths)
	}
	for i, r := range series {
		c, p := r.Campaign, r.Participation
		monthsAgo := AmbassadorMonths - i
		want := time.Date(testNow.Year(), testNow.Month()-time.Month(monthsAgo), 1, 0, 0, 0, 0, time.UTC)
		if c.Start.Year() != want.Year() || c.Start.Month() != want.Month() {
			t.Errorf("activation %d starts %v, want in %s", i, c.Start, want.Format("Jan 2006"))
		}
		if c.Upcoming(testNow) || !c.End.Before(testNow) {
			t.Errorf("activation %d (%s) is not over", i, c.Name)
		}
		if !p.Spend.Known || p.Spend.Value < 40_000 || p.Spend.Value > 60_000 || !p.Rating.Known {
			t.Errorf("activation %d: %+v", i, p)
		}
		if cpe, ok := p.CPE(); !ok || cpe < 0.3 || cpe > 0.7 {
			t.Errorf("activation %d costs %.2f per engagement", i, cpe)
		}
	}
	if first, last := series[0].Participation.Spend.Value, series[len(series)-1].Participation.Spend.Value; last <= first {
		t.Errorf("the ambassador fee went from %v to %v; it is renegotiated up each year", first, last)
	}
}

func TestCampaignsStories(t *testing.T) {
	rows := Campaigns(testNow)

	// HandleDeclining: each campaign costs more per engagement than the one before, and the
	// team's verdict falls with it.
	var prevCPE float64
	var ratings []float64
	for _, r := range of(rows, HandleDeclining) {
		if r.Campaign.Upcoming(testNow) {
			continue
		}
		cpe, ok := r.Participation.CPE()
		if !ok || cpe <= prevCPE {
			t.Errorf("%s's %s costs %.2f per engagement, after %.2f; want worse each time",
				HandleDeclining, r.Campaign.Name, cpe, prevCPE)
		}
		prevCPE = cpe
		ratings = append(ratings, r.Participation.Rating.Value)
	}
	if len(ratings) < 3 || ratings[len(ratings)-1] >= ratings[0] || !slices.IsSortedFunc(ratings, func(a, b float64) int {
		return cmp.Compare(b, a)
	}) {
		t.Errorf("%s's ratings = %v; want at least three, falling", HandleDeclining, ratings)
	}

	// HandleNiche: one small campaign, the lowest cost per engagement of all.
	niche := of(rows, HandleNiche)
	if len(niche) != 1 || niche[0].Campaign.Name != CampaignNicheWin || niche[0].Participation.Spend.Value > 1_000 {
		t.Fatalf("%s's campaigns = %+v; want one small one", HandleNiche, niche)
	}
	best, _ := niche[0].Participation.CPE()
	for _, r := range rows {
		if cpe, ok := r.Participation.CPE(); ok && cpe < best*1.5 && r.Participation.Handle != HandleNiche {
			t.Errorf("%s in %s costs %.2f per engagement, close to %s's %.2f", r.Participation.Handle,
				r.Campaign.Name, cpe, HandleNiche, best)
		}
	}
}

func TestCampaignsArePlausible(t *testing.T) {
	rows := Campaigns(testNow)
	roster := make(map[string]creator)
	for _, c := range creators {
		roster[c.handle] = c
	}
	ids, groups := byCampaign(rows)
	past := 0
	var escaped bool
	for _, id := range ids {
		g := groups[id]
		c := g[0].Campaign
		if c.Brand != Brand || c.ID != rapport.CampaignID(c.Name) {
			t.Errorf("campaign %+v", c)
		}
		for _, r := range g[1:] {
			if !reflect.DeepEqual(r.Campaign, c) {
				t.Errorf("rows of %s disagree", c.Name)
			}
		}
		if slices.ContainsFunc(ids, func(other string) bool { return other != id && strings.EqualFold(other, id) }) {
			t.Errorf("two campaigns are called %s", id)
		}
		if !c.Upcoming(testNow) && !strings.HasPrefix(c.Name, AmbassadorSeries+" ") {
			past++
			if len(g) < 2 {
				t.Errorf("%s has %d influencer; want several", c.Name, len(g))
			}
			if testNow.Sub(c.LaunchAt) > 3*366*24*time.Hour {
				t.Errorf("%s launched %v, more than three years ago", c.Name, c.LaunchAt)
			}
		}
	}
	if past < 10 || past > 14 {
		t.Errorf("%d past campaigns besides the ambassador's, want about 12", past)
	}

	for _, r := range rows {
		p := r.Participation
		cr, ok := roster[p.Handle]
		if !ok {
			t.Errorf("%s in %s is not on the sample roster", p.Handle, r.Campaign.Name)
			continue
		}
		lo, hi := feeBand(cr.accounts[0].followers)
		if !p.Spend.Known || p.Spend.Value < lo || p.Spend.Value > hi {
			t.Errorf("%s (%.0f followers) costs %v in %s, want %.0f–%.0f", p.Handle, cr.accounts[0].followers,
				p.Spend, r.Campaign.Name, lo, hi)
		}
		escaped = escaped || strings.ContainsAny(p.Notes, "&<")
		if r.Campaign.Upcoming(testNow) {
			continue
		}
		var audience float64
		for _, a := range cr.accounts {
			audience += a.followers
		}
		if !p.Reach.Known || !p.Engagements.Known || p.Reach.Value > audience || p.Engagements.Value > p.Reach.Value ||
			p.Clicks.Known && p.Clicks.Value > p.Engagements.Value ||
			p.Conversions.Known && (!p.Clicks.Known || p.Conversions.Value > p.Clicks.Value) {
			t.Errorf("%s in %s: %+v (audience %.0f)", p.Handle, r.Campaign.Name, p, audience)
		}
		if v := p.Rating.Value; !p.Rating.Known || v < 2 || v > 5 || v*2 != math.Trunc(v*2) {
			t.Errorf("%s in %s is rated %v", p.Handle, r.Campaign.Name, p.Rating)
		}
	}
	if !escaped {
		t.Error("no note has a character that Slack needs escaped (& or <)")
	}
}

// feeBand is what a creator of that size is paid for one campaign, in euros.
func feeBand(followers float64) (lo, hi float64) {
	switch {
	case followers < 10_000:
		return 300, 1_000
	case followers < 100_000:
		return 1_000, 5_000
	case followers < 500_000:
		return 5_000, 15_000
	case followers < 1_000_000:
		return 15_000, 40_000
	}
	return 40_000, 100_000
}

// TestUpcomingLaunchFitsTheWalkthrough replays the README's launch walkthrough against the
// default checkpoints at many start instants: each step brings exactly its checkpoints.
func TestUpcomingLaunchFitsTheWalkthrough(t *testing.T) {
	steps := []struct {
		advance time.Duration
		want    []string
	}{
		{0, []string{"check T-72h"}},
		{48 * time.Hour, []string{"check T-24h"}},
		{18 * time.Hour, []string{"check T-2h", "poll T-2h"}},
		{2 * time.Hour, []string{"poll_close T-30m"}},
	}
	starts := slices.Clone(campaignNows)
	for _, hm := range [][2]int{{0, 30}, {6, 0}, {13, 0}, {19, 45}, {23, 59}} {
		starts = append(starts, time.Date(2027, 3, 27, hm[0], hm[1], 0, 0, time.UTC), time.Date(2026, 12, 31, hm[0], hm[1], 0, 0, time.UTC))
	}
	for _, start := range starts {
		c := campaignNamed(t, Campaigns(start), CampaignUpcoming)[0].Campaign
		c.ID = "upcoming"
		plan := launchplan.Plan(c, launchplan.DefaultPolicy(), start)
		// Plan dues nothing before start: a missed checkpoint is due at start.
		from, to := start.Add(-time.Nanosecond), start
		for i, st := range steps {
			if i > 0 {
				from, to = to, to.Add(st.advance)
			}
			var got []string
			for _, cp := range plan {
				if cp.Kind != launchplan.Watch && cp.Due.After(from) && !cp.Due.After(to) {
					got = append(got, string(cp.Kind)+" "+launchplan.OffsetLabel(cp.Offset))
				}
			}
			if !slices.Equal(got, st.want) {
				t.Errorf("started %s, step %d (+%v): due %v, want %v", start.Format(time.RFC3339), i, st.advance, got, st.want)
			}
		}
	}
}
