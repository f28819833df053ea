package xmpp

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp/stream"
)

// elementClock enforces Config.StanzaTimeout: once the stream runs, a
// top-level element must be complete within the timeout of its first byte,
// so that a peer cannot keep one open forever by sending a byte now and
// then. It sits between the transport and the decoder and sees every byte
// the decoder reads; between elements only white space may come (RFC 6120
// §11.7, XML whitespace keep-alives), so the first other byte starts an
// element. Its offsets count the bytes since the decoder's last Reset,
// like [xmlstream.Decoder.InputOffset].
//
// Read and between run on the read loop's goroutine; only the timer's
// callback (check) runs elsewhere, and it touches nothing of the clock's
// but its atomics and the timer, and of the session only what fire does.
//
// The timer is not moved at every element: setting it (a runtime timer's
// locks and heap) at each element's first byte, and stopping it at its
// end, cost a routed message more than its stanza-id. An element's start
// is a clock reading stored in since instead; the timer, once running,
// fires when the element it was set for would have run out, and check
// sets it again for what is left of the element being read then, or lets
// it stop when none is. So an element is still cut off once it has been
// open for the timeout, and an idle stream holds no running timer.
type elementClock struct {
	r       io.Reader
	read    int64 // bytes passed to the decoder since Reset
	nonWS   int64 // offset of the last non-white-space byte read, or -1
	timeout time.Duration
	armed   bool // an element is being timed (since is set)
	// limit is timeout for check, which must not see stop clear timeout.
	limit time.Duration
	// base is the monotonic origin of since.
	base time.Time
	// since is when the element being timed started, as a duration since
	// base (at least 1); 0 while none is.
	since atomic.Int64
	// running is set while the timer is set or check runs: arm starts the
	// timer only when it is not, check clears it when nothing is timed.
	running atomic.Bool
	ended   atomic.Bool // stop was called: check does nothing more
	timer   *time.Timer // nil until started for the first time
	fire    func()
}

func newElementClock(r io.Reader) *elementClock { return &elementClock{r: r, nonWS: -1} }

func (c *elementClock) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := n - 1; i >= 0; i-- {
		if b := p[i]; b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			c.nonWS = c.read + int64(i)
			if !c.armed && c.timeout > 0 {
				c.arm()
			}
			break
		}
	}
	c.read += int64(n)
	return n, err
}

// between is called when the decoder stands between two elements with off
// its input offset: if a byte of the next element was already read, the
// clock runs (from now) for it; otherwise it stops until one arrives.
func (c *elementClock) between(off int64) {
	if c.timeout <= 0 {
		return
	}
	if c.nonWS >= off {
		c.arm()
		return
	}
	c.pause()
}

// arm starts timing an element from now.
func (c *elementClock) arm() {
	c.armed = true
	c.since.Store(max(int64(time.Since(c.base)), 1))
	if c.running.Load() || !c.running.CompareAndSwap(false, true) {
		return // check will see since
	}
	if c.timer == nil {
		// Made with a duration that never ends, then set: check, which
		// uses the timer, cannot run before it is stored.
		c.timer = time.AfterFunc(time.Duration(math.MaxInt64), c.check)
	}
	c.timer.Reset(c.limit)
}

// check runs when the timer fires: the element being timed, if any, has
// run out (fire) or gets the timer again for what it has left.
func (c *elementClock) check() {
	for !c.ended.Load() {
		since := c.since.Load()
		if since == 0 {
			c.running.Store(false)
			// An element may have started meanwhile, its arm having
			// seen running still set: then check it here.
			if c.since.Load() == 0 || !c.running.CompareAndSwap(false, true) {
				return
			}
			continue
		}
		left := c.limit - (time.Since(c.base) - time.Duration(since))
		if left <= 0 {
			c.fire()
			return
		}
		c.timer.Reset(left)
		return
	}
}

// pause stops the clock while the read loop is not reading (it dispatches
// a complete element, and may wait for room in the handler queue): a peer
// is timed only while this side reads, so back-pressure never ends an
// honest stream. between restarts it.
func (c *elementClock) pause() {
	if c.armed {
		c.since.Store(0)
		c.armed = false
	}
}

// stop disarms the clock for good (the read loop has ended).
func (c *elementClock) stop() {
	c.ended.Store(true)
	if c.timer != nil {
		c.timer.Stop()
	}
	c.since.Store(0)
	c.armed = false
	c.timeout = 0
}

// ErrStanzaTimeout is the cause of a session ended because the peer did not
// complete an element within Config.StanzaTimeout; the session's Err is a
// *LocalStreamError for connection-timeout wrapping it.
var ErrStanzaTimeout = errors.New("xmpp: element not completed in time")

// startElementClock arms the clock once the stream runs.
func (s *Session) startElementClock() {
	if s.cfg.StanzaTimeout <= 0 || s.clock == nil {
		return
	}
	s.clock.timeout, s.clock.limit = s.cfg.StanzaTimeout, s.cfg.StanzaTimeout
	s.clock.base = time.Now()
	var once sync.Once
	s.clock.fire = func() {
		once.Do(func() {
			// RFC 6120 §4.9.3.4: the peer has lost the ability to
			// communicate over the stream, as far as this side can tell.
			s.setErr(&LocalStreamError{Err: stream.ConnectionTimeout, Cause: fmt.Errorf("%w (%v)", ErrStanzaTimeout, s.cfg.StanzaTimeout)})
			s.sendStreamError(stream.ConnectionTimeout)
			s.closeTransport()
		})
	}
}
