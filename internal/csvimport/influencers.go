package csvimport

import (
	"io"
	"strings"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// ParseInfluencers reads an influencers file (DESIGN.md §3):
//
//	handle,name,markets,tags,owner,backup,status,cadence,contact_name,contact_role,contact_email
//
// Only handle is required. markets and tags are ';'-separated lists; owner and backup are
// Slack member IDs; status defaults to prospect; cadence is blank for the configured
// default or a duration such as 14d. Handles keep the case the team writes them in, minus
// a leading "@"; two rows whose handles differ only in case are the same influencer.
//
// The error is non-nil only when the file as a whole cannot be read (see ErrHeader); bad
// rows are in Result.Errors and the good ones in Result.Rows.
func ParseInfluencers(r io.Reader) (Result[rapport.Influencer], error) {
	rd, err := newReader[rapport.Influencer](r, influencerFormat, influencerRows{}, 0)
	if err != nil {
		return Result[rapport.Influencer]{}, err
	}
	return collect(rd)
}

// NewInfluencerReader reads an influencers file row by row, as ParseInfluencers reads it
// whole, for files of any size. The header is read here: its error is one of
// ParseInfluencers's.
func NewInfluencerReader(r io.Reader) (*Reader[rapport.Influencer], error) {
	return newReader[rapport.Influencer](r, influencerFormat, influencerRows{}, TrackedKeys)
}

// influencerRows reads the rows of one influencers file.
type influencerRows struct{}

func (influencerRows) read(r row, w *warnings, key []byte) (rapport.Influencer, []byte, []RowError) {
	in, check := parseInfluencerRow(r)
	if !check.ok() {
		return in, key, check.errs
	}
	if in.Owner != "" && in.Owner == in.Backup {
		w.add("line %d: %s has the same person as owner and backup, so nobody else hears when nudges are ignored",
			r.line, in.Handle)
	}
	return in, append(key, in.ID()...), nil
}

func (influencerRows) label(in rapport.Influencer) string { return in.ID() }

func (influencerRows) finish() []string { return nil }

func parseInfluencerRow(r row) (rapport.Influencer, *rowCheck) {
	rc := &rowCheck{r: r}
	in := rapport.Influencer{
		Handle: strings.TrimPrefix(r.value("handle"), "@"),
		Name:   strings.Join(strings.Fields(r.value("name")), " "),
		Tags:   parseTags(r.value("tags")),
		Contact: rapport.Contact{
			Name: strings.Join(strings.Fields(r.value("contact_name")), " "),
			Role: strings.Join(strings.Fields(r.value("contact_role")), " "),
		},
	}
	if err := rapport.ValidateHandle(in.Handle); err != nil {
		rc.fail("handle", err)
	}
	var err error
	if in.Markets, err = rapport.ParseMarkets(r.value("markets")); err != nil {
		rc.fail("markets", err)
	}
	if in.Owner, err = ParseUserID(r.value("owner")); err != nil {
		rc.fail("owner", err)
	}
	if in.Backup, err = ParseUserID(r.value("backup")); err != nil {
		rc.fail("backup", err)
	}
	if in.Status, err = rapport.ParseStatus(r.value("status")); err != nil {
		rc.fail("status", err)
	}
	if in.Cadence, err = ParseCadence(r.value("cadence")); err != nil {
		rc.fail("cadence", err)
	}
	if in.Contact.Email, err = parseEmail(r.value("contact_email")); err != nil {
		rc.fail("contact_email", err)
	}
	return in, rc
}
