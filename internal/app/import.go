package app

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/cadence"
	"github.com/rapport-bot/rapport/internal/csvimport"
	"github.com/rapport-bot/rapport/internal/launches"
	"github.com/rapport-bot/rapport/internal/launchplan"
	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/relationships"
	"golang.org/x/sync/errgroup"
)

const importSynopsis = `import influencers|metrics|campaigns|touchpoints FILE.csv [--dry-run] [--strict] [--max-size SIZE]

Imports a CSV file (header row, UTF-8; formats in README.md). Rows are upserted, so running
the same import twice changes nothing. Bad rows are reported by line number and skipped;
with --strict a single bad row imports nothing. The file is read as a stream and written in
batches, so memory stays small at any size; files over --max-size are refused. FILE may be
"-" for standard input; --strict and campaigns read the file twice, so standard input is then
copied first (to $TMPDIR, or to memory up to 64 MiB when that is not writable).
Needs REDIS_URL (and RAPPORT_CONFIG for a key prefix); no Slack tokens.`

// importBatch is how many rows are checked against the roster, reported and written
// together: memory holds a few batches (importAhead), never the file.
const importBatch = 4096

// importAhead is how many batches the file's reader may parse ahead of the one being
// checked and written, so reading the file and waiting on Redis overlap.
const importAhead = 1

// defaultMaxImportSize is --max-size's default. Memory does not grow with the file; the cap
// bounds the time an import runs and the space a copy of standard input takes.
const defaultMaxImportSize = 2 << 30

// profileChunk bounds how many profiles, each with its snapshots, are read at once to log
// touchpoints and to reindex due times.
const profileChunk = 25

// reindexWorkers is how many chunks of profiles are reindexed at once: a chunk spends most
// of its time waiting on Redis, and each works on its own influencers. Between them they
// hold about profileChunk profiles, reindexChunk each, so memory stays as it was with one.
const (
	reindexWorkers = 4
	reindexChunk   = (profileChunk + reindexWorkers - 1) / reindexWorkers
)

// runImport reads a CSV file and upserts its good rows. It exits non-zero when any row was
// rejected, so scripts notice, but still imports the good rows unless --strict.
func runImport(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "import", importSynopsis)
	dryRun := fs.Bool("dry-run", false, "check the file and report, without writing")
	strict := fs.Bool("strict", false, "import nothing if any row is bad")
	maxSize := byteSize(defaultMaxImportSize)
	fs.Var(&maxSize, "max-size", "refuse files larger than `SIZE` (such as 500MB or 4GiB)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
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

	// --strict reads the file twice, to write nothing if a row is bad; so do campaigns, whose
	// rows each carry the whole campaign.
	twice := kind == "campaigns" || (*strict && !*dryRun)
	in, err := openImportFile(path, env.Stdin, int64(maxSize), twice)
	if err != nil {
		return err
	}
	defer in.close()

	cfg, store, err := openStorage(env)
	if err != nil {
		return err
	}
	defer func() { _ = store.Close() }()

	out := bufio.NewWriter(env.Stdout)
	defer func() { _ = out.Flush() }()
	now := env.Now()
	clock := func() time.Time { return now }
	imp := importer{store: store, out: out, dryRun: *dryRun, strict: *strict, now: now,
		launches:      &launches.Service{Store: store, Policy: launchPolicy(cfg.Settings), Now: clock},
		relationships: &relationships.Service{Store: store, Cadence: cadenceDefaults(cfg.Settings), Now: clock},
	}
	switch kind {
	case "influencers":
		err = imp.influencers(ctx, &in)
	case "campaigns":
		err = imp.campaigns(ctx, &in)
	case "touchpoints":
		err = imp.touchpoints(ctx, &in)
	default:
		err = imp.metrics(ctx, &in)
	}
	if *dryRun || kind == "metrics" || (err != nil && !errors.Is(err, ErrRowsRejected)) {
		return err // a metrics import keeps the due index in step as it goes (dueRefresh)
	}
	// Statuses, cadences and tiers may have changed: bring the due index in step.
	if rerr := reindexRoster(ctx, store, cadenceDefaults(cfg.Settings), now); rerr != nil {
		return errors.Join(err, fmt.Errorf("imported, but the contact schedule was not updated; run the import again: %w", rerr))
	}
	return err
}

// reindexRoster recomputes every relationship's due time, reindexChunk profiles at a time
// in each of reindexWorkers, so memory follows the chunks, not the roster and its snapshots.
func reindexRoster(ctx context.Context, store *redisstore.Store, d cadence.Defaults, now time.Time) error {
	dir, err := store.Directory(ctx)
	if err != nil {
		return err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(reindexWorkers)
	for start := 0; start < len(dir) && gctx.Err() == nil; start += reindexChunk {
		part := dir[start:min(start+reindexChunk, len(dir))]
		g.Go(func() error {
			ids := make([]string, len(part))
			for i, e := range part {
				ids[i] = e.ID
			}
			return reindexProfiles(gctx, store, ids, d, now)
		})
	}
	return g.Wait()
}

// reindexProfiles recomputes the due times of the influencers ids, a chunk of them.
func reindexProfiles(ctx context.Context, store *redisstore.Store, ids []string, d cadence.Defaults, now time.Time) error {
	profiles, err := store.ProfilesByID(ctx, ids)
	if err != nil {
		return err
	}
	return relationships.Reindex(ctx, store, profiles, d, now)
}

// dueRefresh keeps the due index in step with the snapshots a metrics import writes: an
// influencer's tier, and with it its cadence, follows its audience. Each influencer written
// is reindexed once the import has moved past it (the batch just written has no row about
// it, in a file that keeps an influencer's rows together), on up to reindexWorkers
// goroutines while the import goes on, and those still open at the end after that. One whose rows come back after it was reindexed is reindexed once
// more at the end, after every earlier reindex has finished, so that its due time is
// computed from after its last write. The rest of the roster is left to the scheduler's
// due-index job: a metrics file changes nothing about it.
type dueRefresh struct {
	// base is the import's context; ctx is g's, ended by g's first error.
	base, ctx context.Context
	cancel    context.CancelFunc
	g         *errgroup.Group
	store     *redisstore.Store
	d         cadence.Defaults
	now       time.Time
	// open were written in the last batch and not reindexed since; done were reindexed
	// while the import went on; again were written after that.
	open, done, again map[string]bool
}

func newDueRefresh(ctx context.Context, store *redisstore.Store, d cadence.Defaults, now time.Time) *dueRefresh {
	base, cancel := context.WithCancel(ctx)
	r := &dueRefresh{base: base, cancel: cancel, store: store, d: d, now: now,
		open: map[string]bool{}, done: map[string]bool{}, again: map[string]bool{}}
	r.start()
	return r
}

// start begins a group of reindexing goroutines.
func (r *dueRefresh) start() {
	r.g, r.ctx = errgroup.WithContext(r.base)
	r.g.SetLimit(reindexWorkers)
}

// wrote takes the influencers whose snapshots a batch of rows has just written, and starts
// reindexing those of the batch before that this one has no row about. It does so only while
// the file keeps an influencer's rows together (a batch has two or more rows an influencer):
// a file ordered otherwise, month by month say, comes back to each influencer, and all wait
// for the end.
func (r *dueRefresh) wrote(ids []string, rows int) {
	grouped := 2*len(ids) <= rows
	next := make(map[string]bool, len(r.open))
	for _, id := range ids {
		next[id] = true
		if r.done[id] {
			r.again[id] = true
		}
	}
	var settled []string
	for id := range r.open {
		switch {
		case !grouped:
			next[id] = true
		case !next[id] && !r.again[id]:
			settled = append(settled, id)
		}
	}
	r.open = next
	r.reindex(settled)
}

func (r *dueRefresh) reindex(ids []string) {
	for start := 0; start < len(ids); start += reindexChunk {
		part := ids[start:min(start+reindexChunk, len(ids))]
		for _, id := range part {
			r.done[id] = true
		}
		r.g.Go(func() error { return reindexProfiles(r.ctx, r.store, part, r.d, r.now) })
	}
}

// finish reindexes the influencers still open, waits for every reindex, and then reindexes
// those written again after theirs.
func (r *dueRefresh) finish() error {
	var open []string
	for id := range r.open {
		if !r.again[id] {
			open = append(open, id)
		}
	}
	r.reindex(open)
	err := r.g.Wait()
	if err == nil && len(r.again) > 0 {
		r.start()
		r.reindex(slices.Collect(maps.Keys(r.again)))
		err = r.g.Wait()
	}
	r.cancel()
	return err
}

// stop abandons the reindexing, for an import that failed: it is run again.
func (r *dueRefresh) stop() {
	r.cancel()
	_ = r.g.Wait()
}

type importer struct {
	store  *redisstore.Store
	out    *bufio.Writer
	dryRun bool
	strict bool
	now    time.Time
	// launches validates and schedules planned campaigns, as the /campaign form does.
	launches *launches.Service
	// relationships logs imported contacts, as /influencer log does.
	relationships *relationships.Service
}

func (imp importer) influencers(ctx context.Context, in *importFile) error {
	var st rapport.UpsertStats
	t, wrote, err := importAll(ctx, imp, in, "influencers", csvimport.NewInfluencerReader, rowKind[rapport.Influencer]{
		write: func(ctx context.Context, ins []rapport.Influencer) error {
			b, err := imp.store.UpsertInfluencers(ctx, ins, imp.now)
			if err != nil {
				return fmt.Errorf("write influencers (nothing after the failing batch was saved; re-run the import, it is safe to repeat): %w", err)
			}
			st.Created += b.Created
			st.Updated += b.Updated
			st.Unchanged += b.Unchanged
			return nil
		},
	})
	if err != nil {
		return err
	}
	if !wrote {
		return imp.outcome(t.rejected)
	}
	fmt.Fprintf(imp.out, "influencers: %d created, %d updated, %d unchanged, %d rejected\n",
		st.Created, st.Updated, st.Unchanged, t.rejected)
	return imp.outcome(t.rejected)
}

func (imp importer) metrics(ctx context.Context, in *importFile) error {
	saved := 0
	open := func(r io.Reader) (*csvimport.Reader[rapport.Snapshot], error) {
		return csvimport.NewMetricsReader(r, imp.now)
	}
	due := newDueRefresh(ctx, imp.store, imp.relationships.Cadence, imp.now)
	var ids []string
	t, wrote, err := importAll(ctx, imp, in, "metrics", open, rowKind[rapport.Snapshot]{
		handle: func(s rapport.Snapshot) string { return s.Handle },
		write: func(ctx context.Context, snaps []rapport.Snapshot) error {
			n, err := imp.store.UpsertSnapshots(ctx, snaps)
			saved += n
			if err != nil {
				return fmt.Errorf("write metrics after %d snapshots (re-run the import, it is safe to repeat): %w", saved, err)
			}
			ids = ids[:0]
			for i, s := range snaps {
				if i == 0 || s.Handle != snaps[i-1].Handle {
					ids = append(ids, rapport.NormalizeHandle(s.Handle))
				}
			}
			due.wrote(ids, len(snaps))
			return nil
		},
	})
	if err != nil || !wrote {
		due.stop()
		if err != nil {
			return err
		}
		return imp.outcome(t.rejected)
	}
	// t.good, not saved: a row repeating an earlier one in the file is written twice but is
	// one snapshot.
	fmt.Fprintf(imp.out, "metrics: %d snapshots saved, %d rejected\n", t.good, t.rejected)
	if err := due.finish(); err != nil {
		return errors.Join(imp.outcome(t.rejected), fmt.Errorf("imported, but the contact schedule was not updated; run the import again: %w", err))
	}
	return imp.outcome(t.rejected)
}

// touchpoints imports contact history. Each touchpoint's id comes from its content, so
// importing the same file twice adds nothing; the latest contact and due time only move
// forward.
func (imp importer) touchpoints(ctx context.Context, in *importFile) error {
	added := 0
	open := func(r io.Reader) (*csvimport.Reader[rapport.Touchpoint], error) {
		return csvimport.NewTouchpointReader(r, imp.now)
	}
	t, wrote, err := importAll(ctx, imp, in, "touchpoints", open, rowKind[rapport.Touchpoint]{
		handle: func(tp rapport.Touchpoint) string { return tp.Handle },
		write: func(ctx context.Context, tps []rapport.Touchpoint) error {
			n, err := imp.logContacts(ctx, tps)
			added += n
			if err != nil {
				return fmt.Errorf("write touchpoints after %d (re-run the import, it is safe to repeat): %w", added, err)
			}
			return nil
		},
	})
	if err != nil {
		return err
	}
	if !wrote {
		return imp.outcome(t.rejected)
	}
	fmt.Fprintf(imp.out, "touchpoints: %d added, %d already there, %d rejected\n", added, t.good-added, t.rejected)
	return imp.outcome(t.rejected)
}

// logContacts logs touchpoints in file order, reading the profiles they need (for the
// cadence) profileChunk influencers at a time. It returns how many were new.
func (imp importer) logContacts(ctx context.Context, tps []rapport.Touchpoint) (int, error) {
	added := 0
	for len(tps) > 0 {
		// The longest run of touchpoints about at most profileChunk influencers.
		ids := map[string]bool{}
		n := 0
		for ; n < len(tps); n++ {
			id := rapport.NormalizeHandle(tps[n].Handle)
			if !ids[id] && len(ids) == profileChunk {
				break
			}
			ids[id] = true
		}
		list := make([]string, 0, len(ids))
		for id := range ids {
			list = append(list, id)
		}
		profiles, err := imp.store.ProfilesByID(ctx, list)
		if err != nil {
			return added, fmt.Errorf("read the roster: %w", err)
		}
		byID := make(map[string]rapport.Profile, len(profiles))
		for _, p := range profiles {
			byID[p.Influencer.ID()] = p
		}
		for _, tp := range tps[:n] {
			res, err := imp.relationships.LogContact(ctx, byID[rapport.NormalizeHandle(tp.Handle)], tp)
			if err != nil {
				return added, err
			}
			if res.Added {
				added++
			}
		}
		tps = tps[n:]
	}
	return added, nil
}

// campaigns imports campaigns and each influencer's part in them. Every row of a campaign is
// written with the whole campaign, merged from all of its rows, and a planned campaign
// (launching ahead, with a channel) must pass the rules the /campaign form applies, or its
// rows are rejected. Both need the whole file, so it is read twice: once to gather the
// campaigns, once to report and write.
func (imp importer) campaigns(ctx context.Context, in *importFile) error {
	whole, problems, survey, err := imp.surveyCampaigns(ctx, in)
	if err != nil {
		return err
	}
	written := map[string]bool{}
	saved := 0
	k := rowKind[csvimport.CampaignRow]{
		handle: func(r csvimport.CampaignRow) string { return r.Participation.Handle },
		check:  func(r csvimport.Row[csvimport.CampaignRow]) []csvimport.RowError { return problems.rowErrors(r) },
		write: func(ctx context.Context, rows []csvimport.CampaignRow) error {
			recs := make([]rapport.CampaignRecord, len(rows))
			for i, r := range rows {
				c, ok := whole[r.Campaign.ID]
				if !ok {
					c = r.Campaign // the file changed since the first pass
				}
				recs[i] = rapport.CampaignRecord{Campaign: c, Participation: r.Participation}
			}
			n, err := imp.store.UpsertCampaignRecords(ctx, recs)
			saved += n
			if err != nil {
				return fmt.Errorf("write campaigns after %d rows (re-run the import, it is safe to repeat): %w", saved, err)
			}
			for _, r := range rows {
				written[r.Campaign.ID] = true
			}
			return nil
		},
	}
	mode := imp.finalPass(&survey)
	var t tally
	err = in.read(func(r io.Reader) error {
		cr, err := csvimport.NewCampaignReader(r, imp.now)
		if err != nil {
			return fmt.Errorf("campaigns file: %w", err)
		}
		t, err = importPass(ctx, imp, cr.Reader, k, mode)
		return err
	})
	if err != nil {
		return err
	}
	if !imp.summarize(t, mode) {
		return imp.outcome(t.rejected)
	}
	// Rows launching in the future with a channel are planned campaigns: schedule their
	// timing checks and poll.
	planned := 0
	for id := range written {
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
	fmt.Fprintf(imp.out, "campaigns: %d campaigns, %d influencer rows saved, %d rejected\n", len(written), t.good, t.rejected)
	return imp.outcome(t.rejected)
}

// campaignProblems are the planned campaigns that break the /campaign form's rules, by id.
type campaignProblems map[string][]launchplan.Problem

// rowErrors gives a good row the problems of its campaign, each on the row's line.
func (cp campaignProblems) rowErrors(r csvimport.Row[csvimport.CampaignRow]) []csvimport.RowError {
	var errs []csvimport.RowError
	for _, p := range cp[r.Value.Campaign.ID] {
		errs = append(errs, csvimport.RowError{Line: r.Line, Column: string(p.Field), Reason: p.Message})
	}
	return errs
}

// surveyCampaigns reads a campaigns file without reporting or writing: it returns each
// campaign whole, the planned ones that break the form's rules, and the rows the import
// would take and reject.
func (imp importer) surveyCampaigns(ctx context.Context, in *importFile) (map[string]rapport.Campaign, campaignProblems, tally, error) {
	var cr *csvimport.CampaignReader
	perCampaign := map[string]int{} // good rows by campaign, a repeated row once
	var t tally
	err := in.read(func(r io.Reader) error {
		var err error
		if cr, err = csvimport.NewCampaignReader(r, imp.now); err != nil {
			return fmt.Errorf("campaigns file: %w", err)
		}
		t, err = importPass(ctx, imp, cr.Reader, rowKind[csvimport.CampaignRow]{
			handle: func(r csvimport.CampaignRow) string { return r.Participation.Handle },
			check: func(r csvimport.Row[csvimport.CampaignRow]) []csvimport.RowError {
				if r.Replaces == 0 {
					perCampaign[r.Value.Campaign.ID]++
				}
				return nil
			},
		}, passMode{})
		return err
	})
	if err != nil {
		return nil, nil, tally{}, err
	}
	whole := cr.Campaigns()
	problems := campaignProblems{}
	for id, c := range whole {
		if perCampaign[id] == 0 || c.Channel == "" || !c.LaunchAt.After(imp.now) {
			continue
		}
		if c.TimeZone == "" {
			c.TimeZone = "UTC" // the launch instant was read with its offset
		}
		var inv *launchplan.InvalidCampaignError
		if err := imp.launches.Validate(c); errors.As(err, &inv) {
			problems[id] = inv.Problems
			t.good -= perCampaign[id]
			t.rejected += perCampaign[id]
		}
	}
	return whole, problems, t, nil
}

// rowKind is what sets one kind of import file apart in a pass.
type rowKind[T any] struct {
	// handle is the influencer a row is about, checked against the roster; nil for the
	// roster itself.
	handle func(T) string
	// check returns a good row's problems found beyond the file; nil when there are none to
	// look for.
	check func(csvimport.Row[T]) []csvimport.RowError
	// write stores good rows, in file order; nil when the pass writes nothing. It must not
	// keep rows, whose slice is reused for the next batch.
	write func(ctx context.Context, rows []T) error
}

// passMode is what a pass over the file does besides counting.
type passMode struct {
	report bool // print warnings and rejected rows
	write  bool
}

// tally counts the rows of a pass.
type tally struct {
	// good rows are imported, or would be; a row replacing an earlier one counts once.
	good int
	// rejected rows are skipped, however many problems each has.
	rejected int
}

// importAll imports a file whose rows need nothing from the rest of the file: in one pass,
// or, with --strict, after a first pass has found every row good. wrote says whether the
// import went as far as writing; when it did not, the reason has been printed.
func importAll[T any](ctx context.Context, imp importer, in *importFile, kind string,
	open func(io.Reader) (*csvimport.Reader[T], error), k rowKind[T]) (tally, bool, error) {
	pass := func(mode passMode) (tally, error) {
		var t tally
		err := in.read(func(r io.Reader) error {
			rd, err := open(r)
			if err != nil {
				return fmt.Errorf("%s file: %w", kind, err)
			}
			t, err = importPass(ctx, imp, rd, k, mode)
			return err
		})
		return t, err
	}
	var survey *tally
	if imp.strict && !imp.dryRun {
		t, err := pass(passMode{})
		if err != nil {
			return tally{}, false, err
		}
		survey = &t
	}
	mode := imp.finalPass(survey)
	t, err := pass(mode)
	if err != nil {
		return t, false, err
	}
	return t, imp.summarize(t, mode), nil
}

// finalPass decides what the pass that reports does: write unless this is a dry run, or
// --strict and a survey of the file found a bad row.
func (imp importer) finalPass(survey *tally) passMode {
	write := !imp.dryRun && !(imp.strict && survey != nil && survey.rejected > 0)
	return passMode{report: true, write: write}
}

// summarize prints why nothing was written, if so, and says whether the import wrote.
func (imp importer) summarize(t tally, mode passMode) bool {
	switch {
	case imp.dryRun:
		fmt.Fprintf(imp.out, "dry run: %d rows would be imported, %d rejected; nothing written\n", t.good, t.rejected)
	case !mode.write:
		fmt.Fprintf(imp.out, "strict: %d rows rejected, so nothing was imported\n", t.rejected)
	}
	return mode.write
}

// importPass reads the file once, importBatch rows at a time: it checks each batch's good
// rows against the roster and k.check, then prints the batch's warnings and rejected rows
// in line order and writes its good rows, as mode says. The file is parsed on a goroutine of
// its own up to importAhead batches ahead, while this one checks, reports and writes; both
// end before importPass returns.
func importPass[T any](ctx context.Context, imp importer, rd *csvimport.Reader[T], k rowKind[T], mode passMode) (tally, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan rowBatch[T], importAhead)
	// Written batches come back to be filled again, so a pass allocates a few batches
	// rather than one per importBatch rows.
	free := make(chan []csvimport.Row[T], importAhead+2)
	var g errgroup.Group
	g.Go(func() error {
		defer close(batches)
		readBatches(ctx, rd, batches, free)
		return nil
	})
	t, err := writeBatches(ctx, imp, k, mode, batches, free)
	cancel()
	_ = g.Wait()
	return t, err
}

// rowBatch is up to importBatch rows of the file, with the warnings gathered while they
// were read. The last batch has end set, or err when the file could not be read on.
type rowBatch[T any] struct {
	rows     []csvimport.Row[T]
	warnings []string
	end      bool
	err      error
}

// readBatches reads the file into batches, filling the slices free hands back, until its
// end, an I/O error or ctx's end.
func readBatches[T any](ctx context.Context, rd *csvimport.Reader[T], out chan<- rowBatch[T], free <-chan []csvimport.Row[T]) {
	for {
		var b rowBatch[T]
		select {
		case b.rows = <-free:
		default:
			b.rows = make([]csvimport.Row[T], 0, importBatch)
		}
		for len(b.rows) < importBatch {
			row, err := rd.Next()
			if errors.Is(err, io.EOF) {
				b.end = true
				break
			}
			if err != nil {
				b.err = err
				break
			}
			b.rows = append(b.rows, row)
		}
		b.warnings = rd.Warnings()
		select {
		case out <- b:
		case <-ctx.Done():
			return
		}
		if b.end || b.err != nil {
			return
		}
	}
}

// writeBatches checks, reports and writes the batches in file order, and hands each batch's
// slice back to free once done with it.
func writeBatches[T any](ctx context.Context, imp importer, k rowKind[T], mode passMode, batches <-chan rowBatch[T], free chan<- []csvimport.Row[T]) (tally, error) {
	var t tally
	written := 0 // the last line of the batches written
	var good []T // a batch's good rows, the slice reused
	// The influencers found on the roster so far: at most the roster, not the file. One
	// removed meanwhile is not noticed; its rows are stored, and show if it comes back.
	known := map[string]bool{}
	for b := range batches {
		if b.err != nil {
			if written > 0 {
				return t, fmt.Errorf("%w; the rows up to line %d were imported, and importing again is safe", b.err, written)
			}
			return t, b.err
		}
		// Also when the batch is empty: the warnings about the whole file come at its end.
		var err error
		if good, err = flushBatch(ctx, imp, k, mode, b, &t, good[:0], known); err != nil {
			return t, err
		}
		clear(good)
		if mode.write && !b.end {
			written = b.rows[len(b.rows)-1].Line
		}
		if b.end {
			return t, nil
		}
		clear(b.rows)
		select {
		case free <- b.rows[:0]:
		default:
		}
	}
	return t, ctx.Err()
}

// flushBatch checks one batch, counts it in t, prints its warnings and rejected rows, and
// writes its good rows if mode says so, gathered in good, which it returns for reuse. known
// is checkRoster's.
func flushBatch[T any](ctx context.Context, imp importer, k rowKind[T], mode passMode, b rowBatch[T], t *tally, good []T, known map[string]bool) ([]T, error) {
	batch := b.rows
	if k.handle != nil {
		if err := checkRoster(ctx, imp.store, batch, k.handle, known); err != nil {
			return good, err
		}
	}
	if mode.report {
		for _, w := range b.warnings {
			fmt.Fprintf(imp.out, "warning: %s\n", w)
		}
	}
	keep := make([]bool, len(batch))
	for i := range batch {
		row := &batch[i]
		if row.OK() && k.check != nil {
			row.Errors = k.check(*row)
		}
		if !row.OK() {
			t.rejected++
			if mode.report {
				for _, e := range row.Errors {
					fmt.Fprintf(imp.out, "rejected %s\n", e.Error())
				}
			}
			continue
		}
		if row.Replaces == 0 {
			t.good++
		} else if j, ok := slices.BinarySearchFunc(batch[:i], row.Replaces, func(r csvimport.Row[T], line int) int {
			return r.Line - line
		}); ok {
			// The file's last row for a key wins. A row of an earlier batch was written
			// already, and this one overwrites it.
			keep[j] = false
		}
		keep[i] = true
	}
	if err := imp.out.Flush(); err != nil {
		return good, fmt.Errorf("report: %w", err)
	}
	if !mode.write {
		return good, nil
	}
	for i, row := range batch {
		if keep[i] {
			good = append(good, row.Value)
		}
	}
	if len(good) == 0 {
		return good, nil
	}
	return good, k.write(ctx, good)
}

// checkRoster rejects the good rows about influencers not on the roster — stored, they
// would show nowhere — with one round trip for the batch, asking only about influencers
// not already found on it during the pass: known, which it adds to.
func checkRoster[T any](ctx context.Context, store *redisstore.Store, batch []csvimport.Row[T], handle func(T) string, known map[string]bool) error {
	var ids []string
	for _, row := range batch {
		if row.OK() {
			if id := rapport.NormalizeHandle(handle(row.Value)); !known[id] {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	missing, err := store.MissingInfluencers(ctx, ids)
	if err != nil {
		return fmt.Errorf("check handles against the roster: %w", err)
	}
	for _, id := range ids {
		if !missing[id] && !known[id] {
			known[strings.Clone(id)] = true // not a piece of the row's line, kept alive
		}
	}
	for i := range batch {
		row := &batch[i]
		if !row.OK() {
			continue
		}
		if h := handle(row.Value); missing[rapport.NormalizeHandle(h)] {
			row.Errors = []csvimport.RowError{{Line: row.Line, Column: "handle",
				Reason: fmt.Sprintf("no influencer %q on the roster; import influencers first", h)}}
		}
	}
	return nil
}

// ErrRowsRejected marks an import that skipped bad rows.
var ErrRowsRejected = errors.New("rows rejected")

func (imp importer) outcome(bad int) error {
	if bad > 0 {
		return fmt.Errorf("%w: %d (see the lines above)", ErrRowsRejected, bad)
	}
	return nil
}

// importFile is the file an import reads, once per pass. A named regular file is opened for
// each pass. Standard input (or a pipe) can be read once: it is streamed when one pass is
// enough, and otherwise copied first, to a temporary file or, when there is no writable
// temporary folder (a read-only container), to memory up to copyInMemoryMax.
type importFile struct {
	// name is how messages call it.
	name string
	max  int64
	// Exactly one of path, copy and stream is set.
	path   string
	copy   []byte
	stream io.Reader
	// copied is set when path is a temporary copy, removed once the import is over.
	copied bool
	// closeStream closes a named pipe being streamed.
	closeStream func() error
}

// copyInMemoryMax bounds the copy of standard input held in memory when it must be read
// twice and no temporary file can be written.
const copyInMemoryMax = 64 << 20

// openImportFile checks the file's size against max. twice says the import reads it twice
// (--strict, or a campaigns file), so that standard input ("-") or a named pipe is copied.
func openImportFile(path string, stdin io.Reader, max int64, twice bool) (importFile, error) {
	name, r := "standard input", stdin
	closeStream := func() error { return nil }
	if path != "-" {
		st, err := os.Stat(path)
		if err != nil {
			return importFile{}, fmt.Errorf("open import file: %w", err)
		}
		if st.IsDir() {
			return importFile{}, fmt.Errorf("open import file: %s is a folder; name a CSV file", path)
		}
		if st.Mode().IsRegular() {
			if st.Size() > max {
				return importFile{}, &TooLargeError{Name: path, Size: st.Size(), Max: max}
			}
			return importFile{name: path, max: max, path: path}, nil
		}
		f, err := os.Open(path)
		if err != nil {
			return importFile{}, fmt.Errorf("open import file: %w", err)
		}
		name, r, closeStream = path, f, f.Close
	}
	if !twice {
		return importFile{name: name, max: max, stream: r, closeStream: closeStream}, nil
	}
	defer func() { _ = closeStream() }()
	return copyImportFile(r, name, max)
}

func copyImportFile(r io.Reader, name string, max int64) (importFile, error) {
	in := importFile{name: name, max: max}
	capped := &cappedReader{r: r, name: name, left: max, max: max}
	f, terr := os.CreateTemp("", "rapport-import-*.csv")
	if terr != nil {
		data, err := io.ReadAll(io.LimitReader(capped, copyInMemoryMax+1))
		if err != nil {
			return importFile{}, fmt.Errorf("read %s: %w", name, err)
		}
		if len(data) > copyInMemoryMax {
			return importFile{}, fmt.Errorf("%s is read twice (with --strict, and for campaigns), so it is copied first; there is no writable temporary folder (%w), and over %s it is not held in memory: set TMPDIR to a writable folder, or import a file by name",
				name, terr, byteSize(copyInMemoryMax))
		}
		in.copy = data
		return in, nil
	}
	in.path, in.copied = f.Name(), true
	_, err := io.Copy(f, capped)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		in.close()
		var tl *TooLargeError
		if errors.As(err, &tl) {
			return importFile{}, err
		}
		return importFile{}, fmt.Errorf("copy %s to a temporary file: %w", name, err)
	}
	return in, nil
}

// read hands the file to fn, refusing to read past max bytes (standard input, or a file that
// grew since it was checked).
func (in *importFile) read(fn func(io.Reader) error) error {
	switch {
	case in.copy != nil:
		return fn(bytes.NewReader(in.copy))
	case in.stream != nil:
		r := in.stream
		in.stream = nil
		return fn(&cappedReader{r: r, name: in.name, left: in.max, max: in.max})
	case in.path == "":
		return fmt.Errorf("%s can be read only once", in.name)
	}
	f, err := os.Open(in.path)
	if err != nil {
		return fmt.Errorf("open import file: %w", err)
	}
	defer func() { _ = f.Close() }()
	return fn(&cappedReader{r: f, name: in.name, left: in.max, max: in.max})
}

// close removes a temporary copy and closes a pipe.
func (in *importFile) close() {
	if in.copied {
		_ = os.Remove(in.path)
	}
	if in.closeStream != nil {
		_ = in.closeStream()
	}
}

// TooLargeError refuses an import file over --max-size.
type TooLargeError struct {
	Name string
	// Size is the file's size, 0 when it is not known (standard input).
	Size int64
	Max  int64
}

func (e *TooLargeError) Error() string {
	size := "larger than"
	if e.Size > 0 {
		size = fmt.Sprintf("%s, over", byteSize(e.Size))
	}
	return fmt.Sprintf("%s is %s --max-size %s; split it into smaller files, or raise --max-size if the import may run that long",
		e.Name, size, byteSize(e.Max))
}

// cappedReader fails with a TooLargeError once more than max bytes have been read.
type cappedReader struct {
	r    io.Reader
	name string
	left int64
	max  int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return 0, &TooLargeError{Name: c.name, Max: c.max}
	}
	return n, err
}

// byteSize is a flag value for a size in bytes, written like 2GiB, 500MB or 1048576.
type byteSize int64

func (b *byteSize) Set(s string) error {
	units := []struct {
		suffix string
		n      int64
	}{
		{"tib", 1 << 40}, {"gib", 1 << 30}, {"mib", 1 << 20}, {"kib", 1 << 10},
		{"tb", 1e12}, {"gb", 1e9}, {"mb", 1e6}, {"kb", 1e3},
		{"t", 1 << 40}, {"g", 1 << 30}, {"m", 1 << 20}, {"k", 1 << 10}, {"b", 1},
	}
	v := strings.ToLower(strings.TrimSpace(s))
	unit := int64(1)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(v, u.suffix); ok {
			v, unit = strings.TrimSpace(rest), u.n
			break
		}
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || n <= 0 || n*float64(unit) >= 1<<62 {
		return fmt.Errorf("%q is not a size; write it like 500MB, 2GiB or 1048576", s)
	}
	*b = byteSize(n * float64(unit))
	return nil
}

// String writes the size in the largest binary unit that keeps a number of at least 1.
func (b byteSize) String() string {
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if int64(b) >= u.n {
			return strings.TrimSuffix(strconv.FormatFloat(float64(b)/float64(u.n), 'f', 1, 64), ".0") + u.suffix
		}
	}
	return strconv.FormatInt(int64(b), 10) + "B"
}
