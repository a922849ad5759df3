package csvimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// open opens a fixture from testdata, closing it when the test ends.
func open(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// wantError says a row error is expected on a line, in a column, mentioning reason.
type wantError struct {
	line   int
	column string
	reason string
}

// checkErrors compares row errors with the expected ones, in order.
func checkErrors(t *testing.T, got []RowError, want []wantError) {
	t.Helper()
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			t.Errorf("missing error %d: line %d: %s: …%s…", i, want[i].line, want[i].column, want[i].reason)
		case i >= len(want):
			t.Errorf("unexpected error: %v", got[i])
		case got[i].Line != want[i].line || got[i].Column != want[i].column ||
			!strings.Contains(got[i].Reason, want[i].reason):
			t.Errorf("error %d = %v\nwant line %d: %s: …%s…", i, got[i], want[i].line, want[i].column, want[i].reason)
		}
	}
}

// checkWarnings wants each fragment in some warning, and no more warnings than fragments.
func checkWarnings(t *testing.T, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || strings.Contains(g, w)
		}
		if !found {
			t.Errorf("no warning mentions %q; warnings: %q", w, got)
		}
	}
	if len(got) > len(want) {
		t.Errorf("warnings %q, want %d", got, len(want))
	}
}
