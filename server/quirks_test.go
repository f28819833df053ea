package server_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	ws "github.com/coder/websocket"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

const rawHeader = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.test' version='1.0'>`

// rawLogin drives a STARTTLS connection through PLAIN as alice the way a
// third-party client does, and returns the peer with the features offered
// after authentication.
func rawLogin(t *testing.T, srv *server.Server) (*xmpptest.Peer, *xmlstream.Element) {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	p := xmpptest.NewPeer(conn)
	t.Cleanup(func() { p.Close() })
	step := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	step(p.Write(rawHeader))
	_, err = p.ReadHeader()
	step(err)
	_, err = p.Expect(stream.NS, "features")
	step(err)
	step(p.Write(`<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`))
	_, err = p.Expect(xmpp.NSTLS, "proceed")
	step(err)
	tc := tls.Client(conn, &tls.Config{RootCAs: srv.CertPool(), ServerName: "example.test"})
	step(tc.Handshake())
	p.Reset(tc)
	step(p.Write(rawHeader))
	_, err = p.ReadHeader()
	step(err)
	_, err = p.Expect(stream.NS, "features")
	step(err)
	step(p.Write(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>` + base64.StdEncoding.EncodeToString([]byte("\x00alice\x00ecila")) + `</auth>`))
	_, err = p.Expect(xmpp.NSSASL, "success")
	step(err)
	p.Reset(tc)
	step(p.Write(rawHeader))
	_, err = p.ReadHeader()
	step(err)
	features, err := p.Expect(stream.NS, "features")
	step(err)
	return p, features.Clone()
}

// TestInterop_LegacySession: issue 18 item 5. <session/> is advertised as
// optional after authentication (as Prosody and ejabberd do), and a
// session request gets an empty result, before or after binding.
func TestInterop_LegacySession(t *testing.T) {
	srv := newServer(t, server.Config{})
	p, features := rawLogin(t, srv)
	sess, ok := features.Child(xmpp.NSSession, "session")
	if !ok {
		t.Fatalf("no <session/> in %s", serialise(features))
	}
	if _, ok := sess.Child(xmpp.NSSession, "optional"); !ok {
		t.Errorf("<session/> without <optional/>: %s", serialise(features))
	}
	for i, req := range []string{
		`<iq type='set' id='s1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>`, // before binding
		`<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>`,
		`<iq type='set' id='s2' to='example.test'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>`, // after, as mcabber
		`<iq type='set' id='s3'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>`,
	} {
		if err := p.Write(req); err != nil {
			t.Fatal(err)
		}
		el, err := p.Expect(stanza.NSClient, "iq")
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if el.Attr("type") != "result" {
			t.Errorf("request %d answered with %s", i, serialise(el))
		}
		if _, has := el.FirstChild(); has && strings.Contains(req, "session") {
			t.Errorf("session result not empty: %s", serialise(el))
		}
	}
}

// TestInterop_PingAccount: issue 18 item 5. A ping without 'to' or to the
// account's own bare JID is answered by the server (XEP-0199 §4.2).
func TestInterop_PingAccount(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "r")
	for _, to := range []string{"", "alice@example.test", "example.test"} {
		resp, err := alice.iq(stanza.GetIQ, to, `<ping xmlns='urn:xmpp:ping'/>`)
		if err != nil {
			t.Fatalf("ping to %q: %v", to, err)
		}
		if resp.Attr("type") != "result" {
			t.Errorf("ping to %q: %s", to, serialise(resp))
		}
	}
}

// TestBadInput_ErrorBy: issue 18 item 6. Errors the server generates say
// so in 'by' (RFC 6120 §8.3.2).
func TestBadInput_ErrorBy(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "r")
	for _, tc := range []struct{ to, by string }{
		{"nobody@example.test", "nobody@example.test"},
		{"example.test/x", "example.test"},
		{"bob@example.test/gone", "example.test"},
		{"other.example", "example.test"},
	} {
		_, err := alice.iq(stanza.GetIQ, tc.to, `<query xmlns='jabber:iq:version'/>`)
		var se stanza.Error
		if !errors.As(err, &se) {
			t.Fatalf("to %s: %v, want a stanza error", tc.to, err)
		}
		if se.By.String() != tc.by {
			t.Errorf("to %s: by=%q, want %q", tc.to, se.By, tc.by)
		}
	}
	alice.send(`<message to='nobody@example.test' id='m1'><body>x</body></message>`)
	el := alice.expect(`type='error'`, `id='m1'`)
	if se, err := stanza.ParseError(el); err != nil || se.By.String() != "nobody@example.test" {
		t.Errorf("message error %s: by %v (%v)", serialise(el), se.By, err)
	}
}

// TestInterop_RelayLanguage: issue 18 item 6. A relayed stanza keeps its
// xml:lang, and one without gets the sender's stream language (RFC 6120
// §4.7.4).
func TestInterop_RelayLanguage(t *testing.T) {
	srv := newServer(t, server.Config{})
	alice := login(t, srv, "alice", "r")
	bob := login(t, srv, "bob", "r")
	bob.online()
	alice.send(`<message to='bob@example.test/r' id='l1' xml:lang='de'><body>Hallo</body></message>`)
	bob.expect(`id='l1'`, `xml:lang='de'`)
	alice.send(`<message to='bob@example.test/r' id='l2'><body>hello</body></message>`)
	bob.expect(`id='l2'`, `xml:lang='en'`)
}

// TestInterop_WebSocketMechanisms: issue 18 item 3. Over WebSocket no
// -PLUS mechanism is offered unless asked for; with it, the types offered
// include tls-server-end-point (item 7).
func TestInterop_WebSocketMechanisms(t *testing.T) {
	for _, plus := range []bool{false, true} {
		srv := newServer(t, server.Config{WebSocketChannelBinding: plus})
		if err := srv.ListenWebSocket(context.Background(), "127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		mechs, bindings := webSocketOffer(t, srv)
		hasPlus := strings.Contains(strings.Join(mechs, " "), "-PLUS")
		if hasPlus != plus {
			t.Errorf("WebSocketChannelBinding %v: mechanisms %v", plus, mechs)
		}
		if plus && !strings.Contains(strings.Join(bindings, " "), "tls-server-end-point") {
			t.Errorf("channel bindings over wss %v, want tls-server-end-point", bindings)
		}
	}
}

// wsPeer is a raw RFC 7395 client, the way a JavaScript client talks.
type wsPeer struct {
	t   *testing.T
	ctx context.Context
	c   *ws.Conn
}

func dialWS(t *testing.T, srv *server.Server) *wsPeer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	c, _, err := ws.Dial(ctx, "wss://example.test"+server.WebSocketPath,
		&ws.DialOptions{HTTPClient: httpsClient(srv), Subprotocols: []string{"xmpp"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.CloseNow() })
	return &wsPeer{t: t, ctx: ctx, c: c}
}

func (p *wsPeer) write(raw string) {
	p.t.Helper()
	if err := p.c.Write(p.ctx, ws.MessageText, []byte(raw)); err != nil {
		p.t.Fatal(err)
	}
}

func (p *wsPeer) read(local string) *xmlstream.Element {
	p.t.Helper()
	_, data, err := p.c.Read(p.ctx)
	if err != nil {
		p.t.Fatalf("waiting for <%s/>: %v", local, err)
	}
	var el xmlstream.Element
	if err := xmlstream.NewDecoder(bytes.NewReader(data), xmlstream.Limits{}).ReadElement(&el); err != nil {
		p.t.Fatalf("waiting for <%s/>: %v in %s", local, err, data)
	}
	if el.Name().Local != local {
		p.t.Fatalf("got %s, want <%s/>", data, local)
	}
	return el.Clone()
}

const wsOpen = `<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.test' version='1.0'/>`

// open opens a stream and returns the offered mechanisms and XEP-0440 types.
func (p *wsPeer) open() (mechs, bindings []string) {
	p.write(wsOpen)
	p.read("open")
	features := p.read("features")
	for f := range features.Children() {
		if f.Name().Local == "authentication" {
			continue // SASL2 (XEP-0388) repeats the list
		}
		for c := range f.Children() {
			switch c.Name().Local {
			case "mechanism":
				mechs = append(mechs, c.Text())
			case "channel-binding":
				bindings = append(bindings, c.Attr("type"))
			}
		}
	}
	return mechs, bindings
}

func webSocketOffer(t *testing.T, srv *server.Server) (mechs, bindings []string) {
	return dialWS(t, srv).open()
}

// TestInterop_StanzaJSWebSocketLogin: issue 18 item 3. StanzaJS picks its
// favourite SCRAM offered and, with no binding data over WebSocket, sends
// the "n" flag; against the default offer it now picks SCRAM-SHA-256 (no
// -PLUS is there to pick) and logs in.
func TestInterop_StanzaJSWebSocketLogin(t *testing.T) {
	srv := newServer(t, server.Config{})
	if err := srv.ListenWebSocket(context.Background(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	p := dialWS(t, srv)
	mechs, bindings := p.open()
	// StanzaJS's preference: SCRAM-SHA-256-PLUS, SCRAM-SHA-256, SCRAM-SHA-1-PLUS, SCRAM-SHA-1, ..., PLAIN.
	var pick string
	for _, m := range []string{sasl.ScramSHA256Plus, sasl.ScramSHA256, sasl.ScramSHA1Plus, sasl.ScramSHA1, sasl.Plain} {
		if slices.Contains(mechs, m) {
			pick = m
			break
		}
	}
	if pick != sasl.ScramSHA256 {
		t.Fatalf("a StanzaJS client would pick %q from %v", pick, mechs)
	}
	mech, err := sasl.NewClientMechanism(pick, sasl.ClientConfig{Username: "alice", Password: "ecila"},
		sasl.Negotiation{Mechanisms: mechs, ChannelBindings: bindings})
	if err != nil {
		t.Fatal(err)
	}
	first, err := mech.Start()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(first), "n,") {
		t.Fatalf("client-first-message %q, want the n flag", first)
	}
	p.write(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='` + pick + `'>` + base64.StdEncoding.EncodeToString(first) + `</auth>`)
	challenge, err := base64.StdEncoding.DecodeString(p.read("challenge").Text())
	if err != nil {
		t.Fatal(err)
	}
	resp, err := mech.Step(challenge)
	if err != nil {
		t.Fatal(err)
	}
	p.write(`<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>` + base64.StdEncoding.EncodeToString(resp) + `</response>`)
	success := p.read("success")
	additional, _ := base64.StdEncoding.DecodeString(success.Text())
	if err := sasl.Finish(mech, additional); err != nil {
		t.Fatal(err)
	}
	p.write(wsOpen)
	p.read("open")
	p.read("features")
	p.write(`<iq xmlns='jabber:client' type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>`)
	if iq := p.read("iq"); iq.Attr("type") != "result" {
		t.Fatalf("bind: %s", serialise(iq))
	}
}

// TestInterop_WebSocketCloseDuringNegotiation: issue 18 item 4 over a real
// WebSocket: <close/> before authentication is answered with <close/>.
func TestInterop_WebSocketCloseDuringNegotiation(t *testing.T) {
	srv := newServer(t, server.Config{})
	if err := srv.ListenWebSocket(context.Background(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	p := dialWS(t, srv)
	p.open()
	p.write(`<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>`)
	p.read("close")
}
