package server

import (
	"bytes"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestForgedStanzaIDNeverWritten writes a message carrying stanza-ids in
// the server's name in each form the server writes a sidStamped in: as
// itself, archived (the archive's), inside a routed, inside a carbon
// copy. None may let a forged stanza-id out; a room's stays. A sidStamped
// value must be no Marshaler at all: were it one through a promoted
// stamped.WriteXML, it would write the forged ids as they came.
func TestForgedStanzaIDNeverWritten(t *testing.T) {
	raw := "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>" +
		"<message to='bob@example.test' type='chat' id='m1'><body>hi</body>" +
		"<stanza-id xmlns='urn:xmpp:sid:0' id='forged1' by='example.test'/>" +
		"<stanza-id xmlns='urn:xmpp:sid:0' id='forged2' by='bob@example.test'/>" +
		"<stanza-id xmlns='urn:xmpp:sid:0' id='room1' by='room@muc.other.test'/></message>"
	d := xmlstream.NewDecoder(strings.NewReader(raw), xmlstream.Limits{})
	if _, err := d.ReadStart(); err != nil {
		t.Fatal(err)
	}
	var el xmlstream.Element
	if err := d.ReadElement(&el); err != nil {
		t.Fatal(err)
	}
	if _, ok := any(sidStamped{}).(xmlstream.Marshaler); ok {
		t.Fatal("a sidStamped value is a Marshaler")
	}
	if _, ok := any(routed{}).(xmlstream.Marshaler); ok {
		t.Fatal("a routed value is a Marshaler")
	}
	s := &Server{domain: jid.MustParse("example.test")}
	bob := jid.MustParse("bob@example.test")
	m := stamped{el: &el, from: jid.MustParse("alice@example.test/phone")}
	r := new(routed)
	s.stampInto(&r.sidStamped, m, bob, stanza.ChatMessage)
	sid := s.withStanzaID(m, bob, stanza.ChatMessage)
	res := &resource{full: jid.MustParse("bob@example.test/desk")}
	for name, mm := range map[string]xmlstream.Marshaler{
		"pointer":  sid,
		"archived": archived{sid},
		"routed":   &r.sidStamped,
		"carbon":   carbonCopy{dir: carbons.Received, to: res, typ: stanza.ChatMessage, inner: sid},
	} {
		var buf bytes.Buffer
		w := xmlstream.NewWriter(&buf)
		w.SetContentNS(stanza.NSClient)
		if err := mm.WriteXML(w.Encoder()); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := w.Flush(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := buf.String()
		if strings.Contains(out, "forged") {
			t.Errorf("%s: a forged stanza-id was written: %s", name, out)
		}
		if !strings.Contains(out, "room1") {
			t.Errorf("%s: the room's stanza-id is missing: %s", name, out)
		}
	}
}
