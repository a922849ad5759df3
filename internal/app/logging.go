package app

import (
	"log/slog"
	"strings"
)

// newLogger writes structured logs to stderr. Tokens are config.Secret values, which log
// as "[redacted]", and slack-go's own debug logging stays off, so no token reaches a log.
func newLogger(env Env) *slog.Logger {
	level := slog.LevelInfo
	switch strings.ToLower(env.Getenv("RAPPORT_LOG_LEVEL")) {
	case "debug":
		level = slog.LevelDebug
	case "warn", "warning":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	return slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
}
