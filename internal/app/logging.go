package app

import (
	"fmt"
	"log/slog"
	"strings"
)

// newLogger writes structured logs to stderr: text by default, JSON lines with
// RAPPORT_LOG_FORMAT=json (for log collectors), at RAPPORT_LOG_LEVEL. An unknown level or
// format is an error naming the variable, never a silent default. Tokens are config.Secret
// values, which log as "[redacted]", and slack-go's own debug logging stays off, so no token
// reaches a log.
func newLogger(env Env) (*slog.Logger, error) {
	var level slog.Level
	switch v := strings.ToLower(strings.TrimSpace(env.Getenv("RAPPORT_LOG_LEVEL"))); v {
	case "", "info":
		level = slog.LevelInfo
	case "debug":
		level = slog.LevelDebug
	case "warn", "warning":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	default:
		return nil, fmt.Errorf("RAPPORT_LOG_LEVEL: %q is not a level: use debug, info, warn or error", v)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch v := strings.ToLower(strings.TrimSpace(env.Getenv("RAPPORT_LOG_FORMAT"))); v {
	case "", "text":
		return slog.New(slog.NewTextHandler(env.Stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(env.Stderr, opts)), nil
	default:
		return nil, fmt.Errorf("RAPPORT_LOG_FORMAT: %q is not a format: use text or json", v)
	}
}
