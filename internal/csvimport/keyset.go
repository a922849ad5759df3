package csvimport

import (
	"hash/maphash"
	"math"
)

// keySet remembers which line each key was last seen on, to tell a row that repeats an
// earlier one. It holds a 64-bit hash of each key rather than the key, in an open-addressing
// table of 12 bytes a slot kept between three eighths and three quarters full: 16 to 32 bytes
// a row whatever the key's length (24 MiB at TrackedKeys), and about one cache miss to learn
// that a key is new, which most keys of an import are. Two different keys share a hash with a
// chance of about one in 30 million for a file of TrackedKeys rows; a warning would then
// name a repeat that is not one.
type keySet struct {
	seed maphash.Seed
	// hashes is the table, a power of two long, searched linearly from hash&mask; 0 marks a
	// free slot (a key hashing to 0 is stored as 1). lines[i] is the line of hashes[i].
	hashes []uint64
	lines  []uint32
	mask   uint64
	n      int
	// limit is how many keys it holds at most; 0 for no limit.
	limit int
	// full is set once a key was turned away.
	full bool
}

// keySetStart is the table's first size: enough for a small file.
const keySetStart = 1 << 10

func newKeySet(limit int) *keySet {
	s := &keySet{seed: maphash.MakeSeed(), limit: limit}
	s.resize(keySetStart)
	return s
}

// add records that key is on line. prev is the line it was on before, 0 when it is new.
// first is true for the first key the set had no room for: from then on new keys are not
// remembered, and a repeat of one of them is not told.
func (s *keySet) add(key []byte, line int) (prev int, first bool) {
	h := maphash.Bytes(s.seed, key)
	if h == 0 {
		h = 1
	}
	i := h & s.mask
	for ; s.hashes[i] != 0; i = (i + 1) & s.mask {
		if s.hashes[i] == h {
			p := s.lines[i]
			if line <= math.MaxUint32 {
				s.lines[i] = uint32(line)
			}
			return int(p), false
		}
	}
	if s.limit > 0 && s.n >= s.limit || line > math.MaxUint32 {
		first = !s.full
		s.full = true
		return 0, first
	}
	s.hashes[i], s.lines[i] = h, uint32(line)
	s.n++
	if 4*s.n > 3*len(s.hashes) {
		s.resize(2 * len(s.hashes))
	}
	return 0, false
}

// resize moves the keys into a table of size slots.
func (s *keySet) resize(size int) {
	hashes, lines := s.hashes, s.lines
	s.hashes, s.lines, s.mask = make([]uint64, size), make([]uint32, size), uint64(size-1)
	for j, h := range hashes {
		if h == 0 {
			continue
		}
		i := h & s.mask
		for s.hashes[i] != 0 {
			i = (i + 1) & s.mask
		}
		s.hashes[i], s.lines[i] = h, lines[j]
	}
}
