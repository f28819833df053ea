package hints_test

import (
	"testing"

	"github.com/canto-im/xmpp/hints"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkHas is the check the server makes on every message it might
// copy as a carbon.
func BenchmarkHas(b *testing.B) {
	el := xmpptest.Element(b, `<message xmlns='jabber:client' to='juliet@capulet.lit/laptop' type='chat'><body>hi</body><active xmlns='http://jabber.org/protocol/chatstates'/><no-store xmlns='urn:xmpp:hints'/></message>`)
	b.ReportAllocs()
	for b.Loop() {
		if hints.Has(el, hints.NoCopy) {
			b.Fatal("no-copy found")
		}
	}
}
