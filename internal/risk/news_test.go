package risk

import (
	"math"
	"slices"
	"testing"
	"time"
)

func TestNewsRules(t *testing.T) {
	h := time.Hour
	tests := []struct {
		name    string
		matches []Match
		volume  []VolumeSignal
		markets []string // the campaign's when nil
		level   Level
		want    []string
	}{
		{
			name:    "crisis term in a launch market within 48 hours: red",
			matches: []Match{match(CrisisTerm, "earthquake", "Earthquake hits coast", "US", 3*h)},
			level:   Red,
			want:    []string{`red crisis: Crisis term "earthquake": 1 headline in the last 48 hours (US)`},
		},
		{
			name:    "crisis item published exactly 48 hours before the check still counts as recent",
			matches: []Match{match(CrisisTerm, "earthquake", "Quake", "US", 48*h)},
			level:   Red,
			want:    []string{`red crisis: Crisis term "earthquake": 1 headline in the last 48 hours (US)`},
		},
		{
			name:    "older crisis coverage: amber",
			matches: []Match{match(CrisisTerm, "earthquake", "Quake", "US", 48*h+time.Second)},
			level:   Amber,
			want:    []string{`amber crisis: Crisis term "earthquake": 1 headline, none in the last 48 hours (US)`},
		},
		{
			name: "undated and future-dated crisis items count as recent",
			matches: []Match{
				{Title: "Blast downtown", Link: "https://x/1", Term: "blast", Kind: CrisisTerm, Market: "GB"},
				match(CrisisTerm, "blast", "Blast later", "GB", -2*h),
			},
			level: Red,
			want:  []string{`red crisis: Crisis term "blast": 2 headlines in the last 48 hours (GB)`},
		},
		{
			name:    "crisis in a market the campaign is not launching in is ignored",
			matches: []Match{match(CrisisTerm, "earthquake", "Quake", "DE", h)},
			level:   Green,
			want:    []string{clear},
		},
		{
			name:    "a global source counts for every market; market codes ignore case",
			matches: []Match{match(CrisisTerm, "war", "War", "", h), match(CrisisTerm, "war", "War two", "gb", h)},
			level:   Red,
			want:    []string{`red crisis: Crisis term "war": 2 headlines in the last 48 hours (GB, global)`},
		},
		{
			name:    "without campaign markets every market counts",
			markets: []string{},
			matches: []Match{match(CrisisTerm, "war", "War", "DE", h)},
			level:   Red,
			want:    []string{`red crisis: Crisis term "war": 1 headline in the last 48 hours (DE)`},
		},
		{
			name:    "one sensitive-topic item: amber",
			matches: []Match{match(SensitiveTopic, "election", "Polls open", "US", h)},
			level:   Amber,
			want:    []string{`amber sensitive_topic: Sensitive topic "election": 1 headline in the last 48 hours (US)`},
		},
		{
			name: "three recent items on a sensitive topic: red",
			matches: []Match{
				match(SensitiveTopic, "election", "A", "US", h), match(SensitiveTopic, "Election", "B", "US", 2*h),
				match(SensitiveTopic, "election ", "C", "GB", 47*h),
			},
			level: Red,
			want:  []string{`red sensitive_topic: Sensitive topic "election": 3 headlines in the last 48 hours (GB, US)`},
		},
		{
			name: "two recent and several older items on a sensitive topic stay amber",
			matches: []Match{
				match(SensitiveTopic, "election", "A", "US", h), match(SensitiveTopic, "election", "B", "US", 2*h),
				match(SensitiveTopic, "election", "C", "US", 50*h), match(SensitiveTopic, "election", "D", "US", 60*h),
			},
			level: Amber,
			want:  []string{`amber sensitive_topic: Sensitive topic "election": 4 headlines, 2 in the last 48 hours (US)`},
		},
		{
			name:    "a sensitive topic with a volume spike: red, one reason",
			matches: []Match{match(SensitiveTopic, "election", "A", "US", h)},
			volume:  []VolumeSignal{{Term: "Election", Kind: SensitiveTopic, Recent: 14, Baseline: 2.04, Window: 24 * h}},
			level:   Red,
			want:    []string{`red sensitive_topic: Sensitive topic "election": 1 headline in the last 48 hours (US); coverage spiking (14 in the last 24 hours vs. about 2 usually)`},
		},
		{
			name:    "a campaign keyword alone: amber",
			matches: []Match{match(KeywordMatch, "GlowCo", "GlowCo recalls serum", "GB", h)},
			level:   Amber,
			want:    []string{`amber keyword: Campaign keyword "GlowCo": 1 headline in the last 48 hours (GB)`},
		},
		{
			name:    "a keyword spike is mentioned but stays amber; an empty kind is a keyword",
			matches: []Match{{Title: "GlowCo", Link: "https://x/g", Published: now, Term: "glowco", Market: "US"}},
			volume:  []VolumeSignal{{Term: "GlowCo", Recent: 30, Baseline: 4}},
			level:   Amber,
			want:    []string{`amber keyword: Campaign keyword "glowco": 1 headline in the last 48 hours (US); coverage spiking (30 recently vs. about 4 usually)`},
		},
		{
			name: "the same article from two feeds counts once, naming both markets; matching two terms, it shows under both",
			matches: []Match{
				match(CrisisTerm, "flood", "Flood and storm", "US", h),
				match(CrisisTerm, "flood", "Flood and storm", "", h),
				match(CrisisTerm, "storm", "Flood and storm", "US", h),
			},
			level: Red,
			want: []string{
				`red crisis: Crisis term "flood": 1 headline in the last 48 hours (US, global)`,
				`red crisis: Crisis term "storm": 1 headline in the last 48 hours (US)`,
			},
		},
		{
			name: "items without links are told apart by title",
			matches: []Match{
				{Title: "Riot", Term: "riot", Kind: CrisisTerm, Market: "US", Published: now},
				{Title: "riot ", Term: "riot", Kind: CrisisTerm, Market: "US", Published: now},
				{Title: "Riot two", Term: "riot", Kind: CrisisTerm, Market: "US", Published: now},
			},
			level: Red,
			want:  []string{`red crisis: Crisis term "riot": 2 headlines in the last 48 hours (US)`},
		},
		{
			name:   "a crisis spike without matching items: red on its own",
			volume: []VolumeSignal{{Term: "outage", Kind: CrisisTerm, Recent: 9, Baseline: 3, Window: 6 * h}},
			level:  Red,
			want:   []string{`red volume_spike: Coverage spike for crisis term "outage": 9 in the last 6 hours vs. about 3 usually`},
		},
		{
			name:   "a keyword spike without matching items: amber",
			volume: []VolumeSignal{{Term: "GlowCo", Recent: 5}},
			level:  Amber,
			want:   []string{`amber volume_spike: Coverage spike for campaign keyword "GlowCo": 5 recently vs. about 0 usually`},
		},
		{
			name: "below the spike threshold nothing is said",
			volume: []VolumeSignal{
				{Term: "a", Kind: CrisisTerm, Recent: 4},
				{Term: "b", Kind: CrisisTerm, Recent: 8, Baseline: 3},
			},
			level: Green,
			want:  []string{clear},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := input(func(in *Input) {
				in.Matches, in.Volume = tt.matches, tt.volume
				if tt.markets != nil {
					in.Markets = tt.markets
				}
			})
			checkAssess(t, in, tt.level, tt.want)
		})
	}
}

func TestSpiking(t *testing.T) {
	tests := []struct {
		recent   int
		baseline float64
		want     bool
	}{
		{5, 0, true},
		{4, 0, false},
		{5, 5.0 / 3, true},
		{5, 1.67, false}, // 3 × 1.67 = 5.01
		{6, 2, true},
		{5, 2, false},
		{9, 3, true},
		{8, 3, false},
		{5, -1, true},
		{5, math.NaN(), true},
		{1 << 30, math.Inf(1), false},
	}
	for _, tt := range tests {
		if got := Spiking(VolumeSignal{Recent: tt.recent, Baseline: tt.baseline}); got != tt.want {
			t.Errorf("Spiking(recent %d, baseline %v) = %v, want %v", tt.recent, tt.baseline, got, tt.want)
		}
	}
}

func TestEvidence(t *testing.T) {
	var ms []Match
	for i, ago := range []time.Duration{5, 1, 9, 3, 7, 2, 8} {
		ms = append(ms, match(CrisisTerm, "war", "Item "+string(rune('A'+i)), "US", ago*time.Hour))
	}
	ms = append(ms, Match{Title: "Undated", Link: "https://x/u", Term: "war", Kind: CrisisTerm, Market: "US"})
	a := Assess(input(func(in *Input) { in.Matches = ms }))
	ev := a.Reasons[0].Evidence
	var got []string
	for _, e := range ev {
		got = append(got, e.Title)
	}
	// Newest first, at most five, undated last.
	if want := []string{"Item B", "Item F", "Item D", "Item A", "Item E"}; !slices.Equal(got, want) {
		t.Errorf("evidence = %q, want %q", got, want)
	}
	if e := ev[0]; e.URL != "https://news.example/item-b" || e.Source != "Wire US" || !e.Published.Equal(now.Add(-time.Hour)) {
		t.Errorf("evidence carries title, link, source and date: %+v", e)
	}
}

func TestRedMatches(t *testing.T) {
	h := time.Hour
	in := input(func(in *Input) {
		in.Matches = []Match{
			match(CrisisTerm, "flood", "Flood", "US", 2*h),
			match(CrisisTerm, "storm", "Flood", "US", 2*h), // the same article under another term
			match(CrisisTerm, "flood", "Old flood", "US", 72*h),
			match(CrisisTerm, "fire", "Fire", "US", h),
			match(KeywordMatch, "glowco", "GlowCo news", "US", h),
			match(SensitiveTopic, "election", "Election", "US", h),
			match(CrisisTerm, "quake", "Quake abroad", "DE", h),
		}
	})
	var got []string
	for _, m := range RedMatches(in) {
		got = append(got, m.Title)
	}
	if want := []string{"Fire", "Flood"}; !slices.Equal(got, want) {
		t.Errorf("RedMatches = %q, want %q", got, want)
	}
}
