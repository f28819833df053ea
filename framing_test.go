package xmpp_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/xml"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// unitConn is an in-memory ElementTransport with a framing of its own
// (<begin/> and <end/> in urn:example:frames), to show that the session
// needs nothing WebSocket-specific from a framed transport.
type unitConn struct {
	in   <-chan []byte
	out  chan<- []byte
	done chan struct{}
	once *sync.Once
}

const nsFrames = "urn:example:frames"

var (
	beginName = xml.Name{Space: nsFrames, Local: "begin"}
	endName   = xml.Name{Space: nsFrames, Local: "end"}
)

func unitPair() (a, b *unitConn) {
	ab, ba := make(chan []byte, 64), make(chan []byte, 64)
	done, once := make(chan struct{}), new(sync.Once)
	return &unitConn{in: ba, out: ab, done: done, once: once}, &unitConn{in: ab, out: ba, done: done, once: once}
}

func (c *unitConn) ReadElement() ([]byte, error) {
	select {
	case u := <-c.in:
		return u, nil
	case <-c.done:
		return nil, io.EOF
	}
}

func (c *unitConn) WriteElement(p []byte) error {
	select {
	case c.out <- bytes.Clone(p):
		return nil
	case <-c.done:
		return io.ErrClosedPipe
	}
}

func (c *unitConn) Read([]byte) (int, error) { return 0, errors.New("unitConn: use ReadElement") }

func (c *unitConn) Write(p []byte) (int, error) { return len(p), c.WriteElement(p) }

func (c *unitConn) Close() error {
	c.once.Do(func() { close(c.done) })
	return nil
}

func (c *unitConn) WriteOpen(e xmlstream.Encoder, h stream.Header) error {
	var attrs []xml.Attr
	for _, a := range [][2]string{{"to", h.To.String()}, {"from", h.From.String()}, {"id", h.ID}, {"version", h.Version}} {
		if a[1] != "" {
			attrs = append(attrs, xml.Attr{Name: xml.Name{Local: a[0]}, Value: a[1]})
		}
	}
	if err := e.Start(beginName, attrs...); err != nil {
		return err
	}
	return e.End()
}

func (c *unitConn) ParseOpen(el *xmlstream.Element) (stream.Header, error) {
	if el.Name() != beginName {
		return stream.Header{}, stream.InvalidNamespace
	}
	h := stream.Header{ID: el.Attr("id"), Version: el.Attr("version")}
	var err error
	if v := el.Attr("to"); v != "" {
		if h.To, err = jid.Parse(v); err != nil {
			return h, stream.ImproperAddressing
		}
	}
	if v := el.Attr("from"); v != "" {
		if h.From, err = jid.Parse(v); err != nil {
			return h, stream.ImproperAddressing
		}
	}
	return h, nil
}

func (c *unitConn) WriteClose(e xmlstream.Encoder) error {
	if err := e.Start(endName); err != nil {
		return err
	}
	return e.End()
}

func (c *unitConn) ParseClose(el *xmlstream.Element) (bool, error) { return el.Name() == endName, nil }

var _ xmpp.ElementTransport = (*unitConn)(nil)

// TestElementTransport runs a whole client stream over a framed transport of
// the test's own: negotiation (STARTTLS is configured but never applies),
// a message, an IQ, and the close handshake.
func TestElementTransport(t *testing.T) {
	accounts, err := xmpptest.NewAccounts(map[string]string{"juliet": "secret"}, 4096)
	must(t, err)
	a, b := unitPair()
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	collect := newCollector()
	type result struct {
		s   *xmpp.Session
		err error
	}
	srv := make(chan result, 1)
	go func() {
		s, err := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), b,
			xmpp.Config{Handler: pingHandler, InsecureAssumeSecure: true},
			xmpp.StartTLS(&tls.Config{}), xmpp.SASLServer(accounts.ServerConfig()), xmpp.BindResource())
		srv <- result{s, err}
	}()
	client, err := xmpp.NewClientSession(ctx, jid.MustParse("juliet@example.net"), a,
		xmpp.Config{Handler: collect, InsecureAssumeSecure: true},
		xmpp.StartTLS(&tls.Config{}), xmpp.SASL("", "secret"), xmpp.BindResource())
	must(t, err)
	r := <-srv
	must(t, r.err)
	server := r.s
	if !client.State().Has(xmpp.Authenticated|xmpp.Bound) || client.Out().NS != stanza.NSClient || server.In().NS != stanza.NSClient {
		t.Fatalf("state %b, namespaces %q/%q", client.State(), client.Out().NS, server.In().NS)
	}
	must(t, server.Send(ctx, xmlstream.Struct(chat{Message: stanza.Message{To: client.LocalAddr(), Type: stanza.ChatMessage}, Body: "over units"})))
	select {
	case got := <-collect.got:
		if got != ": over units" {
			t.Errorf("got %q", got)
		}
	case <-ctx.Done():
		t.Fatal("no message")
	}
	if _, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: jid.MustParse("example.net")}, ping{}); err != nil {
		t.Fatalf("IQ: %v", err)
	}
	must(t, client.Close(ctx))
	<-server.Done()
	if err := server.Err(); err != nil {
		t.Errorf("server ended with %v, want a clean close", err)
	}
}

// FuzzReceiveFramed: whatever units a client sends over a framed transport
// (NUL separates them in the input), the receiving side ends cleanly.
func FuzzReceiveFramed(f *testing.F) {
	open := `<begin xmlns='urn:example:frames' to='example.net' version='1.0'/>`
	for _, s := range []string{
		open,
		open + "\x00<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldABwdw==</auth>",
		open + "\x00<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>\x00AGp1bGlldABwdw==</auth>",
		open + "\x00<a xmlns='urn:x'/><b xmlns='urn:x'/>",
		open + "\x00 \x00<end xmlns='urn:example:frames'/>",
		"<begin xmlns='urn:example:frames'",
	} {
		f.Add([]byte(s))
	}
	accounts, err := xmpptest.NewAccounts(map[string]string{"juliet": "pw"}, 4096)
	if err != nil {
		f.Fatal(err)
	}
	features := []xmpp.StreamFeature{xmpp.SASLServer(accounts.ServerConfig()), xmpp.BindResource()}
	f.Fuzz(func(t *testing.T, input []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		a, b := unitPair()
		defer a.Close()
		go func() { // the peer: send the units, drain the answers
			go func() {
				for {
					if _, err := b.ReadElement(); err != nil {
						return
					}
				}
			}()
			for u := range bytes.SplitSeq(input, []byte{0}) {
				if b.WriteElement(u) != nil {
					return
				}
			}
			time.Sleep(20 * time.Millisecond)
			b.Close()
		}()
		s, err := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), a, xmpp.Config{InsecureAssumeSecure: true}, features...)
		if err == nil {
			select {
			case <-s.Done():
			case <-ctx.Done():
				t.Fatal("session did not end after its peer went away")
			}
		}
	})
}
