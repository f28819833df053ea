package stanzaid_test

import (
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkTrusted is the cost, per received message, of finding the
// stanza-id stamped by the account among others.
func BenchmarkTrusted(b *testing.B) {
	msg, err := xmpptest.ReadElement(stanza.NSClient, `<message from='romeo@montague.example/orchard' type='chat'><body>hi</body>`+
		`<stanza-id xmlns='urn:xmpp:sid:0' id='r1' by='room@muc.example.com'/>`+
		`<stanza-id xmlns='urn:xmpp:sid:0' id='5f3dbc5e-e1d3-4077-a492-693f3769c7ad' by='juliet@capulet.example'/>`+
		`<origin-id xmlns='urn:xmpp:sid:0' id='o1'/></message>`)
	if err != nil {
		b.Fatal(err)
	}
	by := jid.MustParse("juliet@capulet.example")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := stanzaid.Trusted(msg, by); !ok {
			b.Fatal("not found")
		}
	}
}

// BenchmarkNewID is the cost of one UUID.
func BenchmarkNewID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = stanzaid.NewID()
	}
}
