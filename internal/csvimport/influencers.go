package csvimport

import (
	"errors"
	"fmt"
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
	sh, err := openSheet(r, influencerFormat)
	if err != nil {
		return Result[rapport.Influencer]{}, err
	}
	c := newCollector[rapport.Influencer](sh.warnings)
	for {
		row, rowErr, err := sh.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Result[rapport.Influencer]{}, fmt.Errorf("influencers file: %w", err)
		}
		if rowErr != nil {
			c.reject(*rowErr)
			continue
		}
		in, check := parseInfluencerRow(row)
		if !check.ok() {
			c.reject(check.errs...)
			continue
		}
		if in.Owner != "" && in.Owner == in.Backup {
			c.warn("line %d: %s has the same person as owner and backup, so nobody else hears when nudges are ignored",
				row.line, in.Handle)
		}
		c.keep(in.ID(), in.ID(), row.line, in)
	}
	return c.result(), nil
}

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
