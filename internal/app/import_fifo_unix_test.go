//go:build unix

package app

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestImportReadsANamedPipeLikeStandardInput: a pipe (a shell's <(…), /dev/stdin) can be read
// only once, so it is copied first like standard input, and --strict's two passes work.
func TestImportReadsANamedPipeLikeStandardInput(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "roster.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		_, _ = f.WriteString("handle,status\npiped.one,active\n")
		_ = f.Close()
	}()
	out, err := h.run("import", "--strict", "influencers", fifo)
	if err != nil {
		t.Fatalf("import from a pipe: %v\n%s", err, out)
	}
	contains(t, "pipe with --strict", out, "1 created")
}
