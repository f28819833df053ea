package pubsub_test

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

type gotEvent struct {
	from string
	ev   pubsub.Event
}

// TestHandlerTrust plays a server relaying event notifications to a
// client: those from the subscribed service, and PEP events from the bare
// JID owning a +notify node, reach the application; the rest are dropped
// and logged.
func TestHandlerTrust(t *testing.T) {
	got := make(chan gotEvent, 16)
	var logs xmpptest.LogBuffer
	h := pubsub.Handler{
		Services: []jid.JID{jid.MustParse("pubsub.shakespeare.lit")},
		Notify:   []string{"urn:xmpp:avatar:metadata", "http://jabber.org/protocol/tune"},
		Deliver: func(_ context.Context, _ *xmpp.Session, from jid.JID, ev pubsub.Event, _ *xmpp.Stanza) error {
			got <- gotEvent{from.String(), ev}
			return nil
		},
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	}
	client, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(h.Handle()), nil))
	own := client.LocalAddr()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	event := func(from, node string) *xmlstream.Element {
		fromAttr := ""
		if from != "" {
			fromAttr = ` from='` + from + `'`
		}
		return xmpptest.Element(t, `<message xmlns='jabber:client'`+fromAttr+` to='`+own.String()+`' type='headline'>`+
			`<event xmlns='`+evNS+`'><items node='`+node+`'><item id='i1'/></items></event></message>`)
	}
	tune := "http://jabber.org/protocol/tune"
	genuine := event("pubsub.shakespeare.lit", "princely_musings")
	for _, tc := range []struct {
		name, from, node string
		wantFrom         string // "" for dropped
	}{
		{"subscribed service, any node", "pubsub.shakespeare.lit", "princely_musings", "pubsub.shakespeare.lit"},
		{"contact's PEP node", "juliet@capulet.lit", tune, "juliet@capulet.lit"},
		{"own PEP node", own.Bare().String(), tune, own.Bare().String()},
		{"own PEP node, no from", "", tune, own.Bare().String()},
		{"another service", "pubsub.capulet.lit", "princely_musings", ""},
		{"PEP node not asked for", "juliet@capulet.lit", "urn:xmpp:mood", ""},
		{"PEP node from a full JID", "juliet@capulet.lit/balcony", tune, ""},
		{"PEP node from a domain", "capulet.lit", tune, ""},
		{"service node from the service's full JID", "pubsub.shakespeare.lit/x", "princely_musings", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := server.Send(ctx, event(tc.from, tc.node)); err != nil {
				t.Fatal(err)
			}
			want := gotEvent{tc.wantFrom, pubsub.Event{Node: tc.node, Items: []pubsub.Item{{ID: "i1"}}}}
			if tc.wantFrom == "" {
				// A genuine event behind the dropped one shows it was dropped.
				if err := server.Send(ctx, genuine); err != nil {
					t.Fatal(err)
				}
				want = gotEvent{"pubsub.shakespeare.lit", pubsub.Event{Node: "princely_musings", Items: []pubsub.Item{{ID: "i1"}}}}
			}
			select {
			case g := <-got:
				if g.from != want.from || !g.ev.Equal(want.ev) {
					t.Errorf("delivered %+v, want %+v", g, want)
				}
			case <-ctx.Done():
				t.Fatal("nothing delivered")
			}
		})
	}
	if n := strings.Count(logs.String(), "untrusted sender"); n != 5 {
		t.Errorf("%d events logged, want 5:\n%s", n, logs.String())
	}
}

func TestDiscoFeatures(t *testing.T) {
	h := pubsub.Handler{Notify: []string{"urn:xmpp:avatar:metadata", "urn:xmpp:bookmarks:1"}}
	want := []string{"urn:xmpp:avatar:metadata+notify", "urn:xmpp:bookmarks:1+notify"}
	if got := h.DiscoFeatures(); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := (pubsub.Handler{}).DiscoFeatures(); len(got) != 0 {
		t.Errorf("no Notify: %v", got)
	}
}
