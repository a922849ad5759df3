package csvimport

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// diffRows reports which rows differ before failing with all of them.
func diffRows(t *testing.T, got, want []CampaignRow) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			t.Errorf("missing row %d: %+v", i, want[i])
		case i >= len(want):
			t.Errorf("unexpected row %d: %+v", i, got[i])
		case !reflect.DeepEqual(got[i].Campaign, want[i].Campaign):
			t.Errorf("row %d campaign:\n got %+v\nwant %+v", i, got[i].Campaign, want[i].Campaign)
		case !reflect.DeepEqual(got[i].Participation, want[i].Participation):
			t.Errorf("row %d participation:\n got %+v\nwant %+v", i, got[i].Participation, want[i].Participation)
		}
	}
}

func TestParseCampaignsGoodFile(t *testing.T) {
	res, err := ParseCampaigns(open(t, "campaigns_good.csv"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, nil)
	checkWarnings(t, res.Warnings,
		"spend on lines 2, 4, 5 was written with EUR, which was dropped: amounts are imported as written, not converted")
	u := rapport.Unknown
	spring := rapport.Campaign{
		ID: "spring-glow-24", Name: "Spring Glow '24", Brand: "Lumière Skincare",
		Start: date("2024-04-02"), End: date("2024-04-30"),
		LaunchAt: utc("2024-04-02T07:00:00Z"), TimeZone: "Europe/Paris", // CEST from 31 March
		Markets: []string{"FR", "BE"}, Channel: "C0LAUNCH01",
	}
	holiday := rapport.Campaign{
		ID: "holiday-edit", Name: "Holiday Edit", Brand: "Lumière Skincare",
		Start: date("2023-11-20"), End: date("2023-12-15"),
		LaunchAt: utc("2023-11-20T15:00:00Z"), TimeZone: "America/New_York",
		Markets: []string{"US", "CA"},
	}
	ambassador := rapport.Campaign{
		ID: "glow-edit-jan-2024", Name: "Glow Edit Jan 2024", Brand: "Lumière Skincare",
		Start: date("2024-01-05"), End: date("2024-01-25"), Markets: []string{"US"},
	}
	want := []CampaignRow{
		{spring, rapport.Participation{CampaignID: spring.ID, Handle: "ava.moreau", Spend: k(45000),
			Notes: "Reel + 3 stories; embargo until 09:00 Paris"}},
		{spring, rapport.Participation{CampaignID: spring.ID, Handle: "thriftwithtilly", Spend: k(1800)}},
		{holiday, rapport.Participation{CampaignID: holiday.ID, Handle: "glowwithjade", Spend: k(5000),
			Reach: k(612000), Engagements: k(96000), Clicks: k(8900), Conversions: k(410), Rating: k(4.5),
			Notes: `Gift-set unboxing & "shelfie" <3`}},
		{holiday, rapport.Participation{CampaignID: holiday.ID, Handle: "nightowl.nails", Spend: k(1200),
			Reach: k(3900), Engagements: k(610), Clicks: k(95), Conversions: k(7), Rating: k(4)}},
		{holiday, rapport.Participation{CampaignID: holiday.ID, Handle: "zerodechet.chloe", Spend: k(450),
			Reach: k(5100), Engagements: k(2900), Clicks: k(610), Conversions: k(58), Rating: k(5),
			Notes: "Tiny audience,\nhuge saves & DMs"}},
		{ambassador, rapport.Participation{CampaignID: ambassador.ID, Handle: "glowwithjade", Spend: k(40000),
			Reach: k(1_100_000), Engagements: k(88500), Clicks: u, Conversions: u, Rating: k(5)}},
	}
	diffRows(t, res.Rows, want)
	if !slices.Equal(res.Lines, []int{2, 3, 4, 5, 6, 8}) {
		t.Errorf("lines = %v, want [2 3 4 5 6 8]", res.Lines)
	}
	if v, ok := res.Rows[4].Participation.CPE(); !ok || v != 450.0/2900 {
		t.Errorf("CPE = %v, %v", v, ok)
	}
}

func TestParseCampaignsVendorHeader(t *testing.T) {
	res, err := ParseCampaigns(open(t, "campaigns_vendor.csv"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, nil)
	checkWarnings(t, res.Warnings, `ignoring unknown column "Impressions"`, "written with EUR")
	c := rapport.Campaign{
		ID: "reset-routine", Name: "Reset Routine", Brand: "Lumière Skincare",
		Start: date("2023-12-11"), End: date("2023-12-25"),
		LaunchAt: utc("2023-12-11T08:00:00Z"), TimeZone: "Europe/Paris",
		Markets: []string{"FR", "DE", "GB"}, Channel: "C0LAUNCH01",
	}
	diffRows(t, res.Rows, []CampaignRow{{c, rapport.Participation{
		CampaignID: c.ID, Handle: "ava.moreau", Spend: k(48000), Engagements: k(39000), Clicks: k(2900),
		Conversions: k(110), Rating: k(2), Notes: "Second weak result in a row",
	}}})
}

func TestParseCampaignsBadRows(t *testing.T) {
	res, err := ParseCampaigns(open(t, "campaigns_bad.csv"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, []wantError{
		{3, "campaign", "is empty; name the campaign"},
		{4, "campaign", `"!!!" has no letters or digits`},
		{5, "handle", `"bad handle" has ' '`},
		{6, "start", `"2024-03" is a month; give the day too, like 2024-03-01`},
		{7, "end", "2024-02-01 is before the start, 2024-02-10"},
		{8, "timezone", `is empty, but launch_at "2024-02-01 09:00" is a local time; add a timezone such as Europe/Paris`},
		{9, "timezone", `unknown time zone "Mars/Olympus"`},
		{10, "timezone", `"CET" is an abbreviation`},
		{11, "launch_at", `"2024-02-01" has no time of day`},
		{12, "channel", `"#launch-spring" looks like a channel name`},
		{13, "spend", `"-500" is negative`},
		{14, "rating", `"6" is not a rating from 1 to 5`},
		{15, "notes", "is 1001 characters long; keep notes to 1000"},
		{16, "clicks", `"12.5" is 12.5, not a whole number of clicks`},
		{17, "markets", `"EU" is not an ISO 3166 country code`},
		{18, "channel", `"Instagram" is a platform`},
		{19, "spend", `"12abc" is not an amount`},
		{20, "start", `"2040-01-01" is more than 10 years ahead`},
		{21, "launch_at", `"tomorrow" is not a date and time`},
		{22, "", "has 3 fields but the header has 16"},
	})
	if !slices.Equal(res.Lines, []int{2, 23}) {
		t.Errorf("lines = %v, want [2 23]", res.Lines)
	}
}

func TestParseCampaignsTimeChanges(t *testing.T) {
	res, err := ParseCampaigns(open(t, "campaigns_dst.csv"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, []wantError{
		{2, "launch_at", "2026-03-29 02:30 does not exist in Europe/Paris: that night the clocks jump from 02:00 to 03:00"},
		{3, "launch_at", "2026-03-08 02:15 does not exist in America/New_York: that night the clocks jump from 02:00 to 03:00"},
		{6, "launch_at", "2026-10-04 02:15 does not exist in Australia/Lord_Howe: that night the clocks jump from 02:00 to 02:30"},
	})
	checkWarnings(t, res.Warnings,
		"line 4: launch_at 2026-10-25 02:30 happens twice in Europe/Paris (the clocks go back that night); using the first, at 02:30 +02:00",
		`line 7: launch_at "2026-12-01T09:00+02:00" has offset +02:00, but Europe/Paris is at +01:00 then; using the time as written, 08:00 in Europe/Paris`,
	)
	want := map[string]time.Time{
		"fall-back":              utc("2026-10-25T00:30:00Z"),
		"spring-forward-morning": utc("2026-03-29T07:00:00Z"),
		"offset-mismatch":        utc("2026-12-01T07:00:00Z"),
	}
	for _, r := range res.Rows {
		if w, ok := want[r.Campaign.ID]; !ok || !r.Campaign.LaunchAt.Equal(w) || r.Campaign.TimeZone != "Europe/Paris" {
			t.Errorf("%s launches at %v in %q, want %v in Europe/Paris", r.Campaign.ID, r.Campaign.LaunchAt, r.Campaign.TimeZone, w)
		}
	}
	if len(res.Rows) != len(want) {
		t.Errorf("%d rows, want %d", len(res.Rows), len(want))
	}
}

func TestParseCampaignsCampaignFieldsAgree(t *testing.T) {
	res, err := ParseCampaigns(open(t, "campaigns_mixed.csv"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, []wantError{
		{4, "brand", `is "Lumiere Beauty" here but "Lumière Skincare" on line 2; every row of campaign "Winter Launch" must agree`},
		{5, "start", "is 2024-01-09 here but 2024-01-08 on line 2"},
		{6, "launch_at", "is 2024-01-08 09:00 Europe/London here but 2024-01-08 09:00 Europe/Paris on line 2"},
		{6, "timezone", "is Europe/London here but Europe/Paris on line 2"},
		{8, "channel", "is C0OTHER001 here but C0LAUNCH01 on line 2; every row of campaign \"Winter Launch\" must agree, so match line 2 or leave the cell blank"},
		{9, "end", "is 2024-02-15 here but 2024-01-31 on line 2"},
		{11, "end", "2023-09-20 is before the start, 2023-10-01 on line 10"},
	})
	checkWarnings(t, res.Warnings)
	if !slices.Equal(res.Lines, []int{2, 3, 7, 10, 12}) {
		t.Fatalf("lines = %v, want [2 3 7 10 12]", res.Lines)
	}
	winter := res.Rows[0].Campaign
	for _, r := range res.Rows[:3] {
		if !reflect.DeepEqual(r.Campaign, winter) {
			t.Errorf("%s's campaign = %+v, want line 2's %+v", r.Participation.Handle, r.Campaign, winter)
		}
	}
	if winter.Name != "Winter Launch" || !slices.Equal(winter.Markets, []string{"FR", "BE"}) || winter.Channel != "C0LAUNCH01" {
		t.Errorf("winter = %+v", winter)
	}
	// Line 12 gives brand and markets first; line 10's row has them too.
	autumn := res.Rows[3].Campaign
	if autumn.Brand != "Lumière Skincare" || !slices.Equal(autumn.Markets, []string{"US"}) || !autumn.Start.Equal(date("2023-10-01")) {
		t.Errorf("autumn from line 10 = %+v", autumn)
	}
	if !reflect.DeepEqual(res.Rows[4].Campaign, autumn) {
		t.Errorf("autumn rows differ: %+v vs %+v", res.Rows[4].Campaign, autumn)
	}
	res.Rows[0].Campaign.Markets[0] = "XX"
	if res.Rows[1].Campaign.Markets[0] != "FR" {
		t.Error("rows of one campaign share a markets slice")
	}
}

func TestParseCampaignsDuplicates(t *testing.T) {
	res, err := ParseCampaigns(open(t, "campaigns_duplicates.csv"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, nil)
	checkWarnings(t, res.Warnings, "line 4 repeats ava.moreau in Spring Glow from line 2; using line 4")
	if len(res.Rows) != 2 || res.Rows[1].Participation.Spend != k(46000) || res.Rows[1].Participation.Rating != k(4) {
		t.Errorf("rows = %+v, want thriftwithtilly then line 4's ava.moreau", res.Rows)
	}
	if !slices.Equal(res.Lines, []int{3, 4}) {
		t.Errorf("lines = %v, want [3 4]", res.Lines)
	}
}

func TestParseCampaignsWarnings(t *testing.T) {
	const header = "campaign,handle,start,spend,engagements\n"
	tests := []struct {
		name string
		rows string
		want []string
	}{
		{"mixed currencies", "A,a,2024-01-01,$500,\nB,b,2024-01-01,€400,\nC,c,2024-01-01,300 EUR,\n", []string{
			"spend on lines 2, 3, 4 was written with $, EUR, which was dropped: amounts are imported as written, not converted; the file mixes currencies",
		}},
		{"results before the start", "A,a,2024-04-01,500,120\nA,b,,500,\nB,c,2024-03-01,500,80\n", []string{
			"line 2 gives results for a campaign that has not started yet",
		}},
		{"plain numbers", "A,a,2024-01-01,500,120\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ParseCampaigns(strings.NewReader(header+tt.rows), testNow)
			if err != nil {
				t.Fatal(err)
			}
			checkErrors(t, res.Errors, nil)
			checkWarnings(t, res.Warnings, tt.want...)
		})
	}
}

func TestParseCampaignsInheritsTimeZone(t *testing.T) {
	res, err := ParseCampaigns(strings.NewReader("campaign,handle,launch_at,timezone\n"+
		"Launch,a,2024-06-01 09:00,Asia/Tokyo\n"+
		"Launch,b,2024-06-01 09:00,\n"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, nil)
	if len(res.Rows) != 2 || !res.Rows[1].Campaign.LaunchAt.Equal(utc("2024-06-01T00:00:00Z")) {
		t.Errorf("rows = %+v, want both launching at 09:00 Tokyo", res.Rows)
	}
}

func TestParseCampaignsUnusableFiles(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "campaigns file is empty"},
		{"no handle", "campaign,brand,spend\n", `no "handle" column`},
		{"no campaign", "handle,spend\n", `no "campaign" column`},
		{"two names", "campaign,campaign_name,handle\n", "two columns for campaign"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCampaigns(strings.NewReader(tt.in), testNow)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}
