package server_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
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
)

// counter is a test client that only counts what it receives: messages
// (and the latency their <body/> carries: a send time, see onMsg), and errors. It
// answers pings so that the idle check keeps it.
type counter struct {
	sess      *xmpp.Session
	conn      *stallConn
	jid       jid.JID
	messages  atomic.Int64
	timed     atomic.Int64 // messages whose body is a send time (see onMsg)
	errors    atomic.Int64 // message errors
	marks     atomic.Int64 // messages whose body is markBody (see marked), not counted in messages
	presErrs  atomic.Int64 // presence errors
	presConds [4]atomic.Int64
	conds     [4]atomic.Int64 // by condIndex
	onMsg     func(d time.Duration)
	onBody    func(body string) // each message's body, if set
}

const (
	condResource = iota
	condUnavailable
	condOther
)

func (c *counter) handle(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	switch st.Header.Kind {
	case stanza.KindMessage:
		if st.Header.Type == string(stanza.ErrorMessage) {
			c.errors.Add(1)
			c.conds[condOf(st.Element)].Add(1)
			return nil
		}
		if b, ok := st.Element.Child(stanza.NSClient, "body"); ok && b.Text() == markBody {
			c.marks.Add(1)
			return nil
		}
		c.messages.Add(1)
		if c.onBody != nil {
			b, _ := st.Element.Child(stanza.NSClient, "body")
			c.onBody(b.Text())
		}
		if c.onMsg != nil {
			if b, ok := st.Element.Child(stanza.NSClient, "body"); ok {
				if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(b.Text())); err == nil {
					c.timed.Add(1)
					c.onMsg(time.Since(t))
				}
			}
		}
	case stanza.KindPresence:
		if st.Header.Type == string(stanza.ErrorPresence) {
			c.presErrs.Add(1)
			c.presConds[condOf(st.Element)].Add(1)
		}
	case stanza.KindIQ:
		if stanza.IQType(st.Header.Type).IsRequest() {
			if _, ok := st.Element.Child("urn:xmpp:ping", "ping"); ok {
				return s.Send(ctx, xmlstream.MarshalerFunc(st.Header.IQ().Result().WriteEmpty))
			}
			return stanza.NewError(stanza.ServiceUnavailable)
		}
	}
	return nil
}

// condOf classifies the condition of an error stanza.
func condOf(el *xmlstream.Element) int {
	e, ok := el.Child(stanza.NSClient, "error")
	if !ok {
		return condOther
	}
	switch {
	case hasChild(e, "resource-constraint"):
		return condResource
	case hasChild(e, "service-unavailable"):
		return condUnavailable
	}
	return condOther
}

func hasChild(e *xmlstream.Element, local string) bool {
	_, ok := e.Child("urn:ietf:params:xml:ns:xmpp-stanzas", local)
	return ok
}

// dialCounter logs in a counting client (SCRAM-SHA-1: the cheapest login,
// for tests that open many sessions).
func dialCounter(ctx context.Context, srv *server.Server, user, password, resource string) (*counter, error) {
	return dialCounterAt(ctx, srv.Addr().String(), srv.Domain().Domainpart(), srv.CertPool(), user, password, resource)
}

func dialCounterAt(ctx context.Context, addr, domain string, roots *x509.CertPool, user, password, resource string) (*counter, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c := &counter{conn: &stallConn{Conn: conn}}
	j, err := jid.New(user, domain, resource)
	if err != nil {
		return nil, err
	}
	c.sess, err = xmpp.NewClientSession(ctx, j, c.conn, xmpp.Config{Handler: xmpp.HandlerFunc(c.handle)},
		xmpp.StartTLS(&tls.Config{RootCAs: roots}),
		xmpp.SASL("", password, "SCRAM-SHA-1"), xmpp.BindResource())
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	c.jid = c.sess.LocalAddr()
	return c, nil
}

func loginCounter(t testing.TB, srv *server.Server, user, resource string) *counter {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := dialCounter(ctx, srv, user, testUsers[user], resource)
	if err != nil {
		t.Fatalf("login %s/%s: %v", user, resource, err)
	}
	t.Cleanup(func() { c.close() })
	return c
}

func (c *counter) close() {
	c.resume()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = c.sess.Close(ctx)
}

func (c *counter) stall() {
	g := make(chan struct{})
	c.conn.gate.Store(&g)
}

func (c *counter) resume() {
	if g := c.conn.gate.Swap(nil); g != nil {
		close(*g)
	}
}

// markBody is the body of the messages marked sends.
const markBody = "mark"

// marked sends a message from 'from' to 'to' and waits until 'to' has
// handled it, and so (handlers run in order) everything its delivery
// queue held before.
func marked(t testing.TB, from, to *counter) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	want := to.marks.Load() + 1
	if err := from.chat(ctx, to.jid, markBody); err != nil {
		t.Fatal(err)
	}
	settle(t, 10*time.Second, "a mark to "+to.jid.String(), func() bool { return to.marks.Load() >= want })
}

// chat is a message from c to 'to' with body.
func (c *counter) chat(ctx context.Context, to jid.JID, body string) error {
	return c.sess.Send(ctx, chatMessage{to: to, body: body})
}

var bodyName = xml.Name{Space: stanza.NSClient, Local: "body"}

type chatMessage struct {
	to   jid.JID
	body string
}

func (m chatMessage) WriteXML(w xmlstream.Encoder) error {
	msg := stanza.Message{To: m.to, Type: stanza.ChatMessage}
	if err := msg.WriteStart(w); err != nil {
		return err
	}
	if err := w.Start(bodyName); err != nil {
		return err
	}
	if err := w.Text(m.body); err != nil {
		return err
	}
	if err := w.End(); err != nil {
		return err
	}
	return w.End()
}

// settle waits until f reports true, failing after timeout.
func settle(t testing.TB, timeout time.Duration, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

var (
	rosterQuery = xml.Name{Space: server.NSRoster, Local: "query"}
	statusName  = xml.Name{Space: stanza.NSClient, Local: "status"}
)
