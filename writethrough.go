package xmpp

import (
	"context"
	"io"
	"net"
	"syscall"
)

// Write-through: a request/response exchange pays a goroutine hand-off
// (and, on an otherwise idle machine, a thread wake-up) for every flush
// that goes through a writer goroutine (see writers.go). Where the sender is about
// to wait anyway (SendIQ), or is a handler running on the read loop with
// nothing more buffered to read (the loop would block reading next, and
// the peer may be waiting for this answer), an idle outbox is written on
// the sender's goroutine instead, but only with writes that cannot block:
// the socket takes what it can at once and the rest goes to a writer
// goroutine as before. So no sender ever waits on a socket, senders under
// load still fill the outbox while it is being written (one system call
// for many stanzas), and a burst of one-way sends from one goroutine,
// which would pay a system call each, still goes through a writer
// goroutine.

// flushHow says what unlockWrite does with a flush.
type flushHow uint8

const (
	flushKick    flushHow = iota // a writer goroutine sends it
	flushThrough                 // try writing it on this goroutine
)

// throughBatches bounds the batches one writeThrough writes: the sender
// that started it would otherwise write for others for as long as they
// keep adding, and wait that long for its own answer.
const throughBatches = 4

// tryWriter writes to a socket without waiting: one non-blocking write(2)
// through the socket's RawConn, which reports how much the kernel took.
// Only a plain TCP or Unix connection has one (a *tls.Conn, net.Pipe, a raw
// log or an ElementTransport do not: their writes go to a writer goroutine
// as before).
type tryWriter struct {
	rc syscall.RawConn
	fn func(fd uintptr) bool // rc's callback, made once: a closure per write would allocate
	p  []byte                // what fn writes
	n  int                   // what it wrote
}

// newTryWriter returns a tryWriter for dst, or nil if dst is not a plain
// socket whose Write is a write(2) of the same bytes.
func newTryWriter(dst io.Writer) *tryWriter {
	var sc syscall.Conn
	switch c := dst.(type) {
	case *net.TCPConn:
		sc = c
	case *net.UnixConn:
		sc = c
	default:
		return nil
	}
	if !tryWriteSupported {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	t := &tryWriter{rc: rc}
	t.fn = t.attempt
	return t
}

// write writes a prefix of p without waiting and returns its length (0 if
// the socket would block or failed: the writer goroutine then writes it
// and meets the error, if any).
func (t *tryWriter) write(p []byte) int {
	t.p, t.n = p, 0
	if err := t.rc.Write(t.fn); err != nil {
		t.n = 0 // a deadline or a closed socket: the writer goroutine reports it
	}
	t.p = nil
	return t.n
}

// attempt is the RawConn callback: one write, never a wait (it reports
// done whatever happened).
func (t *tryWriter) attempt(fd uintptr) bool {
	n, err := rawWrite(fd, t.p)
	if err != nil || n < 0 {
		n = 0
	}
	t.n = n
	return true
}

// writeThrough writes what is waiting on the caller's goroutine if no
// writer is running, with writes that do not block; whatever the socket
// does not take at once, and any outbox without a tryWriter, goes to a
// writer goroutine as kick does. Bytes other senders add meanwhile are
// written in the same way, so under load they share a system call.
func (o *outbox) writeThrough() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.try == nil || o.inflight {
		o.startLocked()
		return
	}
	if len(o.buf) == 0 || o.err != nil {
		return
	}
	o.inflight = true
	for i := 0; len(o.buf) > 0 && o.err == nil; i++ {
		if i == throughBatches {
			startWriter(o) // inflight stays set for it
			return
		}
		batch := o.buf
		o.buf, o.spare = o.spare[:0], nil
		o.mu.Unlock()
		n := o.try.write(batch)
		o.mu.Lock()
		if n < len(batch) {
			// The rest leaves first, on a writer goroutine, followed by
			// what was added meanwhile; inflight stays set for it.
			rest := copy(batch, batch[n:])
			gathered := o.buf
			o.buf = append(batch[:rest], gathered...)
			o.spare = gathered[:0]
			if n > 0 {
				o.cond.Broadcast()
			}
			startWriter(o)
			return
		}
		o.spare = batch[:0]
		o.cond.Broadcast()
	}
	o.idle()
}

// handlerCtx is the context handlers run with on the read loop: Send
// recognises it (by identity) to write through when nothing more is
// buffered to read (see flushAfter).
type handlerCtx struct{ context.Context }

// flushAfter is what unlockWrite does for a flush by a sender with ctx,
// given whether the sender waits for an answer (SendIQ). A handler's ctx
// may have been handed to another goroutine: that one then writes through
// too while the handler runs, which costs it a system call, never a wait.
func (s *Session) flushAfter(ctx context.Context, waits bool) flushHow {
	if waits || ctx == context.Context(&s.hctx) && s.inline.Load() != 0 && s.drained.Load() {
		return flushThrough
	}
	return flushKick
}
