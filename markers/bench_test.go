package markers_test

import (
	"testing"

	"github.com/canto-im/xmpp/markers"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkOf reads the marker of a message, as a client does for every
// message it receives.
func BenchmarkOf(b *testing.B) {
	el := xmpptest.Element(b, `<message xmlns='jabber:client' type='chat' id='1'><body>x</body><markable xmlns='urn:xmpp:chat-markers:0'/><displayed xmlns='urn:xmpp:chat-markers:0' id='m'/></message>`)
	b.ReportAllocs()
	for b.Loop() {
		if m, ok, err := markers.Of(el); !ok || err != nil || m.ID != "m" {
			b.Fatal(m, ok, err)
		}
	}
}
