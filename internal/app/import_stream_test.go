package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/redisstore"
)

// runWithStdin runs a rapport command line with stdin as its standard input.
func (h *harness) runWithStdin(stdin string, args ...string) (string, error) {
	h.t.Helper()
	var out syncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	env := h.runEnv(h.getenv, &out)
	env.Stdin = strings.NewReader(stdin)
	err := Run(ctx, args, env)
	return out.String(), err
}

// importedStore opens the harness's Redis as the import command sees it.
func (h *harness) importedStore() *redisstore.Store {
	return redisstore.New(h.redis.Client(), redisstore.Options{})
}

func TestImportCountsRejectedRowsNotProblems(t *testing.T) {
	h := newHarness(t)
	path := h.writeFile("ins.csv", "handle,name,owner,status,cadence\n"+
		"good.one,Good One,U0PRIYA,active,\n"+
		"three.problems,Three Problems,priya,famous,often\n")
	out, err := h.run("import", "influencers", path)
	if !errors.Is(err, ErrRowsRejected) || !strings.Contains(err.Error(), ": 1 ") {
		t.Fatalf("import err = %v, want 1 row rejected\n%s", err, out)
	}
	contains(t, "every problem of the row", out, "rejected line 3: owner", "rejected line 3: status", "rejected line 3: cadence",
		"1 created, 0 updated, 0 unchanged, 1 rejected")

	path = h.writeFile("mets.csv", "handle,platform,as_of,followers,posts\n"+
		"good.one,tiktok,"+h.date(-40)+",12K,4\n"+
		"good.one,tiktok,2099-01-01,lots,3.5\n"+
		"nobody.here,tiktok,"+h.date(-40)+",1K,2\n")
	out, err = h.run("import", "--dry-run", "metrics", path)
	if !errors.Is(err, ErrRowsRejected) {
		t.Fatalf("dry run err = %v\n%s", err, out)
	}
	contains(t, "metrics dry run", out, "rejected line 3: as_of", "rejected line 3: followers", "rejected line 3: posts",
		`rejected line 4: handle: no influencer "nobody.here"`, "dry run: 1 rows would be imported, 2 rejected")
}

func TestImportStrictReadsStandardInputTwice(t *testing.T) {
	h := newHarness(t)
	bad := "handle,status\nfirst.one,active\nsecond.one,famous\n"
	out, err := h.runWithStdin(bad, "import", "--strict", "influencers", "-")
	if !errors.Is(err, ErrRowsRejected) {
		t.Fatalf("strict import err = %v\n%s", err, out)
	}
	contains(t, "strict from stdin", out, "rejected line 3: status", "strict: 1 rows rejected, so nothing was imported")

	out, err = h.runWithStdin("handle,status\nfirst.one,active\nsecond.one,paused\n", "import", "influencers", "-", "--strict")
	if err != nil {
		t.Fatalf("clean strict import: %v\n%s", err, out)
	}
	// Nothing came of the first attempt: both are new.
	contains(t, "clean strict import from stdin", out, "2 created, 0 updated, 0 unchanged, 0 rejected")

	// A read-only container has no temporary folder: a small input is held in memory.
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	out, err = h.runWithStdin("handle,status\nfirst.one,active\nsecond.one,paused\n", "import", "influencers", "-", "--strict")
	if err != nil {
		t.Fatalf("strict import without a temporary folder: %v\n%s", err, out)
	}
	contains(t, "strict without a temporary folder", out, "0 created, 0 updated, 2 unchanged, 0 rejected")
	out, err = h.runWithStdin("campaign,handle,brand\nSpring,first.one,\nSpring,second.one,Lumière\n", "import", "campaigns", "-")
	if err != nil {
		t.Fatalf("campaigns from stdin without a temporary folder: %v\n%s", err, out)
	}
	contains(t, "campaigns from stdin", out, "campaigns: 1 campaigns, 2 influencer rows saved, 0 rejected")
}

func TestImportRefusesFilesOverMaxSize(t *testing.T) {
	h := newHarness(t)
	body := "handle,name\n" + strings.Repeat("someone.long,Someone With A Long Name\n", 60) // 2,232 bytes
	path := h.writeFile("big.csv", body)
	tests := []struct {
		name  string
		stdin bool
		args  []string
		want  string
	}{
		{"file", false, []string{"import", "influencers", path, "--max-size", "2KiB"}, "big.csv is 2.2KiB, over --max-size 2KiB"},
		{"standard input", true, []string{"import", "--max-size=1.5K", "influencers", "-"}, "standard input is larger than --max-size 1.5KiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out string
			var err error
			if tt.stdin {
				out, err = h.runWithStdin(body, tt.args...)
			} else {
				out, err = h.run(tt.args...)
			}
			var tl *TooLargeError
			if !errors.As(err, &tl) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "split it") {
				t.Fatalf("err = %v, want a TooLargeError mentioning %q\n%s", err, tt.want, out)
			}
		})
	}
	out, err := h.run("import", "influencers", path, "--max-size", "3KB")
	if err != nil {
		t.Fatalf("under the cap: %v\n%s", err, out)
	}
	contains(t, "under the cap", out, "1 created")

	_, err = h.run("import", "influencers", path, "--max-size", "lots")
	var ue *UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "500MB") {
		t.Errorf("--max-size lots: err = %v, want a usage error with an example", err)
	}
}

// rosterFile writes an influencers file of n creators, creator00000 onwards.
func (h *harness) rosterFile(n int) string {
	h.t.Helper()
	var b strings.Builder
	b.WriteString("handle,name,status\n")
	for i := range n {
		fmt.Fprintf(&b, "creator%05d,Creator %d,active\n", i, i)
	}
	return h.writeFile("roster.csv", b.String())
}

// TestImportRowsSpanningBatches: what a file says about rows far apart still holds when they
// are written in different batches — the last repeat wins and counts once, and every row of
// a campaign carries the whole campaign, whatever row gave each column.
func TestImportRowsSpanningBatches(t *testing.T) {
	h := newHarness(t)
	n := importBatch + 10
	h.importFile("influencers", h.rosterFile(n))

	var m strings.Builder
	m.WriteString("handle,platform,as_of,followers\n")
	for i := range n {
		fmt.Fprintf(&m, "creator%05d,tiktok,%s,1000\n", i, h.date(-40))
	}
	fmt.Fprintf(&m, "creator00000,tiktok,%s,2500\n", h.date(-40)) // line n+2 repeats line 2
	out := h.importFile("metrics", h.writeFile("mets.csv", m.String()))
	contains(t, "metrics across batches", out,
		fmt.Sprintf("line %d repeats creator00000 on tiktok for %s from line 2; using line %d", n+2, h.date(-40), n+2),
		fmt.Sprintf("metrics: %d snapshots saved, 0 rejected", n))

	var c strings.Builder
	c.WriteString("campaign,handle,brand,markets\n")
	for i := range n - 1 {
		fmt.Fprintf(&c, "Big Push,creator%05d,,\n", i)
	}
	fmt.Fprintf(&c, "Big Push,creator%05d,Lumière,FR\n", n-1)
	out = h.importFile("campaigns", h.writeFile("camps.csv", c.String()))
	contains(t, "campaign across batches", out, fmt.Sprintf("campaigns: 1 campaigns, %d influencer rows saved, 0 rejected", n))

	ctx := context.Background()
	p, err := h.importedStore().Profile(ctx, "creator00000")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Snapshots) != 1 || p.Snapshots[0].Followers.Value != 2500 {
		t.Errorf("creator00000's snapshots = %+v, want the last row's 2500 followers", p.Snapshots)
	}
	if len(p.Campaigns) != 1 || p.Campaigns[0].Campaign.Brand != "Lumière" || strings.Join(p.Campaigns[0].Campaign.Markets, ",") != "FR" {
		t.Errorf("the first row's campaign = %+v, want the brand and markets the last row gave", p.Campaigns)
	}
}
