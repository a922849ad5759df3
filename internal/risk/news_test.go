package risk

import (
	"math"
	"slices"
	"testing"
	"time"
)

func TestNewsRules(t *testing.T) {
	h := time.Hour
	quake := func(source, market string, ago time.Duration, places ...string) Match {
		m := crisis("earthquake", SeverityHigh, "Earthquake shakes region "+source, market, ago, places...)
		m.Source = source
		return m
	}
	tests := []struct {
		name    string
		matches []Match
		volume  []VolumeSignal
		markets []string // the campaign's when nil
		level   Level
		want    []string
	}{
		{
			name:    "a high-severity event reported by two sources in a launch market: red",
			matches: []Match{quake("Wire US", "US", 3*h, "US"), quake("Daily", "", 5*h, "US")},
			level:   Red,
			want:    []string{`red crisis: Event "earthquake" (US): 2 headlines from 2 sources, all in the last 2 days; high severity; in a launch market (US)`},
		},
		{
			name:    "the same event from one source only: amber, not confirmed",
			matches: []Match{quake("Wire US", "US", 3*h)},
			level:   Amber,
			want:    []string{`amber crisis: Event "earthquake": 1 headline in the last 2 days; high severity; a single source so far, not confirmed; reported by the launch markets' news (US)`},
		},
		{
			name:    "two stories from one outlet are still one source: amber",
			matches: []Match{quake("Wire US", "US", 3*h, "US"), withSource(crisis("earthquake", SeverityHigh, "Earthquake aftershocks", "US", 2*h, "US"), "Wire US")},
			level:   Amber,
			want:    []string{`amber crisis: Event "earthquake" (US): 2 headlines, all in the last 2 days; high severity; a single source so far, not confirmed; in a launch market (US)`},
		},
		{
			name:    "one source with a coverage spike on the term: red",
			matches: []Match{quake("Wire US", "US", 3*h)},
			volume:  []VolumeSignal{{Term: "Earthquake", Kind: CrisisTerm, Recent: 14, Baseline: 2, Window: 24 * h}},
			level:   Red,
			want:    []string{`red crisis: Event "earthquake": 1 headline in the last 2 days; high severity; coverage spiking (14 in the last 24 hours vs. about 2 usually); reported by the launch markets' news (US)`},
		},
		{
			name:    "corroborated but far from the markets: amber",
			matches: []Match{quake("Wire US", "US", 3*h, "PH"), quake("Daily", "", 5*h, "PH")},
			level:   Amber,
			want:    []string{`amber crisis: Event "earthquake" (PH): 2 headlines from 2 sources, all in the last 2 days; high severity; far from the launch markets (PH)`},
		},
		{
			name:    "corroborated next door: red",
			matches: []Match{quake("Wire US", "US", 3*h, "CA"), quake("Daily", "", 5*h, "CA")},
			level:   Red,
			want:    []string{`red crisis: Event "earthquake" (CA): 2 headlines from 2 sources, all in the last 2 days; high severity; near the launch markets (CA)`},
		},
		{
			name:    "old news: amber",
			matches: []Match{quake("Wire US", "US", 50*h, "US"), quake("Daily", "", 60*h, "US")},
			level:   Amber,
			want:    []string{`amber crisis: Event "earthquake" (US): 2 headlines from 2 sources, none in the last 2 days; high severity; in a launch market (US)`},
		},
		{
			name: "medium severity stays amber however many sources",
			matches: []Match{
				withSource(crisis("shooting", SeverityMedium, "Shooting downtown", "US", h), "A"),
				withSource(crisis("shooting", SeverityMedium, "Shooting suspect held", "US", 2*h), "B"),
				withSource(crisis("shooting", SeverityMedium, "Police name shooting victim", "", 3*h), "C"),
			},
			level: Amber,
			want:  []string{`amber crisis: Event "shooting": 3 headlines from 3 sources, all in the last 2 days; medium severity; reported by the launch markets' news (US)`},
		},
		{
			name: "a high term in the summary only counts as medium",
			matches: []Match{
				withSource(inSummary(crisis("earthquake", SeverityHigh, "Rebuilding a town", "US", h)), "A"),
				withSource(inSummary(crisis("earthquake", SeverityHigh, "Ten years on", "US", h)), "B"),
			},
			level: Amber,
			want:  []string{`amber crisis: Event "earthquake": 2 headlines from 2 sources, all in the last 2 days; medium severity; reported by the launch markets' news (US)`},
		},
		{
			name:    "low-severity words alone say nothing",
			matches: []Match{crisis("storm", SeverityLow, "A storm of nostalgia", "US", h), crisis("damage", SeverityLow, "Damage control for a brand", "GB", h)},
			level:   Green,
			want:    []string{clear},
		},
		{
			name: "low-severity words join an event as evidence, not as a source",
			matches: []Match{
				withSource(crisis("flood", SeverityHigh, "Floods cut off towns", "GB", h, "GB"), "A"),
				withSource(crisis("flood", SeverityLow, "Flood clean-up", "GB", h, "GB"), "B"),
			},
			level: Amber,
			want:  []string{`amber crisis: Event "flood" (GB): 1 headline in the last 2 days; high severity; a single source so far, not confirmed; in a launch market (GB)`},
		},
		{
			name: "two stories on one event under different words are one event; another country's is another",
			matches: []Match{
				withSource(crisis("earthquake", SeverityHigh, "Earthquake hits Turkey", "", h, "TR"), "A"),
				withSource(crisis("death toll", SeverityHigh, "Turkey death toll rises", "", 2*h, "TR"), "B"),
				withSource(crisis("earthquake", SeverityHigh, "Earthquake in Chile", "", h, "CL"), "C"),
			},
			level: Amber,
			want: []string{
				`amber crisis: Event "earthquake" (CL): 1 headline in the last 2 days; high severity; a single source so far, not confirmed; far from the launch markets (CL)`,
				`amber crisis: Event "earthquake" (TR): 2 headlines from 2 sources, all in the last 2 days; high severity; far from the launch markets (TR)`,
			},
		},
		{
			name:    "another market's local news that names no country is left out",
			matches: []Match{quake("Wire DE", "DE", h), quake("Zeitung", "DE", h)},
			level:   Green,
			want:    []string{clear},
		},
		{
			name:    "a global source naming no country may concern any market",
			matches: []Match{quake("Wire", "", h), quake("Daily", "", h)},
			level:   Red,
			want:    []string{`red crisis: Event "earthquake": 2 headlines from 2 sources, all in the last 2 days; high severity; no country named, from a global source`},
		},
		{
			name:    "without campaign markets every market counts",
			markets: []string{},
			matches: []Match{quake("Wire DE", "DE", h, "DE"), quake("Zeitung", "DE", h, "DE")},
			level:   Red,
			want:    []string{`red crisis: Event "earthquake" (DE): 2 headlines from 2 sources, all in the last 2 days; high severity; in a launch market (DE)`},
		},
		{
			name: "the brand with a harm term: red, wherever published",
			matches: []Match{
				match(KeywordMatch, "Lumora", "Lumora serum linked to burns", "DE", h),
				match(HarmTerm, "burns", "Lumora serum linked to burns", "DE", h),
			},
			level: Red,
			want:  []string{`red brand_harm: News about "Lumora" with "burns": 1 headline in the last 2 days (DE) — harm news about the brand`},
		},
		{
			name: "older harm news about the brand: amber",
			matches: []Match{
				match(KeywordMatch, "Lumora", "Regulator bans Lumora serum", "GB", 72*h),
				match(HarmTerm, "bans", "Regulator bans Lumora serum", "GB", 72*h),
			},
			level: Amber,
			want:  []string{`amber brand_harm: News about "Lumora" with "bans": 1 headline, none in the last 2 days (GB) — harm news about the brand`},
		},
		{
			name: "a crisis term in an article about the brand is harm news about the brand",
			matches: []Match{
				match(KeywordMatch, "Lumora", "Fire halts Lumora factory", "FR", h),
				crisis("fire", SeverityMedium, "Fire halts Lumora factory", "FR", h),
			},
			level: Red,
			// FR is not a launch market: the fire is not news for the launch, the brand is.
			want: []string{`red brand_harm: News about "Lumora" with "fire": 1 headline in the last 2 days (FR) — harm news about the brand`},
		},
		{
			name:    "good news about the brand is context, not risk",
			matches: []Match{match(KeywordMatch, "Lumora", "Lumora sales soar as serum sells out", "GB", h)},
			volume:  []VolumeSignal{{Term: "lumora", Recent: 30, Baseline: 4}},
			level:   Green,
			want:    []string{`green keyword: Campaign keyword "Lumora": 1 headline in the last 2 days (GB); coverage spiking (30 recently vs. about 4 usually) — brand news, shown as context`},
		},
		{
			name:    "a harm term without the brand is nothing",
			matches: []Match{match(HarmTerm, "recall", "Carmaker recalls 2,000 vans", "US", h)},
			level:   Green,
			want:    []string{clear},
		},
		{
			name:    "one sensitive-topic item: amber",
			matches: []Match{match(SensitiveTopic, "election", "Polls open", "US", h)},
			level:   Amber,
			want:    []string{`amber sensitive_topic: Sensitive topic "election": 1 headline in the last 2 days (US)`},
		},
		{
			name: "three recent items on a sensitive topic: red",
			matches: []Match{
				match(SensitiveTopic, "election", "A", "US", h), match(SensitiveTopic, "Election", "B", "US", 2*h),
				match(SensitiveTopic, "election ", "C", "GB", 47*h),
			},
			level: Red,
			want:  []string{`red sensitive_topic: Sensitive topic "election": 3 headlines in the last 2 days (GB, US)`},
		},
		{
			name: "two recent and several older items on a sensitive topic stay amber",
			matches: []Match{
				match(SensitiveTopic, "election", "A", "US", h), match(SensitiveTopic, "election", "B", "US", 2*h),
				match(SensitiveTopic, "election", "C", "US", 50*h), match(SensitiveTopic, "election", "D", "US", 60*h),
			},
			level: Amber,
			want:  []string{`amber sensitive_topic: Sensitive topic "election": 4 headlines, 2 in the last 2 days (US)`},
		},
		{
			name:    "a sensitive topic with a volume spike: red, one reason",
			matches: []Match{match(SensitiveTopic, "election", "A", "US", h)},
			volume:  []VolumeSignal{{Term: "Election", Kind: SensitiveTopic, Recent: 14, Baseline: 2.04, Window: 24 * h}},
			level:   Red,
			want:    []string{`red sensitive_topic: Sensitive topic "election": 1 headline in the last 2 days (US); coverage spiking (14 in the last 24 hours vs. about 2 usually)`},
		},
		{
			name:   "a crisis spike without an article to name the event: amber",
			volume: []VolumeSignal{{Term: "outage", Kind: CrisisTerm, Recent: 9, Baseline: 3, Window: 6 * h}},
			level:  Amber,
			want:   []string{`amber volume_spike: Coverage spike for crisis term "outage": 9 in the last 6 hours vs. about 3 usually`},
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
		ms = append(ms, crisis("war", SeverityHigh, "Item "+string(rune('A'+i)), "US", ago*time.Hour))
	}
	ms = append(ms, Match{Title: "Undated", Link: "https://x/u", Term: "war", Kind: CrisisTerm, Severity: SeverityHigh, InTitle: true, Market: "US"})
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
			withSource(crisis("flood", SeverityHigh, "Flood", "US", 2*h), "A"),
			withSource(crisis("storm", SeverityLow, "Flood", "US", 2*h), "A"), // the same article under another term
			withSource(crisis("flood", SeverityHigh, "Flood spreads", "US", 3*h), "B"),
			withSource(crisis("flood", SeverityHigh, "Old flood", "US", 72*h), "C"),
			withSource(crisis("fire", SeverityHigh, "Fire", "US", h), "A"), // one source only: amber
			match(KeywordMatch, "glowco", "GlowCo news", "US", h),
			match(KeywordMatch, "glowco", "GlowCo recall", "US", 4*h),
			match(HarmTerm, "recall", "GlowCo recall", "US", 4*h),
			match(SensitiveTopic, "election", "Election", "US", h),
			withSource(crisis("quake", SeverityHigh, "Quake abroad", "DE", h), "A"),
			withSource(crisis("quake", SeverityHigh, "Quake abroad again", "DE", h), "B"),
		}
	})
	var got []string
	for _, m := range RedMatches(in) {
		got = append(got, m.Title)
	}
	if want := []string{"Flood", "Flood spreads", "GlowCo recall"}; !slices.Equal(got, want) {
		t.Errorf("RedMatches = %q, want %q", got, want)
	}
}

// TestEventsByHazard checks that reports worded differently are one event when they
// describe the same kind of happening, and stay apart when they do not.
func TestEventsByHazard(t *testing.T) {
	h := time.Hour
	report := func(term string, sev Severity, source string, ago time.Duration, hazards []string, places ...string) Match {
		m := crisis(term, sev, "Report of "+term+" from "+source, "US", ago, places...)
		m.Source, m.Hazards = source, hazards
		return m
	}
	weather, impact, fire := []string{"weather"}, []string{HazardImpact}, []string{"fire", "explosion"}
	tests := []struct {
		name    string
		matches []Match
		level   Level
		want    []string // sorted as reasons are: by level, then text
	}{
		{
			name:    "tornado and flash flood from two sources: one weather event, red",
			matches: []Match{report("tornado", SeverityHigh, "Wire US", 3*h, weather), report("flash flood", SeverityHigh, "Daily", 5*h, weather)},
			level:   Red,
			want:    []string{`red crisis: Event "tornado": 2 headlines from 2 sources, all in the last 2 days; high severity; reported by the launch markets' news (US)`},
		},
		{
			name:    "the storm's casualties join the storm",
			matches: []Match{report("tornado", SeverityHigh, "Wire US", 3*h, weather), report("killed", SeverityHigh, "Daily", 5*h, impact)},
			level:   Red,
			want:    []string{`red crisis: Event "tornado": 2 headlines from 2 sources, all in the last 2 days; high severity; reported by the launch markets' news (US)`},
		},
		{
			name:    "two impact-only reports with different words may be unrelated: two single-source events",
			matches: []Match{report("killed", SeverityHigh, "Wire US", 3*h, impact), report("injured", SeverityHigh, "Daily", 5*h, impact)},
			level:   Amber,
			want: []string{
				`amber crisis: Event "injured": 1 headline in the last 2 days; high severity; a single source so far, not confirmed; reported by the launch markets' news (US)`,
				`amber crisis: Event "killed": 1 headline in the last 2 days; high severity; a single source so far, not confirmed; reported by the launch markets' news (US)`,
			},
		},
		{
			name:    "different hazards stay apart",
			matches: []Match{report("tornado", SeverityHigh, "Wire US", 3*h, weather), report("explosion", SeverityHigh, "Daily", 5*h, fire)},
			level:   Amber,
			want: []string{
				`amber crisis: Event "explosion": 1 headline in the last 2 days; high severity; a single source so far, not confirmed; reported by the launch markets' news (US)`,
				`amber crisis: Event "tornado": 1 headline in the last 2 days; high severity; a single source so far, not confirmed; reported by the launch markets' news (US)`,
			},
		},
		{
			name:    "the same hazard in two countries is two events",
			matches: []Match{report("flood", SeverityHigh, "Wire US", 3*h, weather, "US"), report("cyclone", SeverityHigh, "Daily", 5*h, weather, "AU")},
			level:   Amber,
			want: []string{
				`amber crisis: Event "cyclone" (AU): 1 headline in the last 2 days; high severity; a single source so far, not confirmed; far from the launch markets (AU)`,
				`amber crisis: Event "flood" (US): 1 headline in the last 2 days; high severity; a single source so far, not confirmed; in a launch market (US)`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkAssess(t, input(func(in *Input) { in.Matches = tt.matches }), tt.level, tt.want)
		})
	}
}

func TestSharesHazard(t *testing.T) {
	tests := []struct {
		a, b []string
		want bool
	}{
		{[]string{"weather"}, []string{"weather", HazardImpact}, true},
		{[]string{HazardImpact}, []string{"fire"}, true},
		{[]string{"fire"}, []string{HazardImpact}, true},
		{[]string{HazardImpact}, []string{HazardImpact}, false},
		{[]string{"weather", HazardImpact}, []string{"fire", HazardImpact}, false},
		{nil, []string{"fire"}, false},
		{[]string{"fire"}, nil, false},
	}
	for _, tt := range tests {
		if got := sharesHazard(tt.a, tt.b); got != tt.want {
			t.Errorf("sharesHazard(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
