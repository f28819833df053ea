package sm

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestQueueSlots pushes and acknowledges at random and checks after each
// step that the queue holds exactly what was sent and not acknowledged,
// in order, and that its storage outside q[head:] is zero: slot hands out
// the storage past len(q) as it finds it, so a stale entry there would
// reappear in the queue (and keep its copy and receipt alive meanwhile).
func TestQueueSlots(t *testing.T) {
	for seed := range uint64(5) {
		rng := rand.New(rand.NewPCG(seed, 3))
		ss := newSession(limits{maxStanzas: 1 << 20, maxBytes: 1 << 30})
		var want []*Receipt
		for range 1500 {
			if rng.IntN(3) > 0 {
				for range 1 + rng.IntN(40) {
					r := new(Receipt)
					e := ss.slot()
					if !zeroEntry(*e) {
						t.Fatalf("seed %d: slot returned a used entry", seed)
					}
					e.r = r
					ss.out++
					want = append(want, r)
				}
			} else {
				n := rng.IntN(len(want) + 1)
				if _, err := ss.ack(ss.acked + uint32(n)); err != nil {
					t.Fatal(err)
				}
				want = want[n:]
			}
			if ss.pending() != len(want) {
				t.Fatalf("seed %d: %d pending, want %d", seed, ss.pending(), len(want))
			}
			for i, r := range want {
				if ss.q[ss.head+i].r != r {
					t.Fatalf("seed %d: entry %d out of order", seed, i)
				}
			}
			all := ss.q[:cap(ss.q)]
			for i := range all {
				if (i < ss.head || i >= len(ss.q)) && !zeroEntry(all[i]) {
					t.Fatalf("seed %d: entry %d outside q[%d:%d] not zero", seed, i, ss.head, len(ss.q))
				}
			}
		}
	}
}

// zeroEntry reports whether e is the zero entry.
func zeroEntry(e entry) bool {
	return e.r == nil && !e.unreported && e.held.Len() == 0 && reflect.ValueOf(e.held).IsZero()
}
