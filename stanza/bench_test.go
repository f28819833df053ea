package stanza_test

import (
	"io"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

const benchMessage = `<message xmlns="jabber:client" type="chat" to="b@example.net/bench" id="0123456789abcdef"><body>hello</body></message>`

func BenchmarkParseHeader(b *testing.B) {
	el := xmpptest.Element(b, benchMessage)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := stanza.ParseHeader(el); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteMessageHeader(b *testing.B) {
	w := xmlstream.NewWriter(io.Discard)
	w.SetDefaultNS(stanza.NSClient)
	m := stanza.Message{ID: "0123456789abcdef", To: jid.MustParse("b@example.net/bench"), Type: stanza.ChatMessage}
	m.XMLName.Space = stanza.NSClient
	b.ReportAllocs()
	for b.Loop() {
		if err := m.WriteStart(w.Encoder()); err != nil {
			b.Fatal(err)
		}
		if err := w.End(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseError(b *testing.B) {
	el := xmpptest.Element(b, `<iq xmlns='jabber:client' type='error' id='x'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := stanza.ParseError(el); err != nil {
			b.Fatal(err)
		}
	}
}
