package mux_test

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
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

// record returns a handler that reports its name on ch and answers IQ
// requests (a fallback must).
func record(name string, ch chan<- string) xmpp.Handler {
	return xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		ch <- name
		if st.Header.Kind == stanza.KindIQ && st.Header.IQType().IsRequest() {
			return s.Send(ctx, st.Header.IQ().Result().Wrap(nil))
		}
		return nil
	})
}

// answer returns a responder that reports its name on ch and answers with
// an empty result.
func answer(name string, ch chan<- string) mux.IQResponder {
	return mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
		ch <- name
		return nil, nil
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
	ping      = xml.Name{Space: "urn:xmpp:ping", Local: "ping"}
	version   = xml.Name{Space: "jabber:iq:version", Local: "query"}
	body      = xml.Name{Space: "jabber:client", Local: "body"}
	receipt   = xml.Name{Space: "urn:xmpp:receipts", Local: "received"}
	caps      = xml.Name{Space: "http://jabber.org/protocol/caps", Local: "c"}
	anyDisco  = xml.Name{Space: "http://jabber.org/protocol/disco#info"}
	discoInfo = xml.Name{Space: "http://jabber.org/protocol/disco#info", Local: "query"}
)

func TestRouting(t *testing.T) {
	ch := make(chan string, 4)
	m := mux.New(
		mux.Get(ping, answer("ping", ch)),
		mux.Set(ping, answer("ping-set", ch)),
		mux.Get(anyDisco, answer("disco-ns", ch)),
		mux.Get(discoInfo, answer("disco-info", ch)),
		mux.Message(stanza.ChatMessage, receipt, record("chat-receipt", ch)),
		mux.Message(stanza.ChatMessage, xml.Name{}, record("chat", ch)),
		mux.Message("", xml.Name{}, record("normal", ch)),
		mux.AnyMessage(body, record("any-with-body", ch)),
		mux.Presence(stanza.AvailablePresence, caps, record("available-caps", ch)),
		mux.Presence(stanza.SubscribePresence, xml.Name{}, record("subscribe", ch)),
		mux.AnyPresence(caps, record("any-presence-caps", ch)),
	)
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, m))
	for _, tc := range []struct {
		name string
		send xmlstream.Marshaler
		want string // "" for no handler
	}{
		{"iq get ping", raw("iq", "get", ping), "ping"},
		{"iq set ping", raw("iq", "set", ping), "ping-set"},
		{"iq by namespace", raw("iq", "get", xml.Name{Space: anyDisco.Space, Local: "other"}), "disco-ns"},
		{"iq by name before namespace", raw("iq", "get", discoInfo), "disco-info"},
		{"iq result is not routed", raw("iq", "result", ping), ""},
		{"iq without payload", raw("iq", "get", xml.Name{}), ""},
		{"chat with receipt", raw("message", "chat", receipt), "chat-receipt"},
		{"chat", raw("message", "chat", body), "chat"},
		{"no type is normal", raw("message", "", xml.Name{}), "normal"},
		{"type normal is the empty type", raw("message", "normal", receipt), "normal"},
		{"headline with body", raw("message", "headline", body), "any-with-body"},
		{"headline without body", raw("message", "headline", xml.Name{}), ""},
		{"available with caps", raw("presence", "", caps), "available-caps"},
		{"available without caps", raw("presence", "", body), ""},
		{"subscribe", raw("presence", "subscribe", xml.Name{}), "subscribe"},
		{"unavailable with caps", raw("presence", "unavailable", caps), "any-presence-caps"},
		{"unavailable without caps", raw("presence", "unavailable", xml.Name{}), ""},
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

// failing is a payload that refuses to be written, as a wire type refuses
// a value it cannot send.
type failing struct{}

func (failing) WriteXML(xmlstream.Encoder) error { return errors.New("no such value") }

// TestReply checks what the mux sends for each answer of a responder.
func TestReply(t *testing.T) {
	notFound := stanza.Error{Type: stanza.Cancel, Condition: stanza.ItemNotFound, Text: "no such item"}
	for _, tc := range []struct {
		name    string
		payload xmlstream.Marshaler
		err     error
		want    xml.Name     // the result's child; zero for none
		wantErr stanza.Error // zero for a result
	}{
		{"payload", el(version), nil, version, stanza.Error{}},
		{"nil payload", nil, nil, xml.Name{}, stanza.Error{}},
		{"stanza error", nil, notFound, xml.Name{}, notFound},
		{"stanza error pointer", nil, &notFound, xml.Name{}, notFound},
		{"wrapped stanza error", nil, fmt.Errorf("looking up: %w", notFound), xml.Name{}, notFound},
		{"payload with error", el(version), stanza.NewError(stanza.Forbidden), xml.Name{}, stanza.Error{Type: stanza.Auth, Condition: stanza.Forbidden}},
		{"other error", nil, errors.New("disk on fire"), xml.Name{}, stanza.Error{Type: stanza.Cancel, Condition: stanza.InternalServerError}},
		{"payload that fails", failing{}, nil, xml.Name{}, stanza.Error{Type: stanza.Cancel, Condition: stanza.InternalServerError}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
				return tc.payload, tc.err
			})
			client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(mux.Set(version, r))))
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			resp, err := client.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ}, el(version))
			if tc.wantErr.Condition != "" {
				var se *stanza.Error
				if !errors.As(err, &se) || !errors.Is(tc.wantErr, *se) || !errors.Is(*se, tc.wantErr) {
					t.Fatalf("err = %#v, want %#v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := resp.Attr("type"); got != "result" {
				t.Errorf("type %q, want result", got)
			}
			got, _ := resp.FirstChild()
			if got != tc.want {
				t.Errorf("child %v, want %v", got, tc.want)
			}
		})
	}
}

// TestDuplicateRoutes: a route given twice panics when the mux is built;
// routes that differ in type, wildcard or payload do not.
func TestDuplicateRoutes(t *testing.T) {
	h := xmpp.HandlerFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) error { return nil })
	r := mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) { return nil, nil })
	for _, tc := range []struct {
		name   string
		opts   []mux.Option
		panics bool
	}{
		{"get twice", []mux.Option{mux.Get(ping, r), mux.Get(ping, r)}, true},
		{"get twice through Options", []mux.Option{mux.Options(mux.Get(ping, r)), mux.Options(mux.Get(ping, r))}, true},
		{"get and set", []mux.Option{mux.Get(ping, r), mux.Set(ping, r)}, false},
		{"namespace twice", []mux.Option{mux.Get(anyDisco, r), mux.Get(anyDisco, r)}, true},
		{"namespace and name", []mux.Option{mux.Get(anyDisco, r), mux.Get(discoInfo, r)}, false},
		{"message twice", []mux.Option{mux.Message(stanza.ChatMessage, body, h), mux.Message(stanza.ChatMessage, body, h)}, true},
		{"normal and no type", []mux.Option{mux.Message(stanza.NormalMessage, body, h), mux.Message("", body, h)}, true},
		{"any message twice", []mux.Option{mux.AnyMessage(body, h), mux.AnyMessage(body, h)}, true},
		{"any message and chat", []mux.Option{mux.AnyMessage(body, h), mux.Message(stanza.ChatMessage, body, h)}, false},
		{"message payloads", []mux.Option{mux.Message(stanza.ChatMessage, body, h), mux.Message(stanza.ChatMessage, receipt, h)}, false},
		{"presence twice", []mux.Option{mux.Presence("", caps, h), mux.Presence(stanza.AvailablePresence, caps, h)}, true},
		{"any presence twice", []mux.Option{mux.AnyPresence(caps, h), mux.AnyPresence(caps, h)}, true},
		{"available and any presence", []mux.Option{mux.Presence("", caps, h), mux.AnyPresence(caps, h)}, false},
		{"message and presence", []mux.Option{mux.AnyMessage(caps, h), mux.AnyPresence(caps, h)}, false},
		{"fallback twice", []mux.Option{mux.Fallback(h), mux.Fallback(h)}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				p := recover()
				if (p != nil) != tc.panics {
					t.Fatalf("panic %v, want a panic: %v", p, tc.panics)
				}
				if msg, _ := p.(string); p != nil && !strings.HasPrefix(msg, "mux: duplicate") {
					t.Fatalf("panic %q", msg)
				}
			}()
			mux.New(tc.opts...)
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
