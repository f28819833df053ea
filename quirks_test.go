package xmpp_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func sessionEnd(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("session did not end")
		return nil
	}
}

const plainAuth = `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldABwdw==</auth>`

// TestInterop_WhitespaceAfterStartTLS: issue 18 item 1, receiving side.
// White space in the same write as <starttls/> is dropped; other bytes end
// the stream with policy-violation instead of a silent hang-up.
func TestInterop_WhitespaceAfterStartTLS(t *testing.T) {
	cert, pool, err := xmpptest.Certificate("example.net")
	must(t, err)
	for _, tc := range []struct {
		name, after string
		ok          bool
	}{
		{"nothing", "", true},
		{"newline", "\n", true},
		{"spaces", " \r\n\t ", true},
		{"element", "<message/>", false},
		{"space then element", " <message/>", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, s := tcpPair(t)
			p, done := xmpptest.Receive(t, c, s, xmpp.Config{},
				xmpp.StartTLS(xmpptest.ServerTLS(cert)),
				xmpp.SASLServer(sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(u, p string) error { return nil }}))
			must(t, p.Write(clientHeader))
			_, err := p.ReadHeader()
			must(t, err)
			_, err = p.Expect(stream.NS, "features")
			must(t, err)
			must(t, p.Write(`<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`+tc.after))
			if !tc.ok {
				expectStreamError(t, p, done, stream.PolicyViolation)
				return
			}
			_, err = p.Expect(xmpp.NSTLS, "proceed")
			must(t, err)
			tc := tls.Client(p.Conn, &tls.Config{RootCAs: pool, ServerName: "example.net"})
			must(t, tc.Handshake())
			p.Reset(tc)
			must(t, p.Write(clientHeader))
			_, err = p.ReadHeader()
			must(t, err)
			_, err = p.Expect(stream.NS, "features")
			must(t, err)
		})
	}
}

// TestInterop_WhitespaceAfterProceed: issue 18 item 1, initiating side.
func TestInterop_WhitespaceAfterProceed(t *testing.T) {
	cert, pool, err := xmpptest.Certificate("example.net")
	must(t, err)
	c, s := tcpPair(t)
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net"), c, xmpp.Config{},
			xmpp.StartTLS(xmpptest.ClientTLS(pool)), xmpp.SASL("", "pw"))
		done <- err
	}()
	p := xmpptest.NewPeer(s)
	defer p.Close()
	_, err = p.ReadHeader()
	must(t, err)
	must(t, p.Write(serverHeader+`<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>`))
	_, err = p.Expect(xmpp.NSTLS, "starttls")
	must(t, err)
	must(t, p.Write("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>\r\n"))
	tc := tls.Server(p.Conn, xmpptest.ServerTLS(cert))
	must(t, tc.Handshake())
	p.Reset(tc)
	if _, err := p.ReadHeader(); err != nil {
		t.Fatalf("no stream header after TLS: %v", err)
	}
	p.Close()
	<-done
}

// TestInterop_RestartWhitespaceBeforeDecl: issue 18 item 2. White space
// left after the old stream, then an XML declaration at the restart.
func TestInterop_RestartWhitespaceBeforeDecl(t *testing.T) {
	p, _ := receiving(t)
	must(t, p.Write(clientHeader))
	_, err := p.ReadHeader()
	must(t, err)
	_, err = p.Expect(stream.NS, "features")
	must(t, err)
	must(t, p.Write(plainAuth+"\n"))
	_, err = p.Expect(xmpp.NSSASL, "success")
	must(t, err)
	p.Reset(p.Conn)
	must(t, p.Write(" \n"+clientHeader))
	_, err = p.ReadHeader()
	must(t, err)
	if _, err := p.Expect(stream.NS, "features"); err != nil {
		t.Fatalf("after the restart: %v", err)
	}
}

// TestInterop_CloseDuringNegotiation: issue 18 item 4. The peer's end of
// stream during negotiation is answered with this side's (RFC 6120 §4.4,
// RFC 7395 §3.6), not with silence or a stream error.
func TestInterop_CloseDuringNegotiation(t *testing.T) {
	t.Run("closing tag", func(t *testing.T) {
		p, done := receiving(t)
		must(t, p.Write(clientHeader))
		_, err := p.ReadHeader()
		must(t, err)
		_, err = p.Expect(stream.NS, "features")
		must(t, err)
		must(t, p.Write(stream.CloseTag))
		if _, err := p.Read(); !errors.Is(err, xmlstream.ErrStreamEnd) {
			t.Fatalf("read %v, want the closing tag", err)
		}
		if err := sessionEnd(t, done); err == nil {
			t.Fatal("negotiation succeeded")
		}
	})
	// The WebSocket <close/> is tested in package websocket
	// (TestInterop_CloseDuringNegotiation there).
}

// TestInterop_StreamLanguage: issue 18 item 6. The response header carries
// the initiator's language when this side supports it (RFC 6120 §4.7.4).
func TestInterop_StreamLanguage(t *testing.T) {
	for _, tc := range []struct{ asked, want string }{
		{"", "en"},
		{"en", "en"},
		{"EN", "EN"},
		{"en-GB", "en-GB"},
		{"de", "en"},
		{"eng", "en"},
	} {
		t.Run(tc.asked, func(t *testing.T) {
			p, _ := receiving(t)
			hdr := clientHeader
			if tc.asked != "" {
				hdr = strings.Replace(hdr, "to='example.net'", "to='example.net' xml:lang='"+tc.asked+"'", 1)
			}
			must(t, p.Write(hdr))
			h, err := p.ReadHeader()
			must(t, err)
			if h.Lang != tc.want {
				t.Errorf("xml:lang = %q, want %q", h.Lang, tc.want)
			}
		})
	}
}

// TestBadInput_ServerNamespaceStanza: issue 18 item 6. A jabber:server
// stanza on a client stream is refused with invalid-namespace.
func TestBadInput_ServerNamespaceStanza(t *testing.T) {
	p, done := negotiated(t)
	must(t, p.Write(`<message xmlns='jabber:server' from='juliet@example.net' to='romeo@example.net'><body>x</body></message>`))
	expectStreamError(t, p, done, stream.InvalidNamespace)
}

// TestBadInput_IQPayloadCount: issue 18 item 6. An IQ get or set carries
// exactly one child (RFC 6120 §8.2.3); others get bad-request.
func TestBadInput_IQPayloadCount(t *testing.T) {
	for _, tc := range []struct{ name, iq string }{
		{"get without child", `<iq type='get' id='q1'/>`},
		{"set without child", `<iq type='set' id='q1'></iq>`},
		{"two children", `<iq type='get' id='q1'><ping xmlns='urn:xmpp:ping'/><query xmlns='jabber:iq:version'/></iq>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := negotiated(t)
			must(t, p.Write(tc.iq))
			el, err := p.Expect("jabber:client", "iq")
			must(t, err)
			if el.Attr("type") != "error" || el.Attr("id") != "q1" {
				t.Fatalf("got type %q id %q, want an error to q1", el.Attr("type"), el.Attr("id"))
			}
			se, err := stanza.ParseError(el)
			must(t, err)
			if se.Condition != stanza.BadRequest || se.By.String() != "example.net" {
				t.Errorf("condition %s by %q, want bad-request by example.net", se.Condition, se.By)
			}
		})
	}
}

// TestInterop_MechanismWalk: issue 18 item 3. A client that tries every
// offered mechanism in turn (slixmpp 1.8: each -PLUS with tls-unique, which
// TLS 1.3 lacks, then each SCRAM with the "y" flag, which RFC 5802 makes
// the server refuse when it offered -PLUS) reaches PLAIN and logs in. Also
// item 7: over direct TLS, tls-server-end-point is advertised.
func TestInterop_MechanismWalk(t *testing.T) {
	cert, pool, err := xmpptest.Certificate("example.net")
	must(t, err)
	accounts, err := xmpptest.NewAccounts(map[string]string{"juliet": "pw"}, 4096)
	must(t, err)
	c, s := tcpPair(t)
	st := tls.Server(s, xmpptest.ServerTLS(cert))
	ct := tls.Client(c, &tls.Config{RootCAs: pool, ServerName: "example.net"})
	go st.Handshake()
	must(t, ct.Handshake())
	p, done := xmpptest.Receive(t, ct, st, xmpp.Config{ServedCertificate: leaf(t, cert)},
		xmpp.SASLServer(accounts.ServerConfig()), xmpp.BindResource())
	must(t, p.Write(clientHeader))
	_, err = p.ReadHeader()
	must(t, err)
	features, err := p.Expect(stream.NS, "features")
	must(t, err)
	var mechs, bindings []string
	for f := range features.Children() {
		for c := range f.Children() {
			switch c.Name().Local {
			case "mechanism":
				mechs = append(mechs, c.Text())
			case "channel-binding":
				bindings = append(bindings, c.Attr("type"))
			}
		}
	}
	if !slices.Contains(bindings, sasl.TLSServerEndPoint) {
		t.Errorf("channel bindings %v over direct TLS, want tls-server-end-point among them", bindings)
	}
	if len(mechs) <= 6 || mechs[len(mechs)-1] != sasl.Plain {
		t.Fatalf("mechanisms %v: the test wants more than 6, PLAIN last", mechs)
	}
	for _, m := range mechs[:len(mechs)-1] {
		first := "y,,n=juliet,r=abcdefgh"
		if strings.HasSuffix(m, "-PLUS") {
			first = "p=tls-unique,,n=juliet,r=abcdefgh"
		}
		must(t, p.Write(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='`+m+`'>`+base64.StdEncoding.EncodeToString([]byte(first))+`</auth>`))
		if _, err := p.Expect(xmpp.NSSASL, "failure"); err != nil {
			t.Fatalf("%s: %v", m, err)
		}
	}
	must(t, p.Write(plainAuth))
	if _, err := p.Expect(xmpp.NSSASL, "success"); err != nil {
		t.Fatalf("PLAIN after %d failures: %v", len(mechs)-1, err)
	}
	p.Close()
	_ = sessionEnd(t, done)
}

// endPointOnly hides tls-unique, so that a client can only bind with
// tls-server-end-point (on TLS 1.2, tls-exporter is not used).
type endPointOnly struct{ *tls.Conn }

func (c endPointOnly) ConnectionState() tls.ConnectionState {
	cs := c.Conn.ConnectionState()
	cs.TLSUnique = nil
	return cs
}

// TestInterop_EndPointBindingDirectTLS: issue 18 item 7. A client that can
// only do tls-server-end-point authenticates with -PLUS over direct TLS.
func TestInterop_EndPointBindingDirectTLS(t *testing.T) {
	cert, pool, err := xmpptest.Certificate("example.net")
	must(t, err)
	accounts, err := xmpptest.NewAccounts(map[string]string{"juliet": "pw"}, 4096)
	must(t, err)
	c, s := tcpPair(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srvErr := make(chan error, 1)
	go func() {
		st := tls.Server(s, xmpptest.ServerTLS(cert))
		if err := st.HandshakeContext(ctx); err != nil {
			srvErr <- err
			return
		}
		sess, err := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), st, xmpp.Config{ServedCertificate: leaf(t, cert)},
			xmpp.SASLServer(accounts.ServerConfig()), xmpp.BindResource())
		if err == nil {
			<-sess.Done()
		}
		srvErr <- err
	}()
	ct := tls.Client(c, &tls.Config{RootCAs: pool, ServerName: "example.net", MaxVersion: tls.VersionTLS12})
	must(t, ct.HandshakeContext(ctx))
	sess, err := xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net"), endPointOnly{ct}, xmpp.Config{},
		xmpp.SASL("", "pw", sasl.ScramSHA256Plus), xmpp.BindResource())
	if err != nil {
		t.Fatalf("SCRAM-SHA-256-PLUS with tls-server-end-point: %v (server: %v)", err, <-srvErr)
	}
	must(t, sess.Close(ctx))
	if err := <-srvErr; err != nil {
		t.Fatal(err)
	}
}

func leaf(t *testing.T, cert tls.Certificate) *x509.Certificate {
	t.Helper()
	if cert.Leaf != nil {
		return cert.Leaf
	}
	l, err := x509.ParseCertificate(cert.Certificate[0])
	must(t, err)
	return l
}

// TestInterop_LegacySessionClient: issue 18 item 5, initiating side. The
// session request is sent only to a server that does not mark it optional.
func TestInterop_LegacySessionClient(t *testing.T) {
	for _, optional := range []bool{true, false} {
		t.Run(map[bool]string{true: "optional", false: "required"}[optional], func(t *testing.T) {
			p, done := initiating(t, xmpp.Config{InsecureAssumeSecure: true},
				xmpp.SASL("", "pw", sasl.Plain), xmpp.BindResource(), xmpp.LegacySession())
			_, err := p.ReadHeader()
			must(t, err)
			must(t, p.Write(serverHeader+`<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>`))
			_, err = p.Expect(xmpp.NSSASL, "auth")
			must(t, err)
			must(t, p.Write(`<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>`))
			p.Reset(p.Conn)
			_, err = p.ReadHeader()
			must(t, err)
			session := `<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/>`
			if optional {
				session = `<session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session>`
			}
			must(t, p.Write(serverHeader+`<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>`+session+`</stream:features>`))
			bind, err := p.Expect(stanza.NSClient, "iq")
			must(t, err)
			must(t, p.Write(`<iq type='result' id='`+bind.Attr("id")+`'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>juliet@example.net/r</jid></bind></iq>`))
			el, err := p.Read()
			if optional {
				// Negotiation is done: next comes the client's closing tag.
				if !errors.Is(err, xmlstream.ErrStreamEnd) {
					t.Fatalf("read %v, %v; want the closing tag, no session request", el, err)
				}
				must(t, p.Write(stream.CloseTag))
			} else {
				must(t, err)
				if _, ok := el.Child(xmpp.NSSession, "session"); !ok || el.Attr("type") != "set" {
					t.Fatalf("got %v, want the session request", el.Name())
				}
				must(t, p.Write(`<iq type='result' id='`+el.Attr("id")+`'/>`))
				if _, err := p.Read(); !errors.Is(err, xmlstream.ErrStreamEnd) {
					t.Fatalf("read %v, want the closing tag", err)
				}
				must(t, p.Write(stream.CloseTag))
			}
			if err := outcome(t, done); err != nil {
				t.Fatalf("client: %v", err)
			}
		})
	}
}
