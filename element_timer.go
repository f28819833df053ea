package xmpp

import (
	"errors"
	"fmt"
	"io"
	"sync"
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
// callback runs elsewhere, and it touches nothing but the session.
type elementClock struct {
	r       io.Reader
	read    int64 // bytes passed to the decoder since Reset
	nonWS   int64 // offset of the last non-white-space byte read, or -1
	timeout time.Duration
	timer   *time.Timer // nil until armed for the first time
	armed   bool
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
	if c.armed {
		c.timer.Stop()
		c.armed = false
	}
}

func (c *elementClock) arm() {
	c.armed = true
	if c.timer == nil {
		c.timer = time.AfterFunc(c.timeout, c.fire)
		return
	}
	c.timer.Reset(c.timeout)
}

// pause stops the clock while the read loop is not reading (it dispatches
// a complete element, and may wait for room in the handler queue): a peer
// is timed only while this side reads, so back-pressure never ends an
// honest stream. between restarts it.
func (c *elementClock) pause() {
	if c.armed {
		c.timer.Stop()
		c.armed = false
	}
}

// stop disarms the clock for good (the read loop has ended).
func (c *elementClock) stop() {
	if c.timer != nil {
		c.timer.Stop()
	}
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
	s.clock.timeout = s.cfg.StanzaTimeout
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
