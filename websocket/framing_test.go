package websocket_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	ws "github.com/coder/websocket"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/websocket"
	"github.com/canto-im/xmpp/xmpptest"
)

const (
	openMsg  = `<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.net' version='1.0'/>`
	plainMsg = `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldABzZWNyZXQ=</auth>`
)

// rawClient is a WebSocket peer that sends and reads messages verbatim.
type rawClient struct {
	t   *testing.T
	c   *ws.Conn
	ctx context.Context
}

func dialRaw(t *testing.T, url string, pool *x509.CertPool) *rawClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "example.net"}}
	t.Cleanup(tr.CloseIdleConnections)
	c, _, err := ws.Dial(ctx, url, &ws.DialOptions{HTTPClient: &http.Client{Transport: tr}, Subprotocols: []string{websocket.Subprotocol}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.CloseNow() })
	return &rawClient{t: t, c: c, ctx: ctx}
}

func (r *rawClient) send(msg string) {
	r.t.Helper()
	if err := r.c.Write(r.ctx, ws.MessageText, []byte(msg)); err != nil {
		r.t.Fatalf("send %q: %v", msg, err)
	}
}

// read returns the next message, or "" once the connection is closed.
func (r *rawClient) read() string {
	r.t.Helper()
	_, p, err := r.c.Read(r.ctx)
	if err != nil {
		if ws.CloseStatus(err) != -1 {
			return ""
		}
		r.t.Fatalf("read: %v", err)
	}
	return string(p)
}

// TestServerSendsOneElementPerMessage: the session hands the transport
// each element whole, so every message holds exactly one (RFC 7395 §3.3).
func TestServerSendsOneElementPerMessage(t *testing.T) {
	url, pool, _ := server(t)
	r := dialRaw(t, url, pool)
	r.send(openMsg)
	if m := r.read(); !strings.HasPrefix(m, "<open ") || !strings.HasSuffix(m, "/>") {
		t.Fatalf("first message %q, want <open/> alone", m)
	}
	m := r.read()
	if !strings.HasPrefix(m, "<stream:features ") || !strings.HasSuffix(m, "</stream:features>") {
		t.Fatalf("second message %q, want <stream:features/> alone", m)
	}
	r.send(plainMsg)
	if m := r.read(); !strings.HasPrefix(m, "<success ") || !strings.HasSuffix(m, "/>") {
		t.Fatalf("third message %q, want <success/> alone", m)
	}
}

// TestBadFraming: a message holding part of an element, or more than one,
// ends the stream with not-well-formed (RFC 7395 §3.3); whitespace around
// the one element is allowed.
func TestBadFraming(t *testing.T) {
	for _, tc := range []struct {
		name string
		msgs []string
		bad  bool
	}{
		{"two elements", []string{`<a xmlns='urn:example'/><b xmlns='urn:example'/>`}, true},
		{"an element and the start of another", []string{`<a xmlns='urn:example'/><b`, `/>`}, true},
		{"an element split in two", []string{`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>`, `AGp1bGlldABzZWNyZXQ=</auth>`}, true},
		{"a start tag split in two", []string{`<auth xmlns='urn:ietf:params:xml:`, `ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldABzZWNyZXQ=</auth>`}, true},
		{"whitespace around one element", []string{"\n " + plainMsg + " \r\n"}, false},
		{"a blank message before one element", []string{" ", plainMsg}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url, pool, _ := server(t)
			r := dialRaw(t, url, pool)
			r.send(openMsg)
			r.read() // <open/>
			r.read() // <stream:features/>
			for _, m := range tc.msgs {
				r.send(m)
			}
			got := r.read()
			if !tc.bad {
				if !strings.HasPrefix(got, "<success ") {
					t.Fatalf("got %q, want <success/>", got)
				}
				return
			}
			if !strings.Contains(got, "<not-well-formed ") {
				t.Fatalf("got %q, want a not-well-formed stream error", got)
			}
			if got := r.read(); !strings.HasPrefix(got, "<close ") {
				t.Fatalf("after the stream error got %q, want <close/>", got)
			}
		})
	}
}

// TestClientRefusesBadFraming: the client side applies the same rule to
// what a server sends.
func TestClientRefusesBadFraming(t *testing.T) {
	cert, pool, err := xmpptest.Certificate("example.net")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		c, err := ws.Accept(w, req, &ws.AcceptOptions{Subprotocols: []string{websocket.Subprotocol}})
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx := req.Context()
		if _, _, err := c.Read(ctx); err != nil { // <open/>
			return
		}
		_ = c.Write(ctx, ws.MessageText, []byte(`<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='example.net' id='x' version='1.0'/>`+
			`<features xmlns='http://etherx.jabber.org/streams'/>`))
		_, _, _ = c.Read(ctx) // the stream error, then the close
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d := websocket.Dialer{URL: "wss://" + srv.Listener.Addr().String() + "/", TLSConfig: &tls.Config{RootCAs: pool}}
	_, err = d.NewClientSession(ctx, jid.MustParse("juliet@example.net"), xmpp.Config{}, xmpp.SASL("", "secret"), xmpp.BindResource())
	if !errors.Is(err, stream.NotWellFormed) {
		t.Fatalf("err = %v, want not-well-formed", err)
	}
}

// TestInterop_CloseDuringNegotiation: issue 18 item 4. A <close/> during
// negotiation, before or after <open/>, is answered with <close/> (RFC 7395
// §3.6), not with a stream error.
func TestInterop_CloseDuringNegotiation(t *testing.T) {
	for _, afterOpen := range []bool{false, true} {
		t.Run(map[bool]string{false: "before <open/>", true: "after <open/>"}[afterOpen], func(t *testing.T) {
			url, pool, _ := server(t)
			r := dialRaw(t, url, pool)
			if afterOpen {
				r.send(openMsg)
				if m := r.read(); !strings.HasPrefix(m, "<open ") {
					t.Fatalf("got %q, want <open/>", m)
				}
				if m := r.read(); !strings.HasPrefix(m, "<stream:features ") {
					t.Fatalf("got %q, want <stream:features/>", m)
				}
			}
			r.send(`<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>`)
			if m := r.read(); !strings.HasPrefix(m, "<close ") {
				t.Fatalf("got %q, want <close/>", m)
			}
		})
	}
}
