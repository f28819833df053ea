package xmpp_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
)

// tokenOnlyStore is a FASTClientStore that remembers no offer (an
// application's store written before FASTOfferStore).
type tokenOnlyStore struct{ xmpp.FASTClientStore }

// TestSASL2FASTPipelineTrips counts the round trips after TLS of a FAST
// reconnection: one when the store remembers the server's offer, two when
// it cannot (or has forgotten it), and one again once it is remembered.
func TestSASL2FASTPipelineTrips(t *testing.T) {
	account := jid.MustParse("juliet@example.net")
	for _, tc := range []struct {
		name  string
		store func(w *fastWorld) xmpp.FASTClientStore
		want  []int // trips of the FAST logins after the password one
	}{
		{"remembered offer", func(w *fastWorld) xmpp.FASTClientStore { return w.client }, []int{1, 1}},
		{"store without offers", func(w *fastWorld) xmpp.FASTClientStore { return tokenOnlyStore{w.client} }, []int{2, 2}},
		{"offer forgotten", func(w *fastWorld) xmpp.FASTClientStore {
			must(t, w.client.DeleteOffer(account, testAgent))
			return w.client
		}, []int{2, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newFastWorld(t)
			must(t, w.connect(t, w.clientFeatures("secret", nil), w.serverFeatures(nil)).err)
			store := tc.store(w)
			for i, want := range tc.want {
				r := w.connect(t, w.clientFeatures("", func(c *xmpp.SASL2Config) { c.FAST = store }), w.serverFeatures(nil))
				must(t, r.err)
				if i := info(t, r.client); !i.FAST || i.Pipelined != (want == 1) || !r.client.State().Has(xmpp.Bound) {
					t.Fatalf("login %+v, want FAST, bound, pipelined %v", i, want == 1)
				}
				if r.trips != want {
					t.Errorf("FAST login %d took %d round trips, want %d", i+1, r.trips, want)
				}
			}
		})
	}
}

// TestSASL2FASTPipelineStale: the server's features no longer match the
// remembered offer. The pipelined login fails with ErrFASTOfferChanged,
// never going on with what the server did not offer; the offer is
// forgotten, and the next login against the usual server reads the
// features first (two round trips) and succeeds with the token.
func TestSASL2FASTPipelineStale(t *testing.T) {
	account := jid.MustParse("juliet@example.net")
	for _, tc := range []struct {
		name   string
		server func(w *fastWorld) []xmpp.StreamFeature
	}{
		{"no SASL2", func(w *fastWorld) []xmpp.StreamFeature {
			return []xmpp.StreamFeature{xmpp.SASLServer(w.accounts.ServerConfig()), xmpp.BindResource()}
		}},
		{"no FAST", func(w *fastWorld) []xmpp.StreamFeature {
			return w.serverFeatures(func(c *xmpp.SASL2ServerConfig) { c.FAST = nil })
		}},
		{"not the token's mechanism", func(w *fastWorld) []xmpp.StreamFeature {
			return w.serverFeatures(func(c *xmpp.SASL2ServerConfig) { c.FASTMechanisms = []string{sasl.HTSHA256None} })
		}},
		{"no Bind 2", func(w *fastWorld) []xmpp.StreamFeature {
			return w.serverFeatures(func(c *xmpp.SASL2ServerConfig) { c.Inline = nil })
		}},
		{"a Bind 2 feature gone", func(w *fastWorld) []xmpp.StreamFeature {
			return w.serverFeatures(func(c *xmpp.SASL2ServerConfig) { c.Inline = []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{})} })
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newFastWorld(t)
			must(t, w.connect(t, w.clientFeatures("secret", nil), w.serverFeatures(nil)).err)
			if _, err := w.client.LoadOffer(account, testAgent); err != nil {
				t.Fatalf("no offer remembered after the first login: %v", err)
			}
			r := w.connect(t, w.clientFeatures("", nil), tc.server(w))
			if !errors.Is(r.err, xmpp.ErrFASTOfferChanged) {
				t.Fatalf("login against the changed server: %v, want ErrFASTOfferChanged", r.err)
			}
			if r.trips != 1 {
				t.Errorf("the failure took %d round trips, want 1", r.trips)
			}
			if _, err := w.client.LoadOffer(account, testAgent); !errors.Is(err, xmpp.ErrNoFASTOffer) {
				t.Errorf("stale offer kept: %v", err)
			}
			if _, err := w.client.LoadToken(account, testAgent); err != nil {
				t.Errorf("the token was deleted: %v", err)
			}
			r = w.connect(t, w.clientFeatures("", nil), w.serverFeatures(nil))
			must(t, r.err)
			if i := info(t, r.client); !i.FAST || r.trips != 2 {
				t.Errorf("next login %+v in %d round trips, want FAST in 2", i, r.trips)
			}
			r = w.connect(t, w.clientFeatures("", nil), w.serverFeatures(nil))
			must(t, r.err)
			if r.trips != 1 {
				t.Errorf("the login after took %d round trips, want 1 (offer remembered again)", r.trips)
			}
		})
	}
}

// TestSASL2FASTPipelineRefused: a pipelined token the server refuses is
// deleted and the password used on the same stream, as without
// pipelining.
func TestSASL2FASTPipelineRefused(t *testing.T) {
	w := newFastWorld(t)
	w.refusedToken(t)
	r := w.connect(t, w.clientFeatures("", nil), w.serverFeatures(nil))
	must(t, r.err)
	if i := info(t, r.client); !i.FAST || r.trips != 1 {
		t.Errorf("login with the new token %+v in %d round trips, want FAST in 1", i, r.trips)
	}
}

// TestSASL2ServerPipelinedBadMechanism: a client that sends its
// <authenticate/> right behind the stream header, for an HT mechanism the
// server does not offer, gets the answer the specifications name: a SASL2
// <failure/> with <invalid-mechanism/> (XEP-0388) from a server without
// FAST, the stream error <unsupported-stanza-type/> from one without
// SASL2 (RFC 6120 §4.3.2: not a feature it offered). Never a hang.
func TestSASL2ServerPipelinedBadMechanism(t *testing.T) {
	for _, tc := range []struct {
		name   string
		server func(w *fastWorld) []xmpp.StreamFeature
		want   string
	}{
		{"SASL2 without FAST", func(w *fastWorld) []xmpp.StreamFeature {
			return w.serverFeatures(func(c *xmpp.SASL2ServerConfig) { c.FAST = nil })
		}, "<invalid-mechanism"},
		{"no SASL2", func(w *fastWorld) []xmpp.StreamFeature {
			return []xmpp.StreamFeature{xmpp.SASLServer(w.accounts.ServerConfig()), xmpp.BindResource()}
		}, "<unsupported-stanza-type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newFastWorld(t)
			got := rawPipelined(t, w, tc.server(w), `<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' version='1.0'>`+
				`<authenticate xmlns='urn:xmpp:sasl:2' mechanism='HT-SHA-256-NONE'><initial-response>anVsaWV0AAAA</initial-response>`+
				`<user-agent id='`+testAgent+`'/><fast xmlns='urn:xmpp:fast:0' count='1'/></authenticate>`, tc.want)
			if !strings.Contains(got, "<stream:features") || strings.Index(got, "<stream:features") > strings.Index(got, tc.want) {
				t.Errorf("the answer came before the features: %s", got)
			}
		})
	}
}

// rawPipelined writes p in one write over direct TLS to a server with the
// features given and returns what the server sent until want appeared.
func rawPipelined(t *testing.T, w *fastWorld, server []xmpp.StreamFeature, p, want string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	defer ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			done <- err
			return
		}
		defer c.Close()
		tc := tls.Server(c, w.env.server)
		if err := tc.HandshakeContext(ctx); err != nil {
			done <- err
			return
		}
		s, err := xmpp.ReceiveClientSession(ctx, jid.MustParse("example.net"), tc, xmpp.Config{ServedCertificate: w.env.leaf}, server...)
		if err == nil {
			_ = s.Close(ctx)
		}
		done <- err
	}()
	c, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{ServerName: "example.net", RootCAs: w.env.roots})
	must(t, err)
	defer c.Close()
	if _, err := c.Write([]byte(p)); err != nil {
		t.Fatal(err)
	}
	must(t, c.SetReadDeadline(time.Now().Add(5*time.Second)))
	var got bytes.Buffer
	buf := make([]byte, 4096)
	for !strings.Contains(got.String(), want) {
		n, err := c.Read(buf)
		got.Write(buf[:n])
		if err != nil {
			t.Fatalf("read %v before %s; got %s", err, want, got.String())
		}
	}
	c.Close()
	<-done
	return got.String()
}

// A FASTClientStore that also implements FASTOfferStore lets SASL2
// reconnect in one round trip after TLS: the memory store does; an
// application's own store adds the three methods next to its token's.
func ExampleFASTOfferStore() {
	var store xmpp.FASTClientStore = xmpp.NewMemoryFASTClientStore()
	_, pipelines := store.(xmpp.FASTOfferStore)
	fmt.Println("one-round-trip reconnection:", pipelines)
	// Output: one-round-trip reconnection: true
}
