package redisstore

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/redis/go-redis/v9"
)

// RouteClientLogs sends go-redis's internal messages (dial failures while Redis is down,
// pool notices) to log at debug level instead of the standard logger on stderr. The store
// already reports every failed call through its returned errors, so these are detail.
// go-redis keeps one logger per process; call this once at start.
func RouteClientLogs(log *slog.Logger) {
	redis.SetLogger(slogAdapter{log})
}

type slogAdapter struct{ log *slog.Logger }

func (a slogAdapter) Printf(ctx context.Context, format string, v ...any) {
	a.log.DebugContext(ctx, "go-redis: "+fmt.Sprintf(format, v...))
}
