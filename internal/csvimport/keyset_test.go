package csvimport

import (
	"fmt"
	"testing"
)

// TestKeySetTellsRepeatsAcrossGrowth checks the table against a map while it grows from its
// first size to many times that, and that a limit turns new keys away once, keeping repeats.
func TestKeySetTellsRepeatsAcrossGrowth(t *testing.T) {
	const keys = 40 * keySetStart
	s := newKeySet(0)
	want := map[string]int{}
	for line := 2; line < 3*keys; line++ {
		key := fmt.Sprintf("creator%05d|tiktok|%d", (line*7919)%keys, line%3)
		prev, first := s.add([]byte(key), line)
		if prev != want[key] || first {
			t.Fatalf("line %d: add(%q) = %d, %v; want %d, false", line, key, prev, first, want[key])
		}
		want[key] = line
	}
	if s.n != len(want) || 4*s.n > 3*len(s.hashes) {
		t.Errorf("%d keys in %d slots, want %d keys at most three quarters full", s.n, len(s.hashes), len(want))
	}

	s = newKeySet(3)
	for i, tt := range []struct {
		key         string
		prev        int
		first, full bool
	}{
		{"a", 0, false, false}, {"b", 0, false, false}, {"c", 0, false, false},
		{"d", 0, true, true}, {"b", 3, false, true}, {"e", 0, false, true}, {"d", 0, false, true},
	} {
		prev, first := s.add([]byte(tt.key), i+2)
		if prev != tt.prev || first != tt.first || s.full != tt.full {
			t.Errorf("add(%q) = %d, %v (full %v); want %d, %v (full %v)", tt.key, prev, first, s.full, tt.prev, tt.first, tt.full)
		}
	}
}
