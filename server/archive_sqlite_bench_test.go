package server_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/canto-im/xmpp/server/store/sqlite"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkRouteMessageArchiveSQLite is BenchmarkRouteMessageArchive on an
// SQLite store: each message archived twice, durably, or not at all.
func BenchmarkRouteMessageArchiveSQLite(b *testing.B) {
	for _, bc := range []struct {
		name string
		off  bool
	}{{"on", false}, {"off", true}} {
		b.Run(bc.name, func(b *testing.B) {
			st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "canto.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			cfg := unshaped
			cfg.Store = st
			cfg.ArchiveDisabled = bc.off
			cfg.ArchiveMaxMessages = 10000
			srv := newServer(b, cfg)
			defer srv.Close()
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
