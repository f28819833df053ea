package xmpp

import (
	"net"
	"sync/atomic"
	"testing"

	"github.com/canto-im/xmpp/stanza"
)

// TestEndedOnceWhenWorkerSeesClose: the worker serving the handler queue
// may find the queue closed between the read loop closing it and the read
// loop's look at the slot (endReading), which makes the read loop the
// worker if the slot is free. Once that worker has run the end (Handled,
// OnEnd), the slot must stay taken: a worker taking it then would see the
// closed queue too and end the session a second time (a panic closing Handled twice, seen once in about a
// hundred runs of the client fault-injection test under load, which took
// the whole process down). This runs that interleaving in order.
func TestEndedOnceWhenWorkerSeesClose(t *testing.T) {
	c, _ := net.Pipe()
	defer c.Close()
	var ends atomic.Int32
	s := newSession(c, Config{OnEnd: func(*Session) { ends.Add(1) }}, stanza.NSClient)
	s.queue = make(chan *Stanza, 1)
	// A worker holds the slot (it was serving a stanza) when the read
	// loop ends: readEnded, the queue closed, Done closed.
	s.workers.Store(1)
	s.readEnded.Store(true)
	close(s.queue)
	close(s.done)
	s.work() // the worker comes back to the queue and finds it closed
	if ends.Load() != 1 {
		t.Fatalf("OnEnd ran %d times, want 1", ends.Load())
	}
	if s.workers.Load() == 0 {
		t.Fatal("the slot was given up after the end: the read loop would become a second worker that ends the session again")
	}
	if s.takeSlot() { // the read loop's look, right after it closed the queue
		t.Fatal("the read loop took the slot after the worker ended the session")
	}
	select {
	case <-s.handled:
	default:
		t.Fatal("Handled not closed")
	}
	if ends.Load() != 1 {
		t.Fatalf("OnEnd ran %d times, want 1", ends.Load())
	}
}
