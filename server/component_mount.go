package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"

	"github.com/canto-im/xmpp"
	xcomponent "github.com/canto-im/xmpp/component"
)

// Mount hosts a service on domain inside the server: h handles every
// stanza sent to an address at domain, with its real 'from', and sends
// with a 'from' at domain through the session it is given, as an external
// component would (XEP-0114), but over an in-memory connection. A
// multi-user chat service, for one, is mounted with
//
//	srv.Mount("conference.example.org", service)
//
// domain must be a bare domain other than the server's and not one of
// Config.Components. Mount returns once the service is connected, and
// lists it in disco#items on the server's domain (XEP-0030). The service
// stays until the server is closed: Close ends its session (h sees the
// stream end with system-shutdown) and waits for the goroutines of both
// ends. Mount fails with ErrClosed on a closed server.
func (s *Server) Mount(domain string, h xmpp.Handler) error {
	d, err := componentDomain(domain, s.domain)
	if err != nil {
		return err
	}
	var key [32]byte
	_, _ = rand.Read(key[:]) // crypto/rand.Read never fails (Go 1.24 and later)
	secret := hex.EncodeToString(key[:])
	if !s.comps.reserve(d, secret) {
		return fmt.Errorf("server: %s is a component domain already", d)
	}
	serverEnd, serviceEnd := net.Pipe()
	registered := make(chan error, 1)
	if !s.goTracked(func() {
		s.serveComponent(newDeadlineConn(serverEnd, s.cfg.WriteTimeout), "mount:"+d.String(), nil, registered, false)
	}) {
		s.comps.unreserve(d)
		_ = serverEnd.Close()
		_ = serviceEnd.Close()
		return ErrClosed
	}
	ended := make(chan struct{})
	cfg := xmpp.Config{Handler: h, Logger: s.log, OnEnd: func(*xmpp.Session) { close(ended) }}
	ctx, cancel := context.WithTimeout(s.ctx, s.cfg.NegotiationTimeout)
	defer cancel()
	_, err = xcomponent.NewSession(ctx, d, secret, serviceEnd, cfg)
	if err != nil {
		_ = serviceEnd.Close()
		<-registered
		s.comps.unreserve(d)
		return fmt.Errorf("server: mounting %s: %w", d, err)
	}
	if err := <-registered; err != nil {
		<-ended
		s.comps.unreserve(d)
		return fmt.Errorf("server: mounting %s: %w", d, err)
	}
	// Close waits for the service's end of the stream too.
	if !s.goTracked(func() { <-ended }) {
		<-ended // closing: the server's end is being closed
	}
	return nil
}
