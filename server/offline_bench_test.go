package server_test

import (
	"context"
	"crypto"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/server/store/sqlite"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkOfflineMessage is a chat message from a client to an account
// with no available resource, kept offline: routing and the store's
// durable write (in memory, and in SQLite with one fsync'd transaction
// per message). The messages go round 1,000 accounts, within their quota.
func BenchmarkOfflineMessage(b *testing.B) {
	b.Run("memory", func(b *testing.B) { benchOffline(b, store.NewMemory()) })
	b.Run("sqlite", func(b *testing.B) {
		st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		benchOffline(b, st)
	})
}

func benchOffline(b *testing.B, st store.Store) {
	ctx := context.Background()
	sc, err := sasl.NewScramCredentials(crypto.SHA256, "password", nil, 4096)
	if err != nil {
		b.Fatal(err)
	}
	const n = 1000
	for i := range n {
		if err := st.CreateAccount(ctx, fmt.Sprintf("user%d", i), store.Credentials{crypto.SHA256: sc}); err != nil {
			b.Fatal(err)
		}
	}
	cfg := unshaped
	cfg.Store, cfg.MaxOfflineMessages, cfg.MaxOfflineBytes = st, 1<<20, 1<<30
	srv := newServer(b, cfg)
	alice := login(b, srv, "alice", "phone")
	msgs := make([]*xmlstream.Element, n)
	for i := range msgs {
		to := jid.MustParse(fmt.Sprintf("user%d@example.test", i))
		msgs[i] = xmpptest.ElementIn(b, "jabber:client", "<message to='"+to.String()+"' type='chat'><body>Wherefore art thou?</body></message>")
	}
	b.ReportAllocs()
	b.ResetTimer()
	sent := 0
	for range b.N {
		if err := alice.sess.Send(ctx, msgs[sent%n]); err != nil {
			b.Fatal(err)
		}
		sent++
	}
	// The timer runs until all are kept.
	deadline := time.Now().Add(time.Minute)
	for srv.DeliveryStats().StoredOffline < uint64(sent) {
		if time.Now().After(deadline) {
			b.Fatalf("stored %d of %d", srv.DeliveryStats().StoredOffline, sent)
		}
		time.Sleep(time.Millisecond)
	}
	b.StopTimer()
}
