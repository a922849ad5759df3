package engagement

import (
	"math"
	"testing"
)

func TestTierFor(t *testing.T) {
	tests := []struct {
		followers float64
		want      Tier
	}{
		{0, Nano},
		{9_999, Nano},
		{10_000, Micro}, // lower bounds are inclusive
		{99_999, Micro},
		{100_000, Mid},
		{499_999, Mid},
		{500_000, Macro},
		{999_999, Macro},
		{1_000_000, Mega},
		{2e9, Mega},
		{-1, ""},
		{math.NaN(), ""},
		{math.Inf(1), ""},
	}
	for _, tt := range tests {
		if got := TierFor(tt.followers); got != tt.want {
			t.Errorf("TierFor(%v) = %q; want %q", tt.followers, got, tt.want)
		}
	}
}

func TestTierLabels(t *testing.T) {
	seen := map[string]bool{}
	for _, tr := range Tiers {
		l := tr.Label()
		if seen[l] || l == Tier("").Label() {
			t.Errorf("label %q is not distinct", l)
		}
		seen[l] = true
		if got, ok := ParseTier(string(tr)); !ok || got != tr {
			t.Errorf("ParseTier(%q) = %q, %v", tr, got, ok)
		}
	}
	if _, ok := ParseTier("huge"); ok {
		t.Error("ParseTier accepted an unknown tier")
	}
}
