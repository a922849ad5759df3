package discover

import (
	"reflect"
	"strings"
	"testing"

	"github.com/rapport-bot/rapport/internal/engagement"
	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestParseQueryFilters(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Query
	}{
		{"free words", "Ava moreau", Query{Words: []string{"Ava", "moreau"}}},
		{"repeated word once, ignoring case and accents", "chloé Chloe", Query{Words: []string{"chloé"}}},
		{"quoted phrase is one word", `"slow living" paris`, Query{Words: []string{"slow living", "paris"}}},
		{"typographic quotes", "“slow  living”", Query{Words: []string{"slow living"}}},
		{"quoted filter is free text", `"tag:beauty" "underrated" "er>3"`, Query{Words: []string{"tag:beauty", "underrated", "er>3"}}},
		{"empty quotes are nothing", `"" ava`, Query{Words: []string{"ava"}}},

		{"tag", "tag:Beauty", Query{Tags: []string{"beauty"}}},
		{"tags all kept, hash dropped", "tag:beauty tag:#SkinCare", Query{Tags: []string{"beauty", "skincare"}}},
		{"quoted tag", `tag:"Slow  Fashion"`, Query{Tags: []string{"slow fashion"}}},
		{"whole tag term quoted is a word", `"tag:slow fashion"`, Query{Words: []string{"tag:slow fashion"}}},
		{"repeated tag once", "tag:beaute TAG:Beaute tags:beauté", Query{Tags: []string{"beaute"}}},
		{"trailing comma forgiven", "tag:beauty,", Query{Tags: []string{"beauty"}}},

		{"market", "market:fr", Query{Markets: []string{"FR"}}},
		{"UK is GB", "market:UK", Query{Markets: []string{"GB"}}},
		{"markets any of, sorted", "market:US market:FR,de country:fr", Query{Markets: []string{"DE", "FR", "US"}}},

		{"tier", "tier:Micro", Query{Tiers: []engagement.Tier{engagement.Micro}}},
		{"tiers any of, smallest first", "tier:mega tier:nano", Query{Tiers: []engagement.Tier{engagement.Nano, engagement.Mega}}},
		{"tier range", "tier:micro-macro", Query{Tiers: []engagement.Tier{engagement.Micro, engagement.Mid, engagement.Macro}}},
		{"tier range backwards", "tier:mid-micro", Query{Tiers: []engagement.Tier{engagement.Micro, engagement.Mid}}},
		{"tier list", "tier:nano,mid-macro", Query{Tiers: []engagement.Tier{engagement.Nano, engagement.Mid, engagement.Macro}}},

		{"platform", "platform:TikTok", Query{Platforms: []rapport.Platform{rapport.TikTok}}},
		{"platform aliases", "platform:ig platform:yt,tt platform:twitter", Query{Platforms: []rapport.Platform{rapport.Instagram, rapport.TikTok, rapport.X, rapport.YouTube}}},
		{"unknown platform taken as written", "platform:bluesky", Query{Platforms: []rapport.Platform{"bluesky"}}},

		{"er above", "er>3", Query{ER: []ERBound{{Above, 3}}}},
		{"er at least", "ER>=3.5", Query{ER: []ERBound{{AtLeast, 3.5}}}},
		{"er below", "er<1", Query{ER: []ERBound{{Below, 1}}}},
		{"er at most", "er<=2", Query{ER: []ERBound{{AtMost, 2}}}},
		{"er with percent sign", "er>3%", Query{ER: []ERBound{{Above, 3}}}},
		{"er decimal comma", "er>2,5", Query{ER: []ERBound{{Above, 2.5}}}},
		{"er leading dot", "er<.5", Query{ER: []ERBound{{Below, 0.5}}}},
		{"er range, repeat dropped", "er>2 er<5 er>2.0", Query{ER: []ERBound{{Above, 2}, {Below, 5}}}},
		{"er escaped by Slack", "er&gt;3 er&lt;=5", Query{ER: []ERBound{{Above, 3}, {AtMost, 5}}}},

		{"trend", "trend:Steady", Query{Trend: engagement.Steady}},
		{"trend keyword", "declining", Query{Trend: engagement.Declining}},
		{"trend twice alike", "rising trend:rising", Query{Trend: engagement.Rising}},

		{"status", "status:active", Query{Statuses: []rapport.Status{rapport.StatusActive}}},
		{"statuses in their order", "status:dnc,prospect status:Paused", Query{Statuses: []rapport.Status{rapport.StatusProspect, rapport.StatusPaused, rapport.StatusDoNotContact}}},
		{"status spelled out", `status:"do not contact"`, Query{Statuses: []rapport.Status{rapport.StatusDoNotContact}}},

		{"owner me", "owner:me", Query{OwnerMe: true}},
		{"owner mention forms", "owner:@U0123ABCD owner:<@W99|sam> owner:U0123ABCD", Query{Owners: []string{"U0123ABCD", "W99"}}},
		{"plural filter names", "owners:me statuses:active", Query{Statuses: []rapport.Status{rapport.StatusActive}, OwnerMe: true}},
		{"owners and me", "owner:@U2,me,U1", Query{Owners: []string{"U1", "U2"}, OwnerMe: true}},

		{"underrated", "Underrated", Query{Underrated: true}},
		{"sort", "sort:Followers", Query{Sort: SortFollowers}},
		{"sort alone is a search", "sort:name", Query{Sort: SortName}},

		{"everything", `tag:beauty market:FR tier:micro platform:tiktok er>3 rising status:active owner:me underrated sort:er "ava"`,
			Query{Words: []string{"ava"}, Tags: []string{"beauty"}, Markets: []string{"FR"},
				Tiers: []engagement.Tier{engagement.Micro}, Platforms: []rapport.Platform{rapport.TikTok},
				ER: []ERBound{{Above, 3}}, Trend: engagement.Rising, Statuses: []rapport.Status{rapport.StatusActive},
				OwnerMe: true, Underrated: true, Sort: SortER}},
		{"spaces and control characters", "  tag:beauty\t\n market:FR  ", Query{Tags: []string{"beauty"}, Markets: []string{"FR"}}},
		{"exactly 200 characters", strings.Repeat("a", 200), Query{Words: []string{strings.Repeat("a", 200)}}},
		{"exactly 20 terms", strings.Repeat("w ", 19) + "x", Query{Words: []string{"w", "x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseQuery(tt.in)
			if err != nil {
				t.Fatalf("ParseQuery(%q): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseQuery(%q)\n got %#v\nwant %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "Give me at least one search term, e.g. /influencer find tag:beauty market:FR er>3"},
		{"only spaces", "   \t", "Give me at least one search term, e.g. /influencer find tag:beauty market:FR er>3"},
		{"only empty quotes", `"" “”`, "Give me at least one search term, e.g. /influencer find tag:beauty market:FR er>3"},
		{"too long", strings.Repeat("a", 500), "That search is 500 characters long; keep it under 200"},
		{"too long counts characters, not bytes", strings.Repeat("é", 201), "That search is 201 characters long; keep it under 200"},
		{"huge paste", strings.Repeat("ab ", 10000), "That search is 30000 characters long; keep it under 200"},
		{"too many terms", strings.Repeat("a ", 21), "That search has 21 terms; keep it to 20 or fewer"},
		{"open quote", `tag:"slow fashion`, `A quote is opened but never closed — close it, e.g. tag:"slow fashion"`},

		{"unknown filter", "foo:bar", "I don't know the filter “foo:” — use tag:, market:, tier:, platform:, er>, trend:, status:, owner: or underrated"},
		{"unknown filter keeps its spelling", "Colour:red", "I don't know the filter “Colour:” — use tag:, market:, tier:, platform:, er>, trend:, status:, owner: or underrated"},
		{"filter typo", "tga:beauty", "I don't know the filter “tga:” — did you mean tag:?"},
		{"longer filter typo", "plattform:tiktok", "I don't know the filter “plattform:” — did you mean platform:?"},
		{"empty value", "tag:", "tag: needs a value, e.g. tag:beauty"},
		{"empty list", "market:,", "market: needs a value, e.g. market:FR"},
		{"empty hashtag", "tag:#", "tag: needs a value, e.g. tag:beauty"},
		{"alias with empty value", "tiers:", "tiers: needs a value, e.g. tier:micro"},

		{"two tags in one", "tag:beauty,skincare", "“beauty,skincare” is more than one tag — write tag:beauty tag:skincare to find influencers with both"},
		{"two tags with a space", `tag:"slow fashion;vegan"`, "“slow fashion;vegan” is more than one tag — write tag:\"slow fashion\" tag:vegan to find influencers with both"},

		{"market not a code", "market:France", "I don't know the market “France” — use a two-letter country code, e.g. market:FR or market:GB"},
		{"market not assigned", "market:EN", "I don't know the market “EN” — use a two-letter country code, e.g. market:FR or market:GB"},
		{"market in a list", "market:FR,XX", "I don't know the market “XX” — use a two-letter country code, e.g. market:FR or market:GB"},

		{"unknown tier", "tier:small", "I don't know the tier “small” — use nano, micro, mid, macro or mega, or a range like tier:micro-mid"},
		{"half a range", "tier:micro-", "I don't know the tier “micro-” — use nano, micro, mid, macro or mega, or a range like tier:micro-mid"},
		{"tier by size", "tier:10k-100k", "I don't know the tier “10k-100k” — use nano, micro, mid, macro or mega, or a range like tier:micro-mid"},

		{"platform typo", "platform:tiktk", "I don't know the platform “tiktk” — did you mean tiktok?"},
		{"platform swap", "platform:instagarm", "I don't know the platform “instagarm” — did you mean instagram?"},
		{"platform not a name", `platform:"tik tok"`, "“tik tok” isn't a platform name — use one like instagram, tiktok or youtube (or ig, tt, yt)"},

		{"er not a number", "er>abc", "er>abc: “abc” is not a number — try er>3 (percent)"},
		{"er negative", "er<-1", "er<-1: “-1” is not a number — try er<3 (percent)"},
		{"er two points", "er>=1.2.3", "er>=1.2.3: “1.2.3” is not a number — try er>=3 (percent)"},
		{"er no number", "er>", "er> needs a number — try er>3 (percent)"},
		{"er only percent", "er>%", "er>% needs a number — try er>3 (percent)"},
		{"er over 100", "er>150", "er>150: ER is a percentage from 0 to 100 — try er>3"},
		{"er equals", "er=3", "er=3: use > or < with er — try er>3 or er<1"},
		{"er colon", "er:3", "er:3: use > or < with er — try er>3 or er<1"},
		{"er with ≥", "er≥3", "er≥3: write ≥ as >=, e.g. er>=3"},
		{"er with ≤", "ER≤1", "ER≤1: write ≤ as <=, e.g. er<=1"},
		{"comparison without filter", ">3", "“>3” needs a filter in front of it, e.g. er>3"},
		{"er with a space", "er >3", "“>3” needs a filter in front of it, e.g. er>3"},

		{"unknown trend", "trend:up", "I don't know the trend “up” — use rising, declining or steady"},
		{"two trends", "rising trend:declining", "Pick one trend — rising or trend:declining, not both"},
		{"unknown status", "status:vip", "I don't know the status “vip” — use prospect, active, paused, alumni or do-not-contact"},
		{"owner by name", "owner:@ava", "owner:@ava: I can't tell who “@ava” is — use owner:me or their Slack member ID, e.g. owner:@U0123ABCD (profile › ⋮ › Copy member ID)"},
		{"owner lower-case id", "owner:u0123", "owner:u0123: I can't tell who “u0123” is — use owner:me or their Slack member ID, e.g. owner:@U0123ABCD (profile › ⋮ › Copy member ID)"},
		{"unknown sort", "sort:date", "I can't sort by “date” — use sort:er, sort:followers, sort:trend or sort:name"},
		{"two sorts", "sort:er sort:name", "Pick one order — sort:er or sort:name, not both"},
		{"first error wins", "foo:bar er>abc", "I don't know the filter “foo:” — use tag:, market:, tier:, platform:, er>, trend:, status:, owner: or underrated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.in)
			if err == nil {
				t.Fatalf("ParseQuery(%q) = %#v, want error %q", tt.in, q, tt.want)
			}
			if err.Error() != tt.want {
				t.Fatalf("ParseQuery(%q) error\n got %q\nwant %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestQueryString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ava", "Ava"},
		{`"slow living" "tag:x" "Rising"`, `"slow living" "tag:x" "Rising"`},
		{`tag:"Slow Fashion" tag:#vegan`, `tag:"slow fashion" tag:vegan`},
		{"market:uk,fr market:FR", "market:FR,GB"},
		{"tier:micro tier:mid tier:mega", "tier:micro-mid,mega"},
		{"tier:nano-mega", "tier:nano-mega"},
		{"tier:mid", "tier:mid"},
		{"platform:instagram,tiktok platform:youtube platform:twitter platform:twitch", "platform:ig,tt,twitch,x,yt"},
		{"er>3% er>=0.5 er<12.50", "er>3 er>=.5 er<12.5"},
		{"trend:rising", "rising"},
		{"trend:steady", "trend:steady"},
		{"status:do-not-contact,active", "status:active,dnc"},
		{"owner:<@U2|sam> owner:me owner:@U1", "owner:me,U1,U2"},
		{"sort:trend underrated tag:b a", "a tag:b underrated sort:trend"},
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.in)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", tt.in, err)
		}
		if got := q.String(); got != tt.want {
			t.Errorf("ParseQuery(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
		back, err := ParseQuery(q.String())
		if err != nil || !reflect.DeepEqual(back, q) {
			t.Errorf("ParseQuery(%q) = %#v, %v; want %#v", q.String(), back, err, q)
		}
	}
}

func TestERBoundHolds(t *testing.T) {
	tests := []struct {
		b    ERBound
		rate float64
		want bool
	}{
		{ERBound{Above, 3}, 0.031, true},
		{ERBound{Above, 3}, 300.0 / 10000, false}, // exactly 3%, despite 0.03*100 = 3.0000000000000004
		{ERBound{AtLeast, 3}, 300.0 / 10000, true},
		{ERBound{Below, 1}, 0.0099, true},
		{ERBound{Below, 1}, 0.01, false},
		{ERBound{AtMost, 1}, 0.01, true},
		{ERBound{AtMost, 7}, 0.07, true},
		{ERBound{Above, 0}, 0, false},
		{ERBound{AtLeast, 0}, 0, true},
	}
	for _, tt := range tests {
		if got := tt.b.Holds(tt.rate); got != tt.want {
			t.Errorf("%s holds for %v = %v, want %v", tt.b, tt.rate, got, tt.want)
		}
	}
}

func TestShortSpellingsParseBack(t *testing.T) {
	for _, p := range []rapport.Platform{rapport.Instagram, rapport.TikTok, rapport.YouTube, rapport.Twitch,
		rapport.X, rapport.Facebook, rapport.LinkedIn, rapport.Pinterest, rapport.Snapchat, rapport.Threads} {
		if got, err := rapport.ParsePlatform(shortPlatform(p)); err != nil || got != p {
			t.Errorf("ParsePlatform(%q) = %q, %v; want %q", shortPlatform(p), got, err, p)
		}
	}
	for _, s := range rapport.Statuses {
		if got, err := rapport.ParseStatus(shortStatus(s)); err != nil || got != s {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", shortStatus(s), got, err, s)
		}
	}
}
