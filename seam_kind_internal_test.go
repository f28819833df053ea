package xmpp

import (
	"testing"

	"github.com/canto-im/xmpp/stanza"
)

// TestEncodedKind holds encodedKind to the start tags the session's writer
// produces, and to near misses of the stanza names.
func TestEncodedKind(t *testing.T) {
	const ns = stanza.NSClient
	tests := []struct {
		raw  string
		kind stanza.Kind
		ok   bool
	}{
		{`<message to="a@b"><body>x</body></message>`, stanza.KindMessage, true},
		{`<message/>`, stanza.KindMessage, true},
		{`<message>`, stanza.KindMessage, true},
		{`<presence/>`, stanza.KindPresence, true},
		{`<presence type="unavailable"/>`, stanza.KindPresence, true},
		{`<iq type="get" id="1"><q/></iq>`, stanza.KindIQ, true},
		{`<iq/>`, stanza.KindIQ, true},
		{`<message xmlns="jabber:client" id="1"/>`, stanza.KindMessage, true},
		{`<iq xmlns='jabber:client'/>`, stanza.KindIQ, true},
		{`<message xmlns="jabber:server"/>`, 0, false},
		{`<iq xmlns="urn:other"/>`, 0, false},
		{`<messages/>`, 0, false},
		{`<presences/>`, 0, false},
		{`<iqs/>`, 0, false},
		{`<i/>`, 0, false},
		{`<iq`, 0, false},
		{`<message`, 0, false},
		{`<mess/>`, 0, false},
		{`<pres/>`, 0, false},
		{`<r xmlns="urn:xmpp:sm:3"/>`, 0, false},
		{`<a xmlns="urn:xmpp:sm:3" h="1"/>`, 0, false},
		{`<Message/>`, 0, false},
		{`message/>`, 0, false},
		{`<`, 0, false},
		{``, 0, false},
	}
	for _, tt := range tests {
		k, ok := encodedKind([]byte(tt.raw), ns)
		if k != tt.kind || ok != tt.ok {
			t.Errorf("encodedKind(%q) = %v, %v; want %v, %v", tt.raw, k, ok, tt.kind, tt.ok)
		}
	}
}
