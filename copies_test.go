package xmpp

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestCopiesNeverOverwriteReferenced runs random sequences of what stream
// management does with a Copies (copy each stanza sent, mark the oldest
// done when acknowledged, hand every copy out to a resumed stream or to
// the program, move on to another stream's Copies that is told of the
// carried-over copies) and checks, after every step, the bytes of every
// copy still referenced: the queue's, those handed out, and those
// carried over. A chunk reused too early shows as changed bytes. It runs
// on one goroutine, so the race detector has nothing to find and only
// makes the checks 10 times slower (0.23 s, 2.3 s): under it a fifth of
// the seeds run.
func TestCopiesNeverOverwriteReferenced(t *testing.T) {
	type kept struct {
		h    Held
		want []byte
	}
	seeds := uint64(100)
	if raceEnabled {
		seeds /= 5
	}
	for seed := range seeds {
		rng := rand.New(rand.NewPCG(seed, 7))
		c := new(Copies)
		var queue []kept   // made into c, not done: FIFO as sm's queue
		var outside []kept // handed out: must never change
		n := 0
		check := func(step string) {
			t.Helper()
			for _, set := range [][]kept{queue, outside} {
				for _, k := range set {
					if !bytes.Equal(k.h.bytes(), k.want) {
						t.Fatalf("seed %d, %s: a referenced copy changed: %q, want %q", seed, step, k.h.bytes(), k.want)
					}
				}
			}
		}
		for range 1000 {
			switch op := rng.IntN(40); {
			case op < 28: // send: copy
				size := 20 + rng.IntN(200)
				if rng.IntN(30) == 0 {
					size = copyAlone + 1 + rng.IntN(300) // one of its own
				}
				raw := bytes.Repeat([]byte{byte('a' + n%26)}, size)
				copy(raw, fmt.Sprint(n))
				n++
				var h Held
				c.keep(testFrom, raw, &h)
				queue = append(queue, kept{h, raw})
			case op < 38: // acknowledge the oldest few
				k := min(rng.IntN(10), len(queue))
				for _, e := range queue[:k] {
					c.Done(&e.h)
				}
				queue = queue[k:]
			case op < 39: // the stream ends: its queue is handed out
				c.Disown()
				outside = append(outside, queue...)
				// Handed out copies may be acknowledged on this
				// Copies still (a late <a/>): nothing may come of it.
				for _, e := range queue[:len(queue)/2] {
					c.Done(&e.h)
				}
				queue = nil
				if rng.IntN(2) == 0 {
					c = new(Copies)
				} // else it goes on making copies, disowned
			default: // resumed: the new stream carries the old copies
				old := c
				old.Disown()
				c = new(Copies)
				carried := queue
				queue = nil
				// The new stream is told they were acknowledged.
				for _, e := range carried {
					c.Done(&e.h)
				}
				outside = append(outside, carried...)
			}
			check("after a step")
		}
	}
}

// testFrom is who makes the copies of these tests.
var testFrom = &heldFrom{by: "test", ns: "jabber:client"}

// TestCopiesReuse checks that a Copies whose oldest copies are done
// while later ones are made (a stream acknowledged as it sends) reuses
// its storage, and keeps no more than its current chunk once idle.
func TestCopiesReuse(t *testing.T) {
	c := new(Copies)
	raw := bytes.Repeat([]byte("x"), 100)
	var q []Held
	send := func(n int) {
		for range n {
			q = append(q, Held{})
			c.keep(testFrom, raw, &q[len(q)-1])
		}
	}
	ack := func(n int) {
		for _, h := range q[:n] {
			c.Done(&h)
		}
		m := copy(q, q[n:])
		clear(q[m:]) // as sm's queue does: nothing refers to them
		q = q[:m]
	}
	send(60)
	allocs := testing.AllocsPerRun(100, func() {
		send(16)
		ack(16)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per 16 copies made and done, want 0", allocs)
	}
	ack(len(q))
	if c.live != 0 || c.nfree == 0 || c.cur == nil {
		t.Fatalf("after the burst: %d copies live, %d chunks free, current %p; want none, some, one", c.live, c.nfree, c.cur)
	}
	runtime.GC()
	if c.free.Value() != nil {
		t.Error("idle: the free chunks outlived a collection")
	}
	send(40) // what the collector took is made anew
	ack(40)
}

// TestCopiesReuseWholeWindow checks that a stream whose peer acknowledges
// its whole window of copies at once (1 MiB of 128-byte stanzas, stream
// management's default bound) reuses every chunk it freed: the free list
// keeps them all.
func TestCopiesReuseWholeWindow(t *testing.T) {
	// A collection in between would rightly take the free chunks.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	c := new(Copies)
	raw := bytes.Repeat([]byte("x"), 128)
	q := make([]Held, 0, (1<<20)/len(raw))
	window := func() {
		for range cap(q) {
			q = append(q, Held{})
			c.keep(testFrom, raw, &q[len(q)-1])
		}
		for i := range q {
			c.Done(&q[i])
		}
		clear(q)
		q = q[:0]
	}
	window()
	if allocs := testing.AllocsPerRun(5, window); allocs != 0 {
		t.Errorf("%v allocations per window made and acknowledged, want 0", allocs)
	}
}

// TestCopiesDoneTwice checks that a copy given to Done twice is caught
// rather than letting its chunk be reused while another copy is live.
func TestCopiesDoneTwice(t *testing.T) {
	c := new(Copies)
	var held Held
	c.keep(testFrom, []byte("<message/>"), &held)
	c.Done(&held)
	defer func() {
		if recover() == nil {
			t.Error("second Done did not panic")
		}
	}()
	c.Done(&held)
}

// BenchmarkCopies measures what stream management does with its Copies
// per stanza sent on the message benchmark: copy a 118-byte stanza, and
// once the peer acknowledged 16 of them (one request every 16 stanzas),
// mark those done. Reused chunks are poisoned first, so this includes
// that cost too.
func BenchmarkCopies(b *testing.B) {
	c := new(Copies)
	raw := bytes.Repeat([]byte("m"), 118)
	q := make([]Held, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		q = append(q, Held{})
		c.keep(testFrom, raw, &q[len(q)-1])
		if len(q) == 48 { // three requests in flight
			for _, h := range q[:16] {
				c.Done(&h)
			}
			q = q[:copy(q, q[16:])]
		}
	}
}

// TestCopyTwoSenders checks that two Senders that each Copy every element
// (a chunk holds one Sender's copies) still share chunks among their own
// copies, rather than each copy starting a chunk of its own.
func TestCopyTwoSenders(t *testing.T) {
	sm := &seam{
		s:     new(Session),
		send:  make([]Sender, 2),
		froms: []*heldFrom{{by: "a"}, {by: "b"}},
	}
	raw := bytes.Repeat([]byte("x"), 100)
	var kept []Held
	allocs := testing.AllocsPerRun(100, func() {
		for _, f := range sm.froms {
			o := &Outgoing{sm: sm, raw: raw, from: f}
			kept = append(kept[:0], o.Copy())
		}
	})
	if allocs > 0.5 { // a chunk holds 19 copies of 100 bytes
		t.Errorf("%v allocations per two copies, want one chunk per many", allocs)
	}
	for _, h := range kept {
		if !bytes.Equal(h.bytes(), raw) {
			t.Errorf("copy %q, want %q", h.bytes(), raw)
		}
	}
}
