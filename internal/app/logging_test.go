package app

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestNewLogger(t *testing.T) {
	tests := []struct {
		level, format string
		wantErr       string // "" when it must work
		json          bool
		debug         bool
	}{
		{level: "", format: "", debug: false},
		{level: "DEBUG", format: "text", debug: true},
		{level: "warning", format: "JSON", json: true},
		{level: "verbose", wantErr: `RAPPORT_LOG_LEVEL: "verbose" is not a level`},
		{level: "info", format: "yaml", wantErr: `RAPPORT_LOG_FORMAT: "yaml" is not a format`},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		env := Env{Getenv: func(k string) string {
			return map[string]string{"RAPPORT_LOG_LEVEL": tt.level, "RAPPORT_LOG_FORMAT": tt.format}[k]
		}, Stderr: &out}
		log, err := newLogger(env)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("level %q format %q: err = %v, want %q", tt.level, tt.format, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("level %q format %q: %v", tt.level, tt.format, err)
		}
		log.Debug("d")
		log.Error("boom", "envelope", "env-1")
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		if got := len(lines) == 2; got != tt.debug {
			t.Errorf("level %q: %d lines, debug shown = %v, want %v", tt.level, len(lines), got, tt.debug)
		}
		last := lines[len(lines)-1]
		var obj map[string]any
		if isJSON := json.Unmarshal([]byte(last), &obj) == nil; isJSON != tt.json {
			t.Errorf("format %q: %q parsed as JSON = %v", tt.format, last, isJSON)
		}
		if tt.json && obj["envelope"] != "env-1" {
			t.Errorf("JSON line lacks its attributes: %v", obj)
		}
	}
}
