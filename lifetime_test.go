package xmpp_test

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// kept is what a handler held on to from one stanza: the lent element,
// its lent body view, and a detached copy.
type kept struct {
	lent     *xmlstream.Element
	lentBody *xmlstream.Element
	detached *xmpp.Stanza
}

// keepingHandler returns a handler that keeps what the test inspects once
// the handler has returned, and the channel it delivers it on.
func keepingHandler() (xmpp.Handler, <-chan kept) {
	out := make(chan kept, 1)
	return xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind != stanza.KindMessage {
			return nil
		}
		body, _ := st.Element.Child(stanza.NSClient, "body")
		out <- kept{lent: st.Element, lentBody: body, detached: st.Detach()}
		return nil
	}), out
}

// sendOne has the server send one chat message to the client and returns
// what the client's handler kept, once the handler has returned for it (a
// second message, handled after it, says so).
func sendOne(t *testing.T) kept {
	t.Helper()
	h, out := keepingHandler()
	client, server := pair(t, xmpptest.Options{Client: xmpp.Config{Handler: h, HandlerQueue: 1}})
	ctx := withTimeout(t, 5e9)
	must(t, server.Send(ctx, xmlstream.Struct(chat{Message: stanza.Message{To: client.LocalAddr(), Type: stanza.ChatMessage, ID: "m1"}, Body: "kept"})))
	k := <-out
	must(t, server.Send(ctx, xmlstream.Struct(chat{Message: stanza.Message{To: client.LocalAddr(), Type: stanza.ChatMessage, ID: "m2"}, Body: "next"})))
	<-out // the first handler has returned and its stanza was taken back
	return k
}

func TestDetachOutlivesHandler(t *testing.T) {
	k := sendOne(t)
	d := k.detached
	body, ok := d.Element.Child(stanza.NSClient, "body")
	if d.Header.ID != "m1" || d.Element.Attr("id") != "m1" || !ok || body.Text() != "kept" {
		t.Fatalf("detached stanza changed after the handler returned: id %q/%q, body %q", d.Header.ID, d.Element.Attr("id"), body.Text())
	}
}
