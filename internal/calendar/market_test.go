package calendar

import (
	"errors"
	"testing"
)

func TestMarketsCoverTheLaunchMarkets(t *testing.T) {
	withHolidays := []string{"US", "GB", "FR", "DE", "ES", "IT", "NL", "BE", "CH", "AT", "IE", "CA", "AU", "BR", "JP"}
	without := []string{"MX", "IN"}
	for _, code := range append(withHolidays, without...) {
		m, err := LookupMarket(code)
		if err != nil {
			t.Errorf("LookupMarket(%s): %v", code, err)
			continue
		}
		if _, err := m.Location(); err != nil {
			t.Errorf("%s: %v", code, err)
		}
		if m.Name == "" {
			t.Errorf("%s has no name", code)
		}
	}
	for _, code := range withHolidays {
		if m, _ := LookupMarket(code); !m.HasHolidays() {
			t.Errorf("%s should have holiday data", code)
		}
	}
	for _, code := range without {
		if m, _ := LookupMarket(code); m.HasHolidays() {
			t.Errorf("%s should report that it has no holiday data", code)
		}
	}
	if len(Markets()) != len(withHolidays)+len(without) {
		t.Errorf("Markets() has %d markets", len(Markets()))
	}
}

func TestMarketZones(t *testing.T) {
	// Multi-zone countries use the capital's or the most populous region's zone.
	want := map[string]string{
		"US": "America/New_York", "CA": "America/Toronto", "AU": "Australia/Sydney",
		"BR": "America/Sao_Paulo", "MX": "America/Mexico_City", "JP": "Asia/Tokyo",
		"IN": "Asia/Kolkata", "GB": "Europe/London", "ES": "Europe/Madrid",
	}
	for code, zone := range want {
		if m, _ := LookupMarket(code); m.Zone != zone {
			t.Errorf("%s zone = %s; want %s", code, m.Zone, zone)
		}
	}
}

func TestLookupMarket(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{"GB", "GB", false},
		{" jp ", "JP", false},
		{"uk", "GB", false},
		{"XX", "", true},
		{"United States", "", true},
		{"*", "", true},
	}
	for _, tt := range tests {
		m, err := LookupMarket(tt.in)
		if tt.wantErr {
			if !errors.Is(err, ErrUnknownMarket) {
				t.Errorf("LookupMarket(%q) error = %v; want ErrUnknownMarket", tt.in, err)
			}
			continue
		}
		if err != nil || m.Code != tt.want {
			t.Errorf("LookupMarket(%q) = %s, %v; want %s", tt.in, m.Code, err, tt.want)
		}
	}
}

func TestMarketsIsACopy(t *testing.T) {
	Markets()[0].Code = "ZZ"
	if Markets()[0].Code == "ZZ" {
		t.Error("callers can change the market table")
	}
}
