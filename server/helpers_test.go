package server_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// testUsers are the accounts of the test servers; each password is the
// username backwards.
var testUsers = map[string]string{"alice": "ecila", "bob": "bob!", "carol": "lorac"}

// newServer starts a server for "example.test" with testUsers on loopback.
func newServer(t testing.TB, cfg server.Config) *server.Server {
	t.Helper()
	if cfg.Domain == "" {
		cfg.Domain = "example.test"
	}
	if cfg.Users == nil {
		cfg.Users = testUsers
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	if err := srv.Listen(context.Background(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	return srv
}

// client is a logged-in test client that records what it receives.
type client struct {
	t    testing.TB
	conn *stallConn
	sess *xmpp.Session
	jid  jid.JID
	in   chan *xmlstream.Element
}

// login connects user with the given resource over STARTTLS.
func login(t testing.TB, srv *server.Server, user, resource string) *client {
	t.Helper()
	c, err := tryLogin(srv, user, testUsers[user], resource)
	if err != nil {
		t.Fatalf("login %s/%s: %v", user, resource, err)
	}
	c.t = t
	t.Cleanup(c.close)
	return c
}

func tryLogin(srv *server.Server, user, password, resource string) (*client, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := net.Dial("tcp", srv.Addr().String())
	if err != nil {
		return nil, err
	}
	c := &client{in: make(chan *xmlstream.Element, 256), conn: &stallConn{Conn: conn}}
	cfg := xmpp.Config{Handler: xmpp.HandlerFunc(c.record)}
	j, err := jid.New(user, srv.Domain().Domainpart(), resource)
	if err != nil {
		return nil, err
	}
	c.sess, err = xmpp.NewClientSession(ctx, j, c.conn, cfg,
		xmpp.StartTLS(&tls.Config{RootCAs: srv.CertPool()}),
		xmpp.SASL("", password), xmpp.BindResource())
	if err != nil {
		return nil, err
	}
	c.jid = c.sess.LocalAddr()
	return c, nil
}

// record keeps every stanza. It acknowledges roster pushes, answers pings,
// leaves <hold xmlns='urn:test'/> unanswered, and answers other requests
// with service-unavailable.
func (c *client) record(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	select {
	case c.in <- st.Element.Clone():
	default:
		return fmt.Errorf("test client %s: inbox full", c.jid)
	}
	if st.Header.Kind != stanza.KindIQ || !st.Header.IQType().IsRequest() {
		return nil
	}
	if _, hold := st.Element.Child("urn:test", "hold"); hold {
		return nil // never answered
	}
	_, roster := st.Element.Child("jabber:iq:roster", "query")
	_, ping := st.Element.Child("urn:xmpp:ping", "ping")
	if roster && st.Header.IQType() == stanza.SetIQ || ping && st.Header.IQType() == stanza.GetIQ {
		return s.Send(ctx, xmlstream.MarshalerFunc(st.Header.IQ().Result().WriteEmpty))
	}
	return stanza.NewError(stanza.ServiceUnavailable)
}

func (c *client) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = c.sess.Close(ctx)
}

// send writes raw XML (one stanza, in the stream's default namespace).
func (c *client) send(raw string) {
	c.t.Helper()
	el := xmpptest.ElementIn(c.t, "jabber:client", raw)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.sess.Send(ctx, el); err != nil {
		c.t.Fatalf("%s sending %s: %v", c.jid, raw, err)
	}
}

// iq sends an IQ request and returns the response (and its stanza error).
func (c *client) iq(typ stanza.IQType, to string, payload string) (*xmlstream.Element, error) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	iq := stanza.IQ{Type: typ}
	if to != "" {
		iq.To = jid.MustParse(to)
	}
	var m xmlstream.Marshaler
	if payload != "" {
		m = xmpptest.ElementIn(c.t, "jabber:client", payload)
	}
	return c.sess.SendIQ(ctx, iq, m)
}

// expect skips stanzas until one whose serialised form contains every
// fragment, failing after a timeout.
func (c *client) expect(fragments ...string) *xmlstream.Element {
	c.t.Helper()
	deadline := time.After(5 * time.Second)
	var seen []string
	for {
		select {
		case el := <-c.in:
			s := serialise(el)
			if containsAll(s, fragments) {
				return el
			}
			seen = append(seen, s)
		case <-deadline:
			c.t.Fatalf("%s: no stanza with %q; got:\n%s", c.jid, fragments, strings.Join(seen, "\n"))
			return nil
		}
	}
}

// quiet checks that nothing arrives for a short while.
func (c *client) quiet() {
	c.t.Helper()
	select {
	case el := <-c.in:
		c.t.Fatalf("%s: unexpected %s", c.jid, serialise(el))
	case <-time.After(150 * time.Millisecond):
	}
}

// drain forgets what was received so far, after a short pause.
func (c *client) drain() {
	time.Sleep(100 * time.Millisecond)
	for {
		select {
		case <-c.in:
		default:
			return
		}
	}
}

func containsAll(s string, fragments []string) bool {
	for _, f := range fragments {
		if !strings.Contains(s, f) {
			return false
		}
	}
	return true
}

// serialise writes el with single-quoted attributes, for matching.
func serialise(el *xmlstream.Element) string {
	var b strings.Builder
	w := xmlstream.NewWriter(&b)
	w.SetDefaultNS(stanza.NSClient)
	_ = el.WriteXML(w.Encoder())
	_ = w.Flush()
	return strings.ReplaceAll(b.String(), `"`, "'")
}

// online sends initial presence and waits for the server's echo of it, so
// that the resource is available when the test goes on.
func (c *client) online() {
	c.t.Helper()
	c.send("<presence/>")
	c.expect("<presence", "from='"+c.jid.String()+"'", "to='"+c.jid.String()+"'")
}

// stallConn is a connection whose reads can be held, to play a client that
// stops reading.
type stallConn struct {
	net.Conn
	gate atomic.Pointer[chan struct{}]
}

func (c *stallConn) Read(p []byte) (int, error) {
	if g := c.gate.Load(); g != nil {
		<-*g
	}
	return c.Conn.Read(p)
}

// stallReads stops reading from the server until resumeReads.
func (c *client) stallReads() {
	g := make(chan struct{})
	c.conn.gate.Store(&g)
}

func (c *client) resumeReads() {
	if g := c.conn.gate.Swap(nil); g != nil {
		close(*g)
	}
}

// closeAtEnd closes s, within five seconds, when the test ends.
func closeAtEnd(t testing.TB, s *xmpp.Session) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Close(ctx)
	})
}
