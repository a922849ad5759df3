package rapport

import (
	"slices"
	"strings"
	"testing"
)

func TestParseMarkets(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{in: "", want: nil},
		{in: " ; , ", want: nil},
		{in: "US", want: []string{"US"}},
		{in: " fr ; be ;", want: []string{"FR", "BE"}},
		{in: "UK;GB;gb", want: []string{"GB"}},
		{in: "uk", want: []string{"GB"}},
		{in: "US, MX", want: []string{"US", "MX"}},
		{in: "XK", want: []string{"XK"}},
		{in: "EN;US", wantErr: `"EN" is not an ISO 3166 country code`},
		{in: "USA", wantErr: `"USA" is not an ISO 3166 country code`},
		{in: "EU;LATAM", wantErr: `"EU", "LATAM" are not ISO 3166 country codes`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseMarkets(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseMarkets(%q) = %v, %v; want error %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("ParseMarkets(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNormalizeMarket(t *testing.T) {
	for in, want := range map[string]string{
		"GB": "GB", " gb ": "GB", "UK": "GB", "uk": "GB", " Uk": "GB", "fr": "FR", "xx": "XX", "": "",
	} {
		if got := NormalizeMarket(in); got != want {
			t.Errorf("NormalizeMarket(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsCountryCode(t *testing.T) {
	for code, want := range map[string]bool{"GB": true, "XK": true, "US": true, "gb": false, "UK": false, "EN": false, "": false, "USA": false} {
		if got := IsCountryCode(code); got != want {
			t.Errorf("IsCountryCode(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestCountryCodesComplete(t *testing.T) {
	// 249 assigned ISO 3166-1 alpha-2 codes, plus XK.
	if got := len(countrySet); got != 250 {
		t.Errorf("%d country codes, want 250", got)
	}
}

// TestAliasesNameCountries: every alias leads to a code that exists, and no alias shadows
// one.
func TestAliasesNameCountries(t *testing.T) {
	for alias, code := range marketAliases {
		if !IsCountryCode(code) {
			t.Errorf("alias %q leads to %q, which is not a country code", alias, code)
		}
		if IsCountryCode(alias) {
			t.Errorf("alias %q is itself a country code", alias)
		}
	}
}
