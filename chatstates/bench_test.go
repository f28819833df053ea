package chatstates_test

import (
	"testing"

	"github.com/canto-im/xmpp/chatstates"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkOf reads the state of a content message, as a client does for
// every message it receives.
func BenchmarkOf(b *testing.B) {
	el := xmpptest.Element(b, `<message xmlns='jabber:client' type='chat' id='1'><body>Who's there?</body><thread>t</thread><active xmlns='http://jabber.org/protocol/chatstates'/></message>`)
	b.ReportAllocs()
	for b.Loop() {
		if st, err := chatstates.Of(el); st != chatstates.Active || err != nil {
			b.Fatal(st, err)
		}
	}
}
