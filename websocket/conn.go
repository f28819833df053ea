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
)

// Subprotocol is the WebSocket subprotocol of XMPP (RFC 7395 §3.1).
const Subprotocol = "xmpp"

// ErrNotText is returned when the peer sends a binary message, which RFC
// 7395 §3.2 does not allow.
var ErrNotText = errors.New("websocket: XMPP over WebSocket uses text messages only")

// Conn is an XMPP-over-WebSocket connection as the session layer sees it:
// an io.ReadWriteCloser whose reads return the elements of successive
// messages and whose writes are cut into one message per element. It
// reports the TLS state of the underlying connection, so that sessions over
// wss:// count as secure and can use channel binding.
type Conn struct {
	c   *ws.Conn
	tls *tls.ConnectionState

	ctx    context.Context // cancelled by Close: ends blocked reads
	cancel context.CancelFunc

	rmu sync.Mutex
	r   io.Reader // the current message

	wmu   sync.Mutex
	split splitter
}

func newConn(c *ws.Conn, state *tls.ConnectionState, readLimit int64) *Conn {
	c.SetReadLimit(readLimit)
	ctx, cancel := context.WithCancel(context.Background())
	return &Conn{c: c, tls: state, ctx: ctx, cancel: cancel}
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
		typ, r, err := c.c.Reader(c.ctx)
		if err != nil {
			if ws.CloseStatus(err) != -1 || errors.Is(err, context.Canceled) {
				return 0, io.EOF
			}
			return 0, err
		}
		if typ != ws.MessageText {
			return 0, ErrNotText
		}
		c.r = r
	}
}

// Write sends every element completed by p as its own text message and
// keeps the rest for the next Write.
func (c *Conn) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	for _, msg := range c.split.feed(p) {
		if err := c.c.Write(c.ctx, ws.MessageText, msg); err != nil {
			return 0, err
		}
	}
	return len(p), nil
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

var _ io.ReadWriteCloser = (*Conn)(nil)

// addr is what LocalAddr/RemoteAddr report; WebSocket hides the socket.
type addr string

func (a addr) Network() string { return "websocket" }
func (a addr) String() string  { return string(a) }

var _ net.Addr = addr("")
