package xmpp

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// ErrClosed is returned by calls on a session whose stream has ended.
var ErrClosed = errors.New("xmpp: session closed")

// A Session is one negotiated XMPP stream (RFC 6120), initiated by this side
// (a client, or a connecting server or component) or received from a peer
// (a server accepting a client).
//
// Concurrency: all methods are safe for use by many goroutines at once. One
// goroutine, owned by the session, reads the stream: it hands IQ responses
// straight to the [Session.SendIQ] call that waits for them, and queues
// everything else for the [Handler], which runs one stanza at a time, in
// order (on the reading goroutine itself while nothing else is queued;
// reading moves on where a handler may wait on the stream). Because
// responses never wait behind the handler, a handler may call SendIQ and
// wait, with any context; if it waits
// for more than a moment, another goroutine takes over the queue, so stanzas
// behind it are not held up (order is kept except around a handler that is
// waiting for a response). Writes from
// many goroutines are serialised and coalesced: a send returns once its
// element is queued, and a writer goroutine sends whatever has
// gathered in one transport write (senders wait only when 256 KiB are
// queued). [Session.Close] waits until everything queued has been written.
// Cancelling the context of one call returns from that call and leaves the
// stream open.
type Session struct {
	cfg Config
	log *slog.Logger

	trMu   sync.Mutex    // guards rw and closer against the ctx watcher
	rw     io.ReadWriter // current transport (a *tls.Conn after STARTTLS)
	closer io.Closer     // closes the original transport, or nil

	raw   *rawLog // formats the raw XML for cfg.RawLog, or nil
	dec   *xmlstream.Decoder
	clock *elementClock // times elements when Config.StanzaTimeout is set
	w     *xmlstream.Writer
	wdst  io.Writer          // what w writes to
	negEl *xmlstream.Element // the session's own negotiation reads (see negElement)
	neg   Negotiation        // negotiate's state, here rather than allocated
	ns    string             // the content namespace (jabber:client, ...)

	fr *framing // an ElementTransport's framing (see framing.go); nil on a byte stream

	servedCert    *x509.Certificate // the certificate this side served in TLS, for tls-server-end-point
	state         State
	overTLS       bool // rw runs over TLS (a tlsStater); written only while negotiating
	local, remote jid.JID
	in, out       stream.Header // the latest stream headers, as read and as sent

	exts   []extension // values packages attached (seam.go); fixed once running
	seam   *seam       // their hooks into the running stream, or nil
	maxOut int         // the peer's advertised max-bytes (XEP-0478), 0 if none; fixed once running

	box       *outbox       // after negotiation, where w flushes to: &boxStore
	wl        writeLock     // the write lock
	writes    atomic.Uint64 // writes under wl once running (see WriteCount)
	outClosed bool          // the closing tag was sent (guarded by wl)
	// sendingIQ: the holder of wl writes a SendIQ request, and will wait
	// for its answer (see unlockWrite).
	sendingIQ bool

	iq        iqTracker
	queue     atomic.Value  // chan *Stanza, made when a stanza first waits for the handler (see makeQueue)
	workers   atomic.Int32  // workers serving the queue: 0 or 1
	readEnded atomic.Bool   // the read loop has ended: a worker must see the closed queue, or find none made
	handedOff atomic.Int32  // workers still in a handler after the queue was handed on (plus drainedMark once drained)
	endOnce   atomic.Bool   // ended has run
	served    atomic.Uint64 // stanzas taken from the queue, numbering them
	busy      atomic.Uint64 // the stanza the serving worker handles, or 0 (see work)
	inline    atomic.Uint64 // the stanza whose handler runs on the read loop, or 0 (see serveInline)
	// replyThrough: the handler running on the read loop handles the last
	// stanza read so far, so what it sends is written through (see
	// unlockWrite) rather than left for more to gather.
	replyThrough atomic.Bool
	iqWaits      atomic.Int32 // SendIQ calls waiting for a response
	addrs        stanza.Addrs // the addresses recurring on what is read (read loop only)
	ans          answers      // what Receivers answer (Answer), and the reader that writes it

	watchMu  sync.Mutex
	watchdog *time.Timer // checks a handler's wait (see checkStall); nil until needed
	watchSeq uint64      // the stanza the watchdog is armed for, or 0

	ctx     endContext    // cancelled when the stream ends; parent of handler contexts
	done    chan struct{} // closed when the read loop has ended
	handled signal        // closed when the handler has returned for every stanza (Handled)
	endMu   sync.Mutex
	endErr  error
	closed  atomic.Bool // transport closed
	stop    signal      // closed with the transport: stops a read loop blocked on the queue, and waiting writers
	// late is the stanza such a read loop held: written by it before it
	// closes the queue, served by the worker that finds the queue closed.
	late *Stanza

	boxStore outbox // box's storage, set up when the session starts
}

func newSession(rw io.ReadWriter, cfg Config, ns string) *Session {
	cfg = cfg.withDefaults()
	s := &Session{
		cfg:  cfg,
		ns:   ns,
		log:  cfg.Logger,
		wl:   newWriteLock(),
		done: make(chan struct{}),
	}
	s.servedCert = cfg.ServedCertificate
	if cfg.RawLog != nil {
		s.raw = newRawLog(cfg.RawLog) // one for the session, across TLS switches
	}
	s.dec = xmlstream.NewDecoder(nil, cfg.preAuthLimits())
	s.w = xmlstream.NewWriter(nil)
	s.setTransport(rw)
	if cfg.InsecureAssumeSecure || s.tlsState() != nil {
		s.state |= Secure
	}
	s.iq.init()
	return s
}

// setTransport switches to rw, discarding every byte buffered from the old
// transport in both directions (RFC 6120 §5.4.3.3).
func (s *Session) setTransport(rw io.ReadWriter) {
	s.trMu.Lock()
	s.rw = rw
	_, s.overTLS = rw.(tlsStater)
	if c, ok := rw.(io.Closer); ok {
		s.closer = c // after STARTTLS, closing sends TLS close_notify
	}
	s.trMu.Unlock()
	var rawIn, rawOut io.Writer
	if s.raw != nil {
		rawIn, rawOut = s.raw.reader(), s.raw.writer()
	}
	if et, ok := rw.(ElementTransport); ok {
		s.fr = newFraming(et, rawIn, rawOut)
		s.dec.Reset(&s.fr.r)
		s.w.Reset(&s.fr.stage)
		s.wdst = &s.fr.stage
		return
	}
	s.fr = nil
	var r io.Reader = rw
	var w io.Writer = rw
	if s.raw != nil {
		r = io.TeeReader(rw, rawIn)
		w = io.MultiWriter(rw, rawOut)
	}
	if s.cfg.StanzaTimeout > 0 {
		// A fresh clock, since its offsets must follow the decoder's.
		s.clock = newElementClock(r)
		r = s.clock
	}
	s.ans.s, s.ans.r, s.ans.try, s.ans.tried, s.ans.full = s, r, nil, false, false
	s.ans.reading = false // until an answer is given (see answers.Read)
	s.dec.Reset(r)
	s.w.Reset(w)
	s.wdst = w
}

// tlsStater is a transport that runs over TLS: a *tls.Conn, or a WebSocket
// connection made over https. ElementTransport is detected the same way.
type tlsStater interface {
	ConnectionState() tls.ConnectionState
}

// tlsState returns the transport's TLS state once its handshake is done,
// else nil. A transport that is not TLS, the usual case in a negotiation
// that asks several times, is known from overTLS without asserting rw's
// type again; overTLS changes with the transport, on the negotiating
// goroutine only, before anyone else can call this.
func (s *Session) tlsState() *tls.ConnectionState {
	if !s.overTLS {
		return nil
	}
	s.trMu.Lock()
	defer s.trMu.Unlock()
	if ts, ok := s.rw.(tlsStater); ok {
		if cs := ts.ConnectionState(); cs.HandshakeComplete {
			return &cs
		}
	}
	return nil
}

// State returns the state negotiation established.
func (s *Session) State() State { return s.state }

// LocalAddr returns this side's address: the client's bound full JID, or the
// server's domain.
func (s *Session) LocalAddr() jid.JID { return s.local }

// RemoteAddr returns the peer's address: the server's domain on a client, the
// client's bound full JID on a server.
func (s *Session) RemoteAddr() jid.JID { return s.remote }

// In returns the header of the stream the peer opened last.
func (s *Session) In() stream.Header { return s.in }

// Out returns the header of the stream this side opened last.
func (s *Session) Out() stream.Header { return s.out }

// TLSState returns the transport's TLS state, or nil if it is not TLS.
func (s *Session) TLSState() *tls.ConnectionState { return s.tlsState() }

// Done is closed when the stream has ended and the session stopped reading.
func (s *Session) Done() <-chan struct{} { return s.done }

// Handled returns a channel closed once the stream has ended (after Done)
// and the handler has returned for every stanza received before the end,
// just before [Config.OnEnd] runs. A server that moves a session's work to
// another session (XEP-0198 resumption) waits for it, so that what the old
// session received is routed before what the new one receives. It is
// never closed for a session whose negotiation failed.
func (s *Session) Handled() <-chan struct{} { return s.handled.ch() }

// Err returns why the stream ended: nil while it runs and after a clean
// close, a [stream.Error] (matched with errors.Is) if either side sent one,
// or the transport's error.
func (s *Session) Err() error {
	s.endMu.Lock()
	defer s.endMu.Unlock()
	return s.endErr
}

func (s *Session) setErr(err error) {
	s.endMu.Lock()
	if s.endErr == nil {
		s.endErr = err
	}
	s.endMu.Unlock()
}

// closeTransport closes the underlying transport once.
func (s *Session) closeTransport() {
	if s.closed.Swap(true) {
		return
	}
	s.stop.close()
	s.trMu.Lock()
	c := s.closer
	s.trMu.Unlock()
	if tc, ok := c.(*tls.Conn); ok {
		closeTLS(tc)
		return
	}
	if c != nil {
		_ = c.Close()
	}
}

// closeTLS closes a TLS connection, sending close_notify if the peer takes
// it promptly. On a synchronous transport (net.Pipe) the peer may be
// writing its own close_notify at the same moment, and both writes would
// block; so the underlying connection is closed after a short grace.
func closeTLS(tc *tls.Conn) {
	done := make(chan struct{})
	go func() {
		_ = tc.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(250 * time.Millisecond):
		_ = tc.NetConn().Close()
		<-done
	}
}

// interrupt makes blocked reads and writes on the transport return, so that a
// cancelled negotiation does not hang: a net.Conn gets a past deadline,
// anything else is closed.
func (s *Session) interrupt() {
	s.trMu.Lock()
	rw := s.rw
	s.trMu.Unlock()
	if c, ok := rw.(net.Conn); ok {
		_ = c.SetDeadline(time.Unix(1, 0))
		return
	}
	s.closeTransport()
}

// interruptWhenDone arranges for interrupt to run when ctx ends, as
// context.AfterFunc does, and returns what stops that. A context that can
// never end (Done returns nil, as for context.Background) needs no
// watching, which saves AfterFunc's two allocations.
func (s *Session) interruptWhenDone(ctx context.Context) (stop func() bool) {
	if ctx.Done() == nil {
		return neverInterrupted
	}
	return context.AfterFunc(ctx, s.interrupt)
}

// neverInterrupted is the stop of a context that never ends: interrupt
// has not run.
func neverInterrupted() bool { return true }

// clearDeadline undoes interrupt's deadline after negotiation. Only a
// negotiation that interrupt may have cut short calls it (its stop
// reported false): otherwise no deadline was set, and on a net.Pipe
// clearing one costs as much as setting it.
func (s *Session) clearDeadline() {
	s.trMu.Lock()
	rw := s.rw
	s.trMu.Unlock()
	if c, ok := rw.(net.Conn); ok {
		_ = c.SetDeadline(time.Time{})
	}
}

// Close ends the stream: it sends the closing tag, waits until the peer
// closes its stream too (or ctx is done), then closes the transport. Close
// may be called more than once and from a handler.
func (s *Session) Close(ctx context.Context) error {
	s.yieldReader() // the peer's closing tag must be read
	if s.closed.Load() {
		<-s.done
		return nil // the stream has already ended; see Err
	}
	err := s.sendClose(ctx)
	select {
	case <-s.done:
	case <-ctx.Done():
		if err == nil {
			err = ctx.Err()
		}
	}
	s.closeTransport()
	<-s.done
	return err
}

// CloseWithError ends the stream with the stream error serr (RFC 6120
// §4.9), for example system-shutdown or conflict on a server, then closes
// the transport. The session's Err becomes a *LocalStreamError matching
// serr.
func (s *Session) CloseWithError(ctx context.Context, serr stream.Error) error {
	s.yieldReader()
	if s.closed.Load() {
		<-s.done
		return nil
	}
	s.setErr(&LocalStreamError{Err: serr, Cause: errors.New("closed by this side")})
	s.sendStreamError(serr)
	s.closeTransport()
	select {
	case <-s.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// sendClose writes the closing tag once.
func (s *Session) sendClose(ctx context.Context) error {
	return s.writeClose(closeBound{ctx: ctx})
}

// sendCloseWithin is sendClose bounded by a timeout instead of a context
// (see peerClosed): a context is made only to wait for the write lock,
// which is rarely held, and the outbox is waited for with a bare timer,
// which makes the read loop's end cheaper.
func (s *Session) sendCloseWithin(timeout time.Duration) error {
	return s.writeClose(closeBound{timeout: timeout})
}

// closeBound bounds writeClose's waits: ctx, or else timeout.
type closeBound struct {
	ctx     context.Context
	timeout time.Duration
}

// writeClose writes the closing tag once, waiting within b.
func (s *Session) writeClose(b closeBound) error {
	ctx := b.ctx
	if !s.wl.tryLock() {
		if ctx == nil {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(context.Background(), b.timeout)
			defer cancel()
		}
		if err := s.lockWrite(ctx); err != nil {
			return err
		}
	}
	if s.outClosed {
		s.wl.unlock()
		return nil
	}
	s.outClosed = true
	err := s.writeFinal()
	if err == nil {
		err = s.writeCloseTag()
	}
	if err == nil {
		err = s.w.Flush()
	}
	// Nothing is written after the closing tag: the lock is not held while
	// the peer reads what is left, so that other senders learn at once
	// that the stream is closed (ErrClosed) instead of waiting for it.
	s.wl.unlock()
	if err != nil {
		return err
	}
	if s.box == nil {
		return nil
	}
	if ctx == nil {
		return s.box.drainWithin(b.timeout)
	}
	return s.box.drain(ctx)
}

// drain waits until what was flushed has reached the transport.
func (s *Session) drain(ctx context.Context) error {
	if s.box == nil {
		return nil
	}
	return s.box.drain(ctx)
}
