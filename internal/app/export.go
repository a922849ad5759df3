package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/wording"
)

const exportSynopsis = `export [--handle HANDLE] [--out FILE]

Writes everything Rapport holds about one influencer (--handle), or about every influencer,
as JSON lines: one object per line, its "type" one of
  profile       the influencer's record, with their own point of contact
  snapshot      one account's metrics for one period
  touchpoint    one logged contact, oldest first
  campaign      a campaign they took part in, with their part ("participation"), or one
                planned in Slack that names them
  relationship  due time, snooze, last contact and nudge history
  audit         a change to the relationship: who did what, when
and "influencer" their handle as a key. For a person's request for their data, or before
"rapport forget". FILE is created readable by you only. Needs REDIS_URL (and
RAPPORT_CONFIG for a key prefix); no Slack tokens.`

// exportLine is one line of an export: the kind of record, whose it is, and the record.
type exportLine struct {
	Type          string                 `json:"type"`
	Influencer    string                 `json:"influencer"`
	Profile       *rapport.Influencer    `json:"profile,omitempty"`
	Snapshot      *rapport.Snapshot      `json:"snapshot,omitempty"`
	Touchpoint    *rapport.Touchpoint    `json:"touchpoint,omitempty"`
	Campaign      *rapport.Campaign      `json:"campaign,omitempty"`
	Participation *rapport.Participation `json:"participation,omitempty"`
	Relationship  *exportRelationship    `json:"relationship,omitempty"`
	Audit         *rapport.AuditEntry    `json:"audit,omitempty"`
}

// exportRelationship is a relationship's upkeep state, as an export spells it.
type exportRelationship struct {
	Since         time.Time `json:"on_roster_since,omitzero"`
	LastContact   time.Time `json:"last_contact,omitzero"`
	Due           time.Time `json:"due,omitzero"`
	Cadence       string    `json:"cadence,omitempty"`
	SnoozedUntil  time.Time `json:"snoozed_until,omitzero"`
	LastNudged    time.Time `json:"last_nudged,omitzero"`
	IgnoredNudges int       `json:"ignored_nudges"`
	LastEscalated time.Time `json:"last_escalated,omitzero"`
}

// The kinds of export line, in the order each influencer's lines come.
const (
	lineProfile      = "profile"
	lineSnapshot     = "snapshot"
	lineTouchpoint   = "touchpoint"
	lineCampaign     = "campaign"
	lineRelationship = "relationship"
	lineAudit        = "audit"
)

// exportPage bounds one read of touchpoints; exportAuditLimit is above the audit's length
// bound, so an export holds all of it.
const (
	exportPage       = 500
	exportAuditLimit = 100_000
)

// runExport writes what the store holds about one influencer or all of them as JSON lines.
func runExport(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "export", exportSynopsis)
	handle := fs.String("handle", "", "one influencer's handle (default: every influencer)")
	out := fs.String("out", "", "write to this file instead of standard output")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return &UsageError{Msg: fmt.Sprintf("export takes no arguments (got %q); name one influencer with --handle", fs.Arg(0))}
	}
	if *handle != "" {
		if err := rapport.ValidateHandle(*handle); err != nil {
			return &UsageError{Msg: "--handle: " + err.Error()}
		}
	}
	_, store, err := openStorage(env)
	if err != nil {
		return err
	}
	defer func() { _ = store.Close() }()

	ids := []string{rapport.NormalizeHandle(*handle)}
	if *handle == "" {
		dir, err := store.Directory(ctx)
		if err != nil {
			return fmt.Errorf("list the roster: %w", err)
		}
		ids = ids[:0]
		for _, e := range dir {
			ids = append(ids, e.ID)
		}
	}
	// Campaigns planned in Slack name their influencers in the campaign record only.
	planned, err := store.Campaigns(ctx, time.Time{}, time.Time{}, 0)
	if err != nil {
		return fmt.Errorf("list campaigns: %w", err)
	}

	w, finish, err := exportOutput(*out, env)
	if err != nil {
		return err
	}
	x := exporter{store: store, enc: json.NewEncoder(w), planned: planned}
	x.enc.SetEscapeHTML(false)
	for _, id := range ids {
		if err := x.influencer(ctx, id); err != nil {
			finish(false)
			if errors.Is(err, rapport.ErrNotFound) && *handle != "" {
				return fmt.Errorf("no influencer called %q: %w", *handle, err)
			}
			return fmt.Errorf("export %s: %w", id, err)
		}
	}
	if err := finish(true); err != nil {
		return err
	}
	where := "standard output"
	if *out != "" {
		where = *out
	}
	fmt.Fprintf(env.Stderr, "exported %s (%s) to %s\n",
		wording.Plural(len(ids), "influencer", "influencers"), wording.Plural(x.lines, "line", "lines"), where)
	return nil
}

// exportOutput opens the export's destination. finish(ok) closes it; a file left
// incomplete by a failure is removed.
func exportOutput(path string, env Env) (io.Writer, func(ok bool) error, error) {
	if path == "" || path == "-" {
		return env.Stdout, func(bool) error { return nil }, nil
	}
	// People's data: readable by the one who exported it.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("export file: %w", err)
	}
	return f, func(ok bool) error {
		err := f.Close()
		if !ok || err != nil {
			_ = os.Remove(path)
		}
		if err != nil {
			return fmt.Errorf("export file: %w", err)
		}
		return nil
	}, nil
}

// exportStore is what an export reads.
type exportStore interface {
	Profile(ctx context.Context, query string) (rapport.Profile, error)
	Touchpoints(ctx context.Context, id string, offset, limit int) ([]rapport.Touchpoint, int, error)
	RelStates(ctx context.Context, ids []string) (map[string]rapport.RelState, error)
	Audit(ctx context.Context, subject string, limit int) ([]rapport.AuditEntry, error)
}

type exporter struct {
	store exportStore
	enc   *json.Encoder
	// planned are every campaign filed by date, for those that name an influencer without a
	// participation of theirs.
	planned []rapport.Campaign
	lines   int
}

func (x *exporter) write(l exportLine) error {
	x.lines++
	if err := x.enc.Encode(l); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	return nil
}

// influencer writes every line about id.
func (x *exporter) influencer(ctx context.Context, id string) error {
	p, err := x.store.Profile(ctx, id)
	if err != nil {
		return err
	}
	id = p.Influencer.ID()
	if err := x.write(exportLine{Type: lineProfile, Influencer: id, Profile: &p.Influencer}); err != nil {
		return err
	}
	for i := range p.Snapshots {
		if err := x.write(exportLine{Type: lineSnapshot, Influencer: id, Snapshot: &p.Snapshots[i]}); err != nil {
			return err
		}
	}
	tps, err := x.touchpoints(ctx, id)
	if err != nil {
		return err
	}
	for i := range tps {
		if err := x.write(exportLine{Type: lineTouchpoint, Influencer: id, Touchpoint: &tps[i]}); err != nil {
			return err
		}
	}
	taken := map[string]bool{}
	for i := range p.Campaigns {
		r := &p.Campaigns[i]
		taken[r.Campaign.ID] = true
		if err := x.write(exportLine{Type: lineCampaign, Influencer: id, Campaign: &r.Campaign, Participation: &r.Participation}); err != nil {
			return err
		}
	}
	for i := range x.planned {
		c := &x.planned[i]
		if !taken[c.ID] && slices.ContainsFunc(c.Influencers, func(v string) bool { return rapport.NormalizeHandle(v) == id }) {
			if err := x.write(exportLine{Type: lineCampaign, Influencer: id, Campaign: c}); err != nil {
				return err
			}
		}
	}
	states, err := x.store.RelStates(ctx, []string{id})
	if err != nil {
		return err
	}
	st := states[id]
	rel := exportRelationship{Since: st.Since, LastContact: st.LastContact, Due: st.Due, SnoozedUntil: st.SnoozedUntil,
		LastNudged: st.LastNudged, IgnoredNudges: st.Ignored, LastEscalated: st.LastEscalated}
	if st.Cadence > 0 {
		rel.Cadence = st.Cadence.String()
	}
	if err := x.write(exportLine{Type: lineRelationship, Influencer: id, Relationship: &rel}); err != nil {
		return err
	}
	audit, err := x.store.Audit(ctx, rapport.InfluencerSubject(id), exportAuditLimit)
	if err != nil {
		return err
	}
	slices.Reverse(audit) // oldest first, as a trail reads
	for i := range audit {
		if err := x.write(exportLine{Type: lineAudit, Influencer: id, Audit: &audit[i]}); err != nil {
			return err
		}
	}
	return nil
}

// touchpoints reads all of id's touchpoints, oldest first.
func (x *exporter) touchpoints(ctx context.Context, id string) ([]rapport.Touchpoint, error) {
	var all []rapport.Touchpoint
	for {
		page, total, err := x.store.Touchpoints(ctx, id, len(all), exportPage)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) == 0 || len(all) >= total {
			break
		}
	}
	slices.Reverse(all)
	return all, nil
}

var _ exportStore = (*redisstore.Store)(nil)
