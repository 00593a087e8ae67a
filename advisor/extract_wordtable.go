package advisor

// wordTable maps lower-case ASCII words to values with open addressing on
// a 32-bit FNV-1a hash. It is built once and only read; looking a word up
// costs one hash over its bytes and usually one probe, and words that are no
// key (most words of a paste) end at an empty slot without a string compare.
type wordTable[T any] struct {
	mask uint32
	// slots hold hash<<32 | index+1 (0 is empty), so one load gives both
	// the hash to compare and the key to check.
	slots []uint64
	keys  []string
	vals  []T
}

// wordHash is the 32-bit FNV-1a hash of w.
func wordHash(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return h
}

// newWordTable builds a table from keys and values (same length).
func newWordTable[T any](keys []string, vals []T) *wordTable[T] {
	n := 16
	for n < 2*len(keys) {
		n <<= 1
	}
	t := &wordTable[T]{mask: uint32(n - 1), slots: make([]uint64, n), keys: keys, vals: vals}
	for i, k := range keys {
		h := wordHash(k)
		for j := h & t.mask; ; j = (j + 1) & t.mask {
			if t.slots[j] == 0 {
				t.slots[j] = uint64(h)<<32 | uint64(i+1)
				break
			}
		}
	}
	return t
}

// get returns the value of w.
func (t *wordTable[T]) get(w string) (v T, ok bool) {
	h := wordHash(w)
	for j := h & t.mask; ; j = (j + 1) & t.mask {
		s := t.slots[j]
		if s == 0 {
			return v, false
		}
		if uint32(s>>32) == h {
			if i := uint32(s) - 1; t.keys[i] == w {
				return t.vals[i], true
			}
		}
	}
}

// tableOf builds a wordTable from a map.
func tableOf[T any](m map[string]T) *wordTable[T] {
	keys := make([]string, 0, len(m))
	vals := make([]T, 0, len(m))
	for k, v := range m {
		keys = append(keys, k)
		vals = append(vals, v)
	}
	return newWordTable(keys, vals)
}
