package xmpp_test

import (
	"context"
	"encoding/xml"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// chat is a message with a body, encoded through encoding/xml.
type chat struct {
	stanza.Message
	Body string `xml:"body"`
}

// collector is a handler that records the bodies of messages.
type collector struct {
	got chan string
}

func newCollector() *collector { return &collector{got: make(chan string, 16)} }

func (c *collector) HandleXMPP(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind != stanza.KindMessage {
		return nil
	}
	var m chat
	if err := st.Element.Decode(&m); err != nil {
		return err
	}
	c.got <- m.From.String() + ": " + m.Body
	return nil
}

// pair is xmpptest.Pair, also checking that the client closes cleanly at
// the end of the test (this cleanup runs before Pair's own).
func pair(t *testing.T, opts xmpptest.Options) (client, server *xmpp.Session) {
	t.Helper()
	client, server = xmpptest.Pair(t, opts)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := client.Close(ctx); err != nil {
			t.Errorf("client close: %v", err)
		}
	})
	return client, server
}

func TestSessionNegotiation(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts xmpptest.Options
	}{
		{"SCRAM-SHA-1", xmpptest.Options{Mechanisms: []string{"SCRAM-SHA-1"}}},
		{"SCRAM-SHA-256", xmpptest.Options{Mechanisms: []string{"SCRAM-SHA-256"}}},
		{"SCRAM-SHA-512", xmpptest.Options{Mechanisms: []string{"SCRAM-SHA-512"}}},
		{"PLAIN", xmpptest.Options{Mechanisms: []string{"PLAIN"}}},
		{"TLS default", xmpptest.Options{TLS: true}},
		{"TLS SCRAM-SHA-256-PLUS", xmpptest.Options{TLS: true, Mechanisms: []string{"SCRAM-SHA-256-PLUS"}}},
		{"TLS SCRAM-SHA-1-PLUS", xmpptest.Options{TLS: true, Mechanisms: []string{"SCRAM-SHA-1-PLUS"}}},
		{"TLS SCRAM-SHA-512-PLUS", xmpptest.Options{TLS: true, Mechanisms: []string{"SCRAM-SHA-512-PLUS"}}},
		{"TLS PLAIN", xmpptest.Options{TLS: true, Mechanisms: []string{"PLAIN"}}},
		{"TCP TLS default", xmpptest.Options{TLS: true, TCP: true}},
		{"TCP TLS SCRAM-SHA-1-PLUS", xmpptest.Options{TLS: true, TCP: true, Mechanisms: []string{"SCRAM-SHA-1-PLUS"}}},
		{"TCP TLS PLAIN", xmpptest.Options{TLS: true, TCP: true, Mechanisms: []string{"PLAIN"}}},
		{"resource requested", xmpptest.Options{ClientJID: jid.MustParse("romeo@example.net/orchard")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, server := pair(t, tc.opts)
			want := tc.opts.ClientJID
			if want.IsZero() {
				want = jid.MustParse("juliet@example.net")
			}
			if got := client.LocalAddr(); got.Bare() != want.Bare() || got.Resourcepart() == "" {
				t.Errorf("client bound %v, want a full JID of %v", got, want)
			}
			if r := want.Resourcepart(); r != "" && client.LocalAddr().Resourcepart() != r {
				t.Errorf("client got resource %q, asked for %q", client.LocalAddr().Resourcepart(), r)
			}
			if server.RemoteAddr() != client.LocalAddr() {
				t.Errorf("server sees %v, client is %v", server.RemoteAddr(), client.LocalAddr())
			}
			for _, s := range []*xmpp.Session{client, server} {
				if !s.State().Has(xmpp.Secure | xmpp.Authenticated | xmpp.Bound) {
					t.Errorf("state %b lacks Secure|Authenticated|Bound", s.State())
				}
			}
			if tc.opts.TLS && client.TLSState() == nil {
				t.Error("no TLS state after STARTTLS")
			}
		})
	}
}

func TestWrongPassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, _, err := xmpptest.NewClientServer(ctx, xmpptest.Options{ClientPassword: "wrong"})
	var se *xmpp.SASLError
	if !errors.As(err, &se) || !errors.Is(err, errNotAuthorized) {
		t.Fatalf("err = %v, want a SASL not-authorized failure", err)
	}
}

func TestMessagesBothWays(t *testing.T) {
	cc, sc := newCollector(), newCollector()
	client, server := pair(t, xmpptest.Options{
		Client: xmpp.Config{Handler: cc},
		Server: xmpp.Config{Handler: sc},
	})
	ctx := context.Background()
	m := chat{Message: stanza.Message{To: jid.MustParse("example.net"), Type: stanza.ChatMessage}, Body: "hello server"}
	if err := client.Send(ctx, xmlstream.Struct(m)); err != nil {
		t.Fatal(err)
	}
	m = chat{Message: stanza.Message{From: jid.MustParse("example.net"), To: client.LocalAddr(), Type: stanza.ChatMessage}, Body: "hello client"}
	if err := server.Send(ctx, xmlstream.Struct(m)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		c    *collector
		want string
	}{{sc, ": hello server"}, {cc, "example.net: hello client"}} {
		select {
		case got := <-tc.c.got:
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("message %q not delivered", tc.want)
		}
	}
}

var pingName = xml.Name{Space: "urn:xmpp:ping", Local: "ping"}

// pingHandler answers XEP-0199 pings.
var pingHandler = xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind != stanza.KindIQ || st.Header.IQType() != stanza.GetIQ {
		return nil
	}
	if name, _ := st.Element.FirstChild(); name != pingName {
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	return s.Send(ctx, xmlstream.MarshalerFunc(st.Header.IQ().Result().WriteEmpty))
})

type ping struct{}

func (ping) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(pingName); err != nil {
		return err
	}
	return w.End()
}

func TestIQBothWays(t *testing.T) {
	client, server := pair(t, xmpptest.Options{
		Client: xmpp.Config{Handler: pingHandler},
		Server: xmpp.Config{Handler: pingHandler},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: jid.MustParse("example.net")}, ping{}); err != nil {
		t.Errorf("client → server ping: %v", err)
	}
	if _, err := server.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: client.LocalAddr()}, ping{}); err != nil {
		t.Errorf("server → client ping: %v", err)
	}
	// An unknown payload is answered with service-unavailable.
	_, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ}, emptyPayload{"urn:example:unknown", "query"})
	if !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Errorf("unknown payload: err = %v, want service-unavailable", err)
	}
}

type emptyPayload struct{ space, local string }

func (p emptyPayload) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(xml.Name{Space: p.space, Local: p.local}); err != nil {
		return err
	}
	return w.End()
}

func TestUnhandledIQWithoutHandler(t *testing.T) {
	client, _ := pair(t, xmpptest.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ}, ping{})
	if !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Fatalf("err = %v, want service-unavailable", err)
	}
}
