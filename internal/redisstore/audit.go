package redisstore

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// auditMaxLen bounds one subject's audit stream (approximately, as XADD MAXLEN ~ trims):
// years of changes to one campaign or relationship.
const auditMaxLen = 1000

// auditKey keeps an influencer's audit with the influencer's other keys (one Cluster slot,
// and gone with them when a person's data is erased); a campaign's has a key of its own.
func (s *Store) auditKey(subject string) string {
	if id, ok := strings.CutPrefix(subject, "influencer:"); ok {
		return s.infKey(id, "audit")
	}
	return s.key("audit", "{"+subject+"}")
}

// AppendAudit adds e to its subject's audit stream, an append-only Redis stream.
func (s *Store) AppendAudit(ctx context.Context, e rapport.AuditEntry) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	err := s.rdb.XAdd(ctx, &redis.XAddArgs{
		Stream: s.auditKey(e.Subject), MaxLen: auditMaxLen, Approx: true,
		Values: []any{"at", e.At.UTC().UnixMilli(), "by", e.By, "action", e.Action, "detail", e.Detail},
	}).Err()
	return wrap("append audit", err)
}

// Audit returns a subject's latest audit entries, newest first, at most limit.
func (s *Store) Audit(ctx context.Context, subject string, limit int) ([]rapport.AuditEntry, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	msgs, err := s.rdb.XRevRangeN(ctx, s.auditKey(subject), "+", "-", int64(limit)).Result()
	if err != nil {
		return nil, wrap("read audit", err)
	}
	out := make([]rapport.AuditEntry, 0, len(msgs))
	for _, m := range msgs {
		str := func(k string) string { v, _ := m.Values[k].(string); return v }
		ms, _ := strconv.ParseInt(str("at"), 10, 64)
		out = append(out, rapport.AuditEntry{At: time.UnixMilli(ms).UTC(), By: str("by"), Subject: subject,
			Action: str("action"), Detail: str("detail")})
	}
	return out, nil
}
