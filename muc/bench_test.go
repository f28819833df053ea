package muc_test

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkParseUser reads the muc#user payload of an occupant's presence,
// what the Client does for each room presence.
func BenchmarkParseUser(b *testing.B) {
	el := xmpptest.Element(b, `<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' jid='hag66@shakespeare.lit/pda' role='participant'/><status code='110'/></x>`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := muc.ParseUser(el); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGroupchat sends a groupchat message through a fake room and
// waits for its reflection: the round trip of Room.Send and the Client's
// handling.
func BenchmarkGroupchat(b *testing.B) {
	got := make(chan struct{}, 1)
	c := muc.NewClient(muc.Config{OnMessage: func(*muc.Room, muc.Message) { got <- struct{}{} }})
	s := roomPair(b, c, &fakeRoom{})
	ctx := context.Background()
	r, err := c.Join(ctx, s, jid.MustParse("coven@chat.shakespeare.lit"), "thirdwitch", muc.JoinOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Send(ctx, "hello"); err != nil {
			b.Fatal(err)
		}
		<-got
	}
}
