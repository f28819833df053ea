package server

import (
	"io"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// BenchmarkStanzaIDWrite is the cost of writing a delivered chat message
// with the stanza-id check and stamp, next to writing it as stamped alone.
func BenchmarkStanzaIDWrite(b *testing.B) {
	raw := "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>" +
		"<message to='bob@example.test' type='chat' id='m1'><body>hello</body><origin-id xmlns='urn:xmpp:sid:0' id='o1'/></message>"
	d := xmlstream.NewDecoder(strings.NewReader(raw), xmlstream.Limits{})
	if _, err := d.ReadStart(); err != nil {
		b.Fatal(err)
	}
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		b.Fatal(err)
	}
	m := stamped{el: &el, from: jid.MustParse("alice@example.test/phone")}
	s := &Server{domain: jid.MustParse("example.test")}
	bob := jid.MustParse("bob@example.test")
	w := xmlstream.NewWriter(io.Discard)
	w.SetDefaultNS(stanza.NSClient)
	for _, tc := range []struct {
		name string
		m    func() xmlstream.Marshaler
	}{
		{"stamped", func() xmlstream.Marshaler { return m }},
		{"with stanza-id", func() xmlstream.Marshaler { return s.withStanzaID(m, bob, stanza.ChatMessage) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := tc.m().WriteXML(w.Encoder()); err != nil {
					b.Fatal(err)
				}
				if err := w.Flush(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
