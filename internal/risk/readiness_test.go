package risk

import (
	"fmt"
	"testing"
	"time"
)

func TestReadinessRules(t *testing.T) {
	ago := func(days float64) time.Time { return now.Add(-time.Duration(days * float64(day))) }
	many := make([]ReadinessItem, 13)
	for i := range many {
		many[i] = ReadinessItem{Handle: fmt.Sprintf("creator%02d", i), LastContact: ago(float64(20 + i))}
	}
	tests := []struct {
		name  string
		items []ReadinessItem
		level Level
		want  []string
	}{
		{
			name:  "contacted within 14 days: nothing to say",
			items: []ReadinessItem{{Handle: "mia", LastContact: ago(13.9)}, {Handle: "leo", LastContact: now.Add(time.Hour)}},
			level: Green,
			want:  []string{clear},
		},
		{
			name: "not contacted for 14 days or more, or never: one amber reason, longest gap first",
			items: []ReadinessItem{
				{Handle: "mia", LastContact: ago(14)},
				{Handle: "@zoe"},
				{Handle: "leo", LastContact: ago(40.5)},
				{Handle: "ana"},
				{Handle: "bo", LastContact: ago(2)},
			},
			level: Amber,
			want:  []string{"amber contact_overdue: Not contacted in 14 days or more: @ana (never), @zoe (never), @leo (41 days), @mia (14 days)", clear},
		},
		{
			name:  "a long list names ten and counts the rest",
			items: many,
			level: Amber,
			want: []string{"amber contact_overdue: Not contacted in 14 days or more: @creator12 (32 days), @creator11 (31 days), " +
				"@creator10 (30 days), @creator09 (29 days), @creator08 (28 days), @creator07 (27 days), @creator06 (26 days), " +
				"@creator05 (25 days), @creator04 (24 days), @creator03 (23 days) and 3 more", clear},
		},
		{
			name: "declining and inactive flags: one amber reason; other flags are not readiness concerns",
			items: []ReadinessItem{
				{Handle: "mia", LastContact: ago(1), Flags: []string{"Inactive", "spike", "declining"}},
				{Handle: "leo", LastContact: ago(1), Flags: []string{"rising", "divergence"}},
				{Handle: "ana", LastContact: ago(1), Flags: []string{" declining "}},
			},
			level: Amber,
			want:  []string{"amber engagement_flag: Engagement flags worth a look: @ana (declining), @mia (declining, inactive)", clear},
		},
		{
			name: "a handle listed twice counts once; a blank handle is skipped",
			items: []ReadinessItem{
				{Handle: "Mia"}, {Handle: "@mia", Flags: []string{"declining"}}, {Handle: " ", Flags: []string{"inactive"}},
			},
			level: Amber,
			want:  []string{"amber contact_overdue: Not contacted in 14 days or more: @Mia (never)", clear},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkAssess(t, input(func(in *Input) { in.Readiness = tt.items }), tt.level, tt.want)
		})
	}
}
