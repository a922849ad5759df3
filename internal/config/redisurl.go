package config

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
)

const defaultRedisTimeout = 2 * time.Second

// CheckRedisURL says why a REDIS_URL cannot work, without connecting. Accepted forms:
// redis://, rediss:// (TLS), unix:///path/to/socket, redis-sentinel://host:26379?master_name=m
// and redis-cluster://host:6379?addr=host2:6379.
func CheckRedisURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("not a URL (want e.g. %s)", DefaultRedisURL)
	}
	switch u.Scheme {
	case "redis", "rediss", "redis-cluster":
		if u.Host == "" {
			return fmt.Errorf("%s:// URL has no host (want e.g. %s)", u.Scheme, DefaultRedisURL)
		}
	case "redis-sentinel":
		if u.Host == "" || u.Query().Get("master_name") == "" {
			return fmt.Errorf("redis-sentinel:// needs a sentinel host and ?master_name=")
		}
	case "unix":
		if u.Path == "" {
			return fmt.Errorf("unix:// URL has no socket path")
		}
	default:
		return fmt.Errorf("scheme %q is not supported (use redis, rediss, unix, redis-sentinel or redis-cluster)", u.Scheme)
	}
	return nil
}

var unknownField = regexp.MustCompile(`field (\S+) not found in type [\w.]+`)

// cleanYAMLError rewrites the YAML decoder's wording into the user's: "unknown key".
func cleanYAMLError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	msg = unknownField.ReplaceAllString(msg, `unknown key "$1"`)
	msg = strings.ReplaceAll(msg, "\n  ", "; ")
	return fmt.Errorf("%s", msg)
}
