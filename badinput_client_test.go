package xmpp_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

const serverHeader = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='example.net' id='s1' version='1.0'>`

// initiating starts a client session on one end of a pipe and returns a
// scripted server on the other, and a channel with the client's outcome.
func initiating(t *testing.T, cfg xmpp.Config, features ...xmpp.StreamFeature) (*xmpptest.Peer, <-chan error) {
	t.Helper()
	c, s := net.Pipe()
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		sess, err := xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net"), c, cfg, features...)
		if err == nil {
			_ = sess.Close(ctx)
		}
		done <- err
	}()
	p := xmpptest.NewPeer(s)
	t.Cleanup(func() { p.Close() })
	return p, done
}

func outcome(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("client negotiation did not end")
		return nil
	}
}

func TestBadInput_C19_STARTTLSStripped(t *testing.T) {
	for _, tc := range []struct {
		name     string
		features []xmpp.StreamFeature
	}{
		{"StartTLS configured", []xmpp.StreamFeature{xmpp.StartTLS(nil), xmpp.SASL("", "pw"), xmpp.BindResource()}},
		{"StartTLS not configured", []xmpp.StreamFeature{xmpp.SASL("", "pw"), xmpp.BindResource()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, done := initiating(t, xmpp.Config{}, tc.features...)
			_, err := p.ReadHeader()
			must(t, err)
			// A man in the middle removed <starttls/> and offers PLAIN.
			go p.Write(serverHeader + `<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>`)
			if err := outcome(t, done); !errors.Is(err, xmpp.ErrTLSRequired) {
				t.Fatalf("err = %v, want ErrTLSRequired", err)
			}
		})
	}
}

func TestBadInput_C20_DataAfterProceed(t *testing.T) {
	p, done := initiating(t, xmpp.Config{}, xmpp.StartTLS(nil), xmpp.SASL("", "pw"), xmpp.BindResource())
	_, err := p.ReadHeader()
	must(t, err)
	must(t, p.Write(serverHeader+`<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>`))
	_, err = p.Expect(xmpp.NSTLS, "starttls")
	must(t, err)
	// Plaintext pipelined after <proceed/>, as an attacker would inject it.
	go p.Write(`<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><stream:features/>`)
	serr, err := p.ExpectStreamError()
	must(t, err)
	if !errors.Is(serr, stream.PolicyViolation) {
		t.Errorf("stream error %v, want policy-violation", serr)
	}
	if err := outcome(t, done); !errors.Is(err, xmpp.ErrDataBeforeTLS) {
		t.Fatalf("err = %v, want ErrDataBeforeTLS", err)
	}
}

func TestBadInput_C17_CertificateChecked(t *testing.T) {
	good, pool, err := xmpptest.Certificate("example.net")
	must(t, err)
	wrongName, wrongPool, err := xmpptest.Certificate("evil.example")
	must(t, err)
	for _, tc := range []struct {
		name  string
		cert  tls.Certificate
		roots *x509.CertPool
	}{
		{"wrong name", wrongName, wrongPool},
		{"untrusted (self-signed, system roots)", good, nil},
		{"signed by another root", good, wrongPool},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// TCP rather than net.Pipe: a TLS peer aborting mid-flight
			// needs the transport to buffer (a pipe would block both sides).
			c, s := tcpPair(t)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			go func() {
				_, _ = xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), s, xmpp.Config{},
					xmpp.StartTLS(&tls.Config{Certificates: []tls.Certificate{tc.cert}}))
			}()
			_, err := xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net"), c, xmpp.Config{},
				xmpp.StartTLS(&tls.Config{RootCAs: tc.roots}), xmpp.SASL("", "pw"))
			var cverr *tls.CertificateVerificationError
			if !errors.As(err, &cverr) {
				t.Fatalf("err = %v, want a certificate verification error", err)
			}
		})
	}
	_ = pool
}

// spoofer answers each IQ request first with forged responses, then with
// the real one, which carries <ok/>.
type spoofer struct {
	forged []func(h stanza.Header) xmlstream.Marshaler
}

func (sp spoofer) HandleXMPP(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind != stanza.KindIQ || !st.Header.IQType().IsRequest() {
		return nil
	}
	for _, f := range sp.forged {
		if err := s.Send(ctx, f(st.Header)); err != nil {
			return err
		}
	}
	res := st.Header.IQ().Result()
	res.From = jid.MustParse("example.net")
	return s.Send(ctx, withChild(res, "ok"))
}

func withChild(iq stanza.IQ, local string) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := iq.WriteStart(w); err != nil {
			return err
		}
		if err := w.Start(xml.Name{Space: "urn:example", Local: local}); err != nil {
			return err
		}
		if err := w.End(); err != nil {
			return err
		}
		return w.End()
	})
}

func TestBadInput_B12_IQResponseSpoofing(t *testing.T) {
	forge := func(from string, typ stanza.IQType) func(stanza.Header) xmlstream.Marshaler {
		return func(h stanza.Header) xmlstream.Marshaler {
			iq := stanza.IQ{ID: h.ID, Type: typ, To: h.From}
			if from != "" {
				iq.From = jid.MustParse(from)
			}
			return withChild(iq, "spoof")
		}
	}
	client, _ := pair(t, xmpptest.Options{Server: xmpp.Config{Handler: spoofer{forged: []func(stanza.Header) xmlstream.Marshaler{
		forge("mallory@example.net", stanza.ResultIQ), // another user
		forge("example.org", stanza.ErrorIQ),          // another server
		forge("example.net", stanza.SetIQ),            // not a response type
		forge("juliet@example.net/other", stanza.ResultIQ),
	}}}})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: jid.MustParse("example.net")}, ping{})
	must(t, err)
	if _, ok := resp.Child("urn:example", "ok"); !ok {
		t.Fatalf("accepted a forged response: %v", resp.Name())
	}
}

func TestSendIQCancelKeepsStream(t *testing.T) {
	silent := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if name, _ := st.Element.FirstChild(); name.Local == "silence" {
			return nil // never answers
		}
		return pingHandler(ctx, s, st)
	})
	client, _ := pair(t, xmpptest.Options{Server: xmpp.Config{Handler: silent}})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	start := time.Now()
	_, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: jid.MustParse("example.net")}, emptyPayload{"urn:example", "silence"})
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("err = %v after %v, want a prompt DeadlineExceeded", err, time.Since(start))
	}
	ctx, cancel = context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: jid.MustParse("example.net")}, ping{}); err != nil {
		t.Fatalf("stream unusable after a cancelled call: %v", err)
	}
}

func TestHandlerMayAwaitIQ(t *testing.T) {
	// The client's handler pings the server for every message it gets,
	// while the server floods it with more messages than the queue holds.
	const n = 50
	got := make(chan error, n)
	h := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind != stanza.KindMessage {
			return nil
		}
		_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: jid.MustParse("example.net")}, ping{})
		got <- err
		return nil
	})
	client, server := pair(t, xmpptest.Options{
		Client: xmpp.Config{Handler: h, HandlerQueue: 2},
		Server: xmpp.Config{Handler: pingHandler},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for range n {
		m := chat{Message: stanza.Message{To: client.LocalAddr(), Type: stanza.ChatMessage}, Body: "x"}
		must(t, server.Send(ctx, xmlstream.Struct(m)))
	}
	for range n {
		select {
		case err := <-got:
			must(t, err)
		case <-ctx.Done():
			t.Fatal("deadlock: a handler waiting for an IQ response blocked the session")
		}
	}
}

var _ = stream.NS

// tcpPair returns the two ends of a loopback TCP connection.
func tcpPair(t *testing.T) (net.Conn, net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	must(t, err)
	s := <-accepted
	if s == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { c.Close(); s.Close() })
	return c, s
}
