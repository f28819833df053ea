package xmpp

import (
	"context"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// outboxLimit is how many bytes may wait for the transport before senders
// block (back-pressure).
const outboxLimit = 256 << 10

// outbox decouples flushing from transport writes once a session runs. A
// flush only copies bytes into it, under the session's write lock; then a
// writer goroutine, shared with other sessions (see writers.go) and taken
// when there is something to write (an idle session holds none), sends whatever has gathered,
// so that under load many stanzas share one transport write and senders
// never wait for the transport unless the outbox is full.
//
// On an ElementTransport the outbox also records where each element ends
// (writeElement), and the writer goroutine sends the gathered elements one
// unit each: the batching is kept, the framing is the transport's.
type outbox struct {
	dst io.Writer
	fr  *framing // on an ElementTransport, where elements go (dst is nil)
	// through is dst's non-blocking write, if it has one (see
	// kickThrough); a *rawTry rather than its method value, whose call
	// went through a wrapper.
	through *rawTry

	mu       sync.Mutex
	cond     sync.Cond // broadcast when bytes leave or an error occurs (see wakeWaiters)
	waiting  int       // goroutines waiting on cond
	buf      []byte    // waiting bytes
	spare    []byte    // the last batch's storage, for reuse
	inflight bool      // a writer goroutine is running
	yield    bool      // the writer lets runnable senders add to its first batch (see kickGathering)
	err      error     // the transport failed
	// peerGone is set once the peer has closed its stream: from then on
	// a sender that would wait for room fails instead (see waitRoom).
	peerGone bool
	// hint is the size the next burst's buffer grows to at once (see
	// room), since the last ones' buffers were let go when they ended:
	// their largest batch, decaying by a quarter at each idle moment; 0
	// while the buffers are kept or the bursts are small.
	hint     uint32
	throughs int // batches kickThrough wrote whole (counted for tests)
	// over is set, under mu, when buf reaches outboxLimit, and cleared
	// under mu by full once buf is below it again. While it is clear the
	// outbox has room, seen without taking mu: only the holder of the
	// session's write lock adds to buf (kickThrough puts back bytes that
	// were there before), and it sets over as it does.
	over atomic.Bool
}

// wait waits on cond. Called with mu, as cond.Wait is.
func (o *outbox) wait() {
	o.waiting++
	o.cond.Wait()
	o.waiting--
}

// wakeWaiters wakes the goroutines waiting on cond, if any: a write that
// went through to the socket wakes nobody most of the time, and
// Broadcast's look at the runtime's list of waiters cost about thirty
// instructions each time. Called with mu.
func (o *outbox) wakeWaiters() {
	if o.waiting > 0 {
		o.cond.Broadcast()
	}
}

// idleKeep is the largest buffer an idle outbox keeps for reuse.
const idleKeep = 16 << 10

func newOutbox(dst io.Writer) *outbox {
	o := new(outbox)
	o.init(dst)
	return o
}

// init makes o, a zero outbox, send to dst. A session's outbox is part of
// the Session (its boxStore), which saves an allocation per session and,
// their sizes together filling a size class better, memory.
func (o *outbox) init(dst io.Writer) {
	o.dst, o.through = dst, throughWriter(dst)
	o.cond.L = &o.mu
}

// initElements makes o, a zero outbox, send whole elements to fr's
// transport.
func (o *outbox) initElements(fr *framing) {
	o.fr = fr
	o.cond.L = &o.mu
}

// writeElement queues p, one whole element, for an ElementTransport. Like
// Write it never blocks.
func (o *outbox) writeElement(p []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err != nil {
		return o.err
	}
	o.room(len(p))
	o.buf = append(o.buf, p...)
	o.fr.ends = append(o.fr.ends, len(o.buf))
	o.noteLen()
	return nil
}

// Write queues p. It never blocks: the limit is enforced before each
// element by waitRoom, which a context can end, so the outbox holds at most
// outboxLimit plus one element, besides the batch the writer goroutine is
// writing (up to as much again while the transport does not take it).
func (o *outbox) Write(p []byte) (int, error) {
	// No defer: it cost a fifth of this function, run twice per IQ round
	// trip, and nothing here can panic short of running out of memory.
	o.mu.Lock()
	if err := o.err; err != nil {
		o.mu.Unlock()
		return 0, err
	}
	o.room(len(p))
	o.buf = append(o.buf, p...)
	o.noteLen()
	o.mu.Unlock()
	return len(p), nil
}

// noteLen sets over if buf has reached the limit. Called with mu after
// adding to buf.
func (o *outbox) noteLen() {
	if len(o.buf) >= outboxLimit {
		o.over.Store(true)
	}
}

// bursts holds the storage of outboxes that went idle after a burst larger
// than idleKeep, for the next burst of any session: an idle outbox keeps
// none (see writeAll), yet a session whose writer drains its outbox between
// bursts (stream management's sender waits for acknowledgements that way)
// does not grow a buffer from nothing each time. The pool lets go of what
// it holds at garbage collection.
var bursts sync.Pool // of *[]byte

// room makes sure buf can take n more bytes, from bursts if it must grow
// past idleKeep or the session's last burst was that large (hint). If
// bursts has nothing that large, a session whose last burst was grows its
// buffer to that size at once, rather than by doubling from nothing after
// each idle moment (stream management's sender waits for
// acknowledgements often enough for its outbox to go idle between
// bursts). Called with mu.
func (o *outbox) room(n int) {
	need := len(o.buf) + n
	if need <= cap(o.buf) {
		return
	}
	var v *[]byte
	if need > idleKeep || o.hint > idleKeep {
		v, _ = bursts.Get().(*[]byte)
	}
	if v == nil || cap(*v) < need {
		if v != nil {
			bursts.Put(v)
		}
		if int(o.hint) > 2*cap(o.buf) {
			b := make([]byte, len(o.buf), max(int(o.hint), need))
			copy(b, o.buf)
			o.buf = b
		}
		return
	}
	b := append((*v)[:0], o.buf...)
	*v = nil
	if cap(o.buf) > idleKeep {
		*v = o.buf[:0]
		bursts.Put(v)
	}
	o.buf = b
}

// kick makes sure a writer goroutine is on its way if bytes are waiting.
func (o *outbox) kick() {
	o.mu.Lock()
	o.startLocked()
	o.mu.Unlock()
}

// kickGathering is kick when more senders are about to add: a writer
// started now first lets the goroutines that are runnable run (one
// runtime.Gosched), so that they add to its first batch. This is the case
// of callers waiting in SendIQ: the read loop wakes several at once with
// their responses, each sends its next request, and the writer goroutine,
// woken by the first, would otherwise write that one alone (8 callers over
// TCP: 0.8 transport writes per request without the yield, 0.3 with it,
// and a fifth less CPU). Each caller writing through instead, as the
// floor's callers do, measured 1.0 writes per request and a third more
// CPU: a write on loopback TCP costs 1 to 3 µs, more than the wake-up it
// saves. A lone request does not yield (nobody else is waiting), nor do
// one-way sends.
func (o *outbox) kickGathering() {
	o.mu.Lock()
	if !o.inflight {
		o.yield = true
	}
	o.startLocked()
	o.mu.Unlock()
}

func (o *outbox) startLocked() {
	if o.inflight || len(o.buf) == 0 || o.err != nil {
		return
	}
	o.inflight = true
	startWriter(o)
}

// writeAll writes batches until none is waiting, then ends.
func (o *outbox) writeAll() {
	o.mu.Lock()
	if o.yield {
		o.yield = false
		o.mu.Unlock()
		runtime.Gosched()
		o.mu.Lock()
	}
	peak := 0
	for len(o.buf) > 0 && o.err == nil {
		batch := o.buf
		peak = max(peak, len(batch))
		o.buf, o.spare = o.spare[:0], nil
		var ends []int
		if o.fr != nil {
			ends = o.fr.ends
			o.fr.ends, o.fr.spareEnds = o.fr.spareEnds[:0], nil
		}
		o.mu.Unlock()
		err := o.send(batch, ends)
		o.mu.Lock()
		o.spare = batch[:0]
		if o.fr != nil {
			o.fr.spareEnds = ends[:0]
		}
		if err != nil && o.err == nil {
			o.err = err
		}
		o.wakeWaiters()
	}
	// Do not hold a burst's memory while idle, but remember its size.
	dropped := false
	if cap(o.spare) > idleKeep {
		b := o.spare[:0]
		bursts.Put(&b)
		o.spare, dropped = nil, true
	}
	if cap(o.buf) > idleKeep && len(o.buf) == 0 {
		b := o.buf[:0]
		bursts.Put(&b)
		o.buf, dropped = nil, true
	}
	// The hint decays rather than follow the last batch alone: a sender
	// that waits for acknowledgements lets its outbox go idle after a
	// few bytes as often as after a burst.
	h := max(peak+peak/4, int(o.hint)-int(o.hint)/4)
	if h < idleKeep/8 || !dropped && peak <= idleKeep {
		h = 0 // small, or the buffers are kept
	}
	o.hint = uint32(min(h, 2*outboxLimit))
	o.inflight = false
	o.wakeWaiters()
	o.mu.Unlock()
}

// send writes one batch: in one write on a byte stream, element by element
// on an ElementTransport.
func (o *outbox) send(batch []byte, ends []int) error {
	if o.fr == nil {
		_, err := o.dst.Write(batch)
		return err
	}
	start := 0
	for _, end := range ends {
		if err := o.fr.sink.send(batch[start:end]); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// full reports whether a sender would wait in waitRoom now. Most calls
// take no lock (see over), nor make a call: full is inlined.
func (o *outbox) full() bool {
	return o.over.Load() && o.stillFull()
}

// stillFull is full once over is set.
func (o *outbox) stillFull() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.buf) < outboxLimit {
		o.over.Store(false)
		return false
	}
	return o.err == nil
}

// waitRoom waits until the outbox has room for more, or ctx is done, so
// that a sender blocked by a peer that does not read can give up. Once the
// peer has closed its stream (stopWaiting) it returns ErrClosed instead of
// waiting: the peer reads only until this side's closing tag, which waits
// for the write lock the caller holds, so what would wait now is better
// failed back to its sender (a server redelivers it elsewhere) than left
// to a peer that is leaving.
func (o *outbox) waitRoom(ctx context.Context) error {
	if !o.full() {
		return nil
	}
	stop := context.AfterFunc(ctx, func() {
		o.mu.Lock()
		o.wakeWaiters()
		o.mu.Unlock()
	})
	defer stop()
	o.mu.Lock()
	defer o.mu.Unlock()
	for len(o.buf) >= outboxLimit && o.err == nil {
		if o.peerGone {
			return ErrClosed
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		o.startLocked()
		o.wait()
	}
	return nil
}

// stopWaiting is called when the peer has closed its stream: senders
// waiting for room, and those that would, fail with ErrClosed.
func (o *outbox) stopWaiting() {
	o.mu.Lock()
	o.peerGone = true
	o.wakeWaiters()
	o.mu.Unlock()
}

// settled reports whether everything queued has been written, or failed
// (with the error), so that drain would not wait.
func (o *outbox) settled() (bool, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.err != nil || len(o.buf) == 0 && !o.inflight, o.err
}

// drain waits until everything queued has been written, or failed, or ctx
// is done.
func (o *outbox) drain(ctx context.Context) error {
	if settled, err := o.settled(); settled {
		return err // nothing to wait for, nor to watch ctx for
	}
	stop := context.AfterFunc(ctx, o.wake)
	defer stop()
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.waitDrained(ctx.Err)
}

// drainWithin is drain bounded by timeout rather than a context: a bare
// timer costs less than a context with a deadline.
func (o *outbox) drainWithin(timeout time.Duration) error {
	if settled, err := o.settled(); settled {
		return err
	}
	expired := false // guarded by mu
	t := time.AfterFunc(timeout, func() {
		o.mu.Lock()
		expired = true
		o.wakeWaiters()
		o.mu.Unlock()
	})
	defer t.Stop()
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.waitDrained(func() error {
		if expired {
			return context.DeadlineExceeded
		}
		return nil
	})
}

// wake makes a drain waiting in waitDrained look at its bound.
func (o *outbox) wake() {
	o.mu.Lock()
	o.wakeWaiters()
	o.mu.Unlock()
}

// waitDrained waits, with mu held, until everything queued has been
// written, or failed, or bound reports an error (woken by whoever ends
// the bound).
func (o *outbox) waitDrained(bound func() error) error {
	for (len(o.buf) > 0 || o.inflight) && o.err == nil {
		if err := bound(); err != nil {
			return err
		}
		o.startLocked()
		o.wait()
	}
	return o.err
}
