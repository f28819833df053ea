package server

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/sm"
)

// ErrClosed is returned by calls on a server that was closed.
var ErrClosed = errors.New("server: closed")

// Server is an in-memory XMPP server. Create it with [New], make it listen
// with [Server.Listen] (or serve a listener of yours with [Server.Serve];
// [Server.ListenDirectTLS] and [Server.ListenWebSocket] add transports,
// [Server.ListenComponents] and [Server.Mount] add components),
// and Close it when done: Close ends every connection and waits for the
// goroutines that served them. All methods are safe for concurrent use.
type Server struct {
	cfg    Config
	log    *slog.Logger
	domain jid.JID
	cert   tls.Certificate
	leaf   *x509.Certificate // cert's first, for tls-server-end-point
	pool   *x509.CertPool
	tls    *tls.Config // STARTTLS
	direct *tls.Config // direct TLS (XEP-0368: ALPN xmpp-client)

	creds   credentialStore
	state   *registry
	started time.Time // for the uptime of XEP-0012
	guard   *guard    // caps on unauthenticated connections, login back-off
	stats   stats

	handler      handler
	sm           *sm.Server     // XEP-0198: the streams kept for resumption
	awaited      awaitedIQs     // forwarded requests whose response may come on a resumed stream
	services     *serviceRouter // requests to the domain
	comps        *components    // external and mounted components (component.go)
	ownAccount   *mux.ServeMux  // requests to the sender's own account
	otherAccount *mux.ServeMux  // requests to another account

	pep     *pubsub.PEP   // the accounts' PEP services (pep.go)
	pepKept pubsub.Store  // what pep keeps them in
	caps    *capsResolver // for PEP notification filtering (pep_caps.go)
	archive *mam.Service  // the accounts' message archives (archive.go); nil if off

	ctx    context.Context // cancelled by Close
	cancel context.CancelFunc
	mu     sync.Mutex // guards closed, listeners and wg.Add against Close
	closed bool
	lns    []listener
	wg     sync.WaitGroup

	regLimit regLimiter // in-band registrations per address (register.go)
}

// listener is one listening socket and the kind of connections it takes.
type listener struct {
	ln   net.Listener
	kind listenerKind
	// web serves a WebSocket listener; Close closes it with the server.
	web *http.Server
}

// listenerKind is the transport a listener serves.
type listenerKind int

const (
	startTLSListener  listenerKind = iota // plain TCP, then STARTTLS
	directTLSListener                     // TLS from the first byte (XEP-0368)
	webSocketListener                     // HTTPS with WebSocket (RFC 7395)
	componentListener                     // external components (XEP-0114)
)

// New creates a server for cfg.Domain with the accounts of cfg.Store and
// cfg.Users. It does not listen yet.
func New(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	domain, err := jid.Parse(cfg.Domain)
	if err != nil || domain.Localpart() != "" || domain.Resourcepart() != "" {
		return nil, fmt.Errorf("server: invalid domain %q", cfg.Domain)
	}
	st := cfg.Store
	if st == nil {
		st = store.NewMemory()
	}
	s := &Server{cfg: cfg, log: cfg.Logger, domain: domain, state: newRegistry(domain, st, cfg.Logger), guard: newGuard(cfg)}
	s.state.lim = limitsOf(cfg)
	s.state.stored = &s.stats.StoredOffline
	s.state.start = s.startWriter
	s.state.put = s.putLocked
	s.state.writeTimeout = cfg.WriteTimeout
	s.creds = credentialStore{mechanisms: slices.Clone(cfg.Mechanisms), iterations: cfg.Iterations, st: st}
	if err := s.setCertificate(cfg.Certificate); err != nil {
		return nil, err
	}
	if err := s.state.load(context.Background()); err != nil {
		return nil, err
	}
	s.cfg.Certificate = nil
	s.cfg.Users = nil
	s.handler = handler{s}
	s.sm = sm.NewServer(sm.ServerConfig{
		Window: cfg.ResumeWindow, MaxUnacked: max(cfg.UnackedStanzas, 0), Unacknowledged: s.smEnded,
	})
	s.started = time.Now()
	if s.comps, err = newComponents(cfg.Components, domain); err != nil {
		return nil, err
	}
	s.cfg.Components = nil
	s.state.component = s.comps.resourceOf
	s.services = newServiceRouter(s.started, s.registrationFeatures()...)
	s.pep, s.pepKept = newPEP(cfg)
	s.caps, s.archive = newCapsResolver(), newArchive(cfg)
	s.ownAccount, s.otherAccount = s.accountMuxes()
	s.ctx, s.cancel = context.WithCancel(context.Background())
	for name, pw := range cfg.Users {
		err := s.AddUser(name, pw)
		if errors.Is(err, ErrUserExists) {
			// Kept in the store from an earlier run: Users says what its
			// password is now.
			err = SetPassword(context.Background(), st, name, pw, cfg.Iterations)
		}
		if err != nil {
			s.cancel()
			return nil, err
		}
	}
	return s, nil
}

// Domain returns the domain the server serves.
func (s *Server) Domain() jid.JID { return s.domain }

// CertPool returns a pool that trusts the server's certificate, for
// clients' tls.Config.RootCAs.
func (s *Server) CertPool() *x509.CertPool { return s.pool }

// CertificatePEM returns the server's certificate (not its key) in PEM
// form, for clients that read trusted certificates from a file.
func (s *Server) CertificatePEM() []byte {
	var out []byte
	for _, der := range s.cert.Certificate {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	return out
}

// Addr returns the address of the first STARTTLS listener, or nil.
func (s *Server) Addr() net.Addr { return s.addr(startTLSListener) }

// DirectTLSAddr returns the address of the first direct TLS listener, or nil.
func (s *Server) DirectTLSAddr() net.Addr { return s.addr(directTLSListener) }

func (s *Server) addr(kind listenerKind) net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.lns {
		if l.kind == kind {
			return l.ln.Addr()
		}
	}
	return nil
}

// Close stops listening, ends every session (with a system-shutdown stream
// error) and waits until every goroutine of the server has returned.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	lns := s.lns
	s.mu.Unlock()
	s.cancel()
	s.sm.Close() // the streams kept for resumption end now
	var errs []error
	for _, l := range lns {
		if l.web != nil {
			// Also closes the HTTP connections that are not WebSockets;
			// the WebSocket sessions end with the others.
			_ = l.web.Close()
		}
		if err := l.ln.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			errs = append(errs, err)
		}
	}
	s.wg.Wait()
	// What was acknowledged, or changed without a client waiting, is in
	// the store before the caller closes it.
	s.state.jn.flush()
	return errors.Join(errs...)
}

// goTracked runs f on a goroutine that Close waits for, unless the server
// is closed (then it reports false and does nothing).
func (s *Server) goTracked(f func()) bool {
	if !s.addTracked() {
		return false
	}
	go func() {
		defer s.wg.Done()
		f()
	}()
	return true
}

// addTracked counts a goroutine about to start that Close waits for (it
// calls s.wg.Done when it ends), unless the server is closed (then it
// reports false). goTracked is the general form; a goroutine started
// per routed stanza (startWriter) uses this to start without a closure.
func (s *Server) addTracked() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	return true
}

// sessionConfig is the configuration of every client session.
func (s *Server) sessionConfig() xmpp.Config {
	return xmpp.Config{Handler: s.handler, Logger: s.log, RawLog: s.cfg.RawLog, StanzaTimeout: s.cfg.StanzaTimeout,
		// Each waiting stanza may be as large as an element may be (1 MiB):
		// a short queue bounds what one session makes the server hold
		// (the session stops reading instead: back-pressure).
		HandlerQueue: handlerQueue,
		// A response to a request forwarded before a stream was resumed
		// comes on the resumed session (iq_awaited.go).
		DeliverStrayIQResponses: true}
}
