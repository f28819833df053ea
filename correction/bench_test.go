package correction_test

import (
	"testing"

	"github.com/canto-im/xmpp/correction"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkOf reads the <replace/> of a message, as a client does for every
// message it receives.
func BenchmarkOf(b *testing.B) {
	el := xmpptest.Element(b, `<message xmlns='jabber:client' type='chat' id='good1'><body>But soft</body><replace id='bad1' xmlns='urn:xmpp:message-correct:0'/></message>`)
	b.ReportAllocs()
	for b.Loop() {
		if r, ok, err := correction.Of(el); !ok || err != nil || r.ID != "bad1" {
			b.Fatal(r, ok, err)
		}
	}
}
