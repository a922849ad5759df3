package redisstore

import (
	"context"
	"errors"
	"strings"

	"github.com/redis/go-redis/v9"
)

// ErrorCounter counts failed Redis calls by operation: a command's name ("get",
// "evalsha") or "pipeline". metrics.Metrics provides it.
type ErrorCounter interface {
	RedisError(op string)
}

// CountErrors reports every failed command and pipeline of the store's client to c, from
// now on. A missing key (redis.Nil) is an answer, not an error, and so are the NOSCRIPT
// that a script's first run after a Redis restart gets before it falls back to EVAL, the
// connection handshake's CLIENT SETINFO that Redis 7.0 refuses, a caller that gave up
// (context.Canceled) and a client closed at shutdown.
func (s *Store) CountErrors(c ErrorCounter) {
	if c == nil {
		return
	}
	s.rdb.AddHook(errorHook{c: c})
}

type errorHook struct{ c ErrorCounter }

func (errorHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h errorHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		if countable(cmd.Name(), err) {
			h.c.RedisError(opName(cmd.Name()))
		}
		return err
	}
}

// ProcessPipelineHook counts a pipeline once, however many of its commands failed; a
// connection failure fails them all.
func (h errorHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		err := next(ctx, cmds)
		for _, cmd := range cmds {
			if countable(cmd.Name(), cmd.Err()) {
				h.c.RedisError("pipeline")
				break
			}
		}
		return err
	}
}

// countable reports an error worth counting: see CountErrors.
func countable(cmd string, err error) bool {
	switch {
	case err == nil, errors.Is(err, redis.Nil), errors.Is(err, context.Canceled), errors.Is(err, redis.ErrClosed):
		return false
	case strings.HasPrefix(err.Error(), "NOSCRIPT"):
		return false
	}
	var reply redis.Error
	if (cmd == "hello" || cmd == "client") && errors.As(err, &reply) {
		return false // the handshake asks for features an older Redis lacks, and goes on
	}
	return true
}

// opName keeps the label to command names: lower case letters, digits, '_' and '-', at
// most 24 characters.
func opName(name string) string {
	if name == "" || len(name) > 24 {
		return "other"
	}
	for _, r := range name {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' && r != '-' {
			return "other"
		}
	}
	return name
}
