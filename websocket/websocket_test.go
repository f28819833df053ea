package websocket_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/websocket"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestMain(m *testing.M) { xmpptest.Main(m) }

var domain = jid.MustParse("example.net")

// echo answers every IQ get with a result and every message with its body.
var echo = xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	switch st.Header.Kind {
	case stanza.KindIQ:
		if st.Header.IQType() == stanza.GetIQ {
			return s.Send(ctx, xmlstream.MarshalerFunc(st.Header.IQ().Result().WriteEmpty))
		}
	case stanza.KindMessage:
		var m struct {
			stanza.Message
			Body string `xml:"body"`
		}
		if err := st.Element.Decode(&m); err != nil {
			return err
		}
		m.To, m.From = m.From, m.To
		return s.Send(ctx, xmlstream.Struct(m))
	}
	return nil
})

// server starts an in-process wss:// server for example.net and returns
// its URL and a pool trusting its certificate.
func server(t *testing.T, certNames ...string) (string, *x509.CertPool, *httptest.Server) {
	t.Helper()
	if len(certNames) == 0 {
		certNames = []string{"example.net"}
	}
	cert, pool, err := xmpptest.Certificate(certNames...)
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := xmpptest.NewAccounts(map[string]string{"juliet": "secret"}, 4096)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/xmpp-websocket", &websocket.Handler{
		Location: domain,
		Config:   xmpp.Config{Handler: echo},
		Features: []xmpp.StreamFeature{xmpp.SASLServer(accounts.ServerConfig()), xmpp.BindResource()},
	})
	mux.HandleFunc("/.well-known/host-meta", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xrd+xml")
		_, _ = w.Write([]byte(`<?xml version='1.0'?><XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>` +
			`<Link rel='urn:xmpp:alt-connections:websocket' href='wss://` + r.Host + `/xmpp-websocket'/></XRD>`))
	})
	srv := httptest.NewUnstartedServer(mux)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return "wss://" + srv.Listener.Addr().String() + "/xmpp-websocket", pool, srv
}

func roundTrip(t *testing.T, s *xmpp.Session) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: domain}, xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := w.Start(xml.Name{Space: "urn:xmpp:ping", Local: "ping"}); err != nil {
			return err
		}
		return w.End()
	})); err != nil {
		t.Fatalf("IQ over WebSocket: %v", err)
	}
	if err := s.Close(ctx); err != nil {
		t.Errorf("close: %v", err)
	}
}

func TestClientServer(t *testing.T) {
	url, pool, _ := server(t)
	for _, mech := range []string{"SCRAM-SHA-256-PLUS", "SCRAM-SHA-1", "PLAIN"} {
		t.Run(mech, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			d := websocket.Dialer{URL: url, TLSConfig: &tls.Config{RootCAs: pool}}
			s, err := d.NewClientSession(ctx, jid.MustParse("juliet@example.net"), xmpp.Config{},
				xmpp.SASL("", "secret", mech), xmpp.BindResource())
			if err != nil {
				t.Fatal(err)
			}
			if s.LocalAddr().Bare() != jid.MustParse("juliet@example.net") || !s.State().Has(xmpp.Secure) {
				t.Errorf("bound %v, state %b", s.LocalAddr(), s.State())
			}
			roundTrip(t, s)
		})
	}
}

func TestDiscovery(t *testing.T) {
	_, pool, srv := server(t)
	// Resolve example.net to the test server, as DNS would.
	addr := srv.Listener.Addr().String()
	hc := &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d := websocket.Dialer{TLSConfig: &tls.Config{RootCAs: pool}, HTTPClient: hc, NetDialer: fixedDialer(addr)}
	s, err := d.NewClientSession(ctx, jid.MustParse("juliet@example.net"), xmpp.Config{},
		xmpp.SASL("", "secret"), xmpp.BindResource())
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, s)
}

func TestBadInput_C18_CertificateForURLHostOnly(t *testing.T) {
	// The certificate is valid for the URL's host (127.0.0.1) but not for
	// the XMPP domain: it must be refused.
	url, pool, _ := server(t, "127.0.0.1")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d := websocket.Dialer{URL: url, TLSConfig: &tls.Config{RootCAs: pool}}
	_, err := d.NewClientSession(ctx, jid.MustParse("juliet@example.net"), xmpp.Config{}, xmpp.SASL("", "secret"), xmpp.BindResource())
	var cverr *tls.CertificateVerificationError
	if !errors.As(err, &cverr) {
		t.Fatalf("err = %v, want a certificate verification error", err)
	}
}

func TestInsecureURLRefused(t *testing.T) {
	d := websocket.Dialer{URL: "ws://127.0.0.1:1/xmpp-websocket"}
	_, err := d.Dial(context.Background(), jid.MustParse("juliet@example.net"))
	if !errors.Is(err, websocket.ErrInsecureURL) {
		t.Fatalf("err = %v, want ErrInsecureURL", err)
	}
}

func TestWrongPassword(t *testing.T) {
	url, pool, _ := server(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d := websocket.Dialer{URL: url, TLSConfig: &tls.Config{RootCAs: pool}}
	_, err := d.NewClientSession(ctx, jid.MustParse("juliet@example.net"), xmpp.Config{}, xmpp.SASL("", "wrong"), xmpp.BindResource())
	if err == nil || !strings.Contains(err.Error(), "not-authorized") {
		t.Fatalf("err = %v, want not-authorized", err)
	}
}

// fixedDialer connects every address to one, as a test DNS would.
type fixedDialer string

func (f fixedDialer) DialContext(ctx context.Context, network, _ string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, network, string(f))
}
