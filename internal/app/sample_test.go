package app

import (
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/csvimport"
	"github.com/rapport-bot/rapport/internal/demo/sample"
	"github.com/rapport-bot/rapport/internal/rapport"
)

// The sample files read back as the demo's own data, with no row rejected, and import.
func TestSampleWritesImportableFiles(t *testing.T) {
	h := newHarness(t)
	now := h.clock.Now()
	dir := filepath.Join(t.TempDir(), "sample")
	out, err := h.run("sample", dir)
	if err != nil {
		t.Fatalf("sample: %v\n%s", err, out)
	}
	ins, snaps := sample.Roster(now)
	rows := sample.Campaigns(now)
	tps := sample.Touchpoints(now)
	open := func(name string) *os.File {
		t.Helper()
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = f.Close() })
		return f
	}
	clean := func(name string, warnings []string, errs []csvimport.RowError) {
		t.Helper()
		for _, e := range errs {
			t.Errorf("%s: %v", name, e)
		}
		for _, w := range warnings {
			t.Logf("%s: warning: %s", name, w)
		}
	}

	inf, err := csvimport.ParseInfluencers(open("influencers.csv"))
	if err != nil {
		t.Fatal(err)
	}
	clean("influencers.csv", inf.Warnings, inf.Errors)
	if !reflect.DeepEqual(inf.Rows, ins) {
		t.Errorf("influencers.csv reads as\n%+v\nwant the demo's\n%+v", inf.Rows, ins)
	}

	met, err := csvimport.ParseMetrics(open("metrics.csv"), now)
	if err != nil {
		t.Fatal(err)
	}
	clean("metrics.csv", met.Warnings, met.Errors)
	if len(met.Rows) != len(snaps) {
		t.Errorf("metrics.csv has %d snapshots, want %d", len(met.Rows), len(snaps))
	} else {
		for i := range snaps {
			if !reflect.DeepEqual(met.Rows[i], snaps[i]) {
				t.Errorf("metrics.csv line %d reads as %+v, want %+v", met.Lines[i], met.Rows[i], snaps[i])
				break
			}
		}
	}

	camp, err := csvimport.ParseCampaigns(open("campaigns.csv"), now)
	if err != nil {
		t.Fatal(err)
	}
	clean("campaigns.csv", camp.Warnings, camp.Errors)
	keywords, topics := sample.UpcomingWatchWords()
	if len(camp.Rows) != len(rows) {
		t.Errorf("campaigns.csv has %d rows, want %d", len(camp.Rows), len(rows))
	} else {
		for i, want := range rows {
			if want.Campaign.ID == rapport.CampaignID(sample.CampaignUpcoming) {
				want.Campaign.Keywords, want.Campaign.SensitiveTopics = keywords, topics
			}
			if !reflect.DeepEqual(camp.Rows[i], want) {
				t.Errorf("campaigns.csv line %d reads as\n%+v\nwant\n%+v", camp.Lines[i], camp.Rows[i], want)
				break
			}
		}
	}

	touch, err := csvimport.ParseTouchpoints(open("touchpoints.csv"), now)
	if err != nil {
		t.Fatal(err)
	}
	clean("touchpoints.csv", touch.Warnings, touch.Errors)
	if len(touch.Rows) != len(tps) {
		t.Errorf("touchpoints.csv has %d rows, want %d", len(touch.Rows), len(tps))
	} else {
		for i, want := range tps {
			got := touch.Rows[i]
			if got.Handle != want.Handle || !got.At.Equal(want.At) || got.Kind != want.Kind || got.By != want.By || got.Note != want.Note {
				t.Errorf("touchpoints.csv line %d reads as %+v, want %+v", touch.Lines[i], got, want)
				break
			}
		}
	}

	// Every column of every format is filled on some row.
	for _, name := range sampleFiles() {
		records, err := csv.NewReader(open(name)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for col, header := range records[0] {
			used := false
			for _, r := range records[1:] {
				used = used || r[col] != ""
			}
			if !used {
				t.Errorf("%s: column %s is empty on every row", name, header)
			}
		}
	}

	for _, name := range sampleFiles() {
		kind := strings.TrimSuffix(name, ".csv")
		h.importFile(kind, filepath.Join(dir, name))
	}
	p, err := h.store().Profile(context.Background(), sample.HandleDeclining)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Snapshots) == 0 || len(p.Campaigns) == 0 || p.LastTouchpoint == nil || p.Influencer.Contact.IsZero() {
		t.Errorf("imported sample profile is missing parts: %+v", p)
	}

	out, err = h.run("sample", dir)
	var ue *UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "--force") {
		t.Errorf("sample into a directory with the files = %v, want a usage error pointing at --force\n%s", err, out)
	}
	if out, err := h.run("sample", dir, "--force"); err != nil {
		t.Errorf("sample --force: %v\n%s", err, out)
	}
	if _, err := h.run("sample"); !errors.As(err, &ue) {
		t.Errorf("sample without a directory = %v, want a usage error", err)
	}
}

func TestSampleLaunchCellIsExact(t *testing.T) {
	paris, err := rapport.ParseTimeZone("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"a plain wall-clock time", time.Date(2026, 12, 1, 9, 0, 0, 0, paris), "2026-12-01 09:00"},
		{"the hour clocks go back twice, second time", time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), "2026-10-25T02:30:00+01:00"},
		{"no zone", time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), "2026-12-01T09:00:00Z"},
	}
	for _, tt := range tests {
		zone := "Europe/Paris"
		if tt.name == "no zone" {
			zone = ""
		}
		if got := launchCell(tt.at, zone); got != tt.want {
			t.Errorf("%s: launchCell(%v) = %q, want %q", tt.name, tt.at, got, tt.want)
		}
	}
}

func TestSpreadsheetSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+33 1 23", "'+33 1 23"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"ava.moreau", "ava.moreau"},
		{"a=b", "a=b"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := spreadsheetSafe(tt.in); got != tt.want {
			t.Errorf("spreadsheetSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
