package thirdparty

import (
	"context"
	"crypto/tls"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// domain is the lab's XMPP domain. "localhost" resolves on every machine,
// so that clients which take the server's address from the domain (or
// check the certificate against the host they dialled) need no DNS.
const domain = "localhost"

// body is the message every client sends and gets back: non-ASCII text
// (two-, three- and four-byte UTF-8) and every character XML treats
// specially in text.
const body = `héllo ✓ 😀 <b>&amp;</b> "dq" 'sq' ]]> end`

// echoPrefix starts the Canto client's answer to each message.
const echoPrefix = "echo: "

// lab is a running embedded server with a Canto client, "canto", that
// answers every chat or normal message with echoPrefix and its body.
type lab struct {
	srv   *server.Server
	ca    string  // PEM file of the server's certificate
	echo  jid.JID // the Canto client's full JID
	canto *xmpp.Session
	got   chan received // messages the Canto client received
	// handler, when not nil, replaces the echo as the Canto client's
	// handler (see newLabWith).
	handler xmpp.Handler
}

type received struct {
	from jid.JID
	body string
}

// user returns the account name and password a client logs in with.
func user(client string) (string, string) { return client, "pw-" + client }

// newLab starts the server (STARTTLS, direct TLS and WebSocket listeners,
// default settings) with accounts for the given clients, and the Canto
// echo client.
func newLab(t *testing.T, clients ...string) *lab {
	t.Helper()
	return newLabWith(t, nil, clients...)
}

// newLabWith is newLab with the Canto client's handler made by h from the
// lab (nil: the echo).
func newLabWith(t *testing.T, h func(*lab) xmpp.Handler, clients ...string) *lab {
	t.Helper()
	users := map[string]string{"canto": "pw-canto"}
	for _, c := range clients {
		u, p := user(c)
		users[u] = p
	}
	cfg := server.Config{Domain: domain, Users: users}
	if os.Getenv("CANTO_RAWLOG") != "" {
		cfg.RawLog = os.Stderr // for debugging a client: every byte, after TLS
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	ctx := context.Background()
	for _, listen := range []func(context.Context, string) error{srv.Listen, srv.ListenDirectTLS, srv.ListenWebSocket} {
		if err := listen(ctx, "127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
	}
	l := &lab{srv: srv, ca: filepath.Join(t.TempDir(), "ca.pem"), got: make(chan received, 16)}
	if err := os.WriteFile(l.ca, srv.CertificatePEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	if h != nil {
		l.handler = h(l)
	}
	l.startEcho(t)
	return l
}

func (l *lab) startEcho(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := net.Dial("tcp", l.srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	origin := jid.MustParse("canto@" + domain + "/echo")
	cfg := xmpp.Config{Handler: xmpp.HandlerFunc(l.handle)}
	if l.handler != nil {
		cfg.Handler = l.handler
	}
	l.canto, err = xmpp.NewClientSession(ctx, origin, conn, cfg,
		xmpp.StartTLS(&tls.Config{RootCAs: l.srv.CertPool()}),
		xmpp.SASL("", "pw-canto"), xmpp.BindResource())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = l.canto.Close(ctx)
	})
	l.echo = l.canto.LocalAddr()
	// Available presence, so that messages to the bare JID reach it.
	if err := l.canto.Send(ctx, xmlstream.MarshalerFunc(stanza.Presence{}.WriteEmpty)); err != nil {
		t.Fatal(err)
	}
}

// handle records and echoes messages with a body, and answers pings; other
// IQ requests get service-unavailable.
func (l *lab) handle(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	switch st.Header.Kind {
	case stanza.KindIQ:
		if !stanza.IQType(st.Header.Type).IsRequest() {
			return nil
		}
		if _, ok := st.Element.Child("urn:xmpp:ping", "ping"); ok {
			return s.Send(ctx, xmlstream.MarshalerFunc(st.Header.IQ().Result().WriteEmpty))
		}
		return stanza.NewError(stanza.ServiceUnavailable)
	case stanza.KindMessage:
		b, ok := st.Element.Child(stanza.NSClient, "body")
		if !ok || st.Header.Type == "error" {
			return nil
		}
		text := b.Text()
		// The echo is sent before the message is recorded: a test that
		// answers what was recorded by sending the peer another message
		// (TestSlixmppComponent) then has it arrive after the echo.
		err := s.Send(ctx, chat{to: st.Header.From, body: echoPrefix + text})
		select {
		case l.got <- received{from: st.Header.From, body: text}:
		default:
		}
		return err
	}
	return nil
}

// chat is a chat message with a body.
type chat struct {
	to   jid.JID
	body string
}

func (c chat) WriteXML(e xmlstream.Encoder) error {
	m := stanza.Message{To: c.to, Type: stanza.ChatMessage, ID: stanza.NewID()}
	if err := m.WriteStart(e); err != nil {
		return err
	}
	if err := e.Start(bodyName); err != nil {
		return err
	}
	if err := e.Text(c.body); err != nil {
		return err
	}
	if err := e.End(); err != nil {
		return err
	}
	return e.End()
}

var bodyName = xmlName(stanza.NSClient, "body")

// send has the Canto client send body to to.
func (l *lab) send(t *testing.T, to jid.JID, text string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := l.canto.Send(ctx, chat{to: to, body: text}); err != nil {
		t.Fatal(err)
	}
}

// expect waits for the Canto client to receive body from the client's account.
func (l *lab) expect(t *testing.T, client, text string) {
	t.Helper()
	u, _ := user(client)
	select {
	case r := <-l.got:
		if r.from.Localpart() != u || r.body != text {
			t.Fatalf("the Canto client got %q from %s; want %q from %s@%s", r.body, r.from, text, u, domain)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the Canto client got no message from %s", client)
	}
}

// port returns the port of addr.
func port(addr net.Addr) string {
	_, p, _ := net.SplitHostPort(addr.String())
	return p
}

// wsURL is the WebSocket endpoint under the domain's name, which the
// certificate covers.
func (l *lab) wsURL() string {
	return "wss://" + domain + ":" + port(l.srv.WebSocketAddr()) + strings.TrimPrefix(l.srv.WebSocketURL(), "wss://"+l.srv.WebSocketAddr().String())
}
