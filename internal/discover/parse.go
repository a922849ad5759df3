package discover

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/textmatch"
)

// Limits on a search. Anything longer is a paste gone wrong, and a Slack button value that
// carries the query to the next page must stay small.
const (
	MaxQueryLength = 200 // characters
	MaxTerms       = 20
)

var errEmpty = errors.New("Give me at least one search term, e.g. /influencer find tag:beauty market:FR er>3")

// slackEntities undoes the escaping Slack applies to &, < and > in slash command text, so
// er>3 arrives as er&gt;3.
var slackEntities = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// ParseQuery reads the text after `/influencer find`. Every error is one sentence that
// tells a busy user what to type instead. Case never matters; Slack's &gt; escapes and
// typographic quotes (“ ” „ « ») are understood.
func ParseQuery(s string) (Query, error) {
	// Reject a huge paste before doing any work on it.
	if n := utf8.RuneCountInString(s); n > 8*MaxQueryLength {
		return Query{}, tooLong(n)
	}
	text := normalizeText(s)
	if n := utf8.RuneCountInString(text); n > MaxQueryLength {
		return Query{}, tooLong(n)
	}
	toks, err := tokenize(text)
	if err != nil {
		return Query{}, err
	}
	if len(toks) > MaxTerms {
		return Query{}, fmt.Errorf("That search has %d terms; keep it to %d or fewer", len(toks), MaxTerms)
	}
	var p parser
	for _, t := range toks {
		if err := p.add(t); err != nil {
			return Query{}, err
		}
	}
	q := p.query()
	if q.IsZero() {
		return Query{}, errEmpty
	}
	return q, nil
}

func tooLong(n int) error {
	return fmt.Errorf("That search is %d characters long; keep it under %d", n, MaxQueryLength)
}

// normalizeText makes the text valid UTF-8, undoes Slack's escaping, turns control
// characters into spaces and trims it.
func normalizeText(s string) string {
	s = unescapeSlack(strings.ToValidUTF8(s, "\uFFFD"))
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// unescapeSlack undoes &lt; &gt; &amp; until none is left, so no canonical text holds an
// entity that would decode into something else when parsed again.
func unescapeSlack(s string) string {
	for {
		u := slackEntities.Replace(s)
		if u == s {
			return s
		}
		s = u
	}
}

// token is one term: its text without quote marks, with white space inside quotes collapsed
// to single spaces. A term that begins with a quote is free text whatever it says.
type token struct {
	text   string
	quoted bool
}

func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»':
		return true
	}
	return false
}

// tokenize splits text on white space outside quotes. Terms with no text ("") are dropped.
func tokenize(s string) ([]token, error) {
	var toks []token
	var b strings.Builder
	inQuote, started, quoted := false, false, false
	flush := func() {
		// Removing quotes can join an entity ("&g""t;"), so undo escapes once more.
		if t := unescapeSlack(strings.TrimSpace(b.String())); t != "" {
			toks = append(toks, token{text: t, quoted: quoted})
		}
		b.Reset()
		started, quoted = false, false
	}
	for _, r := range s {
		switch {
		case isQuote(r):
			if !started {
				quoted = true
			}
			started = true
			inQuote = !inQuote
		case unicode.IsSpace(r):
			if !inQuote {
				flush()
			} else if str := b.String(); str != "" && str[len(str)-1] != ' ' {
				b.WriteByte(' ')
			}
		default:
			started = true
			b.WriteRune(r)
		}
	}
	if inQuote {
		return nil, errors.New(`A quote is opened but never closed — close it, e.g. tag:"slow fashion"`)
	}
	flush()
	return toks, nil
}

type termKind int

const (
	termWord    termKind = iota // free text
	termKeyword                 // underrated, rising, declining
	termER                      // er>3
	termStray                   // >3: a comparison without its filter
	termFilter                  // name:value
)

// classify says what an unquoted term is from its text alone, which is what lets String
// decide when a free-text word needs quotes.
func classify(s string) termKind {
	switch {
	case s == "":
		return termWord
	case asciiEqualFold(s, "underrated"), asciiEqualFold(s, string(engagement.Rising)),
		asciiEqualFold(s, string(engagement.Declining)):
		return termKeyword
	case len(s) >= 3 && (s[0] == 'e' || s[0] == 'E') && (s[1] == 'r' || s[1] == 'R') &&
		(s[2] == '>' || s[2] == '<' || s[2] == '=' || strings.HasPrefix(s[2:], "≥") || strings.HasPrefix(s[2:], "≤")):
		return termER
	case s[0] == '<' || s[0] == '>':
		return termStray
	}
	if _, _, ok := splitFilter(s); ok {
		return termFilter
	}
	return termWord
}

// splitFilter splits "name:value" when name is made of ASCII letters.
func splitFilter(s string) (name, value string, ok bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return "", "", false
	}
	for j := range i {
		c := s[j]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return "", "", false
		}
	}
	return strings.ToLower(s[:i]), s[i+1:], true
}

func asciiEqualFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// filterNames maps the names a user may write to the filter they mean.
var filterNames = map[string]string{
	"tag": "tag", "tags": "tag",
	"market": "market", "markets": "market", "country": "market",
	"tier": "tier", "tiers": "tier",
	"platform": "platform", "platforms": "platform",
	"trend":  "trend",
	"status": "status", "statuses": "status",
	"owner": "owner", "owners": "owner",
	"sort": "sort",
}

// filterOrder is the order filters are suggested in.
var filterOrder = []string{"tag", "market", "tier", "platform", "trend", "status", "owner", "sort"}

var filterExamples = map[string]string{
	"tag": "tag:beauty", "market": "market:FR", "tier": "tier:micro", "platform": "platform:tiktok",
	"trend": "trend:rising", "status": "status:active", "owner": "owner:me", "sort": "sort:er",
}

// parser collects terms; query turns them into a canonical Query.
type parser struct {
	q                   Query
	wordKeys, tagKeys   []string
	tiers               [5]bool
	markets, owners     []string
	platforms           []rapport.Platform
	statuses            []rapport.Status
	trendTerm, sortTerm string
}

func (p *parser) add(t token) error {
	if t.quoted {
		p.word(t.text)
		return nil
	}
	switch classify(t.text) {
	case termKeyword:
		if asciiEqualFold(t.text, "underrated") {
			p.q.Underrated = true
			return nil
		}
		return p.trend(engagement.Direction(strings.ToLower(t.text)), t.text)
	case termER:
		return p.er(t.text)
	case termStray:
		return fmt.Errorf("“%s” needs a filter in front of it, e.g. er>3", t.text)
	case termFilter:
		name, value, _ := splitFilter(t.text)
		return p.filter(t.text[:len(name)+1], name, strings.TrimSpace(value), t.text)
	}
	p.word(t.text)
	return nil
}

func (p *parser) word(w string) {
	key := textmatch.Fold(w)
	if !slices.Contains(p.wordKeys, key) {
		p.wordKeys = append(p.wordKeys, key)
		p.q.Words = append(p.q.Words, w)
	}
}

// filter handles name:value; prefix is the name as typed, with its colon.
func (p *parser) filter(prefix, name, value, term string) error {
	canon, ok := filterNames[name]
	if !ok {
		if name == "er" {
			return fmt.Errorf("%s: use > or < with er — try er>3 or er<1", term)
		}
		return unknownFilter(prefix, name)
	}
	if value == "" {
		return fmt.Errorf("%s needs a value, e.g. %s", prefix, filterExamples[canon])
	}
	switch canon {
	case "tag":
		return p.tag(value)
	case "trend":
		d := engagement.Direction(strings.ToLower(value))
		switch d {
		case engagement.Rising, engagement.Declining, engagement.Steady:
			return p.trend(d, term)
		}
		return fmt.Errorf("I don't know the trend “%s” — use rising, declining or steady", value)
	case "sort":
		k := SortKey(strings.ToLower(value))
		if !slices.Contains(sortKeys, k) {
			return fmt.Errorf("I can't sort by “%s” — use sort:er, sort:followers, sort:trend or sort:name", value)
		}
		if p.q.Sort != SortRank && p.q.Sort != k {
			return fmt.Errorf("Pick one order — %s or %s, not both", p.sortTerm, term)
		}
		p.q.Sort, p.sortTerm = k, term
		return nil
	}
	items := splitItems(value)
	if len(items) == 0 {
		return fmt.Errorf("%s needs a value, e.g. %s", prefix, filterExamples[canon])
	}
	for _, item := range items {
		var err error
		switch canon {
		case "market":
			err = p.market(item)
		case "tier":
			err = p.tier(item)
		case "platform":
			err = p.platform(item)
		case "status":
			err = p.status(item)
		case "owner":
			err = p.owner(item, term)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// splitItems splits a comma-separated list of values, dropping empty ones.
func splitItems(value string) []string {
	var out []string
	for item := range strings.SplitSeq(value, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func unknownFilter(prefix, name string) error {
	if s, ok := closest(name, filterOrder); ok {
		return fmt.Errorf("I don't know the filter “%s” — did you mean %s:?", prefix, s)
	}
	return fmt.Errorf("I don't know the filter “%s” — use tag:, market:, tier:, platform:, er>, trend:, status:, owner: or underrated", prefix)
}

func (p *parser) tag(value string) error {
	var parts []string
	for part := range strings.FieldsFuncSeq(value, func(r rune) bool { return r == ',' || r == ';' }) {
		if part = normalizeTag(part); part != "" {
			parts = append(parts, part)
		}
	}
	switch len(parts) {
	case 0:
		return errors.New("tag: needs a value, e.g. tag:beauty")
	case 1:
	default:
		return fmt.Errorf("“%s” is more than one tag — write %s %s to find influencers with both",
			value, tagTerm(parts[0]), tagTerm(parts[1]))
	}
	tag := parts[0]
	key := textmatch.Fold(tag)
	if !slices.Contains(p.tagKeys, key) {
		p.tagKeys = append(p.tagKeys, key)
		p.q.Tags = append(p.q.Tags, tag)
	}
	return nil
}

// tagTerm writes a tag filter, quoting a tag with spaces.
func tagTerm(tag string) string {
	if strings.ContainsRune(tag, ' ') {
		return `tag:"` + tag + `"`
	}
	return "tag:" + tag
}

// normalizeTag writes a tag the way imports store them: lower case, no leading '#', single
// spaces. ("# Slow  Fashion" → "slow fashion").
func normalizeTag(s string) string {
	s = strings.TrimLeftFunc(s, func(r rune) bool { return r == '#' || unicode.IsSpace(r) })
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func (p *parser) market(item string) error {
	bad := fmt.Errorf("I don't know the market “%s” — use a two-letter country code, e.g. market:FR or market:GB", item)
	if len(item) != 2 {
		return bad
	}
	codes, err := rapport.ParseMarkets(item)
	if err != nil || len(codes) != 1 {
		return bad
	}
	if !slices.Contains(p.markets, codes[0]) {
		p.markets = append(p.markets, codes[0])
	}
	return nil
}

func (p *parser) tier(item string) error {
	from, to, isRange := strings.Cut(strings.ToLower(item), "-")
	a, ok := engagement.ParseTier(from)
	b := a
	if ok && isRange {
		b, ok = engagement.ParseTier(to)
	}
	if !ok {
		return fmt.Errorf("I don't know the tier “%s” — use nano, micro, mid, macro or mega, or a range like tier:micro-mid", item)
	}
	i, j := tierIndex(a), tierIndex(b)
	if i > j {
		i, j = j, i
	}
	for k := i; k <= j; k++ {
		p.tiers[k] = true
	}
	return nil
}

// knownPlatforms are the names a mistyped platform is compared with.
var knownPlatforms = []string{"instagram", "tiktok", "youtube", "twitch", "twitter", "x", "facebook",
	"linkedin", "pinterest", "snapchat", "threads"}

func (p *parser) platform(item string) error {
	pl, err := rapport.ParsePlatform(item)
	if err != nil {
		return fmt.Errorf("“%s” isn't a platform name — use one like instagram, tiktok or youtube (or ig, tt, yt)", item)
	}
	if !isKnownPlatform(pl) {
		if s, ok := closest(string(pl), knownPlatforms); ok {
			return fmt.Errorf("I don't know the platform “%s” — did you mean %s?", item, s)
		}
	}
	if !slices.Contains(p.platforms, pl) {
		p.platforms = append(p.platforms, pl)
	}
	return nil
}

func isKnownPlatform(p rapport.Platform) bool {
	switch p {
	case rapport.Instagram, rapport.TikTok, rapport.YouTube, rapport.Twitch, rapport.X,
		rapport.Facebook, rapport.LinkedIn, rapport.Pinterest, rapport.Snapchat, rapport.Threads:
		return true
	}
	return false
}

func (p *parser) status(item string) error {
	st, err := rapport.ParseStatus(item)
	if err != nil {
		return fmt.Errorf("I don't know the status “%s” — use prospect, active, paused, alumni or do-not-contact", item)
	}
	if !slices.Contains(p.statuses, st) {
		p.statuses = append(p.statuses, st)
	}
	return nil
}

// owner reads me, @U0123ABCD, U0123ABCD or a Slack mention <@U0123ABCD|ava>.
func (p *parser) owner(item, term string) error {
	id := item
	if strings.HasPrefix(id, "<@") && strings.HasSuffix(id, ">") {
		id = id[2 : len(id)-1]
		if i := strings.IndexByte(id, '|'); i >= 0 {
			id = id[:i]
		}
	} else {
		id = strings.TrimPrefix(id, "@")
	}
	if asciiEqualFold(id, "me") {
		p.q.OwnerMe = true
		return nil
	}
	if !isSlackUserID(id) {
		return fmt.Errorf("%s: I can't tell who “%s” is — use owner:me or their Slack member ID, e.g. owner:@U0123ABCD (profile › ⋮ › Copy member ID)", term, item)
	}
	if !slices.Contains(p.owners, id) {
		p.owners = append(p.owners, id)
	}
	return nil
}

// isSlackUserID reports whether s looks like a Slack user ID: U or W, then upper-case
// letters and digits.
func isSlackUserID(s string) bool {
	if len(s) < 2 || s[0] != 'U' && s[0] != 'W' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !('A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

func (p *parser) trend(d engagement.Direction, term string) error {
	if p.q.Trend != "" && p.q.Trend != d {
		return fmt.Errorf("Pick one trend — %s or %s, not both", p.trendTerm, term)
	}
	p.q.Trend, p.trendTerm = d, term
	return nil
}

// er reads er>3, er>=3.5, er<1, er<=2 and er>3% (percent; a decimal comma is fine).
func (p *parser) er(term string) error {
	rest := term[2:]
	var op Comparison
	switch {
	case strings.HasPrefix(rest, ">="):
		op = AtLeast
	case strings.HasPrefix(rest, "<="):
		op = AtMost
	case strings.HasPrefix(rest, ">"):
		op = Above
	case strings.HasPrefix(rest, "<"):
		op = Below
	case strings.HasPrefix(rest, "≥"):
		return fmt.Errorf("%s: write ≥ as >=, e.g. er>=3", term)
	case strings.HasPrefix(rest, "≤"):
		return fmt.Errorf("%s: write ≤ as <=, e.g. er<=1", term)
	default:
		return fmt.Errorf("%s: use > or < with er — try er>3 or er<1", term)
	}
	num := strings.TrimSpace(rest[len(op):])
	if num == "" || num == "%" {
		return fmt.Errorf("%s needs a number — try er%s3 (percent)", term, op)
	}
	v, ok := parsePercent(strings.TrimSuffix(num, "%"))
	if !ok {
		return fmt.Errorf("%s: “%s” is not a number — try er%s3 (percent)", term, num, op)
	}
	if v > 100 {
		return fmt.Errorf("%s: ER is a percentage from 0 to 100 — try er%s3", term, op)
	}
	b := ERBound{Op: op, Percent: v}
	if !slices.Contains(p.q.ER, b) {
		p.q.ER = append(p.q.ER, b)
	}
	return nil
}

// parsePercent reads digits with at most one decimal point or comma: 3, 3.5, .5, 3,5.
func parsePercent(s string) (float64, bool) {
	digits, sep := 0, 0
	for i := range len(s) {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			digits++
		case c == '.' || c == ',':
			sep++
		default:
			return 0, false
		}
	}
	if digits == 0 || sep > 1 {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return v, err == nil
}

// query returns the canonical Query: sets sorted, nil where nothing was asked.
func (p *parser) query() Query {
	q := p.q
	for i, on := range p.tiers {
		if on {
			q.Tiers = append(q.Tiers, engagement.Tiers[i])
		}
	}
	if len(p.markets) > 0 {
		q.Markets = slices.Sorted(slices.Values(p.markets))
	}
	if len(p.platforms) > 0 {
		q.Platforms = slices.Sorted(slices.Values(p.platforms))
	}
	for _, st := range rapport.Statuses {
		if slices.Contains(p.statuses, st) {
			q.Statuses = append(q.Statuses, st)
		}
	}
	if len(p.owners) > 0 {
		q.Owners = slices.Sorted(slices.Values(p.owners))
	}
	return q
}

// closest finds the name within a typo or two of s: one edit for short words, two for
// longer ones (a swap of neighbours counts as one); none for a single letter.
func closest(s string, names []string) (string, bool) {
	n := utf8.RuneCountInString(s)
	if n < 2 {
		return "", false
	}
	allowed := 1
	if n > 5 {
		allowed = 2
	}
	return textmatch.Closest(s, names, allowed)
}
