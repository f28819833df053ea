package xmpp

import (
	"context"
	"io"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Answers are elements a [Receiver] writes in reply to what the peer sent
// (XEP-0198's <a/> to an <r/>). Sending one with Send from Receive would
// make the read loop wait for the write lock, and, for a peer that asks
// often, wake the writer goroutine once per request; an answer instead
// waits, pending, until the read loop has handled everything it has read
// so far (it writes its answers just before it would wait for more input),
// or until a writer holding the write lock lets go, whichever comes first.
// Requests read in one batch thus get one answer, written with whatever
// else the batch caused. The read loop never waits for the lock (it tries
// it; a busy lock's holder writes the answers); holding it, it waits only
// for room in a full outbox, as a send would.

// Answer has the session write an element soon, in reply to what the peer
// sent, without the caller waiting for the write lock. fill appends the
// element to dst, encoded as the session's writer encodes it (one whole
// top-level element, as for [Outgoing.Follow]), and returns the result;
// it is called later, once, under the write lock, so that what it writes
// is current when it leaves. key identifies the answer (the caller's
// [ExtensionKey], usually; it must be comparable): an answer given again
// under a key whose earlier one is still pending replaces it, and one
// element is written for both, which is the point when the latest state
// answers every request (XEP-0198's h).
//
// The element is written before the read loop waits for more input (on a
// plain socket, after it has read ahead, without waiting, at most 16 KiB
// of what has already arrived; on other transports, after reads that
// filled the read buffer, as many up to 16 KiB, or 1 ms into one that
// waits after all), or earlier by a writer of this session as it releases
// the write lock. It does not pass the Senders: none sees, holds or counts
// it. Call Answer from a Receiver's Receive (the read loop, between
// reads); an answer pending when the stream ends is dropped.
func (s *Session) Answer(key any, fill func(dst []byte) []byte) {
	a := &s.ans
	a.mu.Lock()
	found := false
	for i := range a.q {
		if a.q[i].key == key {
			a.q[i].fill, found = fill, true
			break
		}
	}
	if !found {
		a.q = append(a.q, answer{key: key, fill: fill})
		a.n.Store(int32(len(a.q)))
	}
	a.mu.Unlock()
	if s.fr != nil {
		// An element transport reads whole elements, not batches of
		// bytes: answer each request at once (or by the lock's holder).
		s.flushAnswers(false)
		return
	}
	a.readThrough()
}

// answers are the session's pending answers, and the reader the decoder
// reads through, which writes them before each read from the transport.
type answers struct {
	n  atomic.Int32 // len(q), read without mu at every unlock and read
	mu sync.Mutex
	q  []answer
	// Guarded by the write lock.
	buf     []byte // where fill appends
	through bool   // written from the read loop: write through (see unlockWrite)

	s     *Session
	r     io.Reader  // the transport, as the decoder would read it
	try   *tryReader // r's non-blocking read, or nil; made when first needed
	tried bool       // try was made for r
	ahead int        // bytes read while answers wait (read loop only)
	// full: the last read filled what it was given, so the peer's write
	// most likely goes on and the next read will not wait (read loop
	// only). guard writes the answers if that read waits after all.
	full  bool
	guard *time.Timer
	// reading: the decoder reads through the answers. It reads from the
	// transport directly until the first answer is given (see
	// readThrough), so that a session that never answers has no frame
	// of them on its waiting read loop's stack: that frame tips most idle
	// read loops into a stack twice as large.
	reading bool
}

// readThrough has the decoder read through the answers once one was
// given. Called by Answer, so on the read loop, between reads. An element
// transport (a.s nil: setTransport leaves the answers alone) reads
// through its framing, and its answers are written by Answer or by the
// write lock's holder.
func (a *answers) readThrough() {
	if !a.reading && a.s != nil && a.n.Load() != 0 {
		a.reading = true
		a.s.dec.SetReader(a)
	}
}

type answer struct {
	key  any
	fill func(dst []byte) []byte
}

// Read writes the pending answers, since the read loop has handled all it
// read and may now wait for the peer, then reads. On a socket it first
// reads what has already arrived, without waiting, up to answerAhead
// bytes: a peer that keeps the read loop busy gets one answer for the
// requests of all that, rather than one per read (over TCP each answer is
// a system call on both sides). What it then reads is handled before the
// answer is written, which is as soon as this session can: never later
// than the next wait for input, nor than answerAhead bytes after.
func (a *answers) Read(p []byte) (int, error) {
	if a.n.Load() != 0 {
		return a.answerAndRead(p)
	}
	// The frame here is kept small: it is on the stack of every
	// answering session's read loop while it waits for its peer.
	a.ahead = 0
	n, err := a.r.Read(p)
	a.full = n == len(p)
	return n, err
}

// answerAndRead is Read with answers pending.
//
//go:noinline
func (a *answers) answerAndRead(p []byte) (int, error) {
	if !a.tried {
		a.try, a.tried = newTryReader(a.r), true
	}
	if a.ahead < answerAhead {
		if a.try != nil {
			if n := a.try.read(p); n > 0 {
				a.ahead += n
				a.full = n == len(p)
				return n, nil
			}
		} else if a.full {
			// No way to read without waiting (a pipe, TLS), but the
			// last read was full: the peer is most likely still
			// writing, so this one should not wait. If it does, the
			// guard answers after guardDelay rather than never.
			if a.guard == nil {
				a.guard = time.AfterFunc(guardDelay, func() { a.s.flushAnswers(false) })
			} else {
				a.guard.Reset(guardDelay)
			}
			n, err := a.r.Read(p)
			a.guard.Stop()
			a.ahead += n
			a.full = n == len(p)
			return n, err
		}
	}
	a.ahead = 0
	a.s.flushAnswers(true)
	n, err := a.r.Read(p)
	a.full = n == len(p)
	return n, err
}

// guardDelay is how long answers wait when a read that was expected not
// to wait (see answers.Read) does: the peer may be waiting for them.
const guardDelay = time.Millisecond

// answerAhead bounds what the read loop reads, and handles, while answers
// wait (see answers.Read): four reads of the decoder's buffer.
const answerAhead = 16 << 10

// tryReader is a socket's non-blocking read (see tryRead).
type tryReader struct {
	rc syscall.RawConn
	fn func(fd uintptr) bool
	p  []byte
	n  int
}

// newTryReader returns r's non-blocking read, or nil. Only the standard
// library's own sockets qualify, read directly (not through a raw log or
// an element clock, which would miss the bytes).
func newTryReader(r io.Reader) *tryReader {
	rc := socketOf(r)
	if rc == nil {
		return nil
	}
	t := &tryReader{rc: rc}
	t.fn = func(fd uintptr) bool {
		t.n = tryRead(fd, t.p)
		return true // done either way: never wait for the socket
	}
	return t
}

func (t *tryReader) read(p []byte) int {
	t.p, t.n = p, 0
	_ = t.rc.Read(t.fn)
	t.p = nil
	return t.n
}

// flushAnswers writes the pending answers if the write lock is free; if
// not, its holder writes them as it lets go (unlockWrite). On the read
// loop (reading), a full outbox is waited for, as a send would; elsewhere
// nothing waits.
func (s *Session) flushAnswers(reading bool) {
	if !s.wl.tryLock() {
		return
	}
	if s.outClosed || s.closed.Load() || s.box == nil {
		s.wl.unlock()
		return
	}
	if reading && s.box.full() {
		ctx, cancel := context.WithTimeout(s.ctx.get(), replyTimeout)
		err := s.box.waitRoom(ctx)
		cancel()
		if err != nil {
			s.unlockUnwritten()
			return // still pending, for the next read
		}
	}
	s.writeAnswers()
	s.ans.through = reading
	_ = s.unlockWrite() // a failed write ends the session itself
}

// writeAnswers writes the pending answers, with the write lock held and
// the stream open. Called by every holder of the lock as it lets go: one
// answer per key at most is added to what that holder wrote, so answers
// grow the outbox only as fast as this side's own writes, which wait for
// room, or as the read loop, which waits too.
func (s *Session) writeAnswers() {
	a := &s.ans
	a.mu.Lock()
	q := a.q
	a.q = nil
	a.n.Store(0)
	a.mu.Unlock()
	for i := range q {
		a.buf = q[i].fill(a.buf[:0])
		q[i] = answer{}
		if len(a.buf) > 0 {
			s.writeEncoded(a.buf)
		}
	}
	a.mu.Lock()
	if a.q == nil {
		a.q = q[:0] // reuse the storage
	}
	a.mu.Unlock()
	if cap(a.buf) > 1<<10 {
		a.buf = nil
	}
}
