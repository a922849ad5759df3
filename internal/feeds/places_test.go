package feeds

import (
	"slices"
	"testing"
)

func TestPlaces(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"country in English", "Earthquake strikes off the coast of Chile", []string{"CL"}},
		{"country in German and French", "Hochwasser in Deutschland, inondations en Allemagne", []string{"DE"}},
		{"Spanish and Portuguese names", "Alemania y Alemanha: dos nombres", []string{"DE"}},
		{"demonym", "Parisian cafés close early as French strike spreads", []string{"FR"}},
		{"city and region", "Floods hit Bavaria; Munich on alert", []string{"DE"}},
		{"order of appearance, deduped", "From Tokyo to Paris and back to Japan", []string{"JP", "FR"}},
		{"multi-word names", "Storm batters New York and Rio de Janeiro", []string{"US", "BR"}},
		{"accents ignored", "Séisme : Pékin et Québec", []string{"CN", "CA"}},
		{"lower case is not a place", "a turkey for dinner and a china plate", nil},
		{"ambiguous country in a sentence", "Protests spread across Georgia after the vote", []string{"GE"}},
		{"ambiguous name next to a capitalised word", "Michael Jordan opens a new store", nil},
		{"ambiguous name in Title Case text", "Nice Weather Ahead For Reading Festival Fans", nil},
		{"Paris Hilton is not Paris", "Paris Hilton launches a fragrance", nil},
		{"Paris is Paris", "Fashion week opens in Paris", []string{"FR"}},
		{"Turkey the country", "Death toll rises after earthquake in Turkey", []string{"TR"}},
		{"hashtag", "#PrayForBoston", []string{"US"}},
		{"nothing", "Quarterly results beat forecasts", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Places(tt.text); !slices.Equal(got, tt.want) {
				t.Fatalf("Places(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestMarketLanguages(t *testing.T) {
	for markets, want := range map[string][]string{
		"":   {"en"},
		"FR": {"en", "fr"},
		"CH": {"en", "de", "fr", "it"},
		"BR": {"en", "pt"},
		"mx": {"en", "es"},
		"JP": {"en"},
	} {
		var ms []string
		if markets != "" {
			ms = []string{markets}
		}
		if got := marketLanguages(ms); !slices.Equal(got, want) {
			t.Errorf("marketLanguages(%v) = %v, want %v", ms, got, want)
		}
	}
}
