package discover

import (
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// now is the instant every search test runs at.
var now = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

const me = "U0ME"

// account is one platform's analysis with followers and an ER/followers now (a fraction;
// negative for "not enough data"), banded by the shipped benchmarks as engagement.Analyze
// would.
func account(p rapport.Platform, followers, er float64) engagement.PlatformAnalysis {
	pa := engagement.PlatformAnalysis{Platform: p, LatestFollowers: followers, FollowersOK: true,
		Tier: engagement.TierFor(followers)}
	fa := engagement.FormulaAnalysis{Formula: engagement.PerFollower}
	if er >= 0 {
		fa.Windows[engagement.WindowNow] = engagement.Window{Median: er, N: 3, OK: true}
		fa.Band, fa.Benchmark, fa.BandOK = engagement.DefaultBenchmarks().Band(p, pa.Tier, engagement.PerFollower, er)
	}
	pa.Rates = []engagement.FormulaAnalysis{fa}
	return pa
}

// trending sets the account's year-on-year ER ratio.
func trending(pa engagement.PlatformAnalysis, ratio float64) engagement.PlatformAnalysis {
	pa.Rates[0].Trend = engagement.Trend{Ratio: ratio, OK: true, Direction: engagement.DirectionFor(ratio)}
	return pa
}

// analysis puts accounts in card order (the first is primary) and summarises them.
func analysis(accounts ...engagement.PlatformAnalysis) engagement.Analysis {
	a := engagement.Analysis{Now: now, Platforms: accounts}
	if len(accounts) > 0 {
		p := accounts[0]
		a.Summary = engagement.Summary{Primary: p.Platform, Followers: p.LatestFollowers,
			FollowersOK: p.FollowersOK, Tier: p.Tier, Trend: p.Rates[0].Trend}
	}
	return a
}

type option func(*Candidate)

func named(n string) option          { return func(c *Candidate) { c.Influencer.Name = n } }
func tagged(tags ...string) option   { return func(c *Candidate) { c.Influencer.Tags = tags } }
func in(markets ...string) option    { return func(c *Candidate) { c.Influencer.Markets = markets } }
func ownedBy(id string) option       { return func(c *Candidate) { c.Influencer.Owner = id } }
func status(s rapport.Status) option { return func(c *Candidate) { c.Influencer.Status = s } }
func contacted(daysAgo int) option {
	return func(c *Candidate) { c.LastContact = now.AddDate(0, 0, -daysAgo) }
}
func metrics(a engagement.Analysis) option { return func(c *Candidate) { c.Analysis = a } }

func cand(handle string, opts ...option) Candidate {
	c := Candidate{Influencer: rapport.Influencer{Handle: handle, Status: rapport.StatusActive}}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// handles lists results' handles in order.
func handles(rs []Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Influencer.Handle
	}
	return out
}

func mustParse(t testing.TB, s string) Query {
	t.Helper()
	q, err := ParseQuery(s)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", s, err)
	}
	return q
}

func campaigns(n int) option { return func(c *Candidate) { c.Campaigns = n } }
