package server_test

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/component"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// Component domains and secrets of the test servers.
const (
	compDomain = "comp.example.test"
	compSecret = "s3cret"
	botDomain  = "bot.example.test"
	botSecret  = "b0t"
)

// newComponentServer starts a test server that accepts the test
// components on a loopback component listener.
func newComponentServer(t testing.TB, cfg server.Config) *server.Server {
	t.Helper()
	cfg.Components = map[string]string{compDomain: compSecret, botDomain: botSecret}
	srv := newServer(t, cfg)
	if err := srv.ListenComponents(context.Background(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	return srv
}

// testComponent is a connected component (package component, the
// component's side) that records what it receives. It answers IQ requests
// carrying <echo xmlns='urn:test'/> with the same payload, leaves
// <hold xmlns='urn:test'/> unanswered and fails others with
// feature-not-implemented.
type testComponent struct {
	t    testing.TB
	sess *xmpp.Session
	in   chan *xmlstream.Element
}

func dialComponent(srv *server.Server, domain, secret string) (*testComponent, error) {
	conn, err := net.Dial("tcp", srv.ComponentAddr().String())
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := &testComponent{in: make(chan *xmlstream.Element, 256)}
	c.sess, err = component.NewSession(ctx, jid.MustParse(domain), secret, conn, xmpp.Config{Handler: xmpp.HandlerFunc(c.record)})
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	return c, nil
}

// connectComponent connects a component and closes it at the test's end.
func connectComponent(t testing.TB, srv *server.Server, domain, secret string) *testComponent {
	t.Helper()
	c, err := dialComponent(srv, domain, secret)
	if err != nil {
		t.Fatalf("component %s: %v", domain, err)
	}
	c.t = t
	t.Cleanup(c.close)
	return c
}

func (c *testComponent) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = c.sess.Close(ctx)
}

func (c *testComponent) record(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	select {
	case c.in <- st.Element.Clone():
	default:
		return fmt.Errorf("test component: inbox full")
	}
	return answerTestIQ(ctx, s, st)
}

// answerTestIQ answers the requests of the test components and services.
func answerTestIQ(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind != stanza.KindIQ || !st.Header.IQType().IsRequest() {
		return nil
	}
	if _, hold := st.Element.Child("urn:test", "hold"); hold {
		return nil
	}
	if echo, ok := st.Element.Child("urn:test", "echo"); ok {
		return s.Send(ctx, st.Header.IQ().Result().Wrap(echo))
	}
	return stanza.NewError(stanza.FeatureNotImplemented)
}

// send writes raw XML in the component stream's namespace.
func (c *testComponent) send(raw string) {
	c.t.Helper()
	el := xmpptest.ElementIn(c.t, component.NS, raw)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.sess.Send(ctx, el); err != nil {
		c.t.Fatalf("component sending %s: %v", raw, err)
	}
}

// expect waits for a stanza whose serialised form contains every fragment.
func (c *testComponent) expect(fragments ...string) *xmlstream.Element {
	c.t.Helper()
	deadline := time.After(5 * time.Second)
	var seen []string
	for {
		select {
		case el := <-c.in:
			s := serialiseIn(el, component.NS)
			if containsAll(s, fragments) {
				return el
			}
			seen = append(seen, s)
		case <-deadline:
			c.t.Fatalf("component: no stanza with %q; got:\n%q", fragments, seen)
			return nil
		}
	}
}

// serialiseIn writes el as in a stream whose default namespace is ns,
// with single-quoted attributes.
func serialiseIn(el *xmlstream.Element, ns string) string {
	var b strings.Builder
	w := xmlstream.NewWriter(&b)
	w.SetDefaultNS(ns)
	_ = el.WriteXML(w.Encoder())
	_ = w.Flush()
	return strings.ReplaceAll(b.String(), `"`, "'")
}
