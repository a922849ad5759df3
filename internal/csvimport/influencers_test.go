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

func TestParseInfluencersGoodFile(t *testing.T) {
	res, err := ParseInfluencers(open(t, "influencers_good.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, nil)
	checkWarnings(t, res.Warnings)
	want := []rapport.Influencer{
		{
			Handle: "ava.moreau", Name: "Ava Moreau", Markets: []string{"FR", "BE"},
			Tags: []string{"fashion", "beauty"}, Owner: "U0PRIYA", Backup: "U0LENA",
			Status: rapport.StatusActive, Cadence: 14 * 24 * time.Hour,
			Contact: rapport.Contact{Name: "Claire Dubois", Role: "Talent manager", Email: "claire@maison-talent.example"},
		},
		{
			Handle: "PixelPete", Name: "Alvarez, Pete", Markets: []string{"US"},
			Tags: []string{"gaming", "esports"}, Owner: "U0MARCUS", Status: rapport.StatusProspect,
		},
		{
			Handle: "zerodechet.chloe", Name: "Chloé Lefèvre", Markets: []string{"FR", "GB"},
			Tags: []string{"sustainability", "zero waste"}, Owner: "W0LENA42", Backup: "U0PRIYA",
			Status: rapport.StatusPaused, Cadence: 14 * 24 * time.Hour,
		},
		{
			Handle: "fitwithkabir", Name: "Kabir Singh", Markets: []string{"IN"}, Tags: []string{"fitness"},
			Owner: "U0DIEGO", Status: rapport.StatusDoNotContact, Cadence: 36 * time.Hour,
			Contact: rapport.Contact{Name: "Mehta, Arjun", Role: "Agent, South Asia", Email: "arjun@talent.example"},
		},
	}
	if !reflect.DeepEqual(res.Rows, want) {
		t.Errorf("rows:\n got %+v\nwant %+v", res.Rows, want)
	}
	if !slices.Equal(res.Lines, []int{2, 3, 4, 5}) {
		t.Errorf("lines = %v, want [2 3 4 5]", res.Lines)
	}
}

func TestParseInfluencersBadRows(t *testing.T) {
	res, err := ParseInfluencers(open(t, "influencers_bad.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, []wantError{
		{3, "handle", "is empty"},
		{4, "handle", `"bad handle" has ' '`},
		{5, "markets", `"EN" is not an ISO 3166 country code`},
		{6, "owner", `"@priya" looks like a name`},
		{7, "status", `unknown status "sleeping"`},
		{8, "cadence", "months vary"},
		{9, "contact_email", `"hannah at agency.com" is not an email address`},
		{10, "", "has 3 fields but the header has 11"},
		{11, "markets", `"XX" is not an ISO 3166 country code`},
		{11, "owner", `"priya" looks like a name`},
		{11, "cadence", `"14" has no unit`},
		{14, "handle", `has a " inside a value without quotes`},
	})
	var handles []string
	for _, in := range res.Rows {
		handles = append(handles, in.Handle)
	}
	if !slices.Equal(handles, []string{"good.one", "good.two", "good.three"}) {
		t.Errorf("good rows = %q, want good.one, good.two, good.three", handles)
	}
	// Line 12 is blank; the row after it is still numbered as a text editor shows it.
	if !slices.Equal(res.Lines, []int{2, 13, 15}) {
		t.Errorf("lines = %v, want [2 13 15]", res.Lines)
	}
	if got := res.Rows[2].Name; got != "Three, The" {
		t.Errorf("quoted name after a bad row = %q", got)
	}
	err = res.Err()
	var re RowError
	if !errors.As(err, &re) || re.Line != 3 {
		t.Errorf("Err() = %v; want it to hold the first RowError (line 3)", err)
	}
	if !strings.Contains(err.Error(), "line 9: contact_email:") {
		t.Errorf("Err() does not name every row: %v", err)
	}
}

func TestParseInfluencersVendorHeaders(t *testing.T) {
	res, err := ParseInfluencers(open(t, "influencers_vendor.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, res.Errors, nil)
	checkWarnings(t, res.Warnings, `ignoring unknown column "Follower Tier"`)
	if len(res.Rows) != 2 {
		t.Fatalf("rows = %+v, want 2", res.Rows)
	}
	jade := res.Rows[0]
	want := rapport.Influencer{
		Handle: "Jade.Carter", Name: "Jade Carter", Markets: []string{"US"}, Tags: []string{"beauty"},
		Owner: "U0MARCUS", Status: rapport.StatusActive, Contact: rapport.Contact{Email: "jade@glow.example"},
	}
	if !reflect.DeepEqual(jade, want) {
		t.Errorf("row = %+v\nwant %+v", jade, want)
	}
}

func TestParseInfluencersDuplicatesLastWins(t *testing.T) {
	res, err := ParseInfluencers(open(t, "influencers_duplicates.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, res.Warnings, "line 4 repeats ava.moreau from line 2; using line 4")
	if len(res.Rows) != 2 || res.Rows[1].Name != "Ava Moreau-Laurent" || res.Rows[1].Status != rapport.StatusActive {
		t.Errorf("rows = %+v; want pixelpete then the later ava.moreau", res.Rows)
	}
	if !slices.Equal(res.Lines, []int{3, 4}) {
		t.Errorf("lines = %v, want [3 4]", res.Lines)
	}
}

func TestParseInfluencersOwnerIsBackup(t *testing.T) {
	res, err := ParseInfluencers(strings.NewReader("handle,owner,backup\nava.moreau,U0PRIYA,U0PRIYA\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 {
		t.Fatalf("rows = %+v, want the row imported", res.Rows)
	}
	checkWarnings(t, res.Warnings, "line 2: ava.moreau has the same person as owner and backup")
}

func TestParseInfluencersUnusableFiles(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "influencers file is empty"},
		{"only blank lines", "\n\n,,\n", "influencers file is empty"},
		{"no handle column", "name,markets\nAva,FR\n", `no "handle" column`},
		{"two handle columns", "handle,username\na,b\n", `two columns for handle: "handle" (column 1) and "username" (column 2)`},
		{"utf-16", "\xff\xfeh\x00a\x00", "UTF-16"},
		{"latin-1 header", "handle,na\xefve\n", "not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseInfluencers(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if !errors.Is(err, ErrHeader) {
				t.Errorf("err = %v, want it to wrap ErrHeader", err)
			}
		})
	}
}

func TestParseInfluencersReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := ParseInfluencers(&failingReader{data: "handle\nava.moreau\n", err: boom})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want it to wrap the reader's error", err)
	}
}

// failingReader returns data, then err.
type failingReader struct {
	data string
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}
