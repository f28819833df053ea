package xmpp

import (
	"errors"
	"io"
	"net"
	"os"
	"reflect"
	"sync"
	"time"
)

// A SendIQ caller waits for the response anyway, and the peer reads the
// request before it answers, so the caller may as well write its request
// to the transport itself when no writer is running, even on a transport
// whose writes wait for the peer to read (net.Pipe, which has no
// non-blocking write): that saves handing the write to a writer goroutine,
// one of the two goroutine switches per round trip besides the floor's.
// The caller waits on nothing it would not wait for otherwise:
//
//   - If the caller is a handler running on the read loop, reading moves to
//     another goroutine first (yieldReader), as it would once the caller
//     waits for the response: a read loop never waits on a write, so two
//     sessions writing to each other cannot both stop reading.
//   - The wait is bounded (waitBound), so a stalled peer holds the caller
//     no longer than that, and cancelling its context ends its SendIQ no
//     later: a write deadline interrupts the write, and a writer goroutine
//     writes the rest of the batch (after clearing the deadline), so the
//     stream stays whole and usable. The wait ends at once when the peer
//     closes its stream (stopWaiting) or the transport closes.
//   - The caller writes only its own session's transport, so a server
//     routing through other sessions never makes one session's goroutine
//     wait on another's socket that way (SendIQ on another session waits
//     on that session's peer for the response in any case).
//
// Only transports whose interrupted write may be resumed qualify: net.Pipe
// writes what it reports and nothing more. A TLS connection is broken by a
// write deadline, and sockets have the non-blocking write of
// outbox_through.go instead.

// deadliner is a transport whose write a deadline interrupts.
type deadliner interface {
	io.Writer
	SetWriteDeadline(time.Time) error
}

// pipeType is the type of net.Pipe's connections, which is not exported.
var pipeType = sync.OnceValue(func() reflect.Type {
	a, b := net.Pipe()
	a.Close()
	b.Close()
	return reflect.TypeOf(a)
})

// waitWriter returns dst if a caller may write to it and wait (see above),
// or nil.
func waitWriter(dst io.Writer) deadliner {
	d, ok := dst.(deadliner)
	if !ok || reflect.TypeOf(dst) != pipeType() {
		return nil
	}
	return d
}

// aLongTimeAgo is a write deadline that has passed: it interrupts a write.
var aLongTimeAgo = time.Unix(1, 0)

// waitBound is how long a caller waits on the transport in kickWait before
// a writer goroutine takes over the rest of the write: a peer that reads
// (the one that will answer) takes a request at once, and a stalled one
// holds the caller no longer than this, whatever its context.
const waitBound = 2 * time.Millisecond

// kickWait is kickThrough for a caller about to wait for an answer on a
// transport whose writes wait for the peer (see waitWriter): the caller
// writes an idle outbox's bytes itself, until the peer has read them, the
// transport fails or waitBound has passed, and a writer goroutine writes
// what is left. Without such a transport, or with a writer running, it is
// kick.
func (o *outbox) kickWait() {
	o.mu.Lock()
	if o.wait == nil || o.inflight || len(o.buf) == 0 || o.err != nil || o.peerGone {
		o.startLocked()
		o.mu.Unlock()
		return
	}
	o.inflight = true // no writer starts meanwhile: bytes stay in order
	o.callerWrites = true
	batch := o.buf
	o.buf, o.spare = o.spare[:0], nil
	if o.bound == nil {
		o.bound = time.AfterFunc(waitBound, o.interruptCaller)
	} else {
		o.bound.Reset(waitBound)
	}
	o.mu.Unlock()
	n, err := o.wait.Write(batch)
	o.bound.Stop()
	o.mu.Lock()
	o.callerWrites = false
	if o.interrupted {
		// Under mu with callerWrites cleared: interruptCaller cannot set
		// the deadline again. (A timer that fired for this write may
		// still interrupt the next one: that one only goes to a writer
		// goroutine, as without kickWait.)
		o.interrupted = false
		if derr := o.wait.SetWriteDeadline(time.Time{}); derr != nil && err == nil {
			err = derr
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			err = nil // the writer goroutine writes the rest
		}
	}
	if err != nil {
		if o.err == nil {
			o.err = err
		}
		o.spare = batch[:0]
		o.inflight = false
		o.cond.Broadcast()
		o.mu.Unlock()
		return
	}
	o.handBack(batch, n)
	o.mu.Unlock()
}

// interruptCaller interrupts a caller's write in kickWait, if one runs.
func (o *outbox) interruptCaller() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.callerWrites && !o.interrupted {
		o.interrupted = true
		_ = o.wait.SetWriteDeadline(aLongTimeAgo)
	}
}

// handBack ends a write of batch from a sending goroutine, of which the
// transport took n bytes: the rest goes first, before what other senders
// added meanwhile, by a writer goroutine; with nothing left the outbox is
// idle. Called with mu, inflight set.
func (o *outbox) handBack(batch []byte, n int) {
	if n < len(batch) {
		rest := copy(batch, batch[n:])
		batch = append(batch[:rest], o.buf...)
		o.buf, o.spare = batch, o.buf[:0]
		startWriter(o)
		return
	}
	o.spare = batch[:0]
	o.throughs++
	if len(o.buf) > 0 {
		startWriter(o) // others added while this wrote
		return
	}
	o.inflight = false
	o.cond.Broadcast()
}
