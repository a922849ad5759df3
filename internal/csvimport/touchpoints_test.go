package csvimport

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// tp builds an imported touchpoint as testNow logs it.
func tp(id, handle string, kind rapport.TouchpointKind, at time.Time, by, note string) rapport.Touchpoint {
	return rapport.Touchpoint{ID: id, Handle: handle, Kind: kind, At: at, LoggedAt: testNow, By: by, Note: note}
}

// noon is a day as a touchpoint file's bare date records it.
func noon(day string) time.Time { return date(day).Add(12 * time.Hour) }

// diffTouchpoints reports which rows differ before failing with all of them.
func diffTouchpoints(t *testing.T, got, want []rapport.Touchpoint) {
	t.Helper()
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			t.Errorf("missing row %d: %+v", i, want[i])
		case i >= len(want):
			t.Errorf("unexpected row %d: %+v", i, got[i])
		case !reflect.DeepEqual(got[i], want[i]):
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func parseTouchpointsFixture(t *testing.T, name string) Result[rapport.Touchpoint] {
	t.Helper()
	res, err := ParseTouchpoints(open(t, name), testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != len(res.Lines) {
		t.Fatalf("%d rows but %d lines", len(res.Rows), len(res.Lines))
	}
	return res
}

// The IDs are written out rather than recomputed: they are what makes a second import of
// a file change nothing, so a change to how they are derived must be deliberate.
func TestParseTouchpointsGoodFile(t *testing.T) {
	res := parseTouchpointsFixture(t, "touchpoints_good.csv")
	checkErrors(t, res.Errors, nil)
	checkWarnings(t, res.Warnings,
		`the "at" column on line 5 has a time but no zone or offset, so it was read as UTC; if it is local, add the offset`)
	diffTouchpoints(t, res.Rows, []rapport.Touchpoint{
		tp("fed90d70d9acef66", "ava.moreau", rapport.KindCall, noon("2024-03-14"), "U024BE7LH",
			"Talked through the spring launch brief"),
		tp("5cd17be246a209db", "glowwithjade", rapport.KindEmail, utc("2024-03-12T15:30:00Z"), "U0OWNER02",
			"Sent the contract, with usage rights, for review"),
		tp("5cef95280baffb7e", "thriftwithtilly", rapport.KindDM, utc("2024-03-10T09:15:00Z"), "", ""),
		tp("c86554daf56bd2cc", "nightowl.nails", rapport.KindMeeting, utc("2024-03-01T14:30:00Z"), "W0ENTERP1",
			"Coffee in Lyon:\nloves the new \"midnight\" shades"),
		tp("34e824f18becebbe", "zerodechet.chloe", rapport.KindGift, noon("2024-03-02"), "U024BE7LH", "Spring PR box"),
		tp("431958a629d24389", "ava.moreau", rapport.KindEvent, utc("2024-02-20T23:00:00Z"), "", "Met at the NYC showcase"),
		tp("bd5a4ddbe2bbe5c3", "glowwithjade", rapport.KindContent, noon("2024-02-15"), "U0OWNER02",
			"Reposted her unboxing reel"),
		tp("c3c21eff0bbad66e", "thriftwithtilly", rapport.KindOther, noon("2024-02-01"), "", ""),
	})
	// The quoted note spans lines 5 and 6, so the next row is on line 7.
	if want := []int{2, 3, 4, 5, 7, 8, 9, 10}; !slices.Equal(res.Lines, want) {
		t.Errorf("lines = %v, want %v", res.Lines, want)
	}
	for i, r := range res.Rows {
		if r.At.Location() != time.UTC || r.LoggedAt.Location() != time.UTC {
			t.Errorf("row %d is not in UTC: %v, %v", i, r.At, r.LoggedAt)
		}
	}
}

func TestParseTouchpointsVendorHeaderAndKindAliases(t *testing.T) {
	res := parseTouchpointsFixture(t, "touchpoints_vendor.csv")
	checkErrors(t, res.Errors, nil)
	checkWarnings(t, res.Warnings, `ignoring unknown column "Campaign" (the touchpoints columns are handle, at, kind, by, note)`)
	diffTouchpoints(t, res.Rows, []rapport.Touchpoint{
		tp("57513e2f143ab363", "ava.moreau", rapport.KindCall, noon("2024-03-14"), "U024BE7LH", "Spring brief"),
		tp("f7e0068e24f9b145", "ava.moreau", rapport.KindCall, noon("2024-03-13"), "U024BE7LH", ""),
		tp("238d4ab25a4fb852", "glowwithjade", rapport.KindEmail, noon("2024-03-12"), "U0OWNER02", "Contract"),
		tp("de1c6b663ab53ed5", "glowwithjade", rapport.KindEmail, noon("2024-03-11"), "U0OWNER02", ""),
		tp("e8fdd799b5023f8d", "thriftwithtilly", rapport.KindDM, noon("2024-03-10"), "", ""),
		tp("384e4d2c4a34af13", "thriftwithtilly", rapport.KindDM, noon("2024-03-09"), "", ""),
		tp("308cc10a87ffcb09", "nightowl.nails", rapport.KindMeeting, noon("2024-03-08"), "", ""),
		tp("d342430368c7bf7e", "nightowl.nails", rapport.KindMeeting, noon("2024-03-07"), "", ""),
		tp("b064385e5f1a65a3", "zerodechet.chloe", rapport.KindGift, noon("2024-03-06"), "", ""),
		tp("9bcba3bb9ac8fa5c", "zerodechet.chloe", rapport.KindContent, noon("2024-03-05"), "", ""),
	})
}

// A European export: byte-order mark, CRLF, ';' between fields, "User" for who logged it
// and "Channel" for the kind; the physical lines stay right after a note spanning two.
func TestParseTouchpointsSemicolonExport(t *testing.T) {
	res := parseTouchpointsFixture(t, "touchpoints_semicolon.csv")
	checkErrors(t, res.Errors, []wantError{
		{2, "When", `"14.03.2024": write dates as YYYY-MM-DD (2024-03-14)`},
		{5, "User", `"@priya" looks like a name`},
	})
	checkWarnings(t, res.Warnings, `the "When" column on line 6 has a time but no zone or offset`)
	diffTouchpoints(t, res.Rows, []rapport.Touchpoint{
		tp("567a49209b693b00", "ava.moreau", rapport.KindDM, utc("2024-03-14T09:30:00Z"), "U024BE7LH",
			"Sent moodboard;\nshe replied within the hour"),
		tp("eb147275da21d5ef", "glowwithjade", rapport.KindEmail, utc("2024-03-13T18:00:00Z"), "U0OWNER02", ""),
	})
	if want := []int{3, 6}; !slices.Equal(res.Lines, want) {
		t.Errorf("lines = %v, want %v", res.Lines, want)
	}
}

func TestParseTouchpointsBadRows(t *testing.T) {
	res := parseTouchpointsFixture(t, "touchpoints_bad.csv")
	checkErrors(t, res.Errors, []wantError{
		{3, "handle", "is empty"},
		{4, "handle", `"bad handle" has ' '`},
		{5, "at", "is empty; give the day of the contact, like 2026-11-20, or 2026-11-20T14:30+01:00 for a time"},
		{6, "at", `"yesterday" is not a date`},
		{7, "at", `"02/03/2024" is ambiguous: 2024-03-02 or 2024-02-03? write dates as YYYY-MM-DD`},
		{8, "at", `"2024-03" is a month; give the day too`},
		{9, "at", `"2024-02-30" is not a calendar date`},
		{10, "at", `"2024-03-17" is after today (2024-03-15); log a contact once it has happened`},
		{11, "at", `"2024-03-16T11:00Z" is in the future (it is now 2024-03-15 10:00 UTC)`},
		{12, "at", `"1999-12-31T10:00Z" is before 2000; check the year`},
		{13, "at", `"2024-03-14 25:00" is not a date or a date and time; write 2026-11-20, or 2026-11-20T14:30+01:00`},
		{14, "at", `"02/03/2024" is ambiguous`},
		{15, "kind", "is empty; use one of call, email, dm, meeting, event, gift, content, other"},
		{16, "kind", `"fax" is not a touchpoint kind; use one of call, email`},
		{17, "by", `"@priya" looks like a name; give the Slack member ID`},
		{18, "by", `"12345" is not a Slack member ID`},
		{19, "note", "is 2001 characters long; keep notes to 2000"},
		{20, "handle", `"bad handle" has ' '`},
		{20, "at", `"someday" is not a date`},
		{20, "kind", `"fax" is not a touchpoint kind`},
		{20, "by", `"priya" looks like a name`},
		{21, "", "has 3 fields but the header has 5"},
		{22, "note", `has a " inside a value without quotes around it`},
	})
	checkWarnings(t, res.Warnings)
	diffTouchpoints(t, res.Rows, []rapport.Touchpoint{
		tp("38190a220d595fe4", "ava.moreau", rapport.KindCall, noon("2024-03-14"), "U024BE7LH", "good row"),
		tp("91d268ecd7dfea3e", "thriftwithtilly", rapport.KindDM, noon("2024-03-13"), "", "still imported"),
	})
	if want := []int{2, 23}; !slices.Equal(res.Lines, want) {
		t.Errorf("lines = %v, want %v", res.Lines, want)
	}
	if err := res.Err(); err == nil || !strings.Contains(err.Error(), `line 10: at: "2024-03-17" is after today`) {
		t.Errorf("Err() = %v", err)
	}
}

// Rows that say the same thing, however written, are one touchpoint; a different note or
// logger makes a different one.
func TestParseTouchpointsDuplicates(t *testing.T) {
	res := parseTouchpointsFixture(t, "touchpoints_duplicates.csv")
	checkErrors(t, res.Errors, nil)
	checkWarnings(t, res.Warnings,
		"line 4 repeats ava.moreau's call on 2024-03-14 from line 2; using line 4",
		"line 5 repeats ava.moreau's call at 2024-03-14 12:00 UTC from line 4; using line 5")
	diffTouchpoints(t, res.Rows, []rapport.Touchpoint{
		tp("2ba1f10ed7ce1e58", "glowwithjade", rapport.KindEmail, noon("2024-03-12"), "", "Contract sent"),
		tp("57513e2f143ab363", "ava.moreau", rapport.KindCall, noon("2024-03-14"), "U024BE7LH", "Spring brief"),
		tp("9b19d46e595232c7", "ava.moreau", rapport.KindCall, noon("2024-03-14"), "U024BE7LH", "Spring brief - follow-up"),
		tp("1a8c4e19a1f12e26", "ava.moreau", rapport.KindCall, noon("2024-03-14"), "", "Spring brief"),
	})
	if want := []int{3, 5, 6, 7}; !slices.Equal(res.Lines, want) {
		t.Errorf("lines = %v, want %v", res.Lines, want)
	}
}

// Importing a file again, later, names the same touchpoints: only LoggedAt moves.
func TestParseTouchpointsIDsAreStable(t *testing.T) {
	first := parseTouchpointsFixture(t, "touchpoints_good.csv")
	later := testNow.Add(30 * 24 * time.Hour).In(time.FixedZone("", -7*3600))
	again, err := ParseTouchpoints(open(t, "touchpoints_good.csv"), later)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Rows) != len(again.Rows) {
		t.Fatalf("%d rows, then %d", len(first.Rows), len(again.Rows))
	}
	for i := range first.Rows {
		a, b := first.Rows[i], again.Rows[i]
		if !b.LoggedAt.Equal(later) || b.LoggedAt.Location() != time.UTC {
			t.Errorf("row %d LoggedAt = %v, want %v in UTC", i, b.LoggedAt, later)
		}
		b.LoggedAt = a.LoggedAt
		if !reflect.DeepEqual(a, b) {
			t.Errorf("row %d changed:\n%+v\n%+v", i, a, b)
		}
	}
	// Spelling, case and spacing that normalise away do not change the ID.
	res, err := ParseTouchpoints(strings.NewReader(
		"handle,at,kind,by,note\n@Ava.Moreau, 2024-03-14T12:00Z ,Phone, <@U024BE7LH|ava> , Spring brief\n"), testNow)
	if err != nil || len(res.Rows) != 1 {
		t.Fatalf("res = %+v, %v", res, err)
	}
	if got := res.Rows[0].ID; got != "57513e2f143ab363" {
		t.Errorf("ID = %s, want the vendor fixture's 57513e2f143ab363", got)
	}
}

func TestParseTouchpointsNotInTheFuture(t *testing.T) {
	for _, tc := range []struct {
		at     string
		want   time.Time // zero when refused
		reason string
	}{
		{"2024-03-15", noon("2024-03-15"), ""},
		// Tomorrow by UTC's calendar is already today east of Greenwich.
		{"2024-03-16", noon("2024-03-16"), ""},
		{"2024-03-17", time.Time{}, `"2024-03-17" is after today (2024-03-15)`},
		{"2024-03-16T09:59Z", utc("2024-03-16T09:59:00Z"), ""},
		{"2024-03-16T10:00Z", utc("2024-03-16T10:00:00Z"), ""},
		{"2024-03-16T10:01Z", time.Time{}, `"2024-03-16T10:01Z" is in the future (it is now 2024-03-15 10:00 UTC)`},
		// Ten past midnight in Kiribati is twenty past ten UTC the day before.
		{"2024-03-16T00:10+14:00", utc("2024-03-15T10:10:00Z"), ""},
		{"2024-03-17T09:00+14:00", time.Time{}, "is in the future"},
	} {
		t.Run(tc.at, func(t *testing.T) {
			res, err := ParseTouchpoints(strings.NewReader("handle,at,kind\nava.moreau,"+tc.at+",call\n"), testNow)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want.IsZero() {
				checkErrors(t, res.Errors, []wantError{{2, "at", tc.reason}})
				return
			}
			checkErrors(t, res.Errors, nil)
			if len(res.Rows) != 1 || !res.Rows[0].At.Equal(tc.want) {
				t.Errorf("rows = %+v, want At %v", res.Rows, tc.want)
			}
		})
	}
}

func TestParseTouchpointsAt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
		form atForm
	}{
		{"2024-03-14", noon("2024-03-14"), atDay},
		{"2024/3/14", noon("2024-03-14"), atDay},
		{"14 Mar 2024", noon("2024-03-14"), atDay},
		{"March 14, 2024", noon("2024-03-14"), atDay},
		{"2024-03-14T14:30:00Z", utc("2024-03-14T14:30:00Z"), atInstant},
		{"2024-03-14t14:30z", utc("2024-03-14T14:30:00Z"), atInstant},
		{"2024-03-14T14:30+01:00", utc("2024-03-14T13:30:00Z"), atInstant},
		{"2024-03-14 14:30:00-0500", time.Time{}, 0}, // a space before a bare offset is not a layout
		{"2024-03-14T14:30:00.250+01:00", utc("2024-03-14T13:30:00.25Z"), atInstant},
		{"2024-03-14 14:30", utc("2024-03-14T14:30:00Z"), atWall},
		{"2024-03-14T14:30", utc("2024-03-14T14:30:00Z"), atWall},
		{"2024-03-14 2:30 pm", utc("2024-03-14T14:30:00Z"), atWall},
		{"2024-03-14 2 PM", utc("2024-03-14T14:00:00Z"), atWall},
		{"2024-03-14 14:30 UTC", utc("2024-03-14T14:30:00Z"), atInstant},
		{"2024-03-14 14:30:00 gmt", utc("2024-03-14T14:30:00Z"), atInstant},
	} {
		at, form, err := parseTouchpointAt(tc.in)
		switch {
		case tc.want.IsZero():
			if err == nil {
				t.Errorf("parseTouchpointAt(%q) = %v, want an error", tc.in, at)
			}
		case err != nil:
			t.Errorf("parseTouchpointAt(%q): %v", tc.in, err)
		case !at.Equal(tc.want) || at.Location() != time.UTC || form != tc.form:
			t.Errorf("parseTouchpointAt(%q) = %v, form %d; want %v, form %d", tc.in, at, form, tc.want, tc.form)
		}
	}
}

func TestParseTouchpointKind(t *testing.T) {
	for want, spellings := range map[rapport.TouchpointKind][]string{
		rapport.KindCall:    {"call", "CALL", "phone", " Phone  Call "},
		rapport.KindEmail:   {"email", "E-mail", "mail"},
		rapport.KindDM:      {"dm", "DM", "message", "direct message"},
		rapport.KindMeeting: {"meeting", "meet", "Coffee"},
		rapport.KindEvent:   {"event"},
		rapport.KindGift:    {"gift", "present"},
		rapport.KindContent: {"content", "post"},
		rapport.KindOther:   {"other"},
	} {
		for _, in := range spellings {
			if got, err := parseTouchpointKind(in); err != nil || got != want {
				t.Errorf("parseTouchpointKind(%q) = %q, %v; want %q", in, got, err, want)
			}
		}
	}
	for _, in := range []string{"", "  ", "fax", "e mail", "calls", "meeting room"} {
		if got, err := parseTouchpointKind(in); err == nil {
			t.Errorf("parseTouchpointKind(%q) = %q, want an error", in, got)
		}
	}
}

func TestParseTouchpointsNoteLength(t *testing.T) {
	for _, tc := range []struct {
		note string
		ok   bool
	}{
		{strings.Repeat("é", rapport.MaxNoteLength), true}, // runes, not bytes
		{strings.Repeat("é", rapport.MaxNoteLength+1), false},
	} {
		res, err := ParseTouchpoints(strings.NewReader("handle,at,kind,note\nava.moreau,2024-03-14,call,"+tc.note+"\n"), testNow)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(res.Rows) == 1; got != tc.ok {
			t.Errorf("note of %d runes: imported = %v, errors %v", len([]rune(tc.note)), got, res.Errors)
		}
	}
}

func TestParseTouchpointsHeaders(t *testing.T) {
	// "user" is the logger in a contact log, not the influencer's username.
	res, err := ParseTouchpoints(strings.NewReader(
		"Username,When,Channel,User,Comment\nava.moreau,2024-03-14,phone,U024BE7LH,hi\n"), testNow)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, nil)
	checkWarnings(t, res.Warnings)
	if len(res.Rows) != 1 || res.Rows[0].By != "U024BE7LH" || res.Rows[0].Handle != "ava.moreau" || res.Rows[0].Note != "hi" {
		t.Errorf("rows = %+v", res.Rows)
	}

	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", "touchpoints file is empty"},
		{"no kind", "handle,at,by\nava.moreau,2024-03-14,U024BE7LH\n", `touchpoints file has no "kind" column`},
		{"no at", "handle,kind\nava.moreau,call\n", `touchpoints file has no "at" column`},
		{"user is not the handle", "user,at,kind\nU024BE7LH,2024-03-14,call\n", `touchpoints file has no "handle" column`},
		{"two dates", "handle,date,timestamp,kind\n", `two columns for at: "date" (column 2) and "timestamp" (column 3)`},
		{"two loggers", "handle,at,kind,owner,logged_by\n", "two columns for by"},
		{"UTF-16", "\xFF\xFEh\x00", "UTF-16"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ParseTouchpoints(strings.NewReader(tc.in), testNow)
			if !errors.Is(err, ErrHeader) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want ErrHeader mentioning %q", err, tc.want)
			}
			if len(res.Rows) != 0 || len(res.Errors) != 0 {
				t.Errorf("res = %+v", res)
			}
		})
	}
}

func TestParseTouchpointsReadError(t *testing.T) {
	boom := errors.New("connection reset")
	res, err := ParseTouchpoints(&failingReader{data: "handle,at,kind\nava.moreau,2024-03-14,call\n", err: boom}, testNow)
	if !errors.Is(err, boom) || errors.Is(err, ErrHeader) {
		t.Fatalf("err = %v, want it to wrap the reader's error", err)
	}
	if len(res.Rows) != 0 {
		t.Errorf("rows = %+v, want none with the error", res.Rows)
	}
}
