package interop

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
)

// BenchmarkPing measures a ping round trip through each real server to
// another account's session and back, for comparison with the in-process
// benchmarks of the root package.
func BenchmarkPing(b *testing.B) {
	for _, srv := range servers {
		b.Run(srv.name, func(b *testing.B) {
			need(b, srv)
			bob := srv.loginAs(b, "bob", "", mux.New(ping.Handler{}.Handle()))
			alice := srv.loginAs(b, "alice", "", nil)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ping.Send(ctx, alice.Session, bob.LocalAddr()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
