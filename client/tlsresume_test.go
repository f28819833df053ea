package client

import (
	"testing"
	"time"

	"github.com/canto-im/xmpp/dial"
)

// TestTLSSessionCache: a Client keeps the TLS session tickets its server
// gives it, in a cache of its own (the caller's configuration is copied,
// not changed), so that the handshake of a reconnection resumes the
// session instead of verifying the certificate's signature again.
func TestTLSSessionCache(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0")
	mine := trusting()
	c, _ := newClient(t, "alice", ts.addr(), Config{NoStreamManagement: true, Dial: dial.Dialer{Address: ts.addr(), TLSConfig: mine}})
	waitFor(t, c, Online)
	if mine.ClientSessionCache != nil {
		t.Fatal("the caller's TLS configuration was changed")
	}
	cache := c.cfg.Dial.TLSConfig.ClientSessionCache
	if cache == nil {
		t.Fatal("the Client has no TLS session cache")
	}
	// TLS 1.3 tickets come after the handshake, with the first records
	// the client reads.
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, ok := cache.Get(testDomain); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no TLS session kept for the server after logging in")
		}
		time.Sleep(10 * time.Millisecond)
	}
	ts.ln.dropAll()
	waitFor(t, c, Online)
	if _, ok := cache.Get(testDomain); !ok {
		t.Fatal("no TLS session kept after reconnecting")
	}
}
