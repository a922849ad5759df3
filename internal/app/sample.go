package app

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/csvimport"
	"github.com/rapport-bot/rapport/internal/demo/sample"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/wording"
)

const sampleSynopsis = `sample DIR [--force]

Writes the demo's data — roster, metrics, campaigns and contact history — as the four CSV
files "rapport import" reads, with every column filled somewhere, into DIR (created if
missing): a template to copy, and a way to try an import. Dates are placed relative to now,
as the demo places them. Existing files are kept unless --force.`

// sampleFiles are the sample files, in the order they must be imported: every other file
// names influencers from the first.
func sampleFiles() []string {
	return []string{"influencers.csv", "metrics.csv", "campaigns.csv", "touchpoints.csv"}
}

// runSample writes the demo's data as import files.
func runSample(_ context.Context, args []string, env Env) error {
	fset := newFlagSet(env, "sample", sampleSynopsis)
	force := fset.Bool("force", false, "overwrite files already in DIR")
	var pos []string
	for len(args) > 0 {
		if err := parseFlags(fset, args); err != nil {
			return err
		}
		if fset.NArg() == 0 {
			break
		}
		pos = append(pos, fset.Arg(0))
		args = fset.Args()[1:]
	}
	if len(pos) != 1 {
		fset.Usage()
		return &UsageError{Msg: "sample needs one directory to write the files to, e.g. rapport sample ./sample"}
	}
	dir := pos[0]
	if !*force {
		for _, name := range sampleFiles() {
			_, err := os.Stat(filepath.Join(dir, name))
			if err == nil {
				return &UsageError{Msg: fmt.Sprintf("%s already exists; choose another directory or add --force to overwrite it", filepath.Join(dir, name))}
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("sample: %w", err)
			}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	tables := sampleTables(env.Now())
	for i, name := range sampleFiles() {
		path := filepath.Join(dir, name)
		if err := writeCSV(path, tables[i].rows); err != nil {
			return fmt.Errorf("sample: %w", err)
		}
		fmt.Fprintf(env.Stdout, "wrote %s (%s)\n", path, wording.Plural(len(tables[i].rows)-1, tables[i].one, tables[i].many))
	}
	fmt.Fprintln(env.Stdout, "Import them in this order:")
	for _, name := range sampleFiles() {
		fmt.Fprintf(env.Stdout, "  rapport import %s %s\n", strings.TrimSuffix(name, ".csv"), filepath.Join(dir, name))
	}
	return nil
}

// sampleTable is one file's rows, header first, and what a row is called.
type sampleTable struct {
	rows      [][]string
	one, many string
}

// sampleTables renders the demo's data at now as the four import files, in sampleFiles
// order, in the formats of README "CSV formats".
func sampleTables(now time.Time) []sampleTable {
	ins, snaps := sample.Roster(now)
	inf := sampleTable{one: "influencer", many: "influencers", rows: [][]string{{"handle", "name", "markets", "tags", "owner", "backup",
		"status", "cadence", "contact_name", "contact_role", "contact_email"}}}
	for _, in := range ins {
		inf.rows = append(inf.rows, []string{in.Handle, in.Name, strings.Join(in.Markets, ";"), strings.Join(in.Tags, ";"),
			in.Owner, in.Backup, string(in.Status), cadenceCell(in.Cadence), in.Contact.Name, in.Contact.Role, in.Contact.Email})
	}

	met := sampleTable{one: "snapshot", many: "snapshots", rows: [][]string{{"handle", "platform", "as_of", "followers", "posts",
		"avg_likes", "avg_comments", "avg_shares", "avg_views"}}}
	for _, s := range snaps {
		met.rows = append(met.rows, []string{s.Handle, string(s.Platform), s.AsOf.Format(time.DateOnly), quantityCell(s.Followers),
			quantityCell(s.Posts), quantityCell(s.AvgLikes), quantityCell(s.AvgComments), quantityCell(s.AvgShares), quantityCell(s.AvgViews)})
	}

	camp := sampleTable{one: "campaign row", many: "campaign rows", rows: [][]string{{"campaign", "brand", "handle", "start", "end",
		"launch_at", "timezone", "markets", "channel", "keywords", "sensitive_topics", "spend", "reach", "engagements", "clicks",
		"conversions", "rating", "notes"}}}
	keywords, topics := sample.UpcomingWatchWords()
	for _, row := range sample.Campaigns(now) {
		c, p := row.Campaign, row.Participation
		var kw, st string
		if c.ID == rapport.CampaignID(sample.CampaignUpcoming) {
			kw, st = strings.Join(keywords, ";"), strings.Join(topics, ";")
		}
		camp.rows = append(camp.rows, []string{c.Name, c.Brand, p.Handle, dateCell(c.Start), dateCell(c.End),
			launchCell(c.LaunchAt, c.TimeZone), c.TimeZone, strings.Join(c.Markets, ";"), c.Channel, kw, st,
			quantityCell(p.Spend), quantityCell(p.Reach), quantityCell(p.Engagements), quantityCell(p.Clicks),
			quantityCell(p.Conversions), quantityCell(p.Rating), p.Notes})
	}

	touch := sampleTable{one: "touchpoint", many: "touchpoints", rows: [][]string{{"handle", "at", "kind", "by", "note"}}}
	for _, tp := range sample.Touchpoints(now) {
		touch.rows = append(touch.rows, []string{tp.Handle, tp.At.UTC().Format(time.RFC3339), string(tp.Kind), tp.By, tp.Note})
	}
	return []sampleTable{inf, met, camp, touch}
}

// cadenceCell writes a cadence as people do: whole days as "10d", anything else in Go's
// syntax; blank for the default.
func cadenceCell(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d == 0:
		return ""
	case d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	return d.String()
}

// quantityCell is blank for an unknown quantity, never 0.
func quantityCell(q rapport.Quantity) string {
	if !q.Known {
		return ""
	}
	return strconv.FormatFloat(q.Value, 'f', -1, 64)
}

func dateCell(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// launchCell writes a launch as the wall-clock time in its zone, as a team would, unless
// that reading is ambiguous (clocks going back repeat it): then with its offset.
func launchCell(at time.Time, zone string) string {
	if at.IsZero() {
		return ""
	}
	loc, err := rapport.ParseTimeZone(zone)
	if err != nil || zone == "" {
		return at.UTC().Format(time.RFC3339)
	}
	wall := at.In(loc).Format("2006-01-02 15:04")
	if back, warning, err := csvimport.ParseLaunchAt(wall, loc); err != nil || warning != "" || !back.Equal(at) {
		return at.In(loc).Format(time.RFC3339)
	}
	return wall
}

// writeCSV writes rows to path, each cell made safe to open in a spreadsheet.
func writeCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	for _, r := range rows {
		safe := make([]string, len(r))
		for i, cell := range r {
			safe[i] = spreadsheetSafe(cell)
		}
		if err := w.Write(safe); err != nil {
			_ = f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		_ = f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// spreadsheetSafe keeps a cell from being run as a formula when the file is opened in a
// spreadsheet (CSV injection): a cell starting with =, +, -, @, a tab or a carriage return
// gets a leading single quote, which spreadsheets show as text.
func spreadsheetSafe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
