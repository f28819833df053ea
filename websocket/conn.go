package websocket

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	ws "github.com/coder/websocket"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// Subprotocol is the WebSocket subprotocol of XMPP (RFC 7395 §3.1).
const Subprotocol = "xmpp"

// ErrNotText is returned when the peer sends a binary message, which RFC
// 7395 §3.2 does not allow.
var ErrNotText = errors.New("websocket: XMPP over WebSocket uses text messages only")

// Conn is an XMPP-over-WebSocket connection. It is an
// [xmpp.ElementTransport]: a session over it hands it each element whole,
// sent as one text message, and reads one element per message, as RFC 7395
// §3.3 requires; it opens and closes streams with <open/> and <close/>
// (urn:ietf:params:xml:ns:xmpp-framing). It reports the TLS state of the
// underlying connection, so that sessions over wss:// count as secure and
// can use channel binding.
//
// As an io.ReadWriter, for other uses, Read returns the bytes of successive
// messages and Write sends p as one message. Do not mix Read with
// ReadElement.
type Conn struct {
	c   *ws.Conn
	tls *tls.ConnectionState

	ctx    context.Context // cancelled by Close: ends blocked reads
	cancel context.CancelFunc

	rmu  sync.Mutex
	r    io.Reader // the current message, for Read
	rbuf []byte    // the last message, for ReadElement
}

func newConn(c *ws.Conn, state *tls.ConnectionState, readLimit int64) *Conn {
	c.SetReadLimit(readLimit)
	ctx, cancel := context.WithCancel(context.Background())
	return &Conn{c: c, tls: state, ctx: ctx, cancel: cancel}
}

// next waits for the next message, which must be text (RFC 7395 §3.2). The
// end of the connection, and Close, give io.EOF.
func (c *Conn) next() (io.Reader, error) {
	typ, r, err := c.c.Reader(c.ctx)
	if err != nil {
		if ws.CloseStatus(err) != -1 || errors.Is(err, context.Canceled) {
			return nil, io.EOF
		}
		return nil, err
	}
	if typ != ws.MessageText {
		return nil, ErrNotText
	}
	return r, nil
}

// Read reads from the current message, moving to the next at its end.
func (c *Conn) Read(p []byte) (int, error) {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	for {
		if c.r != nil {
			n, err := c.r.Read(p)
			if err == io.EOF {
				c.r = nil
				err = nil
			}
			if n > 0 || err != nil {
				return n, err
			}
			continue
		}
		r, err := c.next()
		if err != nil {
			return 0, err
		}
		c.r = r
	}
}

// maxKeptMessage is the largest message buffer kept for the next message.
const maxKeptMessage = 16 << 10

// ReadElement returns the next message whole; it implements
// [xmpp.ElementTransport]. The bytes are valid until the next call.
func (c *Conn) ReadElement() ([]byte, error) {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	r, err := c.next()
	if err != nil {
		return nil, err
	}
	buf := c.rbuf[:0]
	if cap(buf) > maxKeptMessage {
		buf = nil // do not hold on to a large message's storage
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	c.rbuf = buf
	return buf, nil
}

// Write sends p as one text message.
func (c *Conn) Write(p []byte) (int, error) {
	if err := c.c.Write(c.ctx, ws.MessageText, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

// WriteElement sends p, one complete element, as one text message; it
// implements [xmpp.ElementTransport].
func (c *Conn) WriteElement(p []byte) error {
	_, err := c.Write(p)
	return err
}

// WriteOpen writes <open/> for h (RFC 7395 §3.4).
func (c *Conn) WriteOpen(e xmlstream.Encoder, h stream.Header) error { return h.WriteOpen(e) }

// ParseOpen parses the peer's <open/> (RFC 7395 §3.4).
func (c *Conn) ParseOpen(el *xmlstream.Element) (stream.Header, error) { return stream.ParseOpen(el) }

// WriteClose writes <close/> (RFC 7395 §3.6).
func (c *Conn) WriteClose(e xmlstream.Encoder) error { return stream.Close{}.WriteXML(e) }

// ParseClose reports whether el is <close/>; one with a see-other-uri gives
// an *[xmpp.SeeOtherURIError] (RFC 7395 §3.6.1).
func (c *Conn) ParseClose(el *xmlstream.Element) (bool, error) {
	cl, err := stream.ParseClose(el)
	if err != nil {
		return false, nil // not <close/>
	}
	if cl.SeeOtherURI != "" {
		return true, &xmpp.SeeOtherURIError{URI: cl.SeeOtherURI}
	}
	return true, nil
}

// Close closes the WebSocket connection with a normal closure.
func (c *Conn) Close() error {
	defer c.cancel()
	done := make(chan error, 1)
	go func() { done <- c.c.Close(ws.StatusNormalClosure, "") }()
	select {
	case err := <-done:
		return err
	case <-time.After(time.Second):
		// The peer does not answer the closing handshake.
		return c.c.CloseNow()
	}
}

// ConnectionState returns the TLS state of the connection the WebSocket runs
// on; HandshakeComplete is false over plain ws://.
func (c *Conn) ConnectionState() tls.ConnectionState {
	if c.tls == nil {
		return tls.ConnectionState{}
	}
	return *c.tls
}

var (
	_ io.ReadWriteCloser    = (*Conn)(nil)
	_ xmpp.ElementTransport = (*Conn)(nil)
)

// addr is what LocalAddr/RemoteAddr report; WebSocket hides the socket.
type addr string

func (a addr) Network() string { return "websocket" }
func (a addr) String() string  { return string(a) }

var _ net.Addr = addr("")
