package csvimport

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func FuzzParseTouchpoints(f *testing.F) {
	seedFixtures(f, "touchpoints_")
	f.Add("handle,at,kind\na,2024-03-16,call\na,2024-03-16T10:00:00Z,call\na,2024-03-16T23:59:59+14:00,call\n")
	f.Add("handle;at;kind;by;note\n@A;2024-03-14 14:30;Phone;<@U1|x>;\"x\ny\"\n@a;2024-03-14T14:30Z;call;U1;\"x\ny\"\n")
	f.Add("handle,at,kind,note\na,2024-03-14 2 PM,post,\"a|b\"\na|b,2024-03-14,dm,\n")
	f.Add("handle,at,kind\na,0001-01-01T00:00:00Z,call\na,9999-12-31T23:59:59-23:59,call\n")
	// The latest At accepted: a date and time a day ahead, or noon tomorrow for a bare date.
	latest := testNow.Add(24 * time.Hour)
	if y, m, d := testNow.Date(); time.Date(y, m, d+1, 12, 0, 0, 0, time.UTC).After(latest) {
		latest = time.Date(y, m, d+1, 12, 0, 0, 0, time.UTC)
	}
	f.Fuzz(func(t *testing.T, in string) {
		res, err := ParseTouchpoints(strings.NewReader(in), testNow)
		if err != nil {
			if len(res.Rows) != 0 || len(res.Errors) != 0 {
				t.Fatalf("fatal error %v came with rows or row errors", err)
			}
			return
		}
		if len(res.Rows) != len(res.Lines) {
			t.Fatalf("%d rows but %d lines", len(res.Rows), len(res.Lines))
		}
		ids := make(map[string]bool)
		for i, r := range res.Rows {
			if res.Lines[i] < 2 || (i > 0 && res.Lines[i] <= res.Lines[i-1]) {
				t.Fatalf("lines %v are not increasing from 2", res.Lines)
			}
			if len(r.ID) != 16 || strings.Trim(r.ID, "0123456789abcdef") != "" || r.ID != importedTouchpointID(r) {
				t.Fatalf("row %d has ID %q", i, r.ID)
			}
			if ids[r.ID] {
				t.Fatalf("ID %s kept twice", r.ID)
			}
			ids[r.ID] = true
			if rapport.ValidateHandle(r.Handle) != nil || r.Handle != rapport.NormalizeHandle(r.Handle) {
				t.Fatalf("row %d has handle %q", i, r.Handle)
			}
			if !slices.Contains(rapport.TouchpointKinds, r.Kind) {
				t.Fatalf("row %d has kind %q", i, r.Kind)
			}
			if r.At.IsZero() || r.At.Location() != time.UTC || r.At.After(latest) || r.At.Year() < earliestYear {
				t.Fatalf("row %d has At %v", i, r.At)
			}
			if !r.LoggedAt.Equal(testNow) || r.LoggedAt.Location() != time.UTC {
				t.Fatalf("row %d has LoggedAt %v", i, r.LoggedAt)
			}
			if r.By != "" && !isUserID(r.By) {
				t.Fatalf("row %d has by %q", i, r.By)
			}
			if utf8.RuneCountInString(r.Note) > rapport.MaxNoteLength || r.Note != strings.TrimSpace(r.Note) {
				t.Fatalf("row %d has note %q", i, r.Note)
			}
		}
		for _, e := range res.Errors {
			if e.Line < 1 || e.Reason == "" {
				t.Fatalf("row error without a line or reason: %#v", e)
			}
		}
		// Importing again gives the same touchpoints: what makes a re-import change nothing.
		again, err := ParseTouchpoints(strings.NewReader(in), testNow)
		if err != nil || !reflect.DeepEqual(res, again) {
			t.Fatalf("a second parse differs:\n%+v\n%+v, %v", res, again, err)
		}
	})
}
