package server

import (
	"context"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"

	"github.com/canto-im/xmpp"
	xcomponent "github.com/canto-im/xmpp/component"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stream"
)

// Components (XEP-0114): a component is a session for a whole domain other
// than the server's. The server accepts one session per domain it has a
// secret for (Config.Components, or a secret of its own for a domain given
// to Mount), routes to it whatever its clients (or other components) send
// to an address at that domain, and routes what it sends, from any address
// at its domain, by the rules clients' stanzas follow. Each component has
// a delivery queue like a client's resource, so that no sender waits on
// its socket.

// components holds the component domains the server accepts and the
// components connected for them. Its lock is taken after the registry's,
// never before.
type components struct {
	server  jid.JID
	mu      sync.RWMutex
	secrets map[string]string     // by domainpart: configured and mounted
	live    map[string]*component // by domainpart: connected
}

// component is one connected component.
type component struct {
	domain jid.JID
	sess   *xmpp.Session
	// res is its delivery queue and the requester of the IQs it sends;
	// res.full is the domain.
	res *resource
	// ready is closed once the session is registered (live) or refused
	// (not live): the handler waits for it.
	ready chan struct{}
	live  bool
}

// target returns the delivery target for j, an address at the component's
// domain: a resource sharing the component's queue, so that errors and
// the presence bookkeeping name j.
func (c *component) target(j jid.JID) *resource {
	return &resource{full: j, q: c.res.q}
}

func newComponents(cfg map[string]string, server jid.JID) (*components, error) {
	c := &components{server: server, secrets: make(map[string]string), live: make(map[string]*component)}
	for d, secret := range cfg {
		j, err := componentDomain(d, server)
		if err != nil {
			return nil, err
		}
		if secret == "" {
			return nil, fmt.Errorf("server: component %q has an empty secret", d)
		}
		c.secrets[j.Domainpart()] = secret
	}
	return c, nil
}

// componentDomain parses a component's domain: a bare domain, not the
// server's.
func componentDomain(d string, server jid.JID) (jid.JID, error) {
	j, err := jid.Parse(d)
	if err != nil || j.Localpart() != "" || j.Resourcepart() != "" || d == "" {
		return jid.JID{}, fmt.Errorf("server: invalid component domain %q", d)
	}
	if j.Domainpart() == server.Domainpart() {
		return jid.JID{}, fmt.Errorf("server: component domain %q is the server's own", d)
	}
	return j, nil
}

// secret is the component.SecretFunc of the listener.
func (c *components) secret(domain jid.JID) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s, ok := c.secrets[domain.Domainpart()]
	return s, ok
}

// known reports whether domain is a component domain, connected or not.
func (c *components) known(domain string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.secrets[domain]
	return ok
}

// lookup returns the component connected for j's domain, or nil.
func (c *components) lookup(j jid.JID) *component {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.live[j.Domainpart()]
}

// resourceOf returns the delivery target of j at a connected component,
// or nil (registry.component).
func (c *components) resourceOf(j jid.JID) *resource {
	if comp := c.lookup(j); comp != nil {
		return comp.target(j)
	}
	return nil
}

// attach registers a component, unless its domain is connected already.
func (c *components) attach(comp *component) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := comp.domain.Domainpart()
	if c.live[d] != nil {
		return false
	}
	c.live[d] = comp
	return true
}

// detach forgets a component whose session ended: the domain is free.
func (c *components) detach(comp *component) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := comp.domain.Domainpart(); c.live[d] == comp {
		delete(c.live, d)
	}
}

// reserve adds a domain with its secret (Mount), unless it is known.
func (c *components) reserve(domain jid.JID, secret string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.secrets[domain.Domainpart()]; ok {
		return false
	}
	c.secrets[domain.Domainpart()] = secret
	return true
}

// unreserve removes a domain reserve added.
func (c *components) unreserve(domain jid.JID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.secrets, domain.Domainpart())
}

// items lists the connected components, for disco#items on the server's
// domain (XEP-0030 §4), sorted by domain.
func (c *components) items() []disco.Item {
	c.mu.RLock()
	items := make([]disco.Item, 0, len(c.live))
	for _, comp := range c.live {
		items = append(items, disco.Item{JID: comp.domain})
	}
	c.mu.RUnlock()
	slices.SortFunc(items, func(a, b disco.Item) int { return strings.Compare(a.JID.String(), b.JID.String()) })
	return items
}

// ListenComponents listens for external components (XEP-0114) on addr and
// serves them in the background: each proves the secret of its domain in
// Config.Components. XEP-0114 has no TLS: listen on loopback or a trusted
// network. The connection caps of client listeners (MaxUnauthenticated,
// MaxUnauthenticatedPerAddr) apply until the handshake is done.
// [Server.ComponentAddr] says where it listens.
func (s *Server) ListenComponents(ctx context.Context, addr string) error {
	return s.listen(ctx, addr, componentListener)
}

// ComponentAddr returns the address of the first component listener, or
// nil.
func (s *Server) ComponentAddr() net.Addr { return s.addr(componentListener) }

// serveComponent serves one component stream over rw until it ends (the
// caller is a goroutine Close waits for). release, if not nil, is called
// once the handshake is done or failed. registered, if not nil, is told
// whether the component was registered. With watch, a component that
// says nothing for Config.IdleTimeout is pinged as clients are (idle.go),
// so that a half-open connection is found.
func (s *Server) serveComponent(rw net.Conn, remote string, release func(), registered chan<- error, watch bool) {
	comp := &component{ready: make(chan struct{})}
	ended := make(chan struct{})
	cfg := s.sessionConfig()
	cfg.Handler = componentHandler{s: s, c: comp}
	cfg.OnEnd = func(*xmpp.Session) { close(ended) }
	// The component is registered once its handshake is verified and
	// before it is answered, so that what is sent to it from then on waits
	// in its queue rather than finding nobody.
	admit := func(domain jid.JID) error {
		comp.domain = domain
		comp.res = &resource{full: domain, q: new(deliveryQueue)}
		if !s.comps.attach(comp) {
			return stream.Conflict.WithText("a component is connected for " + domain.String()) // XEP-0114 §3.1
		}
		comp.live = true
		s.services.refresh(s.comps.items) // listed before it is told it is in
		return nil
	}
	ctx, cancel := context.WithTimeout(s.ctx, s.cfg.NegotiationTimeout)
	sess, err := xcomponent.ReceiveAdmit(ctx, rw, cfg, s.comps.secret, admit)
	cancel()
	if release != nil {
		release()
	}
	if err != nil {
		_ = rw.Close()
		if comp.live {
			comp.live = false
			s.comps.detach(comp)
			s.services.refresh(s.comps.items)
			s.closeQueue(comp.res.q)
		}
		s.componentRefused(remote, err)
		tell(registered, err)
		return
	}
	comp.sess = sess
	if comp.res.q.setSession(sess) {
		s.startWriter(comp.res.q) // what was sent to it during the handshake
	}
	close(comp.ready)
	s.log.Info("server: component connected", "domain", comp.domain.String(), "remote", remote)
	tell(registered, nil)

	var idle *idleCheck
	if watch {
		idle = s.watchIdle(sess, comp.res)
	}
	var shutdown sync.WaitGroup
	shutdown.Add(1)
	stop := context.AfterFunc(s.ctx, func() {
		defer shutdown.Done()
		closeWithError(sess, stream.SystemShutdown)
	})
	<-ended
	if stop() {
		shutdown.Done()
	}
	shutdown.Wait()
	if idle != nil {
		idle.stop()
	}
	// No new stanza is routed to it; what waits is answered (RFC 6121
	// §8.5.3.2: as for a resource that is gone); the requests it was
	// given and has not answered fail with its session (forwardedIQ).
	s.comps.detach(comp)
	s.services.refresh(s.comps.items)
	s.closeQueue(comp.res.q)
	s.componentGone(comp)
	s.log.Info("server: component disconnected", "domain", comp.domain.String(), "remote", remote, "err", sess.Err())
}

// tell sends err on ch, if there is one.
func tell(ch chan<- error, err error) {
	if ch != nil {
		ch <- err
	}
}

// componentRefused logs a component whose handshake failed: an unknown
// domain (host-unknown), a wrong secret (not-authorized), or a broken
// stream.
func (s *Server) componentRefused(remote string, err error) {
	if s.ctx.Err() != nil {
		return // the server is closing
	}
	s.guard.failedNegotiations.Add(1)
	s.log.Warn("server: component refused", "remote", remote, "err", err)
}

// serveComponentConn serves a connection accepted on a component listener.
func (s *Server) serveComponentConn(conn net.Conn, release func()) {
	remote := conn.RemoteAddr().String()
	s.serveComponent(newDeadlineConn(conn, s.cfg.WriteTimeout), remote, release, nil, true)
}
