package oob_test

import (
	"testing"

	"github.com/canto-im/xmpp/oob"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkFind is what a client pays per received message to look for a
// URL.
func BenchmarkFind(b *testing.B) {
	msg := xmpptest.Element(b, `<message xmlns='jabber:client' to='a@b' type='chat'><body>look</body>`+
		`<x xmlns='jabber:x:oob'><url>https://upload.example/a/b/c.jpg</url><desc>a picture</desc></x></message>`)
	b.ReportAllocs()
	for b.Loop() {
		if len(oob.Find(msg)) != 1 {
			b.Fatal("not found")
		}
	}
}
