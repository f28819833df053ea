package sasl

import (
	"crypto"
	"testing"
)

// BenchmarkScramSHA256Exchange runs a whole SCRAM-SHA-256 exchange, client
// and server, with a low iteration count (the protocol's own cost) and with
// the usual 4096 (dominated by PBKDF2 on the client).
func BenchmarkScramSHA256Exchange(b *testing.B) {
	for _, iter := range []struct {
		name string
		n    int
	}{{"i=16", 16}, {"i=4096", 4096}} {
		b.Run(iter.name, func(b *testing.B) {
			creds, err := NewScramCredentials(crypto.SHA256, "r0m3o", nil, iter.n)
			if err != nil {
				b.Fatal(err)
			}
			scfg := ServerConfig{ScramCredentials: func(string, crypto.Hash) (ScramCredentials, error) { return creds, nil }}
			ccfg := ClientConfig{Username: "juliet", Password: "r0m3o", MinIterations: 1, InsecureLowIterations: true}
			neg := Negotiation{Mechanisms: []string{ScramSHA256, Plain}}
			b.ReportAllocs()
			for b.Loop() {
				c, err := NewClient(ccfg, neg)
				if err != nil {
					b.Fatal(err)
				}
				s, err := NewServer(c.Name(), scfg, neg)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := exchange(c, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPlainExchange runs a whole PLAIN exchange, client and server, as
// in a session setup (internal/bench measures the whole setup).
func BenchmarkPlainExchange(b *testing.B) {
	scfg := ServerConfig{Plain: func(u, p string) error {
		if u != "juliet" || p != "r0m3o" {
			return ErrNotAuthorized
		}
		return nil
	}}
	ccfg := ClientConfig{Username: "juliet", Password: "r0m3o", Mechanisms: []string{Plain}}
	neg := Negotiation{TLS: tls13, Mechanisms: []string{Plain}}
	b.ReportAllocs()
	for b.Loop() {
		c, err := NewClient(ccfg, neg)
		if err != nil {
			b.Fatal(err)
		}
		s, err := NewServer(Plain, scfg, neg)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := exchange(c, s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrepareUsername compares the ASCII fast path with PRECIS.
func BenchmarkPrepareUsername(b *testing.B) {
	for _, s := range []string{"Juliet", "Jülïet"} {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := prepareUsername(s, true); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
