package engagement

import (
	"math"
	"testing"
)

func TestSparkline(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		ok     []bool
		want   string
	}{
		{"empty", nil, nil, ""},
		{"min to max", []float64{0, 1, 2, 3, 4, 5, 6, 7}, nil, "▁▂▃▄▅▆▇█"},
		{"scaled to the values' own range", []float64{0.02, 0.03, 0.05}, nil, "▁▃█"},
		{"constant draws mid bars", []float64{0.03, 0.03, 0.03}, nil, "▄▄▄"},
		{"a single value is constant", []float64{5}, nil, "▄"},
		{"gaps", []float64{1, 0, 3, 0, 2}, []bool{true, false, true, false, true}, "▁·█·▅"},
		{"gaps do not count in the scale", []float64{1, 100, 2}, []bool{true, false, true}, "▁·█"},
		{"ok shorter than values: the rest are gaps", []float64{1, 2, 3}, []bool{true, true}, "▁█·"},
		{"all missing", []float64{1, 2}, []bool{false, false}, "··"},
		{"NaN and infinity are gaps", []float64{1, math.NaN(), math.Inf(1), 2}, nil, "▁··█"},
		{"the whole float range", []float64{-math.MaxFloat64, 0, math.MaxFloat64}, nil, "▁▅█"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sparkline(tt.values, tt.ok); got != tt.want {
				t.Errorf("Sparkline(%v, %v) = %q; want %q", tt.values, tt.ok, got, tt.want)
			}
		})
	}
}
