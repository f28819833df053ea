package server_test

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkRouteMessage measures a chat message from one client to
// another through the server over loopback TLS: the sender's session, the
// server's routing and re-encoding, the recipient's session (all in this
// process, so allocations count all three).
func BenchmarkRouteMessage(b *testing.B) {
	srv := newServer(b, unshaped) // a benchmark floods
	alice := login(b, srv, "alice", "phone")
	bob := login(b, srv, "bob", "desk")
	msg := xmpptest.ElementIn(b, "jabber:client", "<message to='bob@example.test/desk' type='chat'><body>Wherefore art thou?</body></message>")
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := alice.sess.Send(ctx, msg); err != nil {
			b.Fatal(err)
		}
		<-bob.in
	}
}
