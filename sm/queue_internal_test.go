package sm

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
	"unsafe"
)

// TestQueueSlots pushes and acknowledges at random and checks after each
// step that the queue holds exactly what was sent and not acknowledged,
// in order, and that its storage outside the ring's live part is zero:
// slot hands that storage out as it finds it, so a stale entry there
// would reappear in the queue (and keep its copy and receipt alive
// meanwhile); and that the storage is no larger than the power of two
// the most entries held at once need.
func TestQueueSlots(t *testing.T) {
	for seed := range uint64(5) {
		rng := rand.New(rand.NewPCG(seed, 3))
		ss := newSession(limits{maxStanzas: 1 << 20, maxBytes: 1 << 30})
		var want []*Receipt
		most := 0 // the most entries held so far
		for range 1500 {
			if rng.IntN(3) > 0 {
				for range 1 + rng.IntN(40) {
					r := new(Receipt)
					e := ss.q.slot()
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
				if ss.q.at(i).r != r {
					t.Fatalf("seed %d: entry %d out of order", seed, i)
				}
			}
			q := &ss.q
			most = max(most, q.n)
			if len(q.buf) > max(16, 2*most-1) {
				t.Fatalf("seed %d: %d entries of storage for at most %d held", seed, len(q.buf), most)
			}
			for i := range q.buf {
				live := (i-q.head)&(len(q.buf)-1) < q.n
				if !live && !zeroEntry(q.buf[i]) {
					t.Fatalf("seed %d: entry %d outside the %d from %d not zero", seed, i, q.n, q.head)
				}
			}
		}
	}
}

// zeroEntry reports whether e is the zero entry.
func zeroEntry(e entry) bool {
	return e.r == nil && !e.unreported && e.held.Len() == 0 && reflect.ValueOf(e.held).IsZero()
}

// An idle session's timer finds its queue empty and lets the storage go
// if it grew large: a session keeps no window it once filled while idle.
// An acknowledgement alone does not (a fast sender empties it often).
func TestQueueIdleLetsStorageGo(t *testing.T) {
	for _, tc := range []struct {
		sent, kept int // stanzas sent then all acknowledged; storage kept once idle
	}{
		{10, 16},
		{keptIdle, keptIdle},
		{keptIdle + 1, 0},
		{8192, 0},
	} {
		ss := newSession(limits{maxStanzas: 1 << 20, maxBytes: 1 << 30, ackAfter: time.Millisecond})
		ss.mu.Lock()
		for range tc.sent {
			ss.q.slot().r = new(Receipt)
			ss.out++
		}
		if _, err := ss.ack(ss.out); err != nil {
			t.Fatal(err)
		}
		acked := len(ss.q.buf)
		ss.schedule(time.Millisecond, modeTimed) // as the first stanza sent did
		ss.mu.Unlock()
		if acked < tc.sent {
			t.Errorf("%d sent: the acknowledgement left %d entries of storage, want them kept", tc.sent, acked)
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			ss.mu.Lock()
			got, mode := len(ss.q.buf), ss.mode
			ss.mu.Unlock()
			if mode == modeOff || time.Now().After(deadline) {
				if got != tc.kept {
					t.Errorf("%d sent: %d entries of storage once idle, want %d", tc.sent, got, tc.kept)
				}
				break
			}
			time.Sleep(time.Millisecond)
		}
		ss.mu.Lock()
		ss.q.slot().r = new(Receipt) // and the queue still works
		ss.out++
		if ss.pending() != 1 || ss.q.at(0).r == nil {
			t.Errorf("%d sent: the queue does not take a new entry", tc.sent)
		}
		ss.mu.Unlock()
	}
}

// TestEntrySize holds an entry to 32 bytes with two pointers (see entry):
// a full default window's queue is 8192 of them, which the collector
// scans at each cycle.
func TestEntrySize(t *testing.T) {
	if n := unsafe.Sizeof(entry{}); n > 32 {
		t.Errorf("an entry is %d bytes, want at most 32", n)
	}
}
