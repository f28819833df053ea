package xmpp_test

import (
	"crypto/tls"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
)

// BenchmarkReconnectRTT is BenchmarkReconnect's reconnection with a
// simulated network round-trip time of 20 ms (each read of the client
// that answers its write is held back that long, the TCP handshake
// too), where round trips rather than processing decide: RFC 6120
// against a FAST login pipelined with the stream header and the same
// login without pipelining. The TLS handshake is resumed, as a
// reconnecting client's would be.
func BenchmarkReconnectRTT(b *testing.B) {
	w := newFastWorld(b)
	w.env.cache = tls.NewLRUClientSessionCache(8)
	origin := jid.MustParse("juliet@example.net")
	must := func(r loginResult) loginResult {
		if r.err != nil {
			b.Fatal(r.err)
		}
		return r
	}
	// The first login, with the password, gets the token and resumes TLS
	// later; no delay.
	closeBoth(must(connectTLS(b, w.env, origin, w.clientFeatures("secret", nil), w.serverFeatures(nil), xmpp.Config{}, xmpp.Config{})))
	w.env.rtt = 20 * time.Millisecond
	for _, bc := range []struct {
		name           string
		client, server []xmpp.StreamFeature
	}{
		{"RFC6120-SCRAM", []xmpp.StreamFeature{xmpp.SASL("", "secret"), xmpp.BindResource()}, []xmpp.StreamFeature{xmpp.SASLServer(w.accounts.ServerConfig()), xmpp.BindResource()}},
		{"SASL2-FAST-Bind2", w.clientFeatures("", nil), w.serverFeatures(nil)},
		{"SASL2-FAST-Bind2-unpipelined", w.clientFeatures("", func(c *xmpp.SASL2Config) { c.FAST = tokenOnlyStore{w.client} }), w.serverFeatures(nil)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var trips int
			for b.Loop() {
				r := must(connectTLS(b, w.env, origin, bc.client, bc.server, xmpp.Config{}, xmpp.Config{}))
				trips = r.trips
				b.StopTimer()
				closeBoth(r)
				b.StartTimer()
			}
			b.ReportMetric(float64(trips), "round-trips")
		})
	}
}
