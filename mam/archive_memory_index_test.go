package mam

import (
	"math/rand/v2"
	"testing"
)

// TestIDIndex holds idIndex to a map through adds and removes in random
// order, with keys drawn from a few home slots (long probe sequences that
// wrap around the table's end, and removals that move entries back) and
// from anywhere, as the table grows and empties.
func TestIDIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, spread := range []uint64{4, 1 << 62} {
		var x idIndex
		ref := map[uint64]uint64{}
		keys := []uint64{}
		for step := range 20000 {
			k := r.Uint64N(spread) | r.Uint64N(3)<<62 // few homes if spread is small
			if k%spread < 2 {
				k = uint64(len(x.slots)) - 1 - k%spread // the table's last slots: probes wrap
			}
			if step%3 != 2 || len(keys) == 0 {
				s := x.slot(k)
				if _, ok := ref[k]; ok != (s.seq1 != 0) {
					t.Fatalf("step %d: slot(%#x) taken %v, map has it %v", step, k, s.seq1 != 0, ok)
				}
				if s.seq1 == 0 {
					x.put(s, k, uint64(step))
					ref[k] = uint64(step)
					keys = append(keys, k)
				}
			} else {
				i := r.IntN(len(keys))
				k = keys[i]
				keys[i] = keys[len(keys)-1]
				keys = keys[:len(keys)-1]
				if x.remove(k, ref[k]+1) {
					t.Fatalf("step %d: removed %#x under another sequence number", step, k)
				}
				if !x.remove(k, ref[k]) {
					t.Fatalf("step %d: %#x not removed", step, k)
				}
				delete(ref, k)
			}
			if x.len() != len(ref) {
				t.Fatalf("step %d: %d keys, want %d", step, x.len(), len(ref))
			}
			if step%97 == 0 || step > 19900 {
				for k, want := range ref {
					if got, ok := x.get(k); !ok || got != want {
						t.Fatalf("step %d: get(%#x) = %d, %v, want %d", step, k, got, ok, want)
					}
				}
				_, added := ref[^uint64(0)-5]
				if _, ok := x.get(^uint64(0) - 5); ok != added {
					t.Fatalf("step %d: found a key never added", step)
				}
			}
		}
	}
}
