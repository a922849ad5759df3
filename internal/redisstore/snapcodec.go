package redisstore

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

// Snapshots sit in a hash per influencer, field "platform|YYYY-MM-DD", value a fixed
// 50-byte record: a version byte, a bitmask of known quantities, then six little-endian
// float64s. A card reads up to a few hundred of them per request, and this decodes an order
// of magnitude faster than JSON with no per-field allocation.
const (
	snapCodecV1  = 1
	snapQuantity = 6
	snapSize     = 2 + 8*snapQuantity
)

func snapQuantities(s *rapport.Snapshot) [snapQuantity]*rapport.Quantity {
	return [snapQuantity]*rapport.Quantity{&s.Followers, &s.Posts, &s.AvgLikes, &s.AvgComments, &s.AvgShares, &s.AvgViews}
}

func encodeSnapshot(s rapport.Snapshot) []byte {
	return appendSnapshot(make([]byte, 0, snapSize), &s)
}

// appendSnapshot appends the record of s to dst, so a batch of them can share one buffer.
func appendSnapshot(dst []byte, s *rapport.Snapshot) []byte {
	var mask byte
	for i, q := range snapQuantities(s) {
		if q.Known {
			mask |= 1 << i
		}
	}
	dst = append(dst, snapCodecV1, mask)
	for _, q := range snapQuantities(s) {
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(q.Value))
	}
	return dst
}

// appendSnapshotField appends s's hash field, s.Key(), to dst without time.Format.
func appendSnapshotField(dst []byte, s *rapport.Snapshot) []byte {
	dst = append(dst, s.Platform...)
	dst = append(dst, '|')
	y, m, d := s.AsOf.UTC().Date()
	if y < 0 || y > 9999 {
		return s.AsOf.UTC().AppendFormat(dst, time.DateOnly)
	}
	return append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
}

// decodeSnapshot rebuilds a snapshot from its hash field and value.
func decodeSnapshot(handle, field, value string) (rapport.Snapshot, error) {
	platform, date, ok := strings.Cut(field, "|")
	if !ok || len(value) != snapSize || value[0] != snapCodecV1 {
		return rapport.Snapshot{}, fmt.Errorf("snapshot %q: unrecognised record", field)
	}
	asOf, err := parseDate(date)
	if err != nil {
		return rapport.Snapshot{}, fmt.Errorf("snapshot %q: %w", field, err)
	}
	s := rapport.Snapshot{Handle: handle, Platform: rapport.Platform(platform), AsOf: asOf}
	mask := value[1]
	for i, q := range snapQuantities(&s) {
		q.Known = mask&(1<<i) != 0
		q.Value = math.Float64frombits(binary.LittleEndian.Uint64([]byte(value[2+8*i : 10+8*i])))
	}
	return s, nil
}

// parseDate reads YYYY-MM-DD without time.Parse's generality, which dominates decoding.
func parseDate(s string) (time.Time, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, fmt.Errorf("bad date %q", s)
	}
	n := func(part string) int {
		v := 0
		for _, c := range part {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, m, d := n(s[:4]), n(s[5:7]), n(s[8:])
	if y < 0 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, fmt.Errorf("bad date %q", s)
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), nil
}
