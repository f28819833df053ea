package server

import (
	"testing"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzStampedAcross re-encodes what a component sent into a client stream
// and that back into a component stream, as routing between the two
// does: the stanza (and its children in the content namespace) must land
// in jabber:client on the way out and come back unchanged but for 'from'.
func FuzzStampedAcross(f *testing.F) {
	for _, s := range []string{
		"<message to='alice@example.test' type='chat' id='1'><body>hi &amp; bye</body><x xmlns='urn:x' a='1'><y/></x></message>",
		"<presence xml:lang='fr'><status xml:lang='en'>away</status><x xmlns='http://jabber.org/protocol/muc#user'><item role='participant'/></x></presence>",
		"<iq type='result' id='2'><query xmlns='http://jabber.org/protocol/disco#items'><item jid='a@b'/></query></iq>",
		"<message type='error'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
		"<message xmlns:p='urn:p'><p:thing p:attr='v'>text<p:inner/></p:thing><body>b</body></message>",
	} {
		f.Add([]byte(s))
	}
	from := jid.MustParse("room@conference.example.test/nick")
	f.Fuzz(func(t *testing.T, data []byte) {
		el, err := xmpptest.ReadElement(stanza.NSComponent, string(data))
		if err != nil || !stanza.IsContentNS(el.Name().Space) {
			return
		}
		out, err := xmpptest.MarshalString(stanza.NSClient, stamped{el: el, from: from})
		if err != nil {
			return // the writer refuses what XML cannot carry
		}
		mid, err := xmpptest.ReadElement(stanza.NSClient, out)
		if err != nil {
			t.Fatalf("re-encoded stanza does not parse: %v\n%s", err, out)
		}
		if mid.Name().Space != stanza.NSClient {
			t.Fatalf("stanza in %q in a client stream:\n%s", mid.Name().Space, out)
		}
		for c := range mid.Children() {
			if c.Name().Space == stanza.NSComponent {
				t.Fatalf("child in the component namespace in a client stream:\n%s", out)
			}
		}
		back, err := xmpptest.MarshalString(stanza.NSComponent, stamped{el: mid, from: from})
		if err != nil {
			t.Fatalf("second re-encoding: %v", err)
		}
		again, err := xmpptest.ReadElement(stanza.NSComponent, back)
		if err != nil {
			t.Fatalf("does not parse back: %v\n%s", err, back)
		}
		if !sameExceptFrom(el, again) {
			t.Fatalf("the round trip changed the stanza:\n%q\n%s\n%s", data, out, back)
		}
	})
}
