package csvimport

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

// touchpointHandleAliases are the shared handle aliases but "user": in a contact log the
// user is the person who logged the contact, so there it names the by column.
var touchpointHandleAliases = slices.DeleteFunc(slices.Clone(handleAliases), func(a string) bool { return a == "user" })

var touchpointFormat = format{
	name: "touchpoints",
	columns: []column{
		{"handle", touchpointHandleAliases},
		// Not "time": exports with separate Date and Time columns would map both here.
		{"at", []string{"date", "when", "timestamp", "datetime", "date_time", "contacted_at", "contact_date",
			"occurred_at", "happened_at", "touchpoint_date", "interaction_date"}},
		// "channel" is the Slack channel in a campaigns file; in a contact log it is how the
		// contact happened.
		{"kind", []string{"type", "channel", "touchpoint_type", "contact_type", "contact_method", "method",
			"medium", "interaction_type", "activity_type"}},
		{"by", []string{"owner", "logged_by", "user", "user_id", "owner_id", "slack_user", "slack_user_id",
			"slack_id", "author", "created_by", "contacted_by"}},
		{"note", []string{"notes", "comment", "comments", "summary", "details", "description"}},
	},
	required: []string{"handle", "at", "kind"},
}

// ParseTouchpoints reads a touchpoints file (DESIGN.md §3), one contact with an influencer
// per row:
//
//	handle,at,kind,by,note
//
// handle, at and kind are required. at is a day ("2026-11-20", or the other forms of
// ParseDate), recorded at noon UTC, or a date and time with its zone ("2026-11-20T14:30Z",
// "2026-11-20T14:30+01:00"). A date and time without one ("2026-11-20 14:30") is read as
// UTC and a warning lists the lines. A contact may not be in the future: a time more than
// a day after now is refused, and a day after tomorrow (UTC), as in ParseMetrics, so that
// nobody east of Greenwich is refused their own today. kind is a rapport.TouchpointKind or
// a common name for one ("phone", "e-mail", "coffee"); by is a Slack member ID
// (ParseUserID) and may be blank; note is at most rapport.MaxNoteLength characters.
//
// Touchpoint.Handle is the normalised handle, the influencer's ID; At is in UTC and
// LoggedAt is now in UTC. Touchpoint.ID is derived from the row's values once normalised,
// so importing the same file twice yields the same IDs, and rows that say the same thing
// ("@Ava.Moreau" and "ava.moreau", "phone" and "call") are one touchpoint, kept once with
// a warning naming both lines. The ID is computed from the row as read: a caller that
// fills a blank By afterwards keeps it.
//
// The error is non-nil only when the file as a whole cannot be read (see ErrHeader); bad
// rows are in Result.Errors and the good ones in Result.Rows.
func ParseTouchpoints(r io.Reader, now time.Time) (Result[rapport.Touchpoint], error) {
	rd, err := newTouchpointReader(r, now, 0)
	if err != nil {
		return Result[rapport.Touchpoint]{}, err
	}
	return collect(rd)
}

// NewTouchpointReader reads a touchpoints file row by row, as ParseTouchpoints reads it
// whole, for files of any size. The header is read here: its error is one of
// ParseTouchpoints's.
func NewTouchpointReader(r io.Reader, now time.Time) (*Reader[rapport.Touchpoint], error) {
	return newTouchpointReader(r, now, TrackedKeys)
}

func newTouchpointReader(r io.Reader, now time.Time, limit int) (*Reader[rapport.Touchpoint], error) {
	tr := &touchpointRows{lim: newTouchpointLimits(now)}
	rd, err := newReader[rapport.Touchpoint](r, touchpointFormat, tr, limit)
	if err != nil {
		return nil, err
	}
	tr.atColumn = strings.TrimSpace(rd.sh.header[rd.sh.field["at"]])
	return rd, nil
}

// touchpointRows reads the rows of one touchpoints file.
type touchpointRows struct {
	lim touchpointLimits
	// atColumn is the at column's header as written, for messages.
	atColumn string
	// wallLines have a time without a zone, read as UTC.
	wallLines lineSample
	// form is how the last good row wrote its time, for its label.
	form atForm
}

func (tr *touchpointRows) read(r row, _ *warnings, key []byte) (rapport.Touchpoint, []byte, []RowError) {
	tp, form, check := parseTouchpointRow(r, tr.lim)
	if !check.ok() {
		return tp, key, check.errs
	}
	if form == atWall {
		tr.wallLines.add(r.line)
	}
	tr.form = form
	return tp, append(key, tp.ID...), nil
}

func (tr *touchpointRows) label(tp rapport.Touchpoint) string { return touchpointLabel(tp, tr.form) }

func (tr *touchpointRows) finish() []string {
	n := tr.wallLines.n
	if n == 0 {
		return nil
	}
	return []string{fmt.Sprintf("the %q column on %s %s has a time but no zone or offset, so %s read as UTC; if %s local, add the offset, like 2026-11-20T14:30+01:00",
		tr.atColumn, wording.ForCount(n, "line", "lines"), tr.wallLines,
		wording.ForCount(n, "it was", "they were"), wording.ForCount(n, "it is", "they are"))}
}

// touchpointLimits bound when a contact can have happened.
type touchpointLimits struct {
	now time.Time
	// latest is the latest instant a date and time may name: now plus a day, for clocks and
	// zones that run ahead of the server's.
	latest time.Time
	// lastDay is the latest day a bare date may name: tomorrow, by UTC's calendar.
	lastDay time.Time
}

func newTouchpointLimits(now time.Time) touchpointLimits {
	now = now.UTC()
	y, m, d := now.Date()
	return touchpointLimits{now: now, latest: now.Add(24 * time.Hour), lastDay: time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)}
}

// atForm is how an at cell was written.
type atForm int

const (
	atDay     atForm = iota // a calendar day, recorded at noon UTC
	atInstant               // a date and time with its zone or offset
	atWall                  // a date and time with neither, read as UTC
)

func parseTouchpointRow(r row, lim touchpointLimits) (rapport.Touchpoint, atForm, *rowCheck) {
	rc := &rowCheck{r: r}
	handle := r.value("handle")
	if err := rapport.ValidateHandle(handle); err != nil {
		rc.fail("handle", err)
	}
	tp := rapport.Touchpoint{Handle: rapport.NormalizeHandle(handle), LoggedAt: lim.now}

	raw := r.value("at")
	at, form, err := parseTouchpointAt(raw)
	if err == nil {
		err = lim.check(raw, at, form)
	}
	if err != nil {
		rc.fail("at", err)
	}
	tp.At = at

	if tp.Kind, err = parseTouchpointKind(r.value("kind")); err != nil {
		rc.fail("kind", err)
	}
	if tp.By, err = ParseUserID(r.value("by")); err != nil {
		rc.fail("by", err)
	}
	tp.Note = r.value("note")
	if n := utf8.RuneCountInString(tp.Note); n > rapport.MaxNoteLength {
		rc.fail("note", fmt.Errorf("is %d characters long; keep notes to %d and link to a document for more",
			n, rapport.MaxNoteLength))
	}
	if rc.ok() {
		tp.ID = importedTouchpointID(tp)
	}
	return tp, form, rc
}

// importedTouchpointID names a touchpoint by what its row says, so a file imported twice
// gives the same IDs. Only the note is free text and it comes last, so the joined string
// cannot be read two ways. The "import:" prefix keeps these IDs apart from those of
// touchpoints logged in Slack. Changing this changes every imported touchpoint's ID, and a
// re-import would then add each one again.
func importedTouchpointID(tp rapport.Touchpoint) string {
	key := strings.Join([]string{tp.Handle, tp.At.UTC().Format(time.RFC3339Nano), string(tp.Kind), tp.By, tp.Note}, "|")
	sum := sha256.Sum256([]byte("import:" + key))
	return hex.EncodeToString(sum[:8])
}

// touchpointLabel names a touchpoint in a warning about a repeated row.
func touchpointLabel(tp rapport.Touchpoint, form atForm) string {
	if form == atDay {
		return fmt.Sprintf("%s's %s on %s", tp.Handle, tp.Kind, tp.At.Format(time.DateOnly))
	}
	return fmt.Sprintf("%s's %s at %s UTC", tp.Handle, tp.Kind, tp.At.Format("2006-01-02 15:04"))
}

// atExamples are the forms suggested when an at cell cannot be read.
const atExamples = "2026-11-20, or 2026-11-20T14:30+01:00 for a time"

// parseTouchpointAt reads when a contact happened, in UTC.
func parseTouchpointAt(raw string) (time.Time, atForm, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return time.Time{}, 0, fmt.Errorf("is empty; give the day of the contact, like %s", atExamples)
	}
	var dateErr error
	if !strings.Contains(s, ":") {
		d, err := ParseDate(s)
		if err == nil {
			return d.Add(12 * time.Hour), atDay, nil
		}
		dateErr = err // unless it is a time after all, like "2026-11-20 2 PM"
	}
	at, form, ok := parseClock(s)
	if !ok {
		if dateErr != nil {
			return time.Time{}, 0, dateErr
		}
		// A time of day that cannot be read often follows a date that cannot either
		// ("02/03/2026 10:00"); the date's problem is the one to explain.
		day, _, _ := strings.Cut(s, " ")
		day, _, _ = strings.Cut(day, "T")
		if isoShape.MatchString(day) || numericDate.MatchString(day) {
			if _, err := ParseDate(day); err != nil {
				return time.Time{}, 0, err
			}
		}
		return time.Time{}, 0, fmt.Errorf("%q is not a date or a date and time; write %s", raw, atExamples)
	}
	if at.Year() < earliestYear {
		return time.Time{}, 0, fmt.Errorf("%q is before %d; check the year", raw, earliestYear)
	}
	return at, form, nil
}

// parseClock reads a date and time: with an offset or "Z" (zonedLayouts), or a wall clock
// (wallLayouts) read as UTC. A trailing " UTC" or " GMT" names UTC.
func parseClock(s string) (time.Time, atForm, bool) {
	t := strings.ToUpper(s)
	form := atWall
	for _, utcName := range []string{" UTC", " GMT"} {
		if rest, ok := strings.CutSuffix(t, utcName); ok {
			t, form = strings.TrimSpace(rest), atInstant
			break
		}
	}
	for _, layout := range zonedLayouts {
		if v, err := time.Parse(layout, t); err == nil {
			return v.UTC(), atInstant, true
		}
	}
	for _, layout := range wallLayouts {
		if v, err := time.Parse(layout, t); err == nil {
			return v.UTC(), form, true // no zone in the layout: time.Parse reads UTC
		}
	}
	return time.Time{}, 0, false
}

// check refuses a contact in the future. A day is checked as a day: the noon it is
// recorded at may be later than now while the day has begun where the contact happened.
func (lim touchpointLimits) check(raw string, at time.Time, form atForm) error {
	if form == atDay {
		y, m, d := at.Date()
		if time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(lim.lastDay) {
			return fmt.Errorf("%q is after today (%s); log a contact once it has happened",
				raw, lim.now.Format(time.DateOnly))
		}
		return nil
	}
	if at.After(lim.latest) {
		return fmt.Errorf("%q is in the future (it is now %s UTC); log a contact once it has happened",
			raw, lim.now.Format("2006-01-02 15:04"))
	}
	return nil
}

// touchpointKindAliases are the other names people give the kinds.
var touchpointKindAliases = map[string]rapport.TouchpointKind{
	"phone":          rapport.KindCall,
	"phone call":     rapport.KindCall,
	"e-mail":         rapport.KindEmail,
	"mail":           rapport.KindEmail,
	"message":        rapport.KindDM,
	"direct message": rapport.KindDM,
	"meet":           rapport.KindMeeting,
	"coffee":         rapport.KindMeeting,
	"present":        rapport.KindGift,
	"post":           rapport.KindContent,
}

// parseTouchpointKind reads a kind, or one of its aliases, in any case and spacing.
func parseTouchpointKind(s string) (rapport.TouchpointKind, error) {
	v := strings.Join(strings.Fields(strings.ToLower(s)), " ")
	if v == "" {
		names := make([]string, len(rapport.TouchpointKinds))
		for i, k := range rapport.TouchpointKinds {
			names[i] = string(k)
		}
		return "", fmt.Errorf("is empty; use one of %s", strings.Join(names, ", "))
	}
	if k, ok := touchpointKindAliases[v]; ok {
		return k, nil
	}
	return rapport.ParseTouchpointKind(s)
}
