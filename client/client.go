package client

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Errors of a Client.
var (
	// ErrOffline means there is no session to send on: the client is
	// connecting, waiting to reconnect, or not running.
	ErrOffline = errors.New("client: offline")
	// ErrGaveUp means the client stopped reconnecting (Config.MaxAttempts
	// or Config.MaxOffline); Run's error wraps it and the last cause.
	ErrGaveUp = errors.New("client: gave up reconnecting")
	// ErrStopped means Run has returned (or was never called in time).
	ErrStopped = errors.New("client: stopped")
	// ErrRunning means Run was called a second time.
	ErrRunning = errors.New("client: Run called twice")
	// ErrDeadPeer is the cause reported when a keep-alive ping went
	// unanswered for Config.KeepAliveTimeout.
	ErrDeadPeer = errors.New("client: no answer to a keep-alive ping")
)

// Client keeps one account connected. Its methods are safe for concurrent
// use; Run is called once.
type Client struct {
	cfg    Config
	addr   jid.JID
	log    *slog.Logger
	events chan Event
	bg     context.Context // for logging only

	// Test seams: the clock, the waits and the jitter.
	now   func() time.Time
	sleep func(context.Context, time.Duration) error
	rand  func() float64

	dropped int // events dropped since the last one queued; Run's goroutine only

	// pingPrefix starts the id of every keep-alive ping, this Client's
	// own (random), so that those lost with a stream are not reported.
	pingPrefix string

	// scram keeps the keys SCRAM derives from the password, so that a
	// reconnection skips PBKDF2 (most of a login's cost on the client,
	// paid again on every reconnection of a fleet after a server
	// restart). It is this Client's own: it holds one account's keys.
	scram *sasl.SCRAMCache

	mu      sync.Mutex
	state   State
	sess    *xmpp.Session
	online  chan struct{} // closed while a session is up; replaced when it ends
	stopped chan struct{} // closed when Run returns
	running bool
}

// scramCacheSize bounds a Client's SCRAM cache: one account and password,
// but the server may choose another hash (SCRAM-SHA-1 or -256 after a
// redirect to another host) or a new salt (the password was reset on the
// server); the least recently used keys are dropped beyond it.
const scramCacheSize = 4

// tlsSessionCacheSize bounds a Client's TLS session cache: one server,
// and the hosts a redirect may send it to.
const tlsSessionCacheSize = 8

// withSessionCache returns a copy of cfg (nil: a new one) with a TLS
// session cache of the Client's own, unless cfg has one: a reconnection
// then resumes the TLS session (RFC 8446 §2.2), which spares the
// certificate's signature and its verification. The certificate is still
// checked against the account's domain on every full handshake.
func withSessionCache(cfg *tls.Config) *tls.Config {
	if cfg != nil && cfg.ClientSessionCache != nil {
		return cfg
	}
	if cfg == nil {
		cfg = &tls.Config{}
	} else {
		cfg = cfg.Clone()
	}
	cfg.ClientSessionCache = tls.NewLRUClientSessionCache(tlsSessionCacheSize)
	return cfg
}

// New returns a Client for the account addr (a bare JID, or a full one to
// ask for that resource). It does not connect: Run does.
func New(addr jid.JID, cfg Config) (*Client, error) {
	if addr.Localpart() == "" || addr.Domainpart() == "" {
		return nil, fmt.Errorf("client: %q is not an account address (user@domain)", addr)
	}
	cfg = cfg.withDefaults()
	cfg.Dial.TLSConfig = withSessionCache(cfg.Dial.TLSConfig)
	if cfg.WebSocket != nil {
		ws := *cfg.WebSocket
		ws.TLSConfig = withSessionCache(ws.TLSConfig)
		cfg.WebSocket = &ws
	}
	return &Client{
		cfg: cfg, addr: addr, log: cfg.Logger, events: make(chan Event, eventBuffer), bg: context.Background(),
		now: time.Now, sleep: sleep, rand: rand.Float64,
		online: make(chan struct{}), stopped: make(chan struct{}),
		scram:      sasl.NewSCRAMCache(scramCacheSize),
		pingPrefix: "ka-" + stanza.NewID() + "-",
	}, nil
}

// Addr returns the account address the client logs in as.
func (c *Client) Addr() jid.JID { return c.addr }

// Events returns the channel of state changes. It is closed when Run
// returns. The client never waits on it: see the package documentation
// for what happens when it is not read.
func (c *Client) Events() <-chan Event { return c.events }

// State returns the current state.
func (c *Client) State() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

// Session returns the running session, waiting until there is one, ctx
// is done (its error) or Run has returned (ErrStopped). The session may
// end at any time; its methods then fail with xmpp.ErrClosed.
func (c *Client) Session(ctx context.Context) (*xmpp.Session, error) {
	for {
		c.mu.Lock()
		s, online, stopped := c.sess, c.online, c.stopped
		c.mu.Unlock()
		if s != nil {
			return s, nil
		}
		select {
		case <-online:
		case <-stopped:
			return nil, ErrStopped
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// current returns the running session or ErrOffline.
func (c *Client) current() (*xmpp.Session, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sess == nil {
		return nil, ErrOffline
	}
	return c.sess, nil
}

// Send sends m on the current session. While the client is offline it
// returns ErrOffline at once, without queuing m: the program decides what
// waits and for how long (Session waits for the next session).
//
// With stream management on (the default, when the server offers it), a
// stanza Send accepted (nil error) is never lost silently: it stays in the
// queue of unacknowledged stanzas until the server acknowledges it, is
// sent again if the connection drops and the session resumes, and is
// reported in Event.Lost (and to Config.OnLost) if the session cannot be
// resumed or Run stops first. When that queue is full, Send waits for the server's
// acknowledgements (or ctx). If the session ends during a call that did
// not queue m, the error wraps both ErrOffline and the session's.
func (c *Client) Send(ctx context.Context, m xmlstream.Marshaler) error {
	_, err := c.send(ctx, m, false)
	return err
}

// SendTracked sends m, one stanza, as Send does, with stream management,
// and returns its receipt: [sm.Receipt.Wait] returns nil once the server
// acknowledged the stanza, [sm.ErrUnacknowledged] if it never will (the
// session could not be resumed, or Run stopped first; the stanza is then
// in Event.Lost too). A
// stanza sent before a connection drops is acknowledged on the session
// that resumes it. The server acknowledges what it received, delivered
// or not: a stanza it bounces settles its receipt with nil, and the
// bounce (an error with the stanza's id) comes to Config.Handler. On a
// session without stream management it returns [sm.ErrNotEnabled]
// without sending m.
func (c *Client) SendTracked(ctx context.Context, m xmlstream.Marshaler) (*sm.Receipt, error) {
	return c.send(ctx, m, true)
}

// send is Send (tracked false: a session without stream management takes
// m as it is) and SendTracked.
func (c *Client) send(ctx context.Context, m xmlstream.Marshaler, tracked bool) (*sm.Receipt, error) {
	for {
		s, err := c.current()
		if err != nil {
			return nil, err
		}
		r, err := sm.Send(ctx, s, m)
		switch {
		case err == nil:
			return r, nil
		case errors.Is(err, sm.ErrNotEnabled) && !tracked:
			if err := s.Send(ctx, m); err != nil {
				return nil, c.offlineErr(s, err)
			}
			return nil, nil
		case errors.Is(err, sm.ErrQueueFull):
			// Refused, not sent: wait for acknowledgements and try again.
			if werr := sm.WaitRoom(ctx, s); werr != nil {
				return nil, c.offlineErr(s, werr)
			}
		default:
			return nil, c.offlineErr(s, err)
		}
	}
}

// SendIQ sends an IQ request on the current session and waits for its
// response, as [xmpp.Session.SendIQ] does. While the client is offline it
// returns ErrOffline at once.
func (c *Client) SendIQ(ctx context.Context, iq stanza.IQ, payload xmlstream.Marshaler) (*xmlstream.Element, error) {
	s, err := c.current()
	if err != nil {
		return nil, err
	}
	el, err := s.SendIQ(ctx, iq, payload)
	if err != nil {
		return el, c.offlineErr(s, err)
	}
	return el, nil
}

// offlineErr marks err with ErrOffline when it came from the session
// ending rather than from the call.
func (c *Client) offlineErr(s *xmpp.Session, err error) error {
	select {
	case <-s.Done():
		return fmt.Errorf("%w: %w", ErrOffline, err)
	default:
	}
	// A failed write ends the session, which has its error before Done
	// is closed: the call failed because the session is ending.
	if errors.Is(err, xmpp.ErrClosed) || s.Err() != nil {
		return fmt.Errorf("%w: %w", ErrOffline, err)
	}
	return err
}

// setSession makes s (nil: none) the current session.
func (c *Client) setSession(s *xmpp.Session) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s == c.sess {
		return
	}
	c.sess = s
	if s != nil {
		close(c.online)
	} else {
		c.online = make(chan struct{})
	}
}
