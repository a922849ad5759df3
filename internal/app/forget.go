package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
	"github.com/rapport-bot/rapport/internal/redisstore"
	"github.com/rapport-bot/rapport/internal/wording"
)

const forgetSynopsis = `forget HANDLE --by WHO

Erases everything Rapport holds about one influencer: their record and contact, metrics,
contact history, relationship state and audit trail, their roster and schedule entries,
and their part in campaigns. The campaigns stay, without them; mentions of their handle
or name in campaign histories become "[erased]". WHO (a Slack user ID or name: who asked
for or approved the erasure) is recorded with the time in an audit of erasures that does
not name the person. There is no undo: run "rapport export --handle HANDLE" first if they
asked for a copy. Needs REDIS_URL (and RAPPORT_CONFIG for a key prefix); no Slack tokens.`

// maxErasedBy bounds --by: a user ID or a name, not a note.
const maxErasedBy = 100

// runForget erases one influencer's data (README "People's data").
func runForget(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet(env, "forget", forgetSynopsis)
	by := fs.String("by", "", "who asked for or approved the erasure: a Slack user ID or name (required)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return &UsageError{Msg: "forget needs exactly one influencer's handle, e.g. rapport forget ava.moreau --by U0123ABCD"}
	}
	who := strings.TrimSpace(*by)
	if who == "" {
		fs.Usage()
		return &UsageError{Msg: "forget needs --by: who asked for or approved the erasure (a Slack user ID or name), for the audit of erasures"}
	}
	if len(who) > maxErasedBy {
		return &UsageError{Msg: fmt.Sprintf("--by is %d characters long; give a Slack user ID or name (at most %d)", len(who), maxErasedBy)}
	}
	handle := pos[0]
	if err := rapport.ValidateHandle(handle); err != nil {
		return &UsageError{Msg: err.Error()}
	}
	id := rapport.NormalizeHandle(handle)

	_, store, err := openStorage(env)
	if err != nil {
		return err
	}
	defer func() { _ = store.Close() }()

	at := env.Now().UTC()
	e, err := store.Forget(ctx, id, who, at)
	switch {
	case errors.Is(err, redisstore.ErrErasedNamesThePerson):
		return &UsageError{Msg: "--by names the person being erased, and the audit of erasures must not: give the Slack user ID or name of whoever handled the request"}
	case errors.Is(err, rapport.ErrNotFound):
		return fmt.Errorf("nothing is held about %q; check the handle (rapport export lists everyone): %w", handle, err)
	case err != nil:
		return fmt.Errorf("erasing %s stopped part way; run the same command again to finish: %w", id, err)
	}
	fmt.Fprintf(env.Stdout, "Erased %s: %s and %s; taken out of %s (kept, without them; %s rewritten); %s redacted.\n",
		id, wording.Plural(e.Keys, "record", "records"), wording.Plural(e.IndexEntries, "index entry", "index entries"),
		wording.Plural(e.Campaigns, "campaign", "campaigns"),
		wording.Plural(e.Copies, "other participant's copy", "other participants' copies"),
		wording.Plural(e.AuditEntries, "campaign audit entry", "campaign audit entries"))
	fmt.Fprintf(env.Stdout, "Recorded in the audit of erasures (%s) as done by %s at %s, without the handle.\n",
		redisstore.DeletionsSubject, who, at.Format(time.RFC3339))
	return nil
}
