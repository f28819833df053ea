package client

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/mam"
)

// TestReconnectKeepsSCRAMKeys: a Client keeps the keys SCRAM derived on
// its first login (the cache holds them only once the server's signature
// proved them right), so that logging in again after a dropped
// connection finds them instead of running PBKDF2 again; with RFC 6120
// SASL and with SASL2 alike. The cache is the Client's own.
func TestReconnectKeepsSCRAMKeys(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  Config
	}{
		{"sasl", Config{NoStreamManagement: true}},
		{"sasl2", Config{NoStreamManagement: true, SASL2: &SASL2{Tag: "test", Info: []xmpp.BindInfo{mam.Bind2()}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ts := startServer(t, "127.0.0.1:0")
			c, _ := newClient(t, "alice", ts.addr(), tt.cfg)
			other, _ := newClient(t, "bob", ts.addr(), tt.cfg)
			waitFor(t, c, Online)
			waitFor(t, other, Online)
			checkSCRAM(t, c, tt.cfg.SASL2 != nil)
			if c.scram == other.scram {
				t.Fatal("two Clients share a SCRAM cache")
			}
			if n := c.scram.Len(); n != 1 {
				t.Fatalf("after the first login the cache holds %d keys, want 1", n)
			}
			for i := range 2 {
				ts.ln.dropAll()
				waitFor(t, c, Online)
				checkSCRAM(t, c, tt.cfg.SASL2 != nil)
				if n := c.scram.Len(); n != 1 {
					t.Fatalf("after login %d the cache holds %d keys, want the first one's only", i+2, n)
				}
			}
		})
	}
}

// checkSCRAM fails unless c's session logged in with SCRAM (over SASL2
// if sasl2, reading the archive's metadata from Bind 2's <bound/>).
func checkSCRAM(t *testing.T, c *Client, sasl2 bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := c.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	info, ok := xmpp.SASL2Of(s)
	if ok != sasl2 || (sasl2 && !strings.HasPrefix(info.Mechanism, "SCRAM-")) {
		t.Fatalf("login over SASL2 %v (%+v), want %v with SCRAM", ok, info, sasl2)
	}
	if _, ok := mam.BoundMetadata(s); ok != sasl2 {
		t.Errorf("archive metadata in <bound/>: %v, want %v", ok, sasl2)
	}
}
