package markers_test

import (
	"context"
	"encoding/xml"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/markers"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestHandler: the client sends a markable message, the server displays it
// and answers with a marker and a body; the client's Handler hears the
// marker and passes the body on to Next, and the markable message itself
// went to the server application's route.
func TestHandler(t *testing.T) {
	got := make(chan markers.Marker, 4)
	bodies := make(chan string, 4)
	client := mux.New(markers.Handler{
		Notify: func(_ context.Context, _ *xmpp.Session, _ jid.JID, m markers.Marker) { got <- m },
		Next: xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
			m, err := message.Parse(st.Element)
			bodies <- m.Body("")
			return err
		}),
	}.Handle())
	server := mux.New(markers.Handler{}.Handle(), mux.AnyMessage(xml.Name{}, xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if !markers.IsMarkable(st.Element) {
			return nil
		}
		reply := message.Chat(s.RemoteAddr(), "seen")
		reply.Payload = []xmlstream.Marshaler{markers.Marker{Kind: markers.Displayed, ID: st.Header.ID}}
		return s.Send(ctx, reply)
	})))
	c, s := xmpptest.Pair(t, xmpptest.Handlers(client, server))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	m := message.Chat(s.LocalAddr(), "look")
	m.Payload = []xmlstream.Marshaler{markers.Markable{}}
	if err := c.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	select {
	case mk := <-got:
		if want := (markers.Marker{Kind: markers.Displayed, ID: m.Header.ID}); mk != want {
			t.Errorf("got %+v, want %+v", mk, want)
		}
	case <-ctx.Done():
		t.Fatal(ctx.Err())
	}
	select {
	case b := <-bodies:
		if b != "seen" {
			t.Errorf("Next got body %q, want %q", b, "seen")
		}
	case <-ctx.Done():
		t.Fatal(ctx.Err())
	}
}
