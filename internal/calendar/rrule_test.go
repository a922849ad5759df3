package calendar

import (
	"fmt"
	"testing"
	"time"

	"github.com/teambition/rrule-go"
)

// TestRuleWindowsMatchPlainIteration checks the shortcut startsBetween takes (one period at
// a time, from the window, shifted by 400-year cycles) against rrule-go iterating from
// DTSTART, for RFC 5545's examples and rules that stress period boundaries.
func TestRuleWindowsMatchPlainIteration(t *testing.T) {
	rules := []string{
		"FREQ=DAILY;COUNT=10",
		"FREQ=DAILY;INTERVAL=10;COUNT=5",
		"FREQ=DAILY;INTERVAL=3",
		"FREQ=DAILY;BYMONTH=1",
		"FREQ=DAILY;BYDAY=TU,TH;BYHOUR=9,17",
		"FREQ=WEEKLY;COUNT=10",
		"FREQ=WEEKLY;INTERVAL=2;WKST=SU",
		"FREQ=WEEKLY;BYDAY=TU,TH",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR;WKST=SU",
		"FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
		"FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
		"FREQ=WEEKLY;INTERVAL=3;BYDAY=SA,SU;WKST=TH;BYSETPOS=-1",
		"FREQ=MONTHLY;BYDAY=1FR",
		"FREQ=MONTHLY;INTERVAL=2;BYDAY=1SU,-1SU",
		"FREQ=MONTHLY;BYDAY=-2MO",
		"FREQ=MONTHLY;BYMONTHDAY=-3",
		"FREQ=MONTHLY;BYMONTHDAY=2,15",
		"FREQ=MONTHLY;BYMONTHDAY=31",
		"FREQ=MONTHLY;INTERVAL=18;BYMONTHDAY=10,11,12,13,14,15",
		"FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
		"FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13",
		"FREQ=MONTHLY;BYDAY=TU,WE,TH;BYSETPOS=3",
		"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2",
		"FREQ=YEARLY;BYMONTH=6,7",
		"FREQ=YEARLY;INTERVAL=2;BYMONTH=1,2,3",
		"FREQ=YEARLY;INTERVAL=3;BYYEARDAY=1,100,200",
		"FREQ=YEARLY;BYDAY=20MO",
		"FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
		"FREQ=YEARLY;BYWEEKNO=1,53;BYDAY=SU;WKST=SU",
		"FREQ=YEARLY;BYMONTH=3;BYDAY=TH",
		"FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8",
		"FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
		"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
		"FREQ=YEARLY;BYYEARDAY=-1,-366",
		"FREQ=YEARLY;BYMONTH=11;BYDAY=2SU",
		"FREQ=YEARLY;UNTIL=20300101",
	}
	starts := []time.Time{
		time.Date(1997, 9, 2, 9, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 23, 30, 0, 0, time.UTC),
		time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
	}
	windows := [][2]time.Time{
		{time.Date(1997, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(1997, 12, 1, 0, 0, 0, 0, time.UTC)},
		{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)},
		{time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 6, 0, 0, 0, 0, time.UTC)},
		{time.Date(2028, 2, 25, 0, 0, 0, 0, time.UTC), time.Date(2028, 3, 3, 0, 0, 0, 0, time.UTC)},
		{time.Date(2099, 12, 20, 0, 0, 0, 0, time.UTC), time.Date(2100, 3, 10, 0, 0, 0, 0, time.UTC)},
	}
	for _, value := range rules {
		for _, start := range starts {
			r, _, err := parseRule(value, icsTime{t: start, floating: true})
			if err != nil {
				t.Fatalf("%s: %v", value, err)
			}
			opt, err := rrule.StrToROption(value)
			if err != nil {
				t.Fatal(err)
			}
			opt.Dtstart = start
			plain, err := rrule.NewRRule(*opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range windows {
				want := fmt.Sprint(plain.Between(w[0], w[1], true))
				got := fmt.Sprint(r.startsBetween(w[0], w[1], MaxInstances))
				if got != want {
					t.Errorf("%s from %s, %s..%s:\n  got  %s\n  want %s", value, start.Format(time.DateTime),
						w[0].Format(time.DateOnly), w[1].Format(time.DateOnly), got, want)
				}
			}
		}
	}
}
