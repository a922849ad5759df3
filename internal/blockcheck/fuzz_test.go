package blockcheck

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzValidate checks that arbitrary bytes never panic the validators and that every
// refusal is a well-formed *Error pointing somewhere.
func FuzzValidate(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, path := range files {
		if raw, err := os.ReadFile(path); err == nil {
			f.Add(raw)
		}
	}
	f.Add([]byte(`null`))
	f.Add([]byte(`[{"type":"section","fields":[null,1,"x",{}]}]`))
	f.Add([]byte(`{"type":"modal","title":{"type":"plain_text","text":"x"},"blocks":[{"type":"input"}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		for _, err := range []error{ValidateMessageBlocks(raw), ValidateViewJSON(raw), ValidateMessage("t", raw)} {
			if err == nil {
				continue
			}
			var be *Error
			if !errors.As(err, &be) {
				t.Fatalf("want *Error, got %T: %v", err, err)
			}
			if be.Code == "" || be.Reason == "" || !strings.HasPrefix(be.Pointer, "/") {
				t.Fatalf("malformed error %#v", be)
			}
		}
	})
}
