package server_test

import (
	"context"
	"crypto"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/server/store/sqlite"
)

// BenchmarkLogin10k is a whole client login (TCP, STARTTLS, SCRAM,
// resource binding, closing) against a server whose 10,000 accounts are in
// an SQLite store, and in memory for comparison; each iteration logs in to
// another account. The accounts share credentials derived once, so that
// setting up measures the store rather than PBKDF2.
func BenchmarkLogin10k(b *testing.B) {
	b.Run("memory", func(b *testing.B) { benchLogin(b, store.NewMemory()) })
	b.Run("sqlite", func(b *testing.B) {
		st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		benchLogin(b, st)
	})
}

func benchLogin(b *testing.B, st store.Store) {
	ctx := context.Background()
	var err error
	creds := store.Credentials{}
	for _, h := range []crypto.Hash{crypto.SHA1, crypto.SHA256, crypto.SHA512} {
		if creds[h], err = sasl.NewScramCredentials(h, "password", nil, 4096); err != nil {
			b.Fatal(err)
		}
	}
	const n = 10000
	for i := range n {
		if err := st.CreateAccount(ctx, fmt.Sprintf("user%d", i), creds); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	srv, err := server.New(server.Config{Domain: "example.test", Store: st})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("New with %d accounts took %v", n, time.Since(start))
	defer srv.Close()
	if err := srv.Listen(ctx, "127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c, err := tryLogin(srv, fmt.Sprintf("user%d", i*7919%n), "password", "bench")
		if err != nil {
			b.Fatal(err)
		}
		c.close()
		i++
	}
}
