package avatar_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/avatar"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestHandler: metadata notifications from a contact's bare JID are
// delivered parsed; invalid metadata and events from a full JID (not a
// PEP owner) are not.
func TestHandler(t *testing.T) {
	type note struct {
		from jid.JID
		md   avatar.Metadata
	}
	got := make(chan note, 4)
	h := avatar.Handler{Deliver: func(_ context.Context, _ *xmpp.Session, from jid.JID, md avatar.Metadata) error {
		got <- note{from, md}
		return nil
	}}
	if f := h.DiscoFeatures(); !slices.Equal(f, []string{"urn:xmpp:avatar:metadata+notify"}) {
		t.Errorf("DiscoFeatures = %v", f)
	}
	client, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(h.Handle()), nil))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	event := func(from, info string) string {
		return `<message xmlns='jabber:client' from='` + from + `' to='` + client.LocalAddr().String() + `'><event xmlns='http://jabber.org/protocol/pubsub#event'>` +
			`<items node='urn:xmpp:avatar:metadata'><item id='a'><metadata xmlns='urn:xmpp:avatar:metadata'>` + info + `</metadata></item></items></event></message>`
	}
	for _, raw := range []string{
		event("juliet@example.org/balcony", `<info bytes='1' id='a' type='image/png'/>`),
		event("juliet@example.org", `<info id='a'/>`),
		event("juliet@example.org", `<info bytes='5' id='`+helloID+`' type='image/png'/>`),
	} {
		if err := server.Send(ctx, xmpptest.Element(t, raw)); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case n := <-got:
		if n.from.String() != "juliet@example.org" || len(n.md.Infos) != 1 || n.md.Infos[0].ID != helloID {
			t.Errorf("delivered %+v", n)
		}
	case <-ctx.Done():
		t.Fatal("nothing delivered")
	}
	select {
	case n := <-got:
		t.Errorf("also delivered %+v", n)
	case <-time.After(50 * time.Millisecond):
	}
}
