package feeds

import (
	"math"
	"testing"
	"time"
)

func TestVolume(t *testing.T) {
	now := fetchedAt
	h := time.Hour
	day := 24 * h
	item := func(title string, ago time.Duration) Item {
		return Item{Title: title, Published: now.Add(-ago)}
	}
	guessed := func(it Item) Item { it.DateGuessed = true; return it }
	// history is one item a day before a window, the oldest on the baseline's first
	// instant, so that the items cover the whole baseline.
	history := func(title string, days int, window time.Duration) []Item {
		var items []Item
		for d := range days {
			items = append(items, item(title, window+time.Duration(d+1)*day))
		}
		return items
	}
	tests := []struct {
		name         string
		items        []Item
		term         string
		window       time.Duration
		baselineDays int
		want         VolumeSignal
	}{
		{
			name: "a spike: five today against one a day",
			items: append(history("Acme recall widens", 7, day),
				item("Acme recall", h), item("Acme recall: more", 2*h), item("ACME RECALL", 3*h),
				item("Acme recalls", 4*h), item("Acme recall again", 5*h)),
			term: "recall", window: day, baselineDays: 7,
			// "Acme recalls" counts too: terms match their inflections.
			want: VolumeSignal{Recent: 5, Baseline: 1, BaselineSpan: 7 * day},
		},
		{
			name:  "the baseline is scaled to a shorter window",
			items: append(history("Acme recall", 7, 6*h), item("Acme recall", h)),
			term:  "recall", window: 6 * h, baselineDays: 7,
			want: VolumeSignal{Recent: 1, Baseline: 7.0 / 7 / 4, BaselineSpan: 7 * day},
		},
		{
			name:  "items outside the baseline, in the future or with guessed dates are left out",
			items: append(history("War", 7, day), item("War", 30*day), item("War", -2*h), guessed(item("War", h)), item("War", 10*h)),
			term:  "war", window: day, baselineDays: 7,
			want: VolumeSignal{Recent: 1, Baseline: 1, BaselineSpan: 7 * day},
		},
		{
			name: "shallow feeds: the baseline averages over the history they cover",
			items: []Item{
				item("Quiet news", 2*day+day), // the oldest item, any topic: two days before the window
				item("Flood warning", day+2*h), item("Flood defences hold", 2*day),
				item("Flood", 2*h),
			},
			term: "flood", window: day, baselineDays: 7,
			want: VolumeSignal{Recent: 1, Baseline: 1, BaselineSpan: 2 * day},
		},
		{
			name:  "no history before the window",
			items: []Item{item("Flood", h), item("Flood again", 2*h)},
			term:  "flood", window: day, baselineDays: 7,
			want: VolumeSignal{Recent: 2},
		},
		{
			name:  "whole words only",
			items: []Item{item("Warm award for war film", h), item("Warsaw swarm", 2*h), item("Award", 3*day)},
			term:  "war", window: day, baselineDays: 7,
			want: VolumeSignal{Recent: 1, Baseline: 0, BaselineSpan: 2 * day},
		},
		{
			name:  "the window's start belongs to the baseline",
			items: []Item{item("Quake", day), item("Quake", day-time.Nanosecond), item("Old", 2*day)},
			term:  "quake", window: day, baselineDays: 7,
			want: VolumeSignal{Recent: 1, Baseline: 1, BaselineSpan: day},
		},
		{name: "no window", items: history("War", 3, day), term: "war", window: 0, baselineDays: 7},
		{name: "no items", term: "war", window: day, baselineDays: 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Volume(tt.items, tt.term, now, tt.window, tt.baselineDays)
			if got.Recent != tt.want.Recent || got.BaselineSpan != tt.want.BaselineSpan ||
				math.Abs(got.Baseline-tt.want.Baseline) > 1e-9 {
				t.Fatalf("Volume = %+v, want %+v", got, tt.want)
			}
		})
	}
}
