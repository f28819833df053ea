package csi_test

import (
	"context"
	"encoding/xml"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/csi"
	"github.com/canto-im/xmpp/internal/leaktest"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestMain(m *testing.M) { leaktest.Main(m) }

// received is what a client handler saw: the element's name and its
// 'from', 'type' and body, enough to check order and content.
type received struct {
	name       string
	from, typ  string
	body, chat string
}

// recorder is a client handler sending what it receives on a channel.
type recorder chan received

func (r recorder) HandleXMPP(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
	el := st.Element
	rec := received{name: el.Name().Local, from: el.Attr("from"), typ: el.Attr("type")}
	for c := range el.Children() {
		switch {
		case c.Name().Local == "body":
			rec.body = c.Text()
		case c.Name().Space == "http://jabber.org/protocol/chatstates":
			rec.chat = c.Name().Local
		}
	}
	r <- rec
	return nil
}

// next returns the next element the client received.
func (r recorder) next(tb testing.TB) received {
	tb.Helper()
	select {
	case rec := <-r:
		return rec
	case <-time.After(5 * time.Second):
		tb.Fatal("nothing received")
		return received{}
	}
}

// pair connects a client and a server session, with the features given on
// each side after binding, the client's stanzas recorded.
func pair(tb testing.TB, client, server []xmpp.StreamFeature) (*xmpp.Session, *xmpp.Session, recorder) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rec := make(recorder, 64)
	c, s, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Mechanisms:     []string{"PLAIN"},
		Client:         xmpp.Config{Handler: rec},
		ClientFeatures: client,
		ServerFeatures: server,
	})
	if err != nil {
		tb.Fatalf("negotiation: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = c.Close(ctx)
		_ = s.Close(ctx)
	})
	return c, s, rec
}

// waitState waits until the server has seen the client's indication.
func waitState(tb testing.TB, s *xmpp.Session, inactive bool) {
	tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for csi.IsInactive(s) != inactive {
		if time.Now().After(deadline) {
			tb.Fatalf("server never saw inactive=%v", inactive)
		}
		time.Sleep(time.Millisecond)
	}
}

// presence is an available (or typed) presence from a contact.
func presence(from, typ string) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(stanza.Presence{From: jid.MustParse(from), Type: stanza.PresenceType(typ)}.WriteEmpty)
}

// message is a message from a contact with a body or a chat state.
func message(from, body, chat string) xmlstream.Marshaler {
	m := stanza.Message{From: jid.MustParse(from), Type: stanza.ChatMessage}
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := m.WriteStart(w); err != nil {
			return err
		}
		if body != "" {
			if err := w.Start(xml.Name{Local: "body"}); err != nil {
				return err
			}
			if err := w.Text(body); err != nil {
				return err
			}
			if err := w.End(); err != nil {
				return err
			}
		}
		if chat != "" {
			if err := w.Start(xml.Name{Space: "http://jabber.org/protocol/chatstates", Local: chat}); err != nil {
				return err
			}
			if err := w.End(); err != nil {
				return err
			}
		}
		return w.End()
	})
}

func both() []xmpp.StreamFeature { return []xmpp.StreamFeature{csi.Feature()} }

func send(tb testing.TB, s *xmpp.Session, ms ...xmlstream.Marshaler) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, m := range ms {
		if err := s.Send(ctx, m); err != nil {
			tb.Fatal(err)
		}
	}
}
