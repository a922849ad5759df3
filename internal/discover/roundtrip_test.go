package discover

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// randomQuery builds a canonical Query from the pieces users search with, including words
// that only survive as free text when quoted.
func randomQuery(r *rand.Rand) Query {
	pick := func(n int) bool { return r.IntN(n) == 0 }
	subset := func(n int) []int {
		var out []int
		for i := range n {
			if pick(4) {
				out = append(out, i)
			}
		}
		return out
	}
	words := []string{"ava", "Chloé", "slow living", "tag:beauty", "underrated", "Rising", "er>3", ">2", "o'neil",
		"10:30", "@ava", "#vegan", "日本", "beauty", "Dupré", "a,b", "x-y"}
	tags := []string{"beauty", "slow fashion", "k-beauty", "café", "vegan", "tag:x", "a:b"}
	markets := []string{"BE", "DE", "FR", "GB", "IT", "US"}
	platforms := []rapport.Platform{"bluesky", rapport.Facebook, rapport.Instagram, rapport.LinkedIn,
		rapport.TikTok, rapport.Twitch, rapport.X, rapport.YouTube}
	ops := []Comparison{Above, AtLeast, Below, AtMost}
	directions := []engagement.Direction{"", engagement.Rising, engagement.Steady, engagement.Declining}
	owners := []string{"U0123ABCD", "U1", "W777"}

	var q Query
	for _, i := range subset(len(words)) {
		q.Words = append(q.Words, words[i])
	}
	for _, i := range subset(len(tags)) {
		q.Tags = append(q.Tags, tags[i])
	}
	for _, i := range subset(len(markets)) {
		q.Markets = append(q.Markets, markets[i])
	}
	for _, i := range subset(len(engagement.Tiers)) {
		q.Tiers = append(q.Tiers, engagement.Tiers[i])
	}
	for _, i := range subset(len(platforms)) {
		q.Platforms = append(q.Platforms, platforms[i])
	}
	for range r.IntN(3) {
		var v float64
		switch r.IntN(3) {
		case 0:
			v = float64(r.IntN(101))
		case 1:
			v = float64(r.IntN(1000)) / 100
		default:
			v = r.Float64() * 100
		}
		b := ERBound{Op: ops[r.IntN(len(ops))], Percent: v}
		if !slices.Contains(q.ER, b) {
			q.ER = append(q.ER, b)
		}
	}
	q.Trend = directions[r.IntN(len(directions))]
	for _, i := range subset(len(rapport.Statuses)) {
		q.Statuses = append(q.Statuses, rapport.Statuses[i])
	}
	for _, i := range subset(len(owners)) {
		q.Owners = append(q.Owners, owners[i])
	}
	q.OwnerMe = pick(4)
	q.Underrated = pick(4)
	if pick(2) {
		q.Sort = sortKeys[r.IntN(len(sortKeys))]
	}
	return q
}

func TestQueryRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tested := 0
	for range 20000 {
		q := randomQuery(r)
		s := q.String()
		if q.IsZero() || utf8.RuneCountInString(s) > MaxQueryLength || len(strings.Fields(s)) > MaxTerms-2 {
			continue // beyond what a user may type
		}
		tested++
		back, err := ParseQuery(s)
		if err != nil {
			t.Fatalf("ParseQuery(%q) from %#v: %v", s, q, err)
		}
		if !reflect.DeepEqual(back, q) {
			t.Fatalf("ParseQuery(%q)\n got %#v\nwant %#v", s, back, q)
		}
	}
	if tested < 1000 {
		t.Fatalf("only %d queries were short enough to test", tested)
	}
}

// randomText writes a search the way people type one: any case, aliases, repeats, lists,
// typographic quotes, Slack's escapes and the odd mistake.
func randomText(r *rand.Rand) string {
	terms := []string{
		"ava", `"slow living"`, "“Chloé Dupré”", `"tag:x"`, "UNDERRATED", "rising", "Declining", "trend:steady",
		"tag:Beauty", "tag:#vegan", `tag:"Slow  Fashion"`, "tags:café", "tag:a,b",
		"market:uk", "market:FR,de", "country:IT", "market:EN",
		"tier:micro", "tier:mega-mid", "tier:nano,macro", "tier:huge",
		"platform:IG", "platform:tt,youtube", "platform:Twitter", "platform:bluesky", "platform:tiktk",
		"er>3", "er>=.5", "ER<1%", "er<=2,5", "er&gt;4", "er>abc", "er=2",
		"status:active", "status:dnc,prospect", `status:"do not contact"`, "status:vip",
		"owner:me", "owner:@U0123ABCD", "owner:<@W99|sam>", "owner:ava",
		"sort:er", "sort:Name", "sort:date", `""`, "@", "&amp;", "a&amp;gt;b", "foo:bar", ">3",
	}
	n := 1 + r.IntN(8)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = terms[r.IntN(len(terms))]
	}
	sep := []string{" ", "  ", "\t", " \u00a0"}[r.IntN(4)]
	return sep + strings.Join(parts, sep)
}

// TestParseQueryCanonical checks, over many typed searches, that the canonical text parses
// back to the same query, never grows, and is its own canonical form.
func TestParseQueryCanonical(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	accepted := 0
	for range 20000 {
		in := randomText(r)
		q, err := ParseQuery(in)
		if err != nil {
			continue
		}
		accepted++
		checkCanonical(t, in, q)
	}
	if accepted < 1000 {
		t.Fatalf("only %d searches were accepted", accepted)
	}
}

func checkCanonical(t *testing.T, in string, q Query) {
	t.Helper()
	s := q.String()
	back, err := ParseQuery(s)
	if err != nil {
		t.Fatalf("ParseQuery(%q) accepted, but its String %q fails: %v", in, s, err)
	}
	if !reflect.DeepEqual(back, q) {
		t.Fatalf("ParseQuery(%q).String() = %q parses to\n%#v\nwant %#v", in, s, back, q)
	}
	if again := back.String(); again != s {
		t.Fatalf("String is not canonical: %q then %q", s, again)
	}
	if got, limit := utf8.RuneCountInString(s), utf8.RuneCountInString(normalizeText(in)); got > limit {
		t.Fatalf("String %q (%d characters) is longer than the search %q (%d)", s, got, in, limit)
	}
	typed, _ := tokenize(normalizeText(in))
	if canonical, _ := tokenize(s); len(canonical) > len(typed) {
		t.Fatalf("String %q has more terms than %q", s, in)
	}
}

func TestFormatPercentParsesBack(t *testing.T) {
	for _, v := range []float64{0, 0.5, 0.25, 1, 3, 3.5, 12.125, 100, 0.1 + 0.2, 1e-7, 99.99999999999999} {
		s := formatPercent(v)
		got, ok := parsePercent(s)
		if !ok || got != v {
			t.Errorf("parsePercent(formatPercent(%v) = %q) = %v, %v", v, s, got, ok)
		}
	}
	if s := formatPercent(0.5); s != ".5" {
		t.Errorf("0.5 is written %q, want .5", s)
	}
}
