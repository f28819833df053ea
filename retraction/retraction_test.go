package retraction_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/retraction"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestRetractWire(t *testing.T) {
	xmpptest.RunWire(t, retraction.Parse, []xmpptest.WireCase[retraction.Retract]{
		// XEP-0424 §3, example 4.
		{Name: "spec example", XML: `<retract id="wrong-recipient-1" xmlns='urn:xmpp:message-retract:1'/>`, Value: retraction.Retract{ID: "wrong-recipient-1"}},
		{Name: "foreign child ignored", XML: `<retract xmlns='urn:xmpp:message-retract:1' id='a'><x xmlns='urn:y'/></retract>`,
			Value: retraction.Retract{ID: "a"}, ParseOnly: true},
		{Name: "no id", XML: `<retract xmlns='urn:xmpp:message-retract:1'/>`, WantErr: retraction.ErrNoID},
		{Name: "oversized id", XML: `<retract xmlns='urn:xmpp:message-retract:1' id='` + strings.Repeat("x", 300) + `'/>`, WantErr: retraction.ErrNoID},
		// Version 0 of the namespace wrapped <retract/> in <apply-to/>: not this one.
		{Name: "old namespace", XML: `<retract xmlns='urn:xmpp:message-retract:0'/>`, WantErr: retraction.ErrNotRetraction},
		{Name: "tombstone is not a request", XML: `<retracted xmlns='urn:xmpp:message-retract:1' id='a'/>`, WantErr: retraction.ErrNotRetraction},
		{Name: "write without id", Value: retraction.Retract{}, WantErr: retraction.ErrNoID},
	})
}

func TestRetractedWire(t *testing.T) {
	stamp := time.Date(2019, 9, 20, 23, 9, 32, 0, time.UTC)
	xmpptest.RunWire(t, retraction.ParseRetracted, []xmpptest.WireCase[retraction.Retracted]{
		// XEP-0424 §4, example 7.
		{Name: "spec example", XML: `<retracted stamp='2019-09-20T23:09:32Z' xmlns='urn:xmpp:message-retract:1' id='retract-message-1'/>`,
			Value: retraction.Retracted{ID: "retract-message-1", Stamp: stamp}},
		{Name: "by and offset", XML: `<retracted xmlns='urn:xmpp:message-retract:1' id='r' by='room@muc.example/mod' stamp='2019-09-21T01:09:32+02:00'/>`,
			Value: retraction.Retracted{ID: "r", By: "room@muc.example/mod", Stamp: stamp}, ParseOnly: true},
		{Name: "no stamp", XML: `<retracted xmlns='urn:xmpp:message-retract:1' id='r'/>`, Value: retraction.Retracted{ID: "r"}},
		{Name: "bad stamp", XML: `<retracted xmlns='urn:xmpp:message-retract:1' id='r' stamp='yesterday'/>`, WantErr: retraction.ErrBadStamp},
		{Name: "no id", XML: `<retracted xmlns='urn:xmpp:message-retract:1'/>`, WantErr: retraction.ErrNoID},
	})
}

// New writes the message of XEP-0424 §3, example 4 (with a new id).
func TestNew(t *testing.T) {
	m := retraction.New(jid.MustParse("lord@capulet.example"), stanza.ChatMessage, "wrong-recipient-1")
	if m.Header.ID == "" {
		t.Fatal("no id")
	}
	m.Header.ID = "retract-message-1"
	want := `<message xmlns='jabber:client' type='chat' to='lord@capulet.example' id='retract-message-1'>
  <body>/me retracted a previous message, but it's unsupported by your client.</body>
  <retract id="wrong-recipient-1" xmlns='urn:xmpp:message-retract:1'/>
  <fallback xmlns="urn:xmpp:fallback:0" for='urn:xmpp:message-retract:1'/>
  <store xmlns="urn:xmpp:hints"/>
</message>`
	got := xmpptest.MarshalIn(t, stanza.NSClient, m)
	got = strings.Replace(got, "<message", "<message xmlns='jabber:client'", 1)
	if same, err := xmpptest.SameXML(got, strings.NewReplacer("\n", "", "  ", "").Replace(want)); err != nil || !same {
		t.Errorf("got  %s\nwant %s (%v)", got, want, err)
	}
	r, ok, err := retraction.Find(xmpptest.ElementIn(t, stanza.NSClient, xmpptest.MarshalIn(t, stanza.NSClient, m)))
	if !ok || err != nil || r.ID != "wrong-recipient-1" {
		t.Errorf("Find = %+v, %v, %v", r, ok, err)
	}
}

func TestAllowed(t *testing.T) {
	romeo := jid.MustParse("romeo@montague.example/orchard")
	for _, tc := range []struct {
		name         string
		author, from string
		groupchat    bool
		want         bool
	}{
		{"same bare JID, other resource", "romeo@montague.example/orchard", "romeo@montague.example/garden", false, true},
		{"someone else", "romeo@montague.example/orchard", "tybalt@capulet.example/x", false, false},
		{"the other party's server", "romeo@montague.example/orchard", "montague.example", false, false},
		{"room: same occupant", "room@muc.example/romeo", "room@muc.example/romeo", true, true},
		{"room: another occupant", "room@muc.example/romeo", "room@muc.example/tybalt", true, false},
		{"room: the room itself", "room@muc.example/romeo", "room@muc.example", true, false},
		{"room: bare author", "room@muc.example", "room@muc.example", true, false},
	} {
		if got := retraction.Allowed(jid.MustParse(tc.author), jid.MustParse(tc.from), tc.groupchat); got != tc.want {
			t.Errorf("%s: Allowed = %v, want %v", tc.name, got, tc.want)
		}
	}
	if retraction.Allowed(romeo, jid.JID{}, false) || retraction.Allowed(jid.JID{}, romeo, false) {
		t.Error("a zero JID is allowed")
	}
}

// A retraction crosses a real session to the registered Handler, in both
// directions; a malformed one and an error message do not reach it.
func TestHandler(t *testing.T) {
	type got struct {
		from jid.JID
		typ  stanza.MessageType
		id   string
	}
	recv := func(ch chan got) retraction.Handler {
		return retraction.Handler{Retract: func(_ context.Context, from jid.JID, typ stanza.MessageType, r retraction.Retract) error {
			ch <- got{from, typ, r.ID}
			return nil
		}}
	}
	atClient, atServer := make(chan got, 4), make(chan got, 4)
	client, server := xmpptest.Pair(t, xmpptest.Handlers(mux.New(recv(atClient).Handle()), mux.New(recv(atServer).Handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	bad := stanza.Message{Type: stanza.ChatMessage}.Wrap(xmpptest.Element(t, `<retract xmlns='urn:xmpp:message-retract:1'/>`))
	errMsg := stanza.Message{Type: stanza.ErrorMessage}.Wrap(retraction.Retract{ID: "e"})
	for _, m := range []xmlstream.Marshaler{bad, errMsg, retraction.New(server.LocalAddr(), stanza.ChatMessage, "m1")} {
		if err := client.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case g := <-atServer:
		if g.id != "m1" || g.typ != stanza.ChatMessage || !g.from.Equal(server.RemoteAddr()) {
			t.Errorf("server got %+v", g)
		}
	case <-ctx.Done():
		t.Fatal("no retraction at the server")
	}
	if err := server.Send(ctx, retraction.New(client.LocalAddr(), stanza.GroupChatMessage, "s1")); err != nil {
		t.Fatal(err)
	}
	select {
	case g := <-atClient:
		if g.id != "s1" || g.typ != stanza.GroupChatMessage {
			t.Errorf("client got %+v", g)
		}
	case <-ctx.Done():
		t.Fatal("no retraction at the client")
	}
	select {
	case g := <-atServer:
		t.Errorf("unexpected %+v", g)
	default:
	}
}
