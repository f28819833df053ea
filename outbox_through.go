package xmpp

import (
	"io"
	"net"
	"syscall"
)

// A sender whose write nothing else would join (a lone SendIQ caller, who
// waits for the response anyway, or a handler replying from the read loop:
// see unlockWrite) writes what the outbox holds to the transport itself
// when no writer is running, rather than handing it to a writer goroutine:
// over TCP that hand-off is a goroutine woken per write. The write never
// waits: it is one non-blocking attempt on the socket (tryWrite), and what
// the socket does not take at once goes to a writer goroutine, as before.
// So the sender never waits on the transport, and a transport without a
// non-blocking write (net.Pipe, TLS) keeps the writer goroutine.

// throughWriter returns dst's non-blocking write, or nil. Only the
// standard library's own sockets qualify: a type that wraps one (and
// would promote its SyscallConn) may do more in its Write, such as set a
// deadline or count, which a write on the descriptor would skip.
func throughWriter(dst io.Writer) *rawTry {
	rc := socketOf(dst)
	if rc == nil {
		return nil
	}
	t := &rawTry{rc: rc}
	t.fn = t.write // bound once: a closure per write cost two allocations
	return t
}

// socketOf returns the descriptor of x if x is one of the standard
// library's own sockets, or nil.
func socketOf(x any) syscall.RawConn {
	var rc syscall.RawConn
	var err error
	switch c := x.(type) {
	case *net.TCPConn:
		rc, err = c.SyscallConn()
	case *net.UnixConn:
		rc, err = c.SyscallConn()
	default:
		return nil
	}
	if err != nil {
		return nil
	}
	return rc
}

// rawTry is one transport's non-blocking write. The outbox uses it from
// one goroutine at a time (its writer, see kickThrough).
type rawTry struct {
	rc syscall.RawConn
	fn func(fd uintptr) bool
	p  []byte
	n  int
}

func (t *rawTry) try(p []byte) int {
	t.p, t.n = p, 0
	_ = t.rc.Write(t.fn)
	t.p = nil
	return t.n
}

func (t *rawTry) write(fd uintptr) bool {
	t.n = tryWrite(fd, t.p)
	return true // done either way: never wait for the socket
}

// kickThrough is kick for a sender about to wait for an answer: it writes
// through when the outbox is idle and its transport has a non-blocking
// write, and starts a writer for whatever is left.
func (o *outbox) kickThrough() {
	// Unlocked without a defer, which cost a fifth of this function,
	// run twice per IQ round trip.
	o.mu.Lock()
	if o.through == nil || o.inflight || len(o.buf) == 0 || o.err != nil {
		o.startLocked()
		o.mu.Unlock()
		return
	}
	o.inflight = true // no writer starts meanwhile: bytes stay in order
	batch := o.buf
	o.buf, o.spare = o.spare[:0], nil
	o.mu.Unlock()
	n := o.through.try(batch)
	o.mu.Lock()
	if n < len(batch) {
		// The socket took part or nothing: the rest goes first, before
		// what other senders added meanwhile, by a writer goroutine.
		rest := copy(batch, batch[n:])
		batch = append(batch[:rest], o.buf...)
		o.buf, o.spare = batch, o.buf[:0]
		o.noteLen()
		startWriter(o)
		o.mu.Unlock()
		return
	}
	o.spare = batch[:0]
	o.throughDone()
}

// throughDone ends a write through that the socket took whole. Called
// with mu, which it releases: what other senders added meanwhile goes to
// a writer goroutine.
func (o *outbox) throughDone() {
	o.throughs++
	if len(o.buf) > 0 {
		startWriter(o)
	} else {
		o.inflight = false
		o.wakeWaiters()
	}
	o.mu.Unlock()
}

// writeThrough is Write followed by kickThrough, for a sender whose bytes
// are still in its Writer's buffer (see unlockWrite): when the outbox is
// idle they go to the transport from that buffer, without their copy into
// the outbox and its lock taken twice more; what the socket does not take
// at once is queued for a writer goroutine. Called with the session's
// write lock, so nobody adds to buf meanwhile (kickThrough only puts back
// bytes that were there before).
func (o *outbox) writeThrough(p []byte) error {
	if len(p) == 0 {
		// The Writer wrote it all on its way (an element larger than its
		// buffer): it is in the outbox.
		o.kickThrough()
		return nil
	}
	o.mu.Lock()
	if err := o.err; err != nil {
		o.mu.Unlock()
		return err
	}
	if o.through == nil || o.inflight || len(o.buf) > 0 {
		o.room(len(p))
		o.buf = append(o.buf, p...)
		o.noteLen()
		o.startLocked()
		o.mu.Unlock()
		return nil
	}
	o.inflight = true // no writer starts meanwhile: bytes stay in order
	o.mu.Unlock()
	n := o.through.try(p)
	o.mu.Lock()
	if n < len(p) {
		// The rest goes first, before anything added meanwhile.
		rest := append(o.spare[:0], p[n:]...)
		o.buf, o.spare = append(rest, o.buf...), o.buf[:0]
		o.noteLen()
		startWriter(o)
		o.mu.Unlock()
		return nil
	}
	o.throughDone()
	return nil
}
