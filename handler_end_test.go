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
	q := make(chan *Stanza, 1)
	s.queue.Store(q)
	// A worker holds the slot (it was serving a stanza) when the read
	// loop ends: readEnded, the queue closed, Done closed.
	s.workers.Store(1)
	s.readEnded.Store(true)
	close(q)
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
	case <-s.handled.ch():
	default:
		t.Fatal("Handled not closed")
	}
	if ends.Load() != 1 {
		t.Fatalf("OnEnd ran %d times, want 1", ends.Load())
	}
}

// TestEndedWithoutQueue: a session whose handler kept up never made its
// handler queue (see makeQueue). The worker that finds reading ended must
// still end the session, once, as if it had found the queue closed: with
// no queue to find closed, it would otherwise wait for a stanza for ever
// or keep looking.
func TestEndedWithoutQueue(t *testing.T) {
	c, _ := net.Pipe()
	defer c.Close()
	var ends atomic.Int32
	s := newSession(c, Config{OnEnd: func(*Session) { ends.Add(1) }}, stanza.NSClient)
	s.workers.Store(1) // the read loop took the slot at its end (endReading)
	s.readEnded.Store(true)
	close(s.done)
	s.work()
	if ends.Load() != 1 {
		t.Fatalf("OnEnd ran %d times, want 1", ends.Load())
	}
	if s.handlerQueue() != nil {
		t.Fatal("the end made a handler queue")
	}
	if s.takeSlot() {
		t.Fatal("the slot was given up after the end")
	}
	select {
	case <-s.handled.ch():
	default:
		t.Fatal("Handled not closed")
	}
}
