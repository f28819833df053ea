package xmpp_test

import (
	"context"
	"crypto/tls"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/xmpptest"
)

// negotiatePair runs both sides with the given features over loopback TCP.
func negotiatePair(t *testing.T, origin jid.JID, client, server []xmpp.StreamFeature) (*xmpp.Session, *xmpp.Session, error) {
	t.Helper()
	c, s := tcpPair(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	type result struct {
		s   *xmpp.Session
		err error
	}
	done := make(chan result, 1)
	go func() {
		srv, err := xmpp.ReceiveClientSession(ctx, origin.Domain(), s, xmpp.Config{}, server...)
		done <- result{srv, err}
	}()
	cs, err := xmpp.NewClientSession(ctx, origin, c, xmpp.Config{}, client...)
	if err != nil {
		c.Close()
	}
	r := <-done
	if err == nil && r.err == nil {
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = cs.Close(ctx)
			_ = r.s.Close(ctx)
		})
	}
	return cs, r.s, errors.Join(err, r.err)
}

func TestSessionEXTERNAL(t *testing.T) {
	serverCert, roots, err := xmpptest.Certificate("example.net")
	must(t, err)
	clientCert, clientRoots, err := xmpptest.Certificate("juliet@example.net")
	must(t, err)
	external := func(state *tls.ConnectionState, authzid string) (string, error) {
		if len(state.PeerCertificates) == 0 || state.PeerCertificates[0].Subject.CommonName != "juliet@example.net" {
			return "", sasl.ErrNotAuthorized
		}
		return "juliet", nil
	}
	client := []xmpp.StreamFeature{
		xmpp.StartTLS(&tls.Config{RootCAs: roots, Certificates: []tls.Certificate{clientCert}}),
		xmpp.SASLWith(sasl.ClientConfig{Mechanisms: []string{sasl.External}}),
		xmpp.BindResource(),
	}
	server := []xmpp.StreamFeature{
		xmpp.StartTLS(&tls.Config{Certificates: []tls.Certificate{serverCert}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: clientRoots}),
		xmpp.SASLServer(sasl.ServerConfig{External: external}),
		xmpp.BindResource(),
	}
	cs, ss, err := negotiatePair(t, jid.MustParse("juliet@example.net"), client, server)
	must(t, err)
	if ss.RemoteAddr().Bare() != jid.MustParse("juliet@example.net") || cs.LocalAddr() != ss.RemoteAddr() {
		t.Errorf("client %v, server sees %v", cs.LocalAddr(), ss.RemoteAddr())
	}
}

func TestSessionANONYMOUS(t *testing.T) {
	serverCert, roots, err := xmpptest.Certificate("example.net")
	must(t, err)
	client := []xmpp.StreamFeature{
		xmpp.StartTLS(&tls.Config{RootCAs: roots}),
		xmpp.SASLWith(sasl.ClientConfig{Mechanisms: []string{sasl.Anonymous}}),
		xmpp.BindResource(),
	}
	server := []xmpp.StreamFeature{
		xmpp.StartTLS(&tls.Config{Certificates: []tls.Certificate{serverCert}}),
		xmpp.SASLServer(sasl.ServerConfig{AllowAnonymous: true}),
		xmpp.BindResource(),
	}
	cs, ss, err := negotiatePair(t, jid.MustParse("example.net"), client, server)
	must(t, err)
	if cs.LocalAddr().Localpart() == "" || cs.LocalAddr() != ss.RemoteAddr() {
		t.Errorf("anonymous client bound %v, server sees %v", cs.LocalAddr(), ss.RemoteAddr())
	}
}
