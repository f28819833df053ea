package sqlite_test

import (
	"context"
	"crypto"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/server/store/sqlite"
)

// benchCreds are realistic credentials (three hashes), derived once: the
// benchmarks measure the store, not PBKDF2.
func benchCreds(b *testing.B) store.Credentials {
	c := store.Credentials{}
	for _, h := range []crypto.Hash{crypto.SHA1, crypto.SHA256, crypto.SHA512} {
		sc, err := sasl.NewScramCredentials(h, "password", nil, 4096)
		if err != nil {
			b.Fatal(err)
		}
		c[h] = sc
	}
	return c
}

// BenchmarkCreateAccount is the cost of adding one account (one durable
// transaction: three credential rows); 10,000 accounts take 10,000 times
// as long.
func BenchmarkCreateAccount(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	creds := benchCreds(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := st.CreateAccount(ctx, fmt.Sprintf("user%d", i), creds); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkCredentialsLookup10k is the store's part of a login: reading
// one account's credentials from a database of 10,000 accounts.
func BenchmarkCredentialsLookup10k(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	creds := benchCreds(b)
	const n = 10000
	for i := range n {
		if err := st.CreateAccount(ctx, fmt.Sprintf("user%d", i), creds); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := st.Credentials(ctx, fmt.Sprintf("user%d", i*7919%n)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
