package mux_test

import (
	"context"
	"encoding/xml"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestMain(m *testing.M) { xmpptest.Main(m) }

// record returns a handler that reports its name on ch and answers IQs.
func record(name string, ch chan<- string) xmpp.Handler {
	return xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		ch <- name
		if st.Header.Kind == stanza.KindIQ && stanza.IQType(st.Header.Type).IsRequest() {
			return s.Send(ctx, xmlstream.MarshalerFunc(st.Header.IQ().Result().WriteEmpty))
		}
		return nil
	})
}

func el(name xml.Name) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := w.Start(name); err != nil {
			return err
		}
		return w.End()
	})
}

// raw sends a stanza built from a start element and one child.
func raw(kind string, typ string, child xml.Name) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		attrs := []xml.Attr{{Name: xml.Name{Local: "id"}, Value: stanza.NewID()}}
		if typ != "" {
			attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "type"}, Value: typ})
		}
		if err := w.Start(xml.Name{Local: kind}, attrs...); err != nil {
			return err
		}
		if child.Local != "" {
			if err := el(child).WriteXML(w); err != nil {
				return err
			}
		}
		return w.End()
	})
}

var (
	ping     = xml.Name{Space: "urn:xmpp:ping", Local: "ping"}
	version  = xml.Name{Space: "jabber:iq:version", Local: "query"}
	body     = xml.Name{Space: "jabber:client", Local: "body"}
	receipt  = xml.Name{Space: "urn:xmpp:receipts", Local: "received"}
	caps     = xml.Name{Space: "http://jabber.org/protocol/caps", Local: "c"}
	anyDisco = xml.Name{Space: "http://jabber.org/protocol/disco#info"}
)

func TestRouting(t *testing.T) {
	ch := make(chan string, 4)
	m := mux.New(
		mux.IQ(stanza.GetIQ, ping, record("ping", ch)),
		mux.IQ(stanza.SetIQ, ping, record("ping-set", ch)),
		mux.IQ(stanza.GetIQ, anyDisco, record("disco-ns", ch)),
		mux.Message(stanza.ChatMessage, receipt, record("chat-receipt", ch)),
		mux.Message(stanza.ChatMessage, xml.Name{}, record("chat", ch)),
		mux.Message(stanza.NormalMessage, xml.Name{}, record("normal", ch)),
		mux.Message("", body, record("any-with-body", ch)),
		mux.Presence(stanza.AvailablePresence, caps, record("available-caps", ch)),
		mux.AnyPresence(xml.Name{}, record("presence", ch)),
	)
	client, server := xmpptest.Pair(t, xmpptest.Handlers(nil, m))
	_ = server
	for _, tc := range []struct {
		name string
		send xmlstream.Marshaler
		want string // "" for no handler
	}{
		{"iq get ping", raw("iq", "get", ping), "ping"},
		{"iq set ping", raw("iq", "set", ping), "ping-set"},
		{"iq by namespace", raw("iq", "get", xml.Name{Space: anyDisco.Space, Local: "query"}), "disco-ns"},
		{"chat with receipt", raw("message", "chat", receipt), "chat-receipt"},
		{"chat", raw("message", "chat", body), "chat"},
		{"no type is normal", raw("message", "", xml.Name{}), "normal"},
		{"headline with body", raw("message", "headline", body), "any-with-body"},
		{"headline without body", raw("message", "headline", xml.Name{}), ""},
		{"available with caps", raw("presence", "", caps), "available-caps"},
		{"unavailable", raw("presence", "unavailable", caps), "presence"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := client.Send(ctx, tc.send); err != nil {
				t.Fatal(err)
			}
			// A marker message afterwards tells when routing is done.
			if err := client.Send(ctx, raw("message", "normal", xml.Name{})); err != nil {
				t.Fatal(err)
			}
			got := <-ch
			if tc.want == "" {
				if got != "normal" {
					t.Fatalf("routed to %q, want no handler", got)
				}
				return
			}
			if got != tc.want {
				t.Fatalf("routed to %q, want %q", got, tc.want)
			}
			if marker := <-ch; marker != "normal" {
				t.Fatalf("marker routed to %q", marker)
			}
		})
	}
}

func TestUnhandledIQ(t *testing.T) {
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: jid.MustParse("example.net")}, el(version))
	if !errors.Is(err, stanza.Error{Type: stanza.Cancel, Condition: stanza.ServiceUnavailable}) {
		t.Fatalf("err = %v, want cancel/service-unavailable", err)
	}
}

func TestFallback(t *testing.T) {
	ch := make(chan string, 1)
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(mux.Fallback(record("fallback", ch)))))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ}, el(version)); err != nil {
		t.Fatal(err)
	}
	if got := <-ch; got != "fallback" {
		t.Fatalf("got %q", got)
	}
}
