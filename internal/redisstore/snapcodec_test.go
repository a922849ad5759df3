package redisstore

import (
	"math"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/rapport"
)

func TestSnapshotCodecRoundTrip(t *testing.T) {
	in := rapport.Snapshot{
		Handle: "ava.moreau", Platform: rapport.YouTube, AsOf: time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC),
		Followers: rapport.Known(1.25e6), Posts: rapport.Known(0), AvgLikes: rapport.Unknown,
		AvgComments: rapport.Known(640.5), AvgViews: rapport.Known(math.MaxFloat64),
	}
	got, err := decodeSnapshot("ava.moreau", in.Key(), string(encodeSnapshot(in)))
	if err != nil {
		t.Fatal(err)
	}
	if got != in {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, in)
	}
}

func TestSnapshotCodecRejectsGarbage(t *testing.T) {
	good := string(encodeSnapshot(rapport.Snapshot{Platform: rapport.X}))
	tests := []struct{ field, value string }{
		{"x|2026-10-31", good[:10]},
		{"x|2026-10-31", "\x02" + good[1:]},
		{"x-2026-10-31", good},
		{"x|2026-13-01", good},
		{"x|2026-1-011", good},
		{"x|20a6-10-31", good},
	}
	for _, tt := range tests {
		if _, err := decodeSnapshot("h", tt.field, tt.value); err == nil {
			t.Errorf("decodeSnapshot(%q, %q) accepted garbage", tt.field, tt.value)
		}
	}
}

func TestSnapshotFieldIsKey(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC),
		time.Date(2001, 12, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 1, 31, 23, 30, 0, 0, time.FixedZone("PST", -8*3600)), // the next day in UTC
		time.Date(812, 7, 4, 0, 0, 0, 0, time.UTC),
		time.Date(12026, 7, 4, 0, 0, 0, 0, time.UTC),
	} {
		s := rapport.Snapshot{Platform: rapport.TikTok, AsOf: at}
		if got := string(appendSnapshotField([]byte("x"), &s)); got != "x"+s.Key() {
			t.Errorf("appendSnapshotField(%v) = %q, want %q", at, got, "x"+s.Key())
		}
	}
}
