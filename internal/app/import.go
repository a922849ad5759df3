package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/config"
	"github.com/rapport-bot/rapport/internal/csvimport"
	"github.com/rapport-bot/rapport/internal/launches"
	"github.com/rapport-bot/rapport/internal/launchplan"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/relationships"
)

const importSynopsis = `import influencers|metrics|campaigns|touchpoints FILE.csv [--dry-run] [--strict]

Imports a CSV file (header row, UTF-8; formats in README.md). Rows are upserted, so running
the same import twice changes nothing. Bad rows are reported by line number and skipped;
with --strict a single bad row imports nothing. FILE may be "-" for standard input.
Needs REDIS_URL (and RAPPORT_CONFIG for a key prefix); no Slack tokens.`

// runImport parses a CSV file and upserts its good rows. It exits non-zero when any row was
// rejected, so scripts notice, but still imports the good rows unless --strict.
func runImport(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "import", importSynopsis)
	dryRun := fs.Bool("dry-run", false, "check the file and report, without writing")
	strict := fs.Bool("strict", false, "import nothing if any row is bad")
	// Accept flags before or after the positional arguments.
	var pos []string
	for len(args) > 0 {
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != 2 {
		fs.Usage()
		return &UsageError{Msg: "import needs a kind (influencers, metrics, campaigns or touchpoints) and a file"}
	}
	kind, path := pos[0], pos[1]
	switch kind {
	case "influencers", "metrics", "campaigns", "touchpoints":
	default:
		return &UsageError{Msg: fmt.Sprintf("cannot import %q: choose influencers, metrics, campaigns or touchpoints", kind)}
	}

	in, closeIn, err := openInput(path, env)
	if err != nil {
		return err
	}
	defer closeIn()

	cfg, err := config.LoadStorage(env.Getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log, err := newLogger(env)
	if err != nil {
		return err
	}
	store, err := openStore(cfg, log)
	if err != nil {
		return err
	}
	defer func() { _ = store.Close() }()

	now := env.Now()
	clock := func() time.Time { return now }
	imp := importer{store: store, out: env.Stdout, dryRun: *dryRun, strict: *strict, now: now,
		cadence:       cadenceDefaults(cfg.Settings),
		launches:      &launches.Service{Store: store, Policy: launchPolicy(cfg.Settings), Now: clock},
		relationships: &relationships.Service{Store: store, Cadence: cadenceDefaults(cfg.Settings), Now: clock},
	}
	switch kind {
	case "influencers":
		err = imp.influencers(ctx, in)
	case "campaigns":
		err = imp.campaigns(ctx, in)
	case "touchpoints":
		err = imp.touchpoints(ctx, in)
	default:
		err = imp.metrics(ctx, in)
	}
	if *dryRun || (err != nil && !errors.Is(err, ErrRowsRejected)) {
		return err
	}
	// Statuses, cadences and tiers may have changed: bring the due index in step.
	profiles, rerr := store.AllProfiles(ctx)
	if rerr == nil {
		rerr = relationships.Reindex(ctx, store, profiles, cadenceDefaults(cfg.Settings), imp.now)
	}
	if rerr != nil {
		return errors.Join(err, fmt.Errorf("imported, but the contact schedule was not updated; run the import again: %w", rerr))
	}
	return err
}

func openInput(path string, env Env) (io.Reader, func(), error) {
	if path == "-" {
		return env.Stdin, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("open import file: %w", err)
	}
	return f, func() { _ = f.Close() }, nil
}

type importer struct {
	store   *redisstore.Store
	out     io.Writer
	dryRun  bool
	strict  bool
	now     time.Time
	cadence cadence.Defaults
	// launches validates and schedules planned campaigns, as the /campaign form does.
	launches *launches.Service
	// relationships logs imported contacts, as /influencer log does.
	relationships *relationships.Service
}

func (imp importer) influencers(ctx context.Context, r io.Reader) error {
	res, err := csvimport.ParseInfluencers(r)
	if err != nil {
		return fmt.Errorf("influencers file: %w", err)
	}
	imp.report(res.Warnings, res.Errors)
	if imp.skipWrite(len(res.Rows), len(res.Errors)) {
		return imp.outcome(len(res.Errors))
	}
	st, err := imp.store.UpsertInfluencers(ctx, res.Rows, imp.now)
	if err != nil {
		return fmt.Errorf("write influencers (nothing after the failing batch was saved; re-run the import, it is safe to repeat): %w", err)
	}
	fmt.Fprintf(imp.out, "influencers: %d created, %d updated, %d unchanged, %d rejected\n",
		st.Created, st.Updated, st.Unchanged, len(res.Errors))
	return imp.outcome(len(res.Errors))
}

func (imp importer) metrics(ctx context.Context, r io.Reader) error {
	res, err := csvimport.ParseMetrics(r, imp.now)
	if err != nil {
		return fmt.Errorf("metrics file: %w", err)
	}
	handles := make([]string, len(res.Rows))
	for i, s := range res.Rows {
		handles[i] = s.Handle
	}
	keep, rowErrs, err := imp.onRoster(ctx, handles, res.Lines, res.Errors)
	if err != nil {
		return err
	}
	var good []rapport.Snapshot
	for i, s := range res.Rows {
		if keep[i] {
			good = append(good, s)
		}
	}
	imp.report(res.Warnings, rowErrs)
	if imp.skipWrite(len(good), len(rowErrs)) {
		return imp.outcome(len(rowErrs))
	}
	n, err := imp.store.UpsertSnapshots(ctx, good)
	if err != nil {
		return fmt.Errorf("write metrics after %d snapshots (re-run the import, it is safe to repeat): %w", n, err)
	}
	fmt.Fprintf(imp.out, "metrics: %d snapshots saved, %d rejected\n", n, len(rowErrs))
	return imp.outcome(len(rowErrs))
}

func (imp importer) campaigns(ctx context.Context, r io.Reader) error {
	res, err := csvimport.ParseCampaigns(r, imp.now)
	if err != nil {
		return fmt.Errorf("campaigns file: %w", err)
	}
	handles := make([]string, len(res.Rows))
	for i, row := range res.Rows {
		handles[i] = row.Participation.Handle
	}
	keep, rowErrs, err := imp.onRoster(ctx, handles, res.Lines, res.Errors)
	if err != nil {
		return err
	}
	// A planned campaign (launching ahead, with a channel) passes the rules the /campaign
	// form applies, or its rows are rejected.
	for i, row := range res.Rows {
		c := row.Campaign
		if !keep[i] || c.Channel == "" || !c.LaunchAt.After(imp.now) {
			continue
		}
		if c.TimeZone == "" {
			c.TimeZone = "UTC" // the launch instant was read with its offset
		}
		var inv *launchplan.InvalidCampaignError
		if err := imp.launches.Validate(c); errors.As(err, &inv) {
			keep[i] = false
			for _, p := range inv.Problems {
				rowErrs = append(rowErrs, csvimport.RowError{Line: res.Lines[i], Column: string(p.Field), Reason: p.Message})
			}
		}
	}
	sort.SliceStable(rowErrs, func(i, j int) bool { return rowErrs[i].Line < rowErrs[j].Line })
	var good []rapport.CampaignRecord
	campaigns := map[string]bool{}
	for i, row := range res.Rows {
		if keep[i] {
			good = append(good, rapport.CampaignRecord{Campaign: row.Campaign, Participation: row.Participation})
			campaigns[row.Campaign.ID] = true
		}
	}
	imp.report(res.Warnings, rowErrs)
	if imp.skipWrite(len(good), len(rowErrs)) {
		return imp.outcome(len(rowErrs))
	}
	n, err := imp.store.UpsertCampaignRecords(ctx, good)
	if err != nil {
		return fmt.Errorf("write campaigns after %d rows (re-run the import, it is safe to repeat): %w", n, err)
	}
	// Rows launching in the future with a channel are planned campaigns: schedule their
	// timing checks and poll.
	planned := 0
	for id := range campaigns {
		c, err := imp.store.Campaign(ctx, id)
		if err != nil {
			return fmt.Errorf("read campaign %s: %w", id, err)
		}
		if !c.LaunchAt.After(imp.now) {
			continue // history, not a plan
		}
		ok, err := imp.launches.Schedule(ctx, c)
		if err != nil {
			return fmt.Errorf("schedule checks for %s: %w", c.Name, err)
		}
		if ok {
			planned++
		}
	}
	if planned > 0 {
		fmt.Fprintf(imp.out, "campaigns: timing checks scheduled for %d planned campaigns\n", planned)
	}
	fmt.Fprintf(imp.out, "campaigns: %d campaigns, %d influencer rows saved, %d rejected\n", len(campaigns), n, len(rowErrs))
	return imp.outcome(len(rowErrs))
}

// touchpoints imports contact history. Each touchpoint's id comes from its content, so
// importing the same file twice adds nothing; the latest contact and due time only move
// forward.
func (imp importer) touchpoints(ctx context.Context, r io.Reader) error {
	res, err := csvimport.ParseTouchpoints(r, imp.now)
	if err != nil {
		return fmt.Errorf("touchpoints file: %w", err)
	}
	handles := make([]string, len(res.Rows))
	for i, tp := range res.Rows {
		handles[i] = tp.Handle
	}
	keep, rowErrs, err := imp.onRoster(ctx, handles, res.Lines, res.Errors)
	if err != nil {
		return err
	}
	imp.report(res.Warnings, rowErrs)
	good := 0
	for _, k := range keep {
		if k {
			good++
		}
	}
	if imp.skipWrite(good, len(rowErrs)) {
		return imp.outcome(len(rowErrs))
	}
	profiles, err := imp.store.AllProfiles(ctx)
	if err != nil {
		return fmt.Errorf("read the roster: %w", err)
	}
	byID := make(map[string]rapport.Profile, len(profiles))
	for _, p := range profiles {
		byID[p.Influencer.ID()] = p
	}
	added := 0
	for i, tp := range res.Rows {
		if !keep[i] {
			continue
		}
		res, err := imp.relationships.LogContact(ctx, byID[rapport.NormalizeHandle(tp.Handle)], tp)
		if err != nil {
			return fmt.Errorf("write touchpoints after %d (re-run the import, it is safe to repeat): %w", added, err)
		}
		if res.Added {
			added++
		}
	}
	fmt.Fprintf(imp.out, "touchpoints: %d added, %d already there, %d rejected\n", added, good-added, len(rowErrs))
	return imp.outcome(len(rowErrs))
}

// onRoster checks each row's handle against the roster. Rows about influencers not on it
// become row errors — stored, they would show nowhere — and join rowErrs in line order.
func (imp importer) onRoster(ctx context.Context, handles []string, lines []int, rowErrs []csvimport.RowError) ([]bool, []csvimport.RowError, error) {
	ids := make([]string, len(handles))
	for i, h := range handles {
		ids[i] = rapport.NormalizeHandle(h)
	}
	missing, err := imp.store.MissingInfluencers(ctx, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("check handles against the roster: %w", err)
	}
	keep := make([]bool, len(handles))
	for i, h := range handles {
		if missing[ids[i]] {
			rowErrs = append(rowErrs, csvimport.RowError{Line: lines[i], Column: "handle",
				Reason: fmt.Sprintf("no influencer %q on the roster; import influencers first", h)})
			continue
		}
		keep[i] = true
	}
	sort.SliceStable(rowErrs, func(i, j int) bool { return rowErrs[i].Line < rowErrs[j].Line })
	return keep, rowErrs, nil
}

func (imp importer) report(warnings []string, rowErrs []csvimport.RowError) {
	for _, w := range warnings {
		fmt.Fprintf(imp.out, "warning: %s\n", w)
	}
	for _, e := range rowErrs {
		fmt.Fprintf(imp.out, "rejected %s\n", e.Error())
	}
}

// skipWrite says (and prints why) when nothing should be written.
func (imp importer) skipWrite(good, bad int) bool {
	switch {
	case imp.dryRun:
		fmt.Fprintf(imp.out, "dry run: %d rows would be imported, %d rejected; nothing written\n", good, bad)
		return true
	case imp.strict && bad > 0:
		fmt.Fprintf(imp.out, "strict: %d rows rejected, so nothing was imported\n", bad)
		return true
	}
	return false
}

// ErrRowsRejected marks an import that skipped bad rows.
var ErrRowsRejected = errors.New("rows rejected")

func (imp importer) outcome(bad int) error {
	if bad > 0 {
		return fmt.Errorf("%w: %d (see the lines above)", ErrRowsRejected, bad)
	}
	return nil
}
