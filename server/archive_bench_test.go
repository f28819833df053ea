package server_test

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkRouteMessageArchive is BenchmarkRouteMessage with message
// archiving on (the default: each message archived in the recipient's and
// the sender's archive) and off, to show what archiving costs routing.
func BenchmarkRouteMessageArchive(b *testing.B) {
	for _, bc := range []struct {
		name string
		off  bool
	}{{"on", false}, {"off", true}} {
		b.Run(bc.name, func(b *testing.B) {
			cfg := unshaped
			cfg.ArchiveDisabled = bc.off
			cfg.ArchiveMaxMessages = 10000
			srv := newServer(b, cfg)
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
		})
	}
}

var _ = server.Config{}
