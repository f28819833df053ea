package server

import (
	"context"
	"net"
	"time"
)

// Listen listens for client connections on addr (host:port; port 0 picks a
// free one) and serves them in the background with STARTTLS (RFC 6120
// §5). It returns once the socket is open; [Server.Addr] says where.
func (s *Server) Listen(ctx context.Context, addr string) error {
	return s.listen(ctx, addr, startTLSListener)
}

// ListenDirectTLS is [Server.Listen] for direct TLS (XEP-0368): TLS from
// the first byte, as on the xmpps-client port.
func (s *Server) ListenDirectTLS(ctx context.Context, addr string) error {
	return s.listen(ctx, addr, directTLSListener)
}

func (s *Server) listen(ctx context.Context, addr string, kind listenerKind) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	if !s.addListener(listener{ln: ln, kind: kind}, false) {
		_ = ln.Close()
		return ErrClosed
	}
	s.goTracked(func() { _ = s.acceptLoop(ln, kind) })
	return nil
}

// Serve accepts client connections on ln and serves them with STARTTLS
// until ln fails or the server is closed (it then returns ErrClosed). The
// server closes ln on Close.
func (s *Server) Serve(ln net.Listener) error { return s.serveListener(ln, false) }

// ServeDirectTLS is [Server.Serve] for direct TLS (XEP-0368).
func (s *Server) ServeDirectTLS(ln net.Listener) error { return s.serveListener(ln, true) }

func (s *Server) serveListener(ln net.Listener, directTLS bool) error {
	kind := startTLSListener
	if directTLS {
		kind = directTLSListener
	}
	if !s.addListener(listener{ln: ln, kind: kind}, true) {
		_ = ln.Close()
		return ErrClosed
	}
	defer s.wg.Done()
	return s.acceptLoop(ln, kind)
}

// addListener records l so that Close closes it, and with track counts the
// caller among the goroutines Close waits for.
func (s *Server) addListener(l listener, track bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.lns = append(s.lns, l)
	if track {
		s.wg.Add(1)
	}
	return true
}

func (s *Server) acceptLoop(ln net.Listener, kind listenerKind) error {
	var backoff time.Duration
	for {
		conn, err := ln.Accept()
		if err != nil {
			if s.ctx.Err() != nil {
				return ErrClosed
			}
			if !retryableAccept(err) {
				s.log.Error("server: listener failed", "addr", ln.Addr().String(), "err", err)
				return err
			}
			backoff = nextBackoff(backoff)
			s.log.Warn("server: accept failed, retrying", "addr", ln.Addr().String(), "err", err, "retry_in", backoff)
			select {
			case <-time.After(backoff):
			case <-s.ctx.Done():
				return ErrClosed
			}
			continue
		}
		backoff = 0
		remote := conn.RemoteAddr().String()
		release, why := s.guard.gate.enter(remote)
		if why != "" {
			s.refused(remote, why)
			_ = conn.Close()
			continue
		}
		if !s.goTracked(func() {
			defer release()
			if kind == componentListener {
				s.serveComponentConn(conn, release)
				return
			}
			s.serveConn(conn, kind == directTLSListener, release)
		}) {
			release()
			_ = conn.Close()
			return ErrClosed
		}
	}
}
