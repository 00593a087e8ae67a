package advisor

// wordTable maps lower-case ASCII words to values with open addressing on
// a 32-bit FNV-1a hash. It is built once and only read; looking a word up
// costs one hash over its bytes and usually one probe, and words that are no
// key (most words of a paste) end at an empty slot without a string compare.
type wordTable[T any] struct {
	mask  uint32
	slots []int32 // index+1 into keys and vals; 0 is empty
	hash  []uint32
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
	for n < 4*len(keys) {
		n <<= 1
	}
	t := &wordTable[T]{mask: uint32(n - 1), slots: make([]int32, n), keys: keys, vals: vals, hash: make([]uint32, len(keys))}
	for i, k := range keys {
		h := wordHash(k)
		t.hash[i] = h
		for j := h & t.mask; ; j = (j + 1) & t.mask {
			if t.slots[j] == 0 {
				t.slots[j] = int32(i + 1)
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
		i := t.slots[j]
		if i == 0 {
			return v, false
		}
		if t.hash[i-1] == h && t.keys[i-1] == w {
			return t.vals[i-1], true
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
