package timingcheck

// The evaluation harness: labelled public and written data (testdata/eval, see its
// README.md) run through the real path of a timing check: RSS served by httptest, read by
// feeds.Fetcher, matched and scored by Checker.Check. `go test ./internal/timingcheck -run Eval -v`
// prints every figure; the targets below fail the test when they are missed.

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/rapport-bot/rapport/internal/calendar"
	"github.com/rapport-bot/rapport/internal/feeds"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/risk"
)

// The harness is deterministic: a fixed clock, fixed seeds, and results kept in input order
// however the checks are scheduled.
var evalNow = time.Date(2026, time.March, 10, 9, 0, 0, 0, time.UTC) // a Tuesday

const (
	evalSeed = 20260310
	// evalLaunchIn is how long after evalNow the campaign launches.
	evalLaunchIn = 30 * time.Hour
	// evalFeedSize is the number of items in one check of the 20-item feed scenarios, spread
	// over one feed per launch market.
	evalFeedSize = 20
	// evalBenignChecks and evalCrisisChecks are how many 20-item checks are drawn: benign
	// only, and per CrisisLexT6 crisis.
	evalBenignChecks = 100
	evalCrisisChecks = 25
)

// The targets (issue: timing-check accuracy). Shares are fractions of checks.
const (
	evalTargetFeedCrisisFlagged = 0.95 // 20-item feeds with 2-3 crisis items: amber or red
	evalTargetFeedCrisisRed     = 0.80 // ... red
	evalTargetFeedBenignGreen   = 0.90 // 20 benign items: green
	evalTargetFeedBenignRed     = 0.02 // ... red at most
	evalTargetItemCrisisFlagged = 0.85 // one on-topic crisis tweet alone: amber or red
	evalTargetItemBenignFlagged = 0.05 // one benign item alone: amber or red at most
	evalTargetLangFlagged       = 0.80 // one non-English crisis headline alone, per language
)

// The floors the current rules guarantee where they fall short of a target: the test fails
// below them, so accuracy can only go up; the table shows every target beside its figure.
// Raise a floor (up to its target) whenever the rules improve.
const (
	evalFloorFeedCrisisFlagged = 0.85
	evalFloorFeedCrisisRed     = 0.40
	evalFloorItemCrisisFlagged = 0.55
)

// evalLaunchMarkets are the campaign's markets; the 20-item checks use one feed per market.
var evalLaunchMarkets = []string{"US", "GB", "FR", "DE"}

// evalKeywords are the campaign's words: brand, product, category.
var evalKeywords = []string{"Lumora", "Radiance Serum", "serum"}

// evalPublishers gives each market's feed a name and a host of its own, so that items in
// different feeds come from independent sources.
var evalPublishers = map[string]struct{ name, host string }{
	"US": {"Metro Ledger", "metro-ledger.example"},
	"GB": {"The Morning Post", "morning-post.example"},
	"FR": {"Le Quotidien", "le-quotidien.example"},
	"DE": {"Tagesblatt", "tagesblatt.example"},
	"ES": {"Diario del Sur", "diario-del-sur.example"},
	"IT": {"Corriere del Giorno", "corriere-del-giorno.example"},
	"PT": {"Jornal da Manhã", "jornal-da-manha.example"},
	"BR": {"Folha da Tarde", "folha-da-tarde.example"},
}

// evalLangMarkets is the market whose feed carries each language's headlines. Portuguese
// uses PT when the calendar knows that market and BR otherwise: an unknown market makes
// every check amber ("holidays not checked"), whatever the news says.
var evalLangMarkets = map[string]string{"es": "ES", "de": "DE", "fr": "FR", "it": "IT", "pt": "PT"}

var evalLangs = []string{"es", "de", "fr", "it", "pt"}

// evalCrises are the CrisisLexT6 crises, in the order of the file and the report.
var evalCrises = []string{
	"2012_Sandy_Hurricane", "2013_Boston_Bombings", "2013_Oklahoma_Tornado",
	"2013_West_Texas_Explosion", "2013_Alberta_Floods", "2013_Queensland_Floods",
}

var evalCategories = []string{"style", "wellness", "food", "entertainment", "travel"}

// evalItem is one labelled item of the data.
type evalItem struct {
	ID      string
	Group   string // crisis, lifestyle category, brand label or language
	Label   string // on-topic/off-topic, benign, harm/good, crisis/benign
	Title   string
	Summary string
	// Note says why a benign item is worth a look: a figurative crisis word ("a flavour
	// bomb") or the campaign's category word.
	Note string
}

type evalData struct {
	tweets    map[string]map[string][]evalItem // crisis → label → items
	lifestyle map[string][]evalItem            // category → items
	benign    []evalItem                       // every lifestyle item, category order
	brand     map[string][]evalItem            // harm, good
	langs     map[string]map[string][]evalItem // lang → crisis/benign → items
}

func evalLoad(t *testing.T) evalData {
	t.Helper()
	d := evalData{
		tweets:    map[string]map[string][]evalItem{},
		lifestyle: map[string][]evalItem{},
		brand:     map[string][]evalItem{},
		langs:     map[string]map[string][]evalItem{},
	}
	for _, r := range evalReadCSV(t, "crisislex_t6.csv", "crisis", "label", "tweet_id", "text") {
		text := evalCleanTweet(r["text"])
		if text == "" {
			t.Fatalf("crisislex_t6.csv: tweet %s is empty once cleaned", r["tweet_id"])
		}
		if d.tweets[r["crisis"]] == nil {
			d.tweets[r["crisis"]] = map[string][]evalItem{}
		}
		d.tweets[r["crisis"]][r["label"]] = append(d.tweets[r["crisis"]][r["label"]],
			evalItem{ID: r["tweet_id"], Group: r["crisis"], Label: r["label"], Title: text})
	}
	for _, r := range evalReadCSV(t, "lifestyle.csv", "id", "category", "title", "summary") {
		it := evalItem{ID: r["id"], Group: r["category"], Label: "benign", Title: r["title"], Summary: r["summary"], Note: r["note"]}
		d.lifestyle[it.Group] = append(d.lifestyle[it.Group], it)
	}
	for _, c := range evalCategories {
		d.benign = append(d.benign, d.lifestyle[c]...)
	}
	for _, r := range evalReadCSV(t, "brand.csv", "id", "label", "title", "summary") {
		d.brand[r["label"]] = append(d.brand[r["label"]],
			evalItem{ID: r["id"], Group: "brand", Label: r["label"], Title: r["title"], Summary: r["summary"]})
	}
	for _, r := range evalReadCSV(t, "languages.csv", "id", "lang", "label", "title", "summary") {
		if d.langs[r["lang"]] == nil {
			d.langs[r["lang"]] = map[string][]evalItem{}
		}
		d.langs[r["lang"]][r["label"]] = append(d.langs[r["lang"]][r["label"]],
			evalItem{ID: r["id"], Group: r["lang"], Label: r["label"], Title: r["title"], Summary: r["summary"]})
	}
	// The data is what the README says it is; a change to it should be deliberate.
	for _, c := range evalCrises {
		for _, l := range []string{"on-topic", "off-topic"} {
			if n := len(d.tweets[c][l]); n != 20 {
				t.Fatalf("crisislex_t6.csv: %s has %d %s tweets, want 20", c, n, l)
			}
		}
	}
	for _, c := range evalCategories {
		if n := len(d.lifestyle[c]); n != 30 {
			t.Fatalf("lifestyle.csv: %s has %d items, want 30", c, n)
		}
	}
	if len(d.brand["harm"]) != 20 || len(d.brand["good"]) != 20 {
		t.Fatalf("brand.csv: %d harm and %d good headlines, want 20 and 20", len(d.brand["harm"]), len(d.brand["good"]))
	}
	for _, l := range evalLangs {
		if len(d.langs[l]["crisis"]) != 20 || len(d.langs[l]["benign"]) != 8 {
			t.Fatalf("languages.csv: %s has %d crisis and %d benign headlines, want 20 and 8",
				l, len(d.langs[l]["crisis"]), len(d.langs[l]["benign"]))
		}
	}
	return d
}

// evalReadCSV reads testdata/eval/name into one map per row, keyed by header; want are the
// columns the harness needs.
func evalReadCSV(t *testing.T, name string, want ...string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "eval", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(recs) < 2 {
		t.Fatalf("%s has no rows", name)
	}
	for _, w := range want {
		if !slices.Contains(recs[0], w) {
			t.Fatalf("%s has no column %q", name, w)
		}
	}
	rows := make([]map[string]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

var (
	evalURL      = regexp.MustCompile(`(?i)\bhttps?(?::\S*)?`)
	evalRetweet  = regexp.MustCompile(`\b(?:RT|MT)\b(?:\s*@\w+:?)?`)
	evalVia      = regexp.MustCompile(`(?i)\bvia\s+@\w+`)
	evalSpaceRun = regexp.MustCompile(`\s+`)
)

// evalCleanTweet turns a tweet into a headline-like title: entities decoded, URLs (also
// truncated ones), retweet markers ("RT @user:") and "via @user" removed, the backslashes
// CrisisLex uses for line breaks turned into spaces. Mentions and hashtags stay: they are
// part of what a person wrote.
func evalCleanTweet(s string) string {
	s = html.UnescapeString(s)
	s = strings.ReplaceAll(s, `\`, " ")
	s = evalURL.ReplaceAllString(s, " ")
	s = evalRetweet.ReplaceAllString(s, " ")
	s = evalVia.ReplaceAllString(s, " ")
	return strings.TrimSpace(evalSpaceRun.ReplaceAllString(s, " "))
}

// evalArticle is one item as served.
type evalArticle struct {
	title, summary, link string
	published            time.Time
}

// evalFeed is one RSS feed of a check.
type evalFeed struct {
	market string
	items  []evalArticle
}

// evalCase is one timing check: its feeds and the campaign's extra markets.
type evalCase struct {
	name         string
	feeds        []evalFeed
	extraMarkets []string
	// focus are the links of the items the check is about (the crisis tweets among benign
	// items), to tell whether a verdict was reached because of them.
	focus map[string]bool
}

func (c evalCase) links() map[string]bool {
	m := map[string]bool{}
	for _, f := range c.feeds {
		for _, it := range f.items {
			m[it.link] = true
		}
	}
	return m
}

// evalEnv serves the feeds and runs the checks.
type evalEnv struct {
	srv    *httptest.Server
	client *http.Client
	lex    feeds.Lexicon

	mu     sync.RWMutex
	bodies map[string][]byte

	// Totals over every check, for the evidence rule and the report.
	checks, flagged, withEvidence int
	missingEvidence               []string
}

func newEvalEnv(t *testing.T) *evalEnv {
	e := &evalEnv{bodies: map[string][]byte{}, lex: feeds.DefaultLexicon()}
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.RLock()
		body, ok := e.bodies[r.URL.Path]
		e.mu.RUnlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		_, _ = w.Write(body)
	}))
	t.Cleanup(e.srv.Close)
	tr := e.srv.Client().Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	e.client = &http.Client{Transport: tr, Timeout: 10 * time.Second}
	t.Cleanup(tr.CloseIdleConnections)
	return e
}

// serve publishes a case's feeds under fresh paths and returns them as configured feeds.
func (e *evalEnv) serve(c evalCase) []feeds.Feed {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]feeds.Feed, 0, len(c.feeds))
	for _, f := range c.feeds {
		path := fmt.Sprintf("/feed/%d.xml", len(e.bodies))
		e.bodies[path] = evalRSS(evalPublishers[f.market].name, f.items)
		out = append(out, feeds.Feed{URL: e.srv.URL + path, Markets: []string{f.market}})
	}
	return out
}

// evalRSS renders an RSS 2.0 feed.
func evalRSS(title string, items []evalArticle) []byte {
	var b bytes.Buffer
	esc := func(s string) { _ = xml.EscapeText(&b, []byte(s)) }
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<rss version="2.0"><channel><title>`)
	esc(title)
	b.WriteString(`</title><link>https://example.org/</link><description>Rapport evaluation feed</description>`)
	for _, it := range items {
		b.WriteString("\n<item><title>")
		esc(it.title)
		b.WriteString("</title><link>")
		esc(it.link)
		b.WriteString(`</link><guid isPermaLink="true">`)
		esc(it.link)
		b.WriteString("</guid>")
		if it.summary != "" {
			b.WriteString("<description>")
			esc(it.summary)
			b.WriteString("</description>")
		}
		b.WriteString("<pubDate>" + it.published.Format(time.RFC1123Z) + "</pubDate></item>")
	}
	b.WriteString("\n</channel></rss>\n")
	return b.Bytes()
}

// evalCampaign is the Lumora launch, in the launch markets and extra ones.
func evalCampaign(extra ...string) rapport.Campaign {
	markets := slices.Clone(evalLaunchMarkets)
	for _, m := range extra {
		if !slices.Contains(markets, m) {
			markets = append(markets, m)
		}
	}
	return rapport.Campaign{ID: "lumora-radiance", Name: "Lumora Radiance launch", Brand: "Lumora",
		LaunchAt: evalNow.Add(evalLaunchIn), TimeZone: "Europe/London", Markets: markets, Keywords: evalKeywords}
}

// run checks every case, 2×GOMAXPROCS (at least 4) at a time, each with a Fetcher of its own (as
// app.newChecker builds it), and returns the assessments in case order.
func (e *evalEnv) run(cases []evalCase) []risk.Assessment {
	configured := make([][]feeds.Feed, len(cases))
	for i, c := range cases {
		configured[i] = e.serve(c)
	}
	out := make([]risk.Assessment, len(cases))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(4, 2*runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				fetcher := &feeds.Fetcher{Client: e.client, Now: func() time.Time { return evalNow }}
				c := Checker{Feeds: configured[i], Reader: fetcher, Lexicon: e.lex}
				out[i] = c.Check(context.Background(), evalCampaign(cases[i].extraMarkets...), evalNow)
			}
		})
	}
	for i := range cases {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, a := range out {
		e.checks++
		if a.Level == risk.Green {
			continue
		}
		e.flagged++
		if evalHasEvidence(a, cases[i].links()) {
			e.withEvidence++
		} else {
			e.missingEvidence = append(e.missingEvidence, fmt.Sprintf("%s: %s", cases[i].name, evalReasons(a)))
		}
	}
	return out
}

// evalHasEvidence reports whether a reason at the assessment's level links to one of the
// articles the check was served.
func evalHasEvidence(a risk.Assessment, links map[string]bool) bool {
	for _, r := range a.Reasons {
		if r.Level != a.Level {
			continue
		}
		for _, ev := range r.Evidence {
			if links[ev.URL] {
				return true
			}
		}
	}
	return false
}

func evalReasons(a risk.Assessment) string {
	var parts []string
	for _, r := range a.Reasons {
		parts = append(parts, fmt.Sprintf("[%v] %s", r.Level, r.Text))
	}
	return a.Level.String() + ": " + strings.Join(parts, "; ")
}

// evalArticleOf dates an item within the 48 hours before evalNow and gives it a link of its
// publisher.
func evalArticleOf(rng *rand.Rand, market, set string, it evalItem, n int) evalArticle {
	age := 20*time.Minute + time.Duration(rng.Int64N(int64(46*time.Hour)))
	return evalArticle{
		title: it.Title, summary: it.Summary, published: evalNow.Add(-age).Truncate(time.Second),
		link: fmt.Sprintf("https://%s/%s/%s/%d", evalPublishers[market].host, set, it.ID, n),
	}
}

// evalAlone builds one check per item, each alone in a feed of its market.
func evalAlone(set string, items []evalItem, market func(i int) string, extra func(i int) []string) []evalCase {
	cases := make([]evalCase, len(items))
	for i, it := range items {
		rng := rand.New(rand.NewPCG(evalSeed, evalHash(set, it.ID)))
		m := market(i)
		cases[i] = evalCase{
			name:  set + "/" + it.ID,
			feeds: []evalFeed{{market: m, items: []evalArticle{evalArticleOf(rng, m, set, it, 0)}}},
		}
		if extra != nil {
			cases[i].extraMarkets = extra(i)
		}
	}
	return cases
}

func evalRotate(i int) string { return evalLaunchMarkets[i%len(evalLaunchMarkets)] }

// evalHash is a stable stream number for a seed (FNV-1a).
func evalHash(parts ...string) uint64 {
	h := uint64(14695981039346656037)
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h ^= uint64(p[i])
			h *= 1099511628211
		}
		h ^= 0xff
		h *= 1099511628211
	}
	return h
}

// evalMixed builds a 20-item check: crisis items (each in a different feed, so at least two
// independent sources carry the event) among benign ones, one feed per launch market.
func evalMixed(name string, rng *rand.Rand, crisis []evalItem, benign []evalItem) evalCase {
	per := evalFeedSize / len(evalLaunchMarkets)
	slots := make([][]evalItem, len(evalLaunchMarkets))
	isCrisis := map[string]bool{}
	for j, f := range rng.Perm(len(evalLaunchMarkets))[:len(crisis)] {
		slots[f] = append(slots[f], crisis[j])
		isCrisis[crisis[j].ID] = true
	}
	b := 0
	for f := range slots {
		for len(slots[f]) < per {
			slots[f] = append(slots[f], benign[b])
			b++
		}
		rng.Shuffle(len(slots[f]), func(x, y int) { slots[f][x], slots[f][y] = slots[f][y], slots[f][x] })
	}
	c := evalCase{name: name, focus: map[string]bool{}}
	n := 0
	for f, m := range evalLaunchMarkets {
		fd := evalFeed{market: m}
		for _, it := range slots[f] {
			art := evalArticleOf(rng, m, "mix", it, n)
			fd.items = append(fd.items, art)
			if isCrisis[it.ID] {
				c.focus[art.link] = true
			}
			n++
		}
		c.feeds = append(c.feeds, fd)
	}
	return c
}

// evalPick returns k items of pool, drawn without replacement.
func evalPick(rng *rand.Rand, pool []evalItem, k int) []evalItem {
	out := make([]evalItem, k)
	for i, j := range rng.Perm(len(pool))[:k] {
		out[i] = pool[j]
	}
	return out
}

// evalTally counts the levels of a set of checks.
type evalTally struct{ n, green, amber, red int }

func evalCount(as []risk.Assessment) evalTally {
	var t evalTally
	for _, a := range as {
		t.n++
		switch a.Level {
		case risk.Green:
			t.green++
		case risk.Amber:
			t.amber++
		default:
			t.red++
		}
	}
	return t
}

func (t evalTally) share(k int) float64 {
	if t.n == 0 {
		return 0
	}
	return float64(k) / float64(t.n)
}

func (t evalTally) flagged() int { return t.amber + t.red }

func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

// evalReport is the table printed at the end, whatever the outcome.
type evalReport struct {
	rows []evalRow
}

type evalRow struct {
	set    string
	t      evalTally
	figure string // the measured figure the target is about
	target string
	status string // PASS, FAIL or "" when there is no target
}

func (r *evalReport) add(set string, t evalTally, figure, target string, ok *bool) {
	status := ""
	if ok != nil {
		status = "FAIL"
		if *ok {
			status = "PASS"
		}
	}
	r.rows = append(r.rows, evalRow{set, t, figure, target, status})
}

func (r *evalReport) String() string {
	var b bytes.Buffer
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "set\tn\tgreen\tamber\tred\tfigure\ttarget\t")
	for _, row := range r.rows {
		if row.t.n == 0 {
			fmt.Fprintf(w, "%s\t\t\t\t\t%s\t%s\t%s\n", row.set, row.figure, row.target, row.status)
			continue
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", row.set, row.t.n, row.t.green, row.t.amber, row.t.red,
			row.figure, row.target, row.status)
	}
	_ = w.Flush()
	return b.String()
}

func evalBool(b bool) *bool { return &b }

// TestEvalTimingCheck measures the timing check on labelled data; see testdata/eval/README.md.
func TestEvalTimingCheck(t *testing.T) {
	started := time.Now()
	d := evalLoad(t)
	e := newEvalEnv(t)
	var rep evalReport
	defer func() {
		t.Logf("timing-check evaluation: now %s, launch +%v, markets %s, keywords %q; %d checks in %v\n%s",
			evalNow.Format(time.RFC3339), evalLaunchIn, strings.Join(evalLaunchMarkets, " "), evalKeywords,
			e.checks, time.Since(started).Round(time.Millisecond), rep.String())
	}()

	ptMarket := "PT"
	if _, err := calendar.LookupMarket("PT"); err != nil {
		ptMarket = "BR"
	}
	langMarket := func(l string) string {
		if l == "pt" {
			return ptMarket
		}
		return evalLangMarkets[l]
	}

	// Controls: one neutral item alone, in each market configuration used below. A control
	// that is not green means that configuration's figures measure something else (a
	// holiday, an unknown market) than the news.
	t.Run("Controls", func(t *testing.T) {
		neutral := evalItem{ID: "control", Title: "Library extends weekend opening hours",
			Summary: "The central library will open on Sundays from next month."}
		var cases []evalCase
		for _, m := range evalLaunchMarkets {
			cases = append(cases, evalAlone("control-"+m, []evalItem{neutral}, func(int) string { return m }, nil)...)
		}
		for _, l := range evalLangs {
			m := langMarket(l)
			cases = append(cases, evalAlone("control-"+l, []evalItem{neutral}, func(int) string { return m },
				func(int) []string { return []string{m} })...)
		}
		as := e.run(cases)
		for i, a := range as {
			if a.Level != risk.Green {
				t.Errorf("control %s is %s, want green: %s", cases[i].name, a.Level, evalReasons(a))
			}
		}
		tl := evalCount(as)
		rep.add("controls (neutral item, each market set)", tl, pct(tl.share(tl.green))+" green", "all green",
			evalBool(tl.green == tl.n))
	})

	t.Run("ByItem", func(t *testing.T) {
		var onAll, offAll []risk.Assessment
		var onRows, offRows []evalRow
		for _, c := range evalCrises {
			on := e.run(evalAlone("t6-on", d.tweets[c]["on-topic"], evalRotate, nil))
			off := e.run(evalAlone("t6-off", d.tweets[c]["off-topic"], evalRotate, nil))
			onAll, offAll = append(onAll, on...), append(offAll, off...)
			to, tf := evalCount(on), evalCount(off)
			onRows = append(onRows, evalRow{set: "  " + c, t: to, figure: pct(to.share(to.flagged())) + " flagged"})
			offRows = append(offRows, evalRow{set: "  " + c, t: tf, figure: pct(tf.share(tf.flagged())) + " flagged"})
		}
		to := evalCount(onAll)
		okOn := to.share(to.flagged()) >= evalTargetItemCrisisFlagged
		rep.add("item alone: CrisisLexT6 on-topic tweet", to, pct(to.share(to.flagged()))+" flagged",
			"flagged >= "+pct(evalTargetItemCrisisFlagged), evalBool(okOn))
		rep.rows = append(rep.rows, onRows...)
		if to.share(to.flagged()) < evalFloorItemCrisisFlagged {
			t.Errorf("single on-topic crisis tweets flagged (amber or red): %s (%d/%d), below the floor of %s (target %s)",
				pct(to.share(to.flagged())), to.flagged(), to.n, pct(evalFloorItemCrisisFlagged), pct(evalTargetItemCrisisFlagged))
		}
		tf := evalCount(offAll)
		rep.add("item alone: CrisisLexT6 off-topic tweet", tf, pct(tf.share(tf.flagged()))+" flagged", "(no target)", nil)
		rep.rows = append(rep.rows, offRows...)

		var benAll, benFig, benPlain []risk.Assessment
		var benRows []evalRow
		for _, c := range evalCategories {
			as := e.run(evalAlone("life", d.lifestyle[c], evalRotate, nil))
			benAll = append(benAll, as...)
			for i, a := range as {
				if strings.HasPrefix(d.lifestyle[c][i].Note, "figurative") {
					benFig = append(benFig, a)
				} else {
					benPlain = append(benPlain, a)
				}
			}
			tc := evalCount(as)
			benRows = append(benRows, evalRow{set: "  " + c, t: tc, figure: pct(tc.share(tc.flagged())) + " flagged"})
			for i, a := range as {
				if a.Level != risk.Green {
					t.Logf("benign item flagged: %q: %s", d.lifestyle[c][i].Title, evalReasons(a))
				}
			}
		}
		tb := evalCount(benAll)
		okBen := tb.share(tb.flagged()) <= evalTargetItemBenignFlagged
		rep.add("item alone: lifestyle headline+summary", tb, pct(tb.share(tb.flagged()))+" flagged",
			"flagged <= "+pct(evalTargetItemBenignFlagged), evalBool(okBen))
		rep.rows = append(rep.rows, benRows...)
		tfig, tplain := evalCount(benFig), evalCount(benPlain)
		rep.rows = append(rep.rows,
			evalRow{set: "  with a figurative crisis word", t: tfig, figure: pct(tfig.share(tfig.flagged())) + " flagged"},
			evalRow{set: "  without", t: tplain, figure: pct(tplain.share(tplain.flagged())) + " flagged"})
		if !okBen {
			t.Errorf("single benign lifestyle items flagged (amber or red): %s (%d/%d), want <= %s",
				pct(tb.share(tb.flagged())), tb.flagged(), tb.n, pct(evalTargetItemBenignFlagged))
		}
	})

	t.Run("Feeds", func(t *testing.T) {
		var benign []evalCase
		var benignFigurative []bool
		for k := range evalBenignChecks {
			rng := rand.New(rand.NewPCG(evalSeed, evalHash("benign-feed", fmt.Sprint(k))))
			items := evalPick(rng, d.benign, evalFeedSize)
			fig := false
			for _, it := range items {
				fig = fig || strings.HasPrefix(it.Note, "figurative")
			}
			benign = append(benign, evalMixed(fmt.Sprintf("benign-feed-%d", k), rng, nil, items))
			benignFigurative = append(benignFigurative, fig)
		}
		bas := e.run(benign)
		evalExamples(t, "20-item benign check not green", benign, bas, func(a risk.Assessment) bool { return a.Level != risk.Green })
		tb := evalCount(bas)
		var plain []risk.Assessment
		for i, a := range bas {
			if !benignFigurative[i] {
				plain = append(plain, a)
			}
		}
		tp := evalCount(plain)
		okGreen := tb.share(tb.green) >= evalTargetFeedBenignGreen
		okRed := tb.share(tb.red) <= evalTargetFeedBenignRed
		rep.add("20 lifestyle items (4 feeds x 5)", tb,
			pct(tb.share(tb.green))+" green, "+pct(tb.share(tb.red))+" red",
			"green >= "+pct(evalTargetFeedBenignGreen)+", red <= "+pct(evalTargetFeedBenignRed), evalBool(okGreen && okRed))
		rep.rows = append(rep.rows, evalRow{set: "  of which no figurative crisis word", t: tp,
			figure: pct(tp.share(tp.green)) + " green, " + pct(tp.share(tp.red)) + " red"})
		if !okGreen {
			t.Errorf("20-item benign feeds green: %s (%d/%d), want >= %s", pct(tb.share(tb.green)), tb.green, tb.n, pct(evalTargetFeedBenignGreen))
		}
		if !okRed {
			t.Errorf("20-item benign feeds red: %s (%d/%d), want <= %s", pct(tb.share(tb.red)), tb.red, tb.n, pct(evalTargetFeedBenignRed))
		}

		var all, cited []risk.Assessment
		var rows []evalRow
		for _, c := range evalCrises {
			var cases []evalCase
			for k := range evalCrisisChecks {
				rng := rand.New(rand.NewPCG(evalSeed, evalHash("crisis-feed", c, fmt.Sprint(k))))
				n := 2 + rng.IntN(2)
				crisis := evalPick(rng, d.tweets[c]["on-topic"], n)
				cases = append(cases, evalMixed(fmt.Sprintf("crisis-feed-%s-%d", c, k), rng, crisis, evalPick(rng, d.benign, evalFeedSize-n)))
			}
			as := e.run(cases)
			evalExamples(t, "20-item check with "+c+" tweets not red", cases, as, func(a risk.Assessment) bool { return a.Level != risk.Red })
			all = append(all, as...)
			for i, a := range as {
				if a.Level != risk.Green && evalHasEvidence(a, cases[i].focus) {
					cited = append(cited, a)
				} else {
					cited = append(cited, risk.Assessment{Level: risk.Green})
				}
			}
			tc := evalCount(as)
			rows = append(rows, evalRow{set: "  " + c, t: tc,
				figure: pct(tc.share(tc.flagged())) + " flagged, " + pct(tc.share(tc.red)) + " red"})
		}
		tc := evalCount(all)
		okFlag := tc.share(tc.flagged()) >= evalTargetFeedCrisisFlagged
		okRed2 := tc.share(tc.red) >= evalTargetFeedCrisisRed
		rep.add("17-18 lifestyle + 2-3 tweets of one crisis", tc,
			pct(tc.share(tc.flagged()))+" flagged, "+pct(tc.share(tc.red))+" red",
			"flagged >= "+pct(evalTargetFeedCrisisFlagged)+", red >= "+pct(evalTargetFeedCrisisRed), evalBool(okFlag && okRed2))
		tcc := evalCount(cited)
		rep.rows = append(rep.rows, evalRow{set: "  verdict's reason cites a crisis tweet", t: tcc,
			figure: pct(tcc.share(tcc.flagged())) + " flagged, " + pct(tcc.share(tcc.red)) + " red"})
		rep.rows = append(rep.rows, rows...)
		if tc.share(tc.flagged()) < evalFloorFeedCrisisFlagged {
			t.Errorf("20-item feeds with 2-3 crisis items flagged (amber or red): %s (%d/%d), below the floor of %s (target %s)",
				pct(tc.share(tc.flagged())), tc.flagged(), tc.n, pct(evalFloorFeedCrisisFlagged), pct(evalTargetFeedCrisisFlagged))
		}
		if tc.share(tc.red) < evalFloorFeedCrisisRed {
			t.Errorf("20-item feeds with 2-3 crisis items red: %s (%d/%d), below the floor of %s (target %s)",
				pct(tc.share(tc.red)), tc.red, tc.n, pct(evalFloorFeedCrisisRed), pct(evalTargetFeedCrisisRed))
		}
	})

	t.Run("Brand", func(t *testing.T) {
		harm := d.brand["harm"]
		as := e.run(evalAlone("brand-harm", harm, evalRotate, nil))
		th := evalCount(as)
		named := 0
		for i, a := range as {
			if a.Level == risk.Red && evalRedNamesBrand(a) {
				named++
				continue
			}
			t.Errorf("brand harm %q is %s without a red reason naming %q: %s", harm[i].Title, a.Level,
				strings.Join(evalKeywords, "/"), evalReasons(a))
		}
		rep.add("brand harm headline alone", th, fmt.Sprintf("%d/%d red naming the brand", named, th.n),
			"all", evalBool(named == th.n))

		good := d.brand["good"]
		as = e.run(evalAlone("brand-good", good, evalRotate, nil))
		tg := evalCount(as)
		for i, a := range as {
			if a.Level == risk.Red {
				t.Errorf("brand good news %q is red: %s", good[i].Title, evalReasons(a))
			}
		}
		rep.add("brand good-news headline alone", tg, fmt.Sprintf("%d/%d red", tg.red, tg.n), "none red", evalBool(tg.red == 0))
	})

	t.Run("Languages", func(t *testing.T) {
		for _, l := range evalLangs {
			m := langMarket(l)
			market := func(int) string { return m }
			extra := func(int) []string { return []string{m} }
			crisis := d.langs[l]["crisis"]
			tc := evalCount(e.run(evalAlone("lang-"+l, crisis, market, extra)))
			ok := tc.share(tc.flagged()) >= evalTargetLangFlagged
			rep.add(fmt.Sprintf("%s crisis headline alone (feed %s)", l, m), tc, pct(tc.share(tc.flagged()))+" flagged",
				"flagged >= "+pct(evalTargetLangFlagged), evalBool(ok))
			if !ok {
				t.Errorf("%s crisis headlines flagged (amber or red) in a %s feed: %s (%d/%d), want >= %s",
					l, m, pct(tc.share(tc.flagged())), tc.flagged(), tc.n, pct(evalTargetLangFlagged))
			}
		}
		for _, l := range evalLangs {
			m := langMarket(l)
			tb := evalCount(e.run(evalAlone("lang-benign-"+l, d.langs[l]["benign"], func(int) string { return m },
				func(int) []string { return []string{m} })))
			rep.add(fmt.Sprintf("%s lifestyle headline alone (feed %s)", l, m), tb, pct(tb.share(tb.flagged()))+" flagged",
				"(no target)", nil)
		}
	})

	// Every amber or red check, in every scenario above, must show why with a link to an
	// article it was served.
	ok := len(e.missingEvidence) == 0
	rep.add("amber/red checks with an evidence link", evalTally{},
		fmt.Sprintf("%d/%d", e.withEvidence, e.flagged), "all", evalBool(ok))
	if !ok {
		t.Errorf("%d of %d amber or red checks have no reason at their level linking to a served article; first: %s",
			len(e.missingEvidence), e.flagged, e.missingEvidence[0])
	}
}

// evalExamples logs up to three checks that miss, with their items and reasons, so that a
// failing figure comes with something to look at.
func evalExamples(t *testing.T, what string, cases []evalCase, as []risk.Assessment, miss func(risk.Assessment) bool) {
	t.Helper()
	shown := 0
	for i, a := range as {
		if !miss(a) || shown == 3 {
			continue
		}
		shown++
		var titles []string
		for _, f := range cases[i].feeds {
			for _, it := range f.items {
				titles = append(titles, fmt.Sprintf("%s: %q", f.market, it.title))
			}
		}
		t.Logf("%s (%s): %s\n\titems: %s", what, cases[i].name, evalReasons(a), strings.Join(titles, "; "))
	}
}

// evalRedNamesBrand reports whether a red reason names one of the campaign's keywords.
func evalRedNamesBrand(a risk.Assessment) bool {
	for _, r := range a.Reasons {
		if r.Level != risk.Red {
			continue
		}
		text := strings.ToLower(r.Text)
		for _, k := range evalKeywords {
			if strings.Contains(text, strings.ToLower(k)) {
				return true
			}
		}
	}
	return false
}
