package server_test

import (
	"context"
	"crypto"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/server/store/sqlite"
)

// BenchmarkOfflineDelivery is the delivery of stored messages at login,
// per message: read from the store by the queue's writer, written, and
// removed from the store once written (without stream management) or
// acknowledged (with it; the client answers the server's requests, every
// 16 stanzas), several removals per transaction. In "queue64" the
// resource's delivery queue holds 64 stanzas, so the flush goes in over
// rounds of 64.
func BenchmarkOfflineDelivery(b *testing.B) {
	sqliteStore := func(b *testing.B) store.Store {
		st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = st.Close() })
		return st
	}
	memoryStore := func(*testing.B) store.Store { return store.NewMemory() }
	for _, c := range []struct {
		name string
		st   func(*testing.B) store.Store
		sm   bool
		// queue is the delivery queue's size in stanzas; 0 holds them all.
		queue int
	}{
		{"memory", memoryStore, false, 0},
		{"memory+sm", memoryStore, true, 0},
		{"sqlite+sm", sqliteStore, true, 0},
		{"memory/queue64", memoryStore, false, 64},
	} {
		b.Run(c.name, func(b *testing.B) { benchOfflineDelivery(b, c.st(b), c.sm, c.queue) })
	}
}

func benchOfflineDelivery(b *testing.B, st store.Store, withSM bool, queue int) {
	ctx := context.Background()
	sc, err := sasl.NewScramCredentials(crypto.SHA256, testUsers["bob"], nil, 4096)
	if err != nil {
		b.Fatal(err)
	}
	if err := st.CreateAccount(ctx, "bob", store.Credentials{crypto.SHA256: sc}); err != nil {
		b.Fatal(err)
	}
	q := store.Quota{Messages: b.N, Bytes: 1 << 30}
	for i := range b.N {
		m := fmt.Sprintf("<message xmlns='jabber:client' from='alice@example.test/desk' to='bob@example.test' type='chat'><body>%d</body></message>", i)
		if _, err := st.PushOffline(ctx, "bob", store.OfflineMessage{Stamp: time.Now(), Stanza: []byte(m)}, q); err != nil {
			b.Fatal(err)
		}
	}
	cfg := unshaped
	cfg.Store, cfg.MaxOfflineMessages = st, b.N
	cfg.DeliveryQueueStanzas, cfg.DeliveryQueueBytes = b.N+16, 1<<30
	if queue > 0 {
		cfg.DeliveryQueueStanzas = queue
	}
	srv := newServer(b, cfg)
	var bob *smClient
	if withSM {
		bob = newSMClient(b, srv, "bob", "phone")
	} else {
		bob = &smClient{t: b, srv: srv, jid: jid.MustParse("bob@example.test/phone"), got: make(chan struct{}, 1)}
		bob.connect(xmpp.BindResource())
	}
	got := func() int {
		bob.mu.Lock()
		defer bob.mu.Unlock()
		return len(bob.bodies)
	}
	b.ReportAllocs()
	b.ResetTimer()
	sendPresence(b, bob)
	deadline := time.Now().Add(time.Minute)
	for got() < b.N || len(kept(b, st)) > 0 {
		if time.Now().After(deadline) {
			b.Fatalf("delivered %d of %d, %d still kept", got(), b.N, len(kept(b, st)))
		}
		time.Sleep(time.Millisecond)
	}
	b.StopTimer()
}
