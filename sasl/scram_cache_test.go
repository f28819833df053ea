package sasl

import (
	"bytes"
	"context"
	"crypto"
	"testing"
)

// TestSCRAMCacheKeys: an entry is found only for the same hash, password,
// salt and iteration count, and holds what the derivation gives.
func TestSCRAMCacheKeys(t *testing.T) {
	salt := []byte("0123456789abcdef")
	base := struct {
		h     crypto.Hash
		pw    string
		salt  []byte
		iters int
	}{crypto.SHA256, "r0m3o", salt, 4096}
	tests := []struct {
		name  string
		h     crypto.Hash
		pw    string
		salt  []byte
		iters int
		hit   bool
	}{
		{"same", base.h, base.pw, base.salt, base.iters, true},
		{"other hash", crypto.SHA1, base.pw, base.salt, base.iters, false},
		{"other password", base.h, "r0m3o!", base.salt, base.iters, false},
		{"password a prefix", base.h, "r0m3", base.salt, base.iters, false},
		{"salt byte moved into the password", base.h, "0" + base.pw, salt[1:], base.iters, false},
		{"other salt", base.h, base.pw, []byte("fedcba9876543210"), base.iters, false},
		{"other count", base.h, base.pw, base.salt, 4097, false},
	}
	c := NewSCRAMCache(0)
	want := deriveCached(t, c, base.h, base.pw, base.salt, base.iters)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, hit := c.get(c.id(tt.h, tt.pw, tt.salt, tt.iters))
			if hit != tt.hit {
				t.Fatalf("found = %v, want %v", hit, tt.hit)
			}
			got := deriveCached(t, c, tt.h, tt.pw, tt.salt, tt.iters)
			derived, err := deriveKeys(tt.h, tt.pw, tt.salt, tt.iters)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.clientKey, derived.clientKey) || !bytes.Equal(got.storedKey, derived.storedKey) || !bytes.Equal(got.serverKey, derived.serverKey) {
				t.Errorf("keys differ from the derivation")
			}
			if tt.hit && !bytes.Equal(got.clientKey, want.clientKey) {
				t.Errorf("cached keys differ from the first derivation")
			}
		})
	}
	// Two caches digest the same input differently: no digest can be
	// compared across processes or precomputed.
	if d := NewSCRAMCache(0); d.id(base.h, base.pw, salt, base.iters) == c.id(base.h, base.pw, salt, base.iters) {
		t.Errorf("two caches give the same digest")
	}
}

// deriveCached looks the keys up in c, and puts them there if it derived
// them, as a client whose login succeeded does.
func deriveCached(t *testing.T, c *SCRAMCache, h crypto.Hash, pw string, salt []byte, iters int) scramKeys {
	t.Helper()
	keys, id, found, err := c.lookup(context.Background(), h, pw, salt, iters)
	if err != nil {
		t.Fatal(err)
	}
	if !found {
		c.put(id, keys)
	}
	return keys
}

// TestSCRAMCacheBound: the cache keeps at most its size, dropping the
// entry used least recently; Clear empties it.
func TestSCRAMCacheBound(t *testing.T) {
	c := NewSCRAMCache(2)
	derive := func(pw string) { deriveCached(t, c, crypto.SHA1, pw, []byte("salt"), 1) }
	has := func(pw string) bool {
		_, ok := c.get(c.id(crypto.SHA1, pw, []byte("salt"), 1))
		return ok
	}
	derive("a")
	derive("b")
	if !has("a") { // a is now used more recently than b
		t.Fatal("a not kept")
	}
	derive("c")
	if c.Len() != 2 || !has("a") || has("b") || !has("c") {
		t.Errorf("after a, b, use of a, c: len %d, a %v, b %v, c %v; want 2, a and c", c.Len(), has("a"), has("b"), has("c"))
	}
	c.Clear()
	if c.Len() != 0 || has("a") {
		t.Errorf("Clear left %d entries", c.Len())
	}
	if got := NewSCRAMCache(-1).size; got != DefaultSCRAMCacheSize {
		t.Errorf("NewSCRAMCache(-1) holds %d, want %d", got, DefaultSCRAMCacheSize)
	}
}

// TestSCRAMCacheLogin: a client with a cache logs in again without
// deriving (it succeeds even with a context that would stop the
// derivation), a wrong password still fails and is not kept, and a client
// without a cache derives every time.
func TestSCRAMCacheLogin(t *testing.T) {
	st := newStore(t, "juliet", "r0m3o")
	scfg := ServerConfig{ScramCredentials: st.lookup}
	neg := Negotiation{Mechanisms: []string{ScramSHA256}}
	cache := NewSCRAMCache(4)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		pw      string
		cache   *SCRAMCache
		ctx     context.Context
		wantErr bool
	}{
		{"first login derives", "r0m3o", cache, context.Background(), false},
		{"second login from the cache", "r0m3o", cache, cancelled, false},
		{"wrong password is not found", "romeo", cache, cancelled, true},
		{"wrong password derived", "romeo", cache, context.Background(), true},
		{"wrong password was not kept", "romeo", cache, cancelled, true},
		{"no cache derives", "r0m3o", nil, cancelled, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustClient(t, ScramSHA256, ClientConfig{Username: "juliet", Password: tt.pw, Cache: tt.cache}, neg)
			s := mustServer(t, ScramSHA256, scfg, neg)
			err := exchangeContext(tt.ctx, c, s)
			if (err != nil) != tt.wantErr {
				t.Fatalf("exchange: %v, want error %v", err, tt.wantErr)
			}
			if cache.Len() != 1 {
				t.Errorf("cache holds %d entries, want the one login that succeeded", cache.Len())
			}
		})
	}
}

// exchangeContext is exchange with the client's steps under ctx.
func exchangeContext(ctx context.Context, c Client, s Server) error {
	msg, err := c.Start()
	for err == nil {
		var chal []byte
		var done bool
		if chal, done, err = s.Step(msg); err != nil || done {
			if err == nil {
				err = Finish(c, chal)
			}
			return err
		}
		msg, err = StepContext(ctx, c, chal)
	}
	return err
}

func BenchmarkSCRAMLogin(b *testing.B) {
	st := newStore(b, "juliet", "r0m3o")
	scfg := ServerConfig{ScramCredentials: st.lookup}
	neg := Negotiation{Mechanisms: []string{ScramSHA256}}
	for _, cached := range []bool{false, true} {
		name := "derived"
		var cache *SCRAMCache
		if cached {
			name, cache = "cached", NewSCRAMCache(0)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c := mustClient(b, ScramSHA256, ClientConfig{Username: "juliet", Password: "r0m3o", Cache: cache}, neg)
				if err := exchangeContext(context.Background(), c, mustServer(b, ScramSHA256, scfg, neg)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
