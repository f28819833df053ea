package xmpp_test

import (
	"context"
	"crypto/tls"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
)

// BenchmarkReconnect measures a whole reconnection over loopback TCP with
// TLS 1.3 (TCP connect, TLS handshake, negotiation to a bound session):
// RFC 6120 (SCRAM-SHA-512-PLUS, restart, bind) against SASL2 with Bind 2
// and a FAST token, and the resumption of an XEP-0198 stream by each
// (sasl2_resume_bench_test.go). It reports the client's round trips after TLS:
// a FAST login pipelines its authentication with the stream header (one
// round trip), measured also without (a store that keeps no offer). The
// TLS handshake is full, or resumed as a reconnecting client's would be.
func BenchmarkReconnect(b *testing.B) {
	for _, resume := range []bool{false, true} {
		name := "full-TLS"
		if resume {
			name = "resumed-TLS"
		}
		b.Run(name, func(b *testing.B) { benchmarkReconnect(b, resume) })
	}
}

func benchmarkReconnect(b *testing.B, resume bool) {
	w := newFastWorld(b)
	if resume {
		w.env.cache = tls.NewLRUClientSessionCache(8)
	}
	origin := jid.MustParse("juliet@example.net")
	rfc6120 := []xmpp.StreamFeature{xmpp.SASL("", "secret"), xmpp.BindResource()}
	rfcServer := []xmpp.StreamFeature{xmpp.SASLServer(w.accounts.ServerConfig()), xmpp.BindResource()}
	for _, bc := range []struct {
		name           string
		client, server []xmpp.StreamFeature
	}{
		{"RFC6120-SCRAM", rfc6120, rfcServer},
		{"SASL2-SCRAM-Bind2", w.clientFeatures("secret", func(c *xmpp.SASL2Config) { c.FAST = nil }), w.serverFeatures(nil)},
		{"SASL2-FAST-Bind2", w.clientFeatures("", nil), w.serverFeatures(nil)},
		// The same with a token store that keeps no offer: the client
		// waits for the features before it authenticates.
		{"SASL2-FAST-Bind2-unpipelined", w.clientFeatures("", func(c *xmpp.SASL2Config) { c.FAST = tokenOnlyStore{w.client} }), w.serverFeatures(nil)},
	} {
		fast := strings.HasPrefix(bc.name, "SASL2-FAST")
		b.Run(bc.name, func(b *testing.B) {
			if fast {
				// The first login, with the password, gets the token.
				r := connectTLS(b, w.env, origin, w.clientFeatures("secret", nil), w.serverFeatures(nil), xmpp.Config{}, xmpp.Config{})
				if r.err != nil {
					b.Fatal(r.err)
				}
				closeBoth(r)
			}
			var trips int
			for b.Loop() {
				r := connectTLS(b, w.env, origin, bc.client, bc.server, xmpp.Config{}, xmpp.Config{})
				if r.err != nil {
					b.Fatal(r.err)
				}
				if fast {
					if i, _ := xmpp.SASL2Of(r.client); !i.FAST || i.Pipelined != (bc.name == "SASL2-FAST-Bind2") {
						b.Fatalf("login %+v, not the FAST login measured", i)
					}
				}
				trips = r.trips
				b.StopTimer() // closing is not part of reconnecting
				closeBoth(r)
				b.StartTimer()
			}
			b.ReportMetric(float64(trips), "round-trips")
		})
	}
	benchmarkReconnectResume(b, w)
}

// closeBoth ends a connection's two sessions now (a benchmark does not
// keep them until its cleanup).
func closeBoth(r loginResult) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = r.client.Close(ctx)
	_ = r.server.Close(ctx)
}
