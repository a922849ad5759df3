package csvimport

import (
	"hash/maphash"
	"math"
)

// keySet remembers which line each key was last seen on, to tell a row that repeats an
// earlier one. It holds a 64-bit hash of each key rather than the key, under 30 bytes a
// row whatever the key's length. Two different keys share a hash with a chance of about
// one in 30 million for a file of TrackedKeys rows; a warning would then name a repeat
// that is not one.
type keySet struct {
	seed  maphash.Seed
	lines map[uint64]uint32
	// limit is how many keys it holds at most; 0 for no limit.
	limit int
	// full is set once a key was turned away.
	full bool
}

func newKeySet(limit int) *keySet {
	return &keySet{seed: maphash.MakeSeed(), lines: make(map[uint64]uint32), limit: limit}
}

// add records that key is on line. prev is the line it was on before, 0 when it is new.
// first is true for the first key the set had no room for: from then on new keys are not
// remembered, and a repeat of one of them is not told.
func (s *keySet) add(key string, line int) (prev int, first bool) {
	h := maphash.String(s.seed, key)
	if p, ok := s.lines[h]; ok {
		if line <= math.MaxUint32 {
			s.lines[h] = uint32(line)
		}
		return int(p), false
	}
	if s.limit > 0 && len(s.lines) >= s.limit || line > math.MaxUint32 {
		first = !s.full
		s.full = true
		return 0, first
	}
	s.lines[h] = uint32(line)
	return 0, false
}
