package discover_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/discover"
	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/render"
)

var refNow = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

// variedRoster is n candidates analysed from monthly snapshots: one to three platforms,
// histories from none to four years, unknown follower counts and rates, tags and markets
// spelled every way users type them, every status, owners, contacts and campaigns.
func variedRoster(n int) []discover.Candidate {
	r := rand.New(rand.NewPCG(3, 5))
	tags := []string{"beauty", "Beauty", "#beauty", "slow fashion", "Slow  Fashion", "décor", "Decor", "food", "vegan", "travel", "fitness", "gaming"}
	markets := []string{"FR", "fr", "UK", "GB", "US", "DE", " it ", "BE"}
	names := []string{"Ava Moreau", "Chloé Dupré", "Ben", "Dan O'Neil", "Émile", "", "Gia Rossi", "Léa"}
	statuses := []rapport.Status{rapport.StatusActive, rapport.StatusProspect, "", rapport.StatusAlumni, rapport.StatusPaused, rapport.StatusDoNotContact}
	owners := []string{"U0ME", "U0OTHER", ""}
	platforms := []rapport.Platform{rapport.Instagram, rapport.TikTok, rapport.YouTube}
	b := engagement.DefaultBenchmarks()
	out := make([]discover.Candidate, n)
	for i := range out {
		in := rapport.Influencer{Handle: fmt.Sprintf("Creator%04d", i), Name: names[r.IntN(len(names))],
			Status: statuses[r.IntN(len(statuses))], Owner: owners[r.IntN(len(owners))]}
		if i%7 == 0 {
			in.Handle = "@" + in.Handle
		}
		for range r.IntN(4) {
			in.Tags = append(in.Tags, tags[r.IntN(len(tags))])
		}
		for range r.IntN(3) {
			in.Markets = append(in.Markets, markets[r.IntN(len(markets))])
		}
		var snaps []rapport.Snapshot
		for _, p := range platforms[:r.IntN(4)] {
			followers := math.Round(500 * math.Pow(6000, r.Float64()))
			er := 0.002 + 0.15*r.Float64()*r.Float64()
			growth := 0.5 + r.Float64()
			for m := range r.IntN(50) {
				asOf := time.Date(2026, time.March-time.Month(m), 0, 0, 0, 0, 0, time.UTC)
				f := rapport.Known(math.Round(followers * (1 - 0.01*float64(m))))
				if r.IntN(15) == 0 {
					f = rapport.Quantity{}
				}
				rate := er / math.Pow(growth, float64(m)/12)
				snaps = append(snaps, rapport.Snapshot{Platform: p, AsOf: asOf, Followers: f, Posts: rapport.Known(6),
					AvgLikes: rapport.Known(math.Round(rate * followers * 0.9)), AvgComments: rapport.Known(math.Round(rate * followers * 0.1)),
					AvgShares: rapport.Known(0), AvgViews: rapport.Known(followers)})
			}
		}
		c := discover.Candidate{Influencer: in, Analysis: engagement.Analyze(snaps, refNow, b)}
		if r.IntN(3) > 0 {
			c.LastContact = refNow.Add(-time.Duration(r.IntN(300*24)) * time.Hour)
		}
		c.Campaigns = r.IntN(4)
		out[i] = c
	}
	return out
}

var update = flag.Bool("update", false, "rewrite testdata/find_golden.json")

// goldenQueries are every kind of search: each must match something in variedRoster(3000).
var goldenQueries = []string{
	"tag:beauty", "tag:BEAUTY tag:vegan", `tag:"slow fashion"`, "tag:decor", "market:UK", "market:FR,DE", "market:IT",
	"tier:micro", "tier:nano-mid", "tier:mega", "platform:tiktok", "platform:yt,ig er>2", "er>3", "er>=1.5 er<4", "er<0.5",
	"rising", "declining", "trend:steady", "status:paused", "status:prospect", "status:dnc", "status:active,alumni",
	"owner:me", "owner:U0OTHER", "owner:me,U0OTHER market:GB", "ava", "chloe dupre", "creator01", "@creator0007", "o'neil",
	"underrated", "underrated platform:tt", "underrated tier:micro", "underrated status:paused", "underrated sort:er",
	"underrated market:FR tag:beauty", "sort:er", "sort:followers", "sort:trend", "sort:name", "sort:name tag:food",
	"status:active sort:trend rising", "",
}

// goldenResult is one query's answer as testdata/find_golden.json keeps it: how many
// matched, the first rows in full, and a digest of every row and of rendered pages, so a
// change anywhere in the order, scores, reasons or rendering shows.
type goldenResult struct {
	Matches     int      `json:"matches"`
	First       []string `json:"first"`
	RowsDigest  string   `json:"rows_sha256"`
	PagesDigest string   `json:"pages_sha256"`
}

func rowText(r discover.Result) string {
	return fmt.Sprintf("%s %s score=%v underrated=%+v why=%q misses=%q last=%s campaigns=%d tags=%q markets=%q",
		r.Influencer.Handle, r.Platform, r.Score, r.Underrated, r.Why, r.Misses,
		r.LastContact.Format(time.RFC3339), r.Campaigns, r.Influencer.Tags, r.Influencer.Markets)
}

// TestFindMatchesGolden checks every kind of search, through the compact roster index (Find,
// page by page, as /influencer find runs it) and through Search, against the answers recorded
// in testdata/find_golden.json: same matches in the same order, same platform, score,
// underrated score, reasons and misses, and the same rendered pages. The file was recorded
// from the search over full analyses that the index replaced, and checked equal to it then.
// Rewrite it with -update only for an intended change, and read the diff.
func TestFindMatchesGolden(t *testing.T) {
	cands := variedRoster(3000)
	in := discover.NewInterner()
	b := discover.NewRosterBuilder(in)
	for _, c := range cands {
		b.Add(in.Candidate(c, ""))
	}
	roster := b.Roster()
	got := map[string]goldenResult{}
	for _, query := range goldenQueries {
		q, err := discover.ParseQuery(query)
		if err != nil && query != "" {
			t.Fatal(err)
		}
		all := discover.Search(q, cands, "U0ME", refNow)
		hits := discover.Find(q, roster, "U0ME", refNow)
		if hits.Len() != len(all) {
			t.Fatalf("%q: Find matches %d, Search %d", query, hits.Len(), len(all))
		}
		rows, pages := sha256.New(), sha256.New()
		var g goldenResult
		g.Matches = len(all)
		for i, r := range all {
			fmt.Fprintln(rows, rowText(r))
			if i < 5 {
				g.First = append(g.First, rowText(r))
			}
		}
		for _, page := range []int{1, 2, 7, len(all)/discover.DefaultPageSize + 1} {
			items, more := hits.Page(page, discover.DefaultPageSize)
			exp, expMore := discover.Page(all, page, discover.DefaultPageSize)
			if more != expMore || len(items) != len(exp) {
				t.Fatalf("%q page %d: Find gives %d (more %v), Search %d (more %v)", query, page, len(items), more, len(exp), expMore)
			}
			for i := range items {
				if rowText(items[i]) != rowText(exp[i]) {
					t.Fatalf("%q page %d row %d:\nFind   %s\nSearch %s", query, page, i, rowText(items[i]), rowText(exp[i]))
				}
			}
			msg, err := json.Marshal(render.FindResults(render.FindPage{Query: q.String(), Page: page, Total: hits.Len(), HasMore: more, Underrated: q.Underrated, Items: items}))
			if err != nil {
				t.Fatal(err)
			}
			pages.Write(msg)
		}
		hits.Release()
		g.RowsDigest, g.PagesDigest = hex.EncodeToString(rows.Sum(nil)), hex.EncodeToString(pages.Sum(nil))
		got[query] = g
	}
	const path = "testdata/find_golden.json"
	if *update {
		raw, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]goldenResult
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	for _, query := range goldenQueries {
		g, w := got[query], want[query]
		if w.Matches == 0 {
			t.Errorf("%q: the golden file has no matches for it: the roster does not exercise it", query)
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%q differs from %s:\n got %d matches, first %q, rows %s, pages %s\nwant %d matches, first %q, rows %s, pages %s",
				query, path, g.Matches, g.First, g.RowsDigest, g.PagesDigest, w.Matches, w.First, w.RowsDigest, w.PagesDigest)
		}
	}
}
